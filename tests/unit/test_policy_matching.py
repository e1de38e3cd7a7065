import datetime as dt
import random

import pytest

from enterprise_support.domain.policy_matching import (
	ATTRIBUTES,
	ELIGIBLE,
	NOT_ELIGIBLE,
	OUTCOME_ORDER,
	UNKNOWN,
	CompiledItem,
	PolicyConditionError,
	ProfileTable,
	compile_item,
	designation_key,
	evaluate,
	explain_zh,
	format_number,
	match_all,
	prepare_profile,
	validate_condition,
	years_between,
)

D = dt.date
TODAY = D(2026, 3, 1)
LITTLE_GIANT = "国家级专精特新“小巨人”企业"  # U+201C / U+201D
PROVINCIAL = "省级专精特新中小企业"
HIGH_TECH = "高新技术企业"


def base_profile(**changes):
	profile = {
		"industry_code": "C3879",
		"industry_chain": "电子信息产业链",
		"chain_link": "LED驱动电源",
		"size_class": "Small",
		"street": "视高街道",
		"designations": {PROVINCIAL, HIGH_TECH},
		"patents": {"invention": 2, "utility_model": 50, "design": 3, "class_i": 2, "granted": 55},
		"annual_revenue": 8000,
		"rd_expense": 400,
		"rd_ratio": 5,
		"employees": 120,
		"established_on": D(2016, 3, 1),
		"is_key_enterprise": True,
	}
	profile.update(changes)
	return profile


def row(attribute, operator, value, label=None):
	return {"attribute": attribute, "operator": operator, "value": value, "label": label}


def outcome(condition, **changes):
	return evaluate(base_profile(**changes), [condition], TODAY).outcome


# -- operators -------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"condition, changes, expected",
	[
		# = and != on numbers
		(row("employees", "=", "120"), {}, ELIGIBLE),
		(row("employees", "=", "121"), {}, NOT_ELIGIBLE),
		(row("employees", "!=", "120"), {}, NOT_ELIGIBLE),
		(row("employees", "!=", "121"), {}, ELIGIBLE),
		# >= / <= pass exactly on the threshold, fail just past it
		(row("patents.invention", ">=", "2"), {}, ELIGIBLE),
		(row("patents.invention", ">=", "2"), {"patents": {"invention": 1}}, NOT_ELIGIBLE),
		(row("annual_revenue", ">=", "1000"), {"annual_revenue": 1000}, ELIGIBLE),
		(row("annual_revenue", ">=", "1000"), {"annual_revenue": 999.99}, NOT_ELIGIBLE),
		(row("rd_ratio", ">=", "3%"), {"rd_ratio": 3}, ELIGIBLE),
		(row("rd_ratio", ">=", "3%"), {"rd_ratio": 2.99}, NOT_ELIGIBLE),
		(row("employees", "<=", "300"), {"employees": 300}, ELIGIBLE),
		(row("employees", "<=", "300"), {"employees": 301}, NOT_ELIGIBLE),
		# > / < fail on the threshold
		(row("employees", ">", "120"), {}, NOT_ELIGIBLE),
		(row("employees", ">", "119"), {}, ELIGIBLE),
		(row("employees", "<", "120"), {}, NOT_ELIGIBLE),
		(row("employees", "<", "121"), {}, ELIGIBLE),
		# values with units, thousands separators, full-width digits, operator aliases
		(row("annual_revenue", ">=", "8000万元"), {}, ELIGIBLE),
		(row("annual_revenue", ">=", "8,000"), {}, ELIGIBLE),
		(row("annual_revenue", ">=", "8,001"), {}, NOT_ELIGIBLE),
		(row("employees", "≥", "１２０"), {}, ELIGIBLE),
		(row("employees", "≤", "119"), {}, NOT_ELIGIBLE),
		(row("patents.class_i", ">=", 2), {}, ELIGIBLE),
		# in / not in with Chinese separators
		(row("employees", "in", "100、120，150"), {}, ELIGIBLE),
		(row("employees", "not in", "100、120，150"), {}, NOT_ELIGIBLE),
		(row("street", "in", "视高街道、青龙街道"), {}, ELIGIBLE),
		(row("street", "in", "青龙街道；文宗街道"), {}, NOT_ELIGIBLE),
		(row("street", "not in", "青龙街道，文宗街道"), {}, ELIGIBLE),
		(row("street", "=", "视高街道"), {}, ELIGIBLE),
		(row("street", "!=", "视高街道"), {}, NOT_ELIGIBLE),
		(row("industry_chain", "=", "电子信息产业链"), {}, ELIGIBLE),
		(row("chain_link", "in", ["LED驱动电源", "照明"]), {}, ELIGIBLE),
		# industry codes: prefixes, lists of prefixes, codes without their section letter
		(row("industry_code", "starts with", "C38"), {}, ELIGIBLE),
		(row("industry_code", "starts with", "C387"), {}, ELIGIBLE),
		(row("industry_code", "starts with", "C3825"), {}, NOT_ELIGIBLE),
		(row("industry_code", "starts with", "C39、C38"), {}, ELIGIBLE),
		(row("industry_code", "starts with", "C39，C40"), {}, NOT_ELIGIBLE),
		(row("industry_code", "starts with", "3879"), {}, ELIGIBLE),
		(row("industry_code", "starts with", "C"), {"industry_code": "c 3825"}, ELIGIBLE),
		(row("industry_code", "starts with", "C38"), {"industry_code": "I6513"}, NOT_ELIGIBLE),
		(row("industry_code", "=", "c3879"), {}, ELIGIBLE),
		(row("industry_code", "in", "C3825、C3879"), {}, ELIGIBLE),
		(row("industry_code", "not in", "C3825、C3879"), {}, NOT_ELIGIBLE),
		# size class: English or Chinese names, ordered Micro < Small < Medium < Large
		(row("size_class", "in", "中型、小型"), {}, ELIGIBLE),
		(row("size_class", "in", "Medium, Small, Micro"), {"size_class": "Large"}, NOT_ELIGIBLE),
		(row("size_class", "=", "小型企业"), {}, ELIGIBLE),
		(row("size_class", "<=", "Medium"), {}, ELIGIBLE),
		(row("size_class", "<=", "Medium"), {"size_class": "Large"}, NOT_ELIGIBLE),
		(row("size_class", ">=", "中型"), {}, NOT_ELIGIBLE),
		(row("size_class", "not in", "大型"), {}, ELIGIBLE),
		# designations; quote marks do not matter
		(row("designations", "holds", PROVINCIAL), {}, ELIGIBLE),
		(row("designations", "holds", LITTLE_GIANT), {}, NOT_ELIGIBLE),
		(
			row("designations", "holds", '国家级专精特新"小巨人"企业'),
			{"designations": [LITTLE_GIANT]},
			ELIGIBLE,
		),
		(row("designations", "holds", f"{PROVINCIAL}、{HIGH_TECH}"), {}, ELIGIBLE),
		(row("designations", "holds", f"{PROVINCIAL}、{LITTLE_GIANT}"), {}, NOT_ELIGIBLE),
		(row("designations", "holds any", f"{LITTLE_GIANT}、{HIGH_TECH}"), {}, ELIGIBLE),
		(row("designations", "holds any", f"{LITTLE_GIANT}，制造业单项冠军企业"), {}, NOT_ELIGIBLE),
		(row("designations", "not holds", LITTLE_GIANT), {}, ELIGIBLE),
		(row("designations", "not holds", f"{LITTLE_GIANT}、{HIGH_TECH}"), {}, NOT_ELIGIBLE),
		(row("designations", "not holds", HIGH_TECH), {"designations": set()}, ELIGIBLE),
		# booleans and dates
		(row("is_key_enterprise", "=", "是"), {}, ELIGIBLE),
		(row("is_key_enterprise", "=", "1"), {"is_key_enterprise": 0}, NOT_ELIGIBLE),
		(row("is_key_enterprise", "!=", "true"), {"is_key_enterprise": False}, ELIGIBLE),
		(row("established_on", "<=", "2016-03-01"), {}, ELIGIBLE),
		(row("established_on", "<", "2016-03-01"), {}, NOT_ELIGIBLE),
		(row("established_on", ">=", "2016年3月2日"), {}, NOT_ELIGIBLE),
		# years established: whole years, the anniversary completes the year
		(row("years_established", ">=", "10"), {}, ELIGIBLE),
		(row("years_established", ">=", "10"), {"established_on": D(2016, 3, 2)}, NOT_ELIGIBLE),
		(row("years_established", ">=", "3年"), {"established_on": "2023-03-01"}, ELIGIBLE),
	],
)
def test_operators(condition, changes, expected):
	assert outcome(condition, **changes) == expected


def test_years_between():
	assert years_between(D(2016, 3, 1), D(2026, 3, 1)) == 10
	assert years_between(D(2016, 3, 1), D(2026, 2, 28)) == 9
	assert years_between(D(2024, 2, 29), D(2025, 2, 28)) == 0  # a leap-day start
	assert years_between(D(2024, 2, 29), D(2025, 3, 1)) == 1


def test_years_established_can_be_given_when_the_date_is_not_known():
	condition = row("years_established", ">=", "3")
	assert outcome(condition, established_on=None, years_established=3) == ELIGIBLE
	assert outcome(condition, established_on=None, years_established=2) == NOT_ELIGIBLE
	assert outcome(condition, established_on=None) == UNKNOWN


def test_rd_ratio_is_derived_when_not_given():
	condition = row("rd_ratio", ">=", "3")
	assert outcome(condition, rd_ratio=None, rd_expense=30, annual_revenue=1000) == ELIGIBLE
	assert outcome(condition, rd_ratio=None, rd_expense=29.99, annual_revenue=1000) == NOT_ELIGIBLE
	assert outcome(condition, rd_ratio=None, rd_expense=30, annual_revenue=None) == UNKNOWN
	assert outcome(condition, rd_ratio=None, rd_expense=30, annual_revenue=0) == UNKNOWN


# -- unknown data ----------------------------------------------------------------------------


def test_missing_data_gives_unknown():
	result = evaluate(base_profile(), [row("employees", ">=", "50"), row("debt_ratio", "<=", "70")], TODAY)
	assert result.outcome == UNKNOWN
	assert [c.outcome for c in result.checks] == ["pass", "unknown"]
	assert result.checks[1].code == "missing"
	assert result.checks[1].actual is None


@pytest.mark.parametrize(
	"changes, condition",
	[
		({"annual_revenue": None}, row("annual_revenue", ">=", "1000")),
		({"patents": None}, row("patents.invention", ">=", "1")),
		({"patents": {"invention": 3}}, row("patents.class_i", ">=", "1")),
		({"designations": None}, row("designations", "not holds", HIGH_TECH)),
		({"street": ""}, row("street", "=", "视高街道")),
		({"size_class": None}, row("size_class", "in", "中型、小型")),
		({"industry_code": None}, row("industry_code", "starts with", "C38")),
		({"established_on": None}, row("established_on", "<=", "2020-01-01")),
		({"is_key_enterprise": None}, row("is_key_enterprise", "=", "1")),
		({"employees": "not a number"}, row("employees", ">=", "1")),
	],
)
def test_unknown_for_each_kind(changes, condition):
	assert outcome(condition, **changes) == UNKNOWN


def test_a_failing_known_condition_beats_unknown():
	conditions = [
		row("debt_ratio", "<=", "70"),
		row("patents.invention", ">=", "3"),
		row("main_business_ratio", ">=", "70"),
	]
	result = evaluate(base_profile(), conditions, TODAY)
	assert result.outcome == NOT_ELIGIBLE
	assert [c.outcome for c in result.checks] == ["unknown", "fail", "unknown"]
	assert [c.attribute for c in result.failed] == ["patents.invention"]
	assert len(result.missing) == 2


def test_all_pass_is_eligible_and_no_conditions_match_everyone():
	conditions = [row("employees", ">=", "50"), row("street", "=", "视高街道")]
	assert evaluate(base_profile(), conditions, TODAY).outcome == ELIGIBLE
	assert evaluate({}, [], TODAY).outcome == ELIGIBLE
	assert evaluate({}, conditions, TODAY).outcome == UNKNOWN


# -- invalid rows ----------------------------------------------------------------------------


@pytest.mark.parametrize(
	"condition, code",
	[
		(row("turnover", ">=", "1"), "unknown_attribute"),
		(row("patents", ">=", "1"), "unknown_attribute"),
		(row("", "=", "1"), "unknown_attribute"),
		(row("employees", "~", "1"), "unknown_operator"),
		(row("employees", "between", "1,2"), "unknown_operator"),
		(row("employees", None, "1"), "unknown_operator"),
		(row("designations", ">=", "1"), "operator_not_allowed"),
		(row("designations", "=", HIGH_TECH), "operator_not_allowed"),
		(row("employees", "holds", "1"), "operator_not_allowed"),
		(row("industry_code", ">=", "C38"), "operator_not_allowed"),
		(row("established_on", "in", "2020-01-01"), "operator_not_allowed"),
		(row("is_key_enterprise", ">", "0"), "operator_not_allowed"),
		(row("employees", ">=", ""), "missing_value"),
		(row("employees", ">=", None), "missing_value"),
		(row("street", "in", " 、 ，"), "missing_value"),
		(row("employees", ">=", "abc"), "invalid_value"),
		(row("employees", ">=", "nan"), "invalid_value"),
		(row("rd_ratio", ">=", "3万元"), "invalid_value"),
		(row("employees", "in", "10、x"), "invalid_value"),
		(row("established_on", ">=", "2020-13-01"), "invalid_value"),
		(row("size_class", "=", "巨型"), "invalid_value"),
		(row("industry_code", "starts with", "C38、Z99"), "invalid_value"),
		(row("industry_code", "=", "F3879"), "invalid_value"),
		(row("is_key_enterprise", "=", "maybe"), "invalid_value"),
		(row("employees", ">=", "1、2"), "too_many_values"),
		(row("employees", ">=", "1,2"), "too_many_values"),
		(row("street", "=", "视高街道、青龙街道"), "too_many_values"),
		(row("annual_revenue", "<", ["1", "2"]), "too_many_values"),
		("employees >= 1", "malformed_row"),
	],
)
def test_invalid_rows(condition, code):
	with pytest.raises(PolicyConditionError) as info:
		validate_condition(condition)
	assert info.value.code == code


def test_invalid_value_params_name_the_type():
	with pytest.raises(PolicyConditionError) as info:
		validate_condition(row("established_on", ">=", "yesterday"))
	assert info.value.params["value_type"] == "date"
	assert info.value.params["attribute"] == "established_on"


def test_unknown_designation_when_the_list_is_given():
	known = [PROVINCIAL, LITTLE_GIANT, HIGH_TECH]
	validate_condition(row("designations", "holds", '国家级专精特新"小巨人"企业'), designations=known)
	with pytest.raises(PolicyConditionError) as info:
		validate_condition(row("designations", "holds any", f"{HIGH_TECH}、瞪羚企业"), designations=known)
	assert info.value.code == "unknown_designation"
	assert info.value.params["names"] == ["瞪羚企业"]


def test_compile_item_reports_the_row():
	with pytest.raises(PolicyConditionError) as info:
		compile_item([row("employees", ">=", "1"), row("employees", ">=", "1"), row("employees", "~", "1")])
	assert info.value.code == "unknown_operator"
	assert info.value.params["row"] == 3


def test_frappe_like_rows_and_operator_spelling():
	class Row:
		attribute = "patents.invention"
		operator = " Not  In "
		value = "0、1"
		label = None

	condition = validate_condition(Row())
	assert condition.operator == "not in"
	assert condition.expected == (0.0, 1.0)
	assert evaluate(base_profile(), [Row()], TODAY).outcome == ELIGIBLE


def test_every_attribute_supports_some_valid_condition():
	samples = {
		"number": "1",
		"date": "2020-01-01",
		"text": "x",
		"code": "C38",
		"size": "Small",
		"bool": "1",
		"set": "x",
	}
	for key, info in ATTRIBUTES.items():
		from enterprise_support.domain.policy_matching import KIND_OPERATORS

		operator = KIND_OPERATORS[info.kind][0]
		assert validate_condition(row(key, operator, samples[info.kind])).attribute == key


# -- checks and explanations -----------------------------------------------------------------


def check_for(condition, **changes):
	(check,) = evaluate(base_profile(**changes), [condition], TODAY).checks
	return check


def test_check_fields_and_params():
	check = check_for(row("patents.invention", ">=", "2"), patents={"invention": 1})
	assert (check.attribute, check.operator, check.expected, check.actual) == (
		"patents.invention",
		">=",
		2.0,
		1.0,
	)
	assert (check.outcome, check.code) == ("fail", "not_met")
	assert check.params["actual"] == "1"
	assert check.params["expected"] == "2"
	assert check.params["unit"] == "件"
	assert check.params["symbol"] == "≥"
	assert check.params["label"] == "发明专利"


@pytest.mark.parametrize(
	"condition, changes, text",
	[
		(row("patents.invention", ">=", "2"), {"patents": {"invention": 1}}, "发明专利 1 件，需 ≥ 2 件"),
		(
			row("patents.invention", ">=", "2"),
			{"patents": {"invention": 3}},
			"发明专利 3 件，符合要求（≥ 2 件）",
		),
		(row("annual_revenue", ">=", "1000"), {"annual_revenue": 800}, "营业收入 800 万元，需 ≥ 1000 万元"),
		(row("rd_ratio", ">=", "3"), {"rd_ratio": 2.5}, "研发费用占比 2.5%，需 ≥ 3%"),
		(row("employees", "<", "300"), {"employees": 300}, "从业人员 300 人，需 < 300 人"),
		(row("years_established", ">=", "3"), {"established_on": D(2024, 6, 1)}, "成立年限 1 年，需 ≥ 3 年"),
		(row("debt_ratio", "<=", "70"), {}, "资产负债率：暂无数据，需 ≤ 70%"),
		(
			row("size_class", "in", "中型、小型、微型"),
			{"size_class": "Large"},
			"企业规模 大型，需为中型、小型、微型之一",
		),
		(row("street", "=", "青龙街道"), {}, "所属街道/园区 视高街道，需为青龙街道"),
		(row("industry_chain", "=", "新能源产业链"), {}, "产业链 电子信息产业链，需为新能源产业链"),
		(row("industry_code", "starts with", "C382、C383"), {}, "国民经济行业 C3879，需以C382、C383之一开头"),
		(row("industry_code", "starts with", "C382"), {}, "国民经济行业 C3879，需以C382开头"),
		(row("designations", "holds", LITTLE_GIANT), {}, f"未持有{LITTLE_GIANT}，需持有{LITTLE_GIANT}"),
		(row("designations", "holds", PROVINCIAL), {}, f"已持有{PROVINCIAL}"),
		(row("designations", "not holds", HIGH_TECH), {}, f"已持有{HIGH_TECH}，需未持有{HIGH_TECH}"),
		(row("is_key_enterprise", "=", "是"), {"is_key_enterprise": False}, "重点企业 否，需为“是”"),
		(
			row("patents.class_i", ">=", "2", label="与主导产品相关的Ⅰ类知识产权"),
			{"patents": {"class_i": 1}},
			"与主导产品相关的Ⅰ类知识产权 1 件，需 ≥ 2 件",
		),
	],
)
def test_explain_zh(condition, changes, text):
	assert explain_zh(check_for(condition, **changes)) == text


def test_format_number():
	assert format_number(2.0) == "2"
	assert format_number(2.5) == "2.5"
	assert format_number(1 / 3 * 100) == "33.33"  # a ratio in a sensible precision
	assert format_number(3.0108) == "3.01"
	assert format_number(12345678) == "12345678"
	assert format_number(860.0) == "860"  # a head count is never 860.0


@pytest.mark.parametrize(
	"ratio, text",
	[
		(3.0108, "研发费用占比 3.01%，符合要求（≥ 3%）"),
		(2.0192, "研发费用占比 2.02%，需 ≥ 3%"),
		# just off the bound: the digits that tell them apart stay (never "3%，需 ≥ 3%")
		(2.999, "研发费用占比 2.999%，需 ≥ 3%"),
		(2.99995, "研发费用占比 2.99995%，需 ≥ 3%"),
	],
)
def test_explanations_round_figures_without_hiding_a_miss(ratio, text):
	assert explain_zh(check_for(row("rd_ratio", ">=", "3"), rd_ratio=ratio)) == text


def test_designation_key_ignores_quote_styles():
	assert designation_key('国家级专精特新"小巨人"企业') == designation_key(LITTLE_GIANT)
	assert designation_key("国家级专精特新「小巨人」企业") == designation_key(LITTLE_GIANT)
	assert designation_key(PROVINCIAL) != designation_key(LITTLE_GIANT)


# -- match_all -------------------------------------------------------------------------------

ATTRIBUTE_VALUES = {
	"industry_code": ["C3879", "C3825", "I6513", "C3990", None],
	"industry_chain": ["新能源产业链", "电子信息产业链", "食品产业链", None],
	"street": ["视高街道", "青龙街道", None],
	"size_class": ["Large", "Medium", "Small", "Micro", None],
	"annual_revenue": [None, 0, 300, 999.99, 1000, 5000, 9999, 10000, 20000, 50000],
	"rd_expense": [None, 0, 50, 100, 300, 1000],
	"employees": [None, 5, 20, 299, 300, 1000],
	"is_key_enterprise": [None, True, False],
	"established_on": [None, D(2010, 1, 1), D(2023, 3, 1), D(2023, 3, 2), D(2025, 12, 31)],
}
RANDOM_CONDITIONS = [
	row("industry_code", "starts with", "C38、C39"),
	row("industry_code", "=", "C3879"),
	row("industry_chain", "in", "新能源产业链、电子信息产业链"),
	row("street", "=", "视高街道"),
	row("size_class", "in", "中型、小型、微型"),
	row("size_class", "<=", "Medium"),
	row("annual_revenue", ">=", "1000"),
	row("annual_revenue", "<", "10000"),
	row("rd_expense", ">=", "100"),
	row("rd_ratio", ">=", "3"),
	row("employees", ">=", "20"),
	row("is_key_enterprise", "=", "1"),
	row("years_established", ">=", "3"),
	row("patents.invention", ">=", "2"),
	row("patents.class_i", ">=", "1"),
	row("designations", "holds", PROVINCIAL),
	row("designations", "holds any", f"{LITTLE_GIANT}、{HIGH_TECH}"),
	row("designations", "not holds", LITTLE_GIANT),
	row("debt_ratio", "<=", "70"),
]


def random_profile(rng):
	profile = {key: rng.choice(values) for key, values in ATTRIBUTE_VALUES.items()}
	if rng.random() < 0.8:
		profile["patents"] = {k: rng.randint(0, 3) for k in ("invention", "class_i", "utility_model")}
	if rng.random() < 0.8:
		profile["designations"] = set(rng.sample([PROVINCIAL, LITTLE_GIANT, HIGH_TECH], rng.randint(0, 2)))
	if rng.random() < 0.1:
		profile["debt_ratio"] = rng.choice([50, 70, 71])
	return profile


def test_match_all_agrees_with_evaluate():
	rng = random.Random(20260301)
	profiles = [(f"E{i:04d}", random_profile(rng)) for i in range(300)]
	items = [(f"P{i:03d}", rng.sample(RANDOM_CONDITIONS, rng.randint(0, 5))) for i in range(40)]
	results = list(match_all(profiles, items, TODAY))
	assert len(results) == 300 * 40
	assert [(e, p) for e, p, _ in results[:2]] == [("E0000", "P000"), ("E0000", "P001")]
	profile_by_id, item_by_id = dict(profiles), dict(items)
	seen = set()
	for enterprise_id, item_id, result in results:
		expected = evaluate(profile_by_id[enterprise_id], item_by_id[item_id], TODAY)
		assert result.outcome == expected.outcome
		assert result.checks == expected.checks
		seen.add(result.outcome)
	assert seen == {ELIGIBLE, NOT_ELIGIBLE, UNKNOWN}


@pytest.mark.parametrize("given", ["prepared", "as read"])
def test_a_profile_table_matches_item_by_item_as_evaluate_does_pair_by_pair(given):
	"""The full match tests each condition once per distinct value over a batch: the outcome
	and every condition's check (so the stored explanation) are those of :func:`evaluate`,
	whether the table is given prepared profiles or prepares them itself column by column."""
	rng = random.Random(20261127)
	profiles = [random_profile(rng) for _ in range(200)]
	profiles.append(base_profile(street=" 视高街道 "))  # the same street, written otherwise
	if given == "prepared":
		table = ProfileTable([prepare_profile(p, TODAY) for p in profiles])
	else:
		table = ProfileTable(profiles, TODAY)
	seen = set()
	for _ in range(40):
		item = compile_item(rng.sample(RANDOM_CONDITIONS, rng.randint(0, 5)))
		outcomes = table.outcomes(item)
		for index, profile in enumerate(profiles):
			expected = evaluate(profile, item, TODAY)
			assert OUTCOME_ORDER[outcomes[index]] == expected.outcome
			checks = tuple(table.check(condition, index)[1] for condition in item.conditions)
			assert checks == expected.checks
			assert [explain_zh(c) for c in checks] == [explain_zh(c) for c in expected.checks]
			seen.add(expected.outcome)
	assert seen == {ELIGIBLE, NOT_ELIGIBLE, UNKNOWN}
	street = compile_item([row("street", "=", "视高街道")])
	(check,) = (table.check(c, len(profiles) - 1)[1] for c in street.conditions)
	assert explain_zh(check) == "所属街道/园区 视高街道，符合要求（为视高街道）"


def test_a_profile_table_keeps_values_apart_that_python_counts_equal():
	"""Values as read are prepared once per distinct value; 0 and False (equal in Python) are
	not the same datum: a count of 0 is known, a flag where a number belongs is not."""
	profiles = [
		base_profile(employees=0),
		base_profile(employees=False),
		base_profile(employees=0.0),
		base_profile(employees="0"),
	]
	table = ProfileTable(profiles, TODAY)
	item = compile_item([row("employees", "<=", "10")])
	outcomes = [OUTCOME_ORDER[code] for code in table.outcomes(item)]
	assert outcomes == [evaluate(p, item, TODAY).outcome for p in profiles]
	assert outcomes == [ELIGIBLE, UNKNOWN, ELIGIBLE, ELIGIBLE]


def test_a_profile_table_prepares_only_the_attributes_asked_about():
	calls = []

	class Counting(dict):
		def get(self, key, default=None):
			calls.append(key)
			return super().get(key, default)

	table = ProfileTable([Counting(base_profile()) for _ in range(3)], TODAY)
	table.outcomes(compile_item([row("street", "=", "视高街道")]))
	assert set(calls) == {"street"}


def test_match_all_outcome_filter_and_precompiled_items():
	profiles = [
		("a", base_profile()),
		("b", base_profile(annual_revenue=None)),
		("c", base_profile(annual_revenue=10)),
	]
	item = compile_item([row("annual_revenue", ">=", "1000")])
	assert isinstance(item, CompiledItem)
	results = list(match_all(profiles, [("p", item)], TODAY, outcomes={ELIGIBLE, UNKNOWN}))
	assert [(e, r.outcome) for e, _, r in results] == [("a", ELIGIBLE), ("b", UNKNOWN)]


def test_match_all_reads_profiles_lazily_and_checks_items_first():
	consumed = []

	def profiles():
		for i in range(3):
			consumed.append(i)
			yield i, base_profile()

	results = match_all(profiles(), [("p", [row("employees", ">=", "1")])], TODAY)
	next(results)
	assert consumed == [0]
	with pytest.raises(PolicyConditionError):
		next(match_all(profiles(), [("bad", [row("nope", "=", "1")])], TODAY))


def test_prepared_profiles_can_be_reused():
	prepared = prepare_profile(base_profile(), TODAY)
	assert evaluate(prepared, [row("years_established", ">=", "10")], TODAY).outcome == ELIGIBLE
	assert prepare_profile(prepared, TODAY) is prepared
