"""The routing suggestion (domain/routing.py): naive Bayes over a pinned set of dispatched cases."""

from __future__ import annotations

from collections import Counter

import pytest

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import routing
from enterprise_support.domain.chinese_text import words

POWER, WATER, LABOUR = "供电保障科", "水务所", "人力资源和社会保障局"
UTILITIES, STAFFING = "水电气保障", "人才与用工"

# (department, category, words) of the cases staff dispatched.
TRAINING = [
	(POWER, UTILITIES, ["用电", "扩容", "变压器"]),
	(POWER, UTILITIES, ["停电", "线路", "变压器"]),
	(POWER, UTILITIES, ["用电", "负荷", "报装"]),
	(WATER, UTILITIES, ["供水", "管网", "水压"]),
	(WATER, UTILITIES, ["污水", "管网", "堵塞"]),
	(LABOUR, STAFFING, ["招聘", "用工", "社保"]),
	(LABOUR, STAFFING, ["人才", "公寓", "社保"]),
	(LABOUR, STAFFING, ["招工", "培训"]),
]


def model_of(cases, category_count=3):
	counts = Counter()
	for department, category, case_words in cases:
		counts.update(routing.learned_counts(wf.CLOSED, department, category, case_words))
	vocabulary = len({term for (_, kind, term) in counts if kind == routing.WORD})
	rows = [(d, kind, term, n) for (d, kind, term), n in counts.items()]
	return routing.model_from_counts(rows, vocabulary, category_count)


MODEL = model_of(TRAINING)


def test_clear_words_decide_over_the_category():
	# Filed under staffing, but all about power supply: the words win.
	request = ["变压器", "扩容", "用电", "停电", "负荷", "线路"]
	got = routing.suggest(MODEL, STAFFING, request)
	assert got.department == POWER
	assert got.confidence > 0.5
	assert got.runner_up == LABOUR
	assert len(got.keywords) == 3 and set(got.keywords) <= set(request)
	# With a single such word, the category still decides.
	assert routing.suggest(MODEL, STAFFING, ["扩容"]).department == LABOUR
	assert "关键词：" in got.reason and "变压器" in got.reason
	assert f"同类别「{STAFFING}」的 3 件已派办诉求无一由 {POWER} 办理，按用词建议" in got.reason


def test_the_category_decides_when_the_words_are_new():
	got = routing.suggest(MODEL, STAFFING, ["无人机", "航拍"])
	assert got.department == LABOUR
	assert got.keywords == ()
	assert got.reason.startswith(f"同类别「{STAFFING}」的 3 件已派办诉求中 3 件由 {LABOUR} 办理")
	assert "诉求用词未在已派办的诉求中出现，按类别建议" in got.reason


def test_words_tell_departments_of_one_category_apart():
	got = routing.suggest(MODEL, UTILITIES, ["管网", "水压", "不足"])
	assert got.department == WATER
	assert got.runner_up == POWER
	assert got.keywords[:2] in (("管网", "水压"), ("水压", "管网"))
	assert f"同类别「{UTILITIES}」的 5 件已派办诉求中 2 件由 {WATER} 办理" in got.reason


def test_the_word_weighing_most_is_named_first():
	# 变压器 was used twice by the power office's cases, 扩容 once: 变压器 weighs more.
	got = routing.suggest(MODEL, None, ["扩容", "变压器"])
	assert got.department == POWER
	assert got.keywords == ("变压器", "扩容")
	assert got.reason.startswith("关键词：变压器、扩容")


def test_a_tie_suggests_nothing_and_says_so():
	model = model_of([("甲科", "其他", ["道路"]), ("乙科", "其他", ["道路"])])
	got = routing.suggest(model, "其他", ["道路"])
	assert got.department is None
	assert got.confidence == pytest.approx(0.5)
	assert "可能性相同" in got.reason and "暂不建议承办部门" in got.reason


def test_low_confidence_suggests_nothing():
	got = routing.suggest(MODEL, UTILITIES, ["无人机"], min_confidence=0.9)
	assert got.department is None
	assert got.runner_up is not None
	assert "把握不足" in got.reason


def test_no_learned_cases_no_suggestion():
	empty = routing.model_from_counts([], 0, 3)
	got = routing.suggest(empty, UTILITIES, ["变压器"])
	assert got.department is None
	assert got.confidence == 0
	assert got.reason == "尚无已派办的诉求可供学习，暂不建议承办部门。"


def test_nothing_known_about_the_request_no_suggestion():
	got = routing.suggest(MODEL, "投诉举报", ["无人机"])
	assert got.department is None
	assert "都未出现过" in got.reason


def test_confidences_are_probabilities():
	got = routing.suggest(MODEL, UTILITIES, ["用电", "管网"])
	assert 0 < got.runner_up_confidence <= got.confidence <= 1
	assert got.confidence + got.runner_up_confidence <= 1 + 1e-9


def test_a_case_counts_only_once_dispatched_and_not_when_sent_back_rejected_or_merged():
	counted = routing.learned_counts(wf.DISPATCHED, POWER, UTILITIES, ["用电", "用电", "扩容"])
	assert counted == Counter(
		{
			(POWER, routing.DOCUMENTS, ""): 1,
			(POWER, routing.CATEGORY, UTILITIES): 1,
			(POWER, routing.WORD, "用电"): 2,
			(POWER, routing.WORD, "扩容"): 1,
			(POWER, routing.WORD_TOTAL, ""): 3,
		}
	)
	for state in (wf.SUBMITTED, wf.ACCEPTED, wf.RETURNED, wf.REJECTED, wf.MERGED, wf.DRAFT):
		assert routing.learned_counts(state, POWER, UTILITIES, ["用电"]) == Counter()
	assert routing.learned_counts(wf.DISPATCHED, None, UTILITIES, ["用电"]) == Counter()


def test_redispatch_moves_the_counts_to_the_new_department():
	before = routing.learned_counts(wf.DISPATCHED, POWER, UTILITIES, ["管网"])
	after = routing.learned_counts(wf.DISPATCHED, WATER, UTILITIES, ["管网"])
	changes = routing.count_changes(before, after)
	assert changes[(POWER, routing.WORD, "管网")] == -1
	assert changes[(WATER, routing.WORD, "管网")] == 1
	assert changes[(POWER, routing.DOCUMENTS, "")] == -1
	assert changes[(WATER, routing.CATEGORY, UTILITIES)] == 1
	# The same department and words: nothing moves.
	assert routing.count_changes(before, dict(before)) == {}


def test_learning_from_real_request_text():
	cases = [
		(POWER, UTILITIES, words("现有变压器容量不足，请求协调供电公司尽快扩容。")),
		(POWER, UTILITIES, words("厂区频繁停电，影响正常生产，请协调供电线路检修。")),
		(WATER, UTILITIES, words("园区供水管网水压不足，生产用水无法保障。")),
		(LABOUR, STAFFING, words("企业扩产急需招聘技术工人，请求协助组织招聘会。")),
	]
	model = model_of(cases)
	got = routing.suggest(model, UTILITIES, words("新增生产线后用电负荷上升，变压器需要扩容。"))
	assert got.department == POWER
	assert "变压器" in got.keywords and "扩容" in got.keywords
