"""Duplicate and same-topic suggestions at intake: scores of pinned pairs (domain/duplicates.py)."""

from __future__ import annotations

import pytest

from enterprise_support.domain.duplicates import (
	DEFAULT_CLUSTER_THRESHOLD,
	DEFAULT_DUPLICATE_THRESHOLD,
	SAME_ENTERPRISE,
	SAME_STREET_TOPIC,
	Request,
	find_cluster,
	find_duplicates,
	similarity,
)

FIRM, OTHER_FIRM = "91510000MA0001", "91510000MA0002"


def req(name, subject, description="", category="企业用电", enterprise=FIRM, street="视高街道"):
	return Request(name, enterprise, street, category, subject, description)


POWER = req(
	"SC-OLD-POWER",
	"变压器容量不足申请扩容",
	"现有变压器容量不足，新上生产线无法投产，请求协调供电公司扩容",
)

# The same request put again in other words, other order, partly other words of one meaning.
REWORDED = [
	(
		POWER,
		req(
			"N1",
			"厂区变压器需要增容",
			"新建生产线后用电负荷增加，原有变压器容量不够，希望协调电力公司尽快增容",
		),
	),
	(
		req("O2", "申请人才公寓", "公司引进的博士需要人才公寓，请协调房源", "人才服务"),
		req("N2", "人才住房申请", "我司新引进三名博士，希望安排人才公寓住房", "人才服务"),
	),
	(
		req("O3", "专利资助未到账", "去年申请的发明专利资助至今未到账", "政策兑现"),
		req("N3", "专利补贴迟迟未发放", "发明专利资助资金申请后一年仍未拨付，请帮忙催办", "政策兑现"),
	),
	(
		req("O4", "厂区门口道路积水", "每逢下雨厂区门口道路严重积水，车辆无法通行", "基础设施"),
		req("N4", "门口道路积水严重", "下雨后企业门口路段积水，货车进出困难", "基础设施"),
	),
	(
		req("O5", "员工招聘困难", "一线技术工人招不到，希望组织专场招聘会", "用工"),
		req("N5", "招工难", "技术工人缺口大，请帮忙对接招聘会", "用工"),
	),
]

# Different requests of one firm: electricity capacity, talent housing, patent subsidy, ...
DIFFERENT = [
	(POWER, req("D1", "申请人才公寓", "公司引进的博士需要人才公寓，请协调房源")),
	(POWER, req("D2", "专利资助未到账", "去年申请的发明专利资助至今未到账")),
	(
		req("D3", "申请人才公寓", "公司引进的博士需要人才公寓，请协调房源"),
		req("D4", "专利资助未到账", "去年申请的发明专利资助至今未到账"),
	),
	(
		req("D5", "厂区门口道路积水", "每逢下雨厂区门口道路严重积水，车辆无法通行"),
		req("D6", "厂区周边路灯不亮", "厂区周边道路路灯损坏，夜间员工下班不安全"),
	),
	(
		req("D7", "员工招聘困难", "一线技术工人招不到，希望组织专场招聘会"),
		req("D8", "申请高新技术企业认定辅导", "准备申报高新技术企业，需要政策辅导"),
	),
	(req("D9", "厂区停电", "厂区频繁停电影响生产"), req("D10", "厂区门口道路积水", "下雨积水")),
]


@pytest.mark.parametrize(("old", "new"), REWORDED, ids=[new.subject for _, new in REWORDED])
def test_the_same_request_reworded_is_suggested(old, new):
	found = find_duplicates(new, [old])
	assert [s.other for s in found] == [old.name]
	assert found[0].kind == SAME_ENTERPRISE
	assert found[0].score >= DEFAULT_DUPLICATE_THRESHOLD
	assert found[0].reason.startswith("同一企业；主题相近（")


@pytest.mark.parametrize(("old", "new"), DIFFERENT, ids=[new.subject for _, new in DIFFERENT])
def test_different_requests_of_one_firm_are_not(old, new):
	assert similarity(new, old).score < DEFAULT_DUPLICATE_THRESHOLD
	assert find_duplicates(new, [old]) == []


def test_the_score_is_symmetric_enough_and_bounded():
	for old, new in REWORDED + DIFFERENT:
		a, b = similarity(new, old).score, similarity(old, new).score
		assert 0 <= a <= 100 and 0 <= b <= 100
		assert abs(a - b) <= 5


def test_the_reason_names_fields_and_shared_words():
	found = find_duplicates(REWORDED[0][1], [POWER])[0]
	assert "内容相近（" in found.reason
	assert "同一类别" in found.reason
	# 增容 is read as 扩容: the shared words name both what the request is about.
	assert "共同关键词：" in found.reason
	shared = found.reason.split("共同关键词：")[1].split("、")
	assert {"变压器", "扩容"} <= set(shared)


def test_a_same_category_adds_to_the_score():
	old, new = REWORDED[1]
	elsewhere = Request(new.name, new.enterprise, new.street, "其他", new.subject, new.description)
	assert similarity(new, old).score > similarity(elsewhere, old).score
	assert "同一类别" not in find_duplicates(elsewhere, [old], threshold=0)[0].reason


def test_short_subjects():
	# The same short subject, or a short one read whole in the other, is a duplicate ...
	assert find_duplicates(req("N", "停电"), [req("O", "停电")])
	assert find_duplicates(req("N", "厂区频繁停电"), [req("O", "停电")])
	assert find_duplicates(req("N", "天然气压力不够"), [req("O", "天然气供应不足")])
	# ... but sharing one generic word is not (专利补贴 and 人才补贴 are two things).
	assert not find_duplicates(req("N", "申请专利补贴"), [req("O", "申请人才补贴")])
	assert not find_duplicates(req("N", "天然气供应不足"), [req("O", "污水管网接入")])
	assert not find_duplicates(req("N", "用电扩容"), [req("O", "人才公寓")])


def test_an_empty_description_rests_on_the_subject_and_says_so():
	new = req("N", "变压器容量不足，申请扩容", "")
	found = find_duplicates(new, [POWER])
	assert found and "内容相近" not in found[0].reason
	# Nothing to compare: no score, no suggestion.
	assert similarity(req("N", "", ""), POWER).score == 0
	assert similarity(req("N", "，。！", "谢谢"), req("O", "您好", "")).score == 0
	assert find_duplicates(req("N", "", ""), [req("O", "", "")]) == []


def test_only_the_same_enterprise_is_a_duplicate_best_first_and_capped():
	old, new = REWORDED[0]
	other_firm = req("X", old.subject, old.description, enterprise=OTHER_FIRM)
	assert find_duplicates(new, [other_firm]) == []
	assert find_duplicates(new, [new]) == []  # not itself
	many = [req(f"O{i:02d}", old.subject, old.description) for i in range(8)]
	many.append(req("EXACT", new.subject, new.description))
	found = find_duplicates(new, many, limit=5)
	assert len(found) == 5
	assert found[0].other == "EXACT" and found[0].score == 100
	assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_a_threshold_decides():
	old, new = REWORDED[0]
	score = similarity(new, old).score
	assert find_duplicates(new, [old], threshold=score)
	assert not find_duplicates(new, [old], threshold=score + 1)


def _street(name, enterprise, subject, description, street="青龙街道"):
	return req(name, subject, description, "基础设施", enterprise, street)


FLOOD = "门前道路积水"
FLOOD_TEXT = "下雨后门前道路积水严重，车辆进出困难"


def test_several_firms_of_one_street_on_one_topic_are_a_cluster():
	new = _street("N", "E1", "园区道路积水", "一下雨园区道路就积水，货车无法进出")
	others = [
		_street("A", "E2", FLOOD, FLOOD_TEXT),
		_street("B", "E3", "道路积水严重", "厂区外道路下雨积水，员工上下班困难"),
		_street("B2", "E3", "道路积水", "门前道路积水"),  # the same firm again counts once
		_street("C", "E4", "申请人才公寓", "引进人才需要公寓"),  # another topic
		_street("D", "E5", FLOOD, FLOOD_TEXT, street="视高街道"),  # another street
		_street("E", "E1", FLOOD, FLOOD_TEXT),  # the new one's own firm: a duplicate, not a cluster
	]
	found = find_cluster(new, others, min_enterprises=3, days=30)
	assert {s.other for s in found} == {"A", "B"} or {s.other for s in found} == {"A", "B2"}
	assert len(found) == 2
	assert all(s.kind == SAME_STREET_TOPIC and s.score >= DEFAULT_CLUSTER_THRESHOLD for s in found)
	assert found[0].reason.startswith("同一街道/园区（青龙街道） 3 家企业近 30 天反映同类问题；主题相近（")


def test_too_few_firms_or_no_street_is_no_cluster():
	new = _street("N", "E1", "园区道路积水", "一下雨园区道路就积水，货车无法进出")
	one_other = [_street("A", "E2", FLOOD, FLOOD_TEXT)]
	assert find_cluster(new, one_other, min_enterprises=3) == []
	assert [s.other for s in find_cluster(new, one_other, min_enterprises=2)] == ["A"]
	nowhere = req("N", new.subject, new.description, enterprise="E1", street=None)
	assert find_cluster(nowhere, one_other, min_enterprises=2) == []
	unrelated = [
		_street("C", "E4", "申请人才公寓", "引进人才需要公寓"),
		_street("F", "E6", "专利资助未到账", "去年申请的发明专利资助至今未到账"),
	]
	assert find_cluster(new, unrelated, min_enterprises=2) == []
