import datetime as dt
import json

import pytest

from enterprise_support.domain.policy_matching import (
	ELIGIBLE,
	NOT_ELIGIBLE,
	UNKNOWN,
	PolicyConditionError,
	explain_zh,
)
from enterprise_support.domain.readiness import (
	DEFAULT_CRITERIA_PATH,
	CriteriaError,
	load_criteria,
	next_tier,
	readiness,
)

D = dt.date
TODAY = D(2026, 3, 1)
INNOVATIVE = "创新型中小企业"
PROVINCIAL = "省级专精特新中小企业"
LITTLE_GIANT = "国家级专精特新“小巨人”企业"
CHAMPION = "制造业单项冠军企业"
HIGH_TECH = "高新技术企业"
LADDER = [
	(INNOVATIVE, 1),
	(PROVINCIAL, 2),
	(LITTLE_GIANT, 3),
	(CHAMPION, 4),
	(HIGH_TECH, 0),
	("科技型中小企业", 0),
]

# the figures the register does not hold, all at a passing value
NOT_HELD_OK = {
	"main_business_ratio": 80,
	"main_business_growth": 6,
	"debt_ratio": 50,
	"rd_ratio_prior_year": 7,
	"equity_financing_2y": 9000,
	"rd_expense_2y": 3500,
	"rd_staff_ratio": 55,
	"high_tech_revenue_ratio": 70,
	"st_staff_ratio": 20,
	"sme_evaluation_passed": True,
}


@pytest.fixture(scope="module")
def criteria():
	return load_criteria(DEFAULT_CRITERIA_PATH)


def firm(**changes):
	profile = {
		"size_class": "Small",
		"established_on": D(2018, 5, 1),
		"annual_revenue": 8000,
		"rd_expense": 560,  # 7 %
		"patents": {"invention": 1, "utility_model": 50, "class_i": 1},
		"designations": {PROVINCIAL},
	}
	profile.update(changes)
	return profile


def attributes(checks):
	return [c.attribute for c in checks]


# -- the data --------------------------------------------------------------------------------


def test_the_criteria_file(criteria, tmp_path):
	assert criteria.designations() == [PROVINCIAL, LITTLE_GIANT, HIGH_TECH]
	assert "\u201c小巨人\u201d" in criteria.designations()[1]
	assert criteria.for_designation(PROVINCIAL, TODAY).effective_from == D(2022, 8, 1)
	assert criteria.for_designation(HIGH_TECH, TODAY).effective_from == D(2016, 1, 1)
	raw = json.loads(DEFAULT_CRITERIA_PATH.read_text(encoding="utf-8"))
	assert all("effective_from" in version for version in raw["criteria"])


def test_versions_by_date(criteria):
	raw = json.loads(DEFAULT_CRITERIA_PATH.read_text(encoding="utf-8"))
	revised = dict(raw["criteria"][1], effective_from="2027-01-01")
	revised["conditions"] = [{"attribute": "patents.class_i", "operator": ">=", "value": "5"}]
	extended = load_criteria({**raw, "criteria": [*raw["criteria"], revised]})
	profile = firm(patents={"class_i": 3}, **NOT_HELD_OK)
	assert readiness(profile, extended, D(2026, 12, 31), LITTLE_GIANT).outcome == ELIGIBLE
	later = readiness(profile, extended, D(2027, 1, 1), LITTLE_GIANT)
	assert later.outcome == NOT_ELIGIBLE
	assert later.effective_from == D(2027, 1, 1)
	assert later.gap_texts == ["Ⅰ类知识产权 3 件，需 ≥ 5 件"]
	with pytest.raises(CriteriaError) as info:
		readiness(profile, criteria, D(2022, 7, 31), LITTLE_GIANT)
	assert info.value.code == "no_criteria"
	with pytest.raises(CriteriaError) as info:
		readiness(profile, criteria, TODAY, CHAMPION)
	assert info.value.code == "no_criteria"


def test_designation_names_match_whatever_the_quotes(criteria):
	result = readiness(firm(), criteria, TODAY, '国家级专精特新"小巨人"企业')
	assert result.designation == LITTLE_GIANT


@pytest.mark.parametrize(
	"change, code",
	[
		({"effective_from": None}, "missing_effective_from"),
		({"effective_from": "2022-02-30"}, "bad_date"),
		({"effective_to": "2020-01-01"}, "effective_dates"),
		({"conditions": []}, "no_conditions"),
		({"designation": ""}, "malformed"),
	],
)
def test_malformed_versions(change, code):
	version = {
		"designation": "X",
		"effective_from": "2022-08-01",
		"conditions": [{"attribute": "employees", "operator": ">=", "value": "1"}],
	}
	with pytest.raises(CriteriaError) as info:
		load_criteria([{**version, **change}])
	assert info.value.code == code


def test_duplicate_versions_and_bad_rows():
	row = {"attribute": "employees", "operator": ">=", "value": "1"}
	version = {"designation": "X", "effective_from": "2022-08-01", "conditions": [row]}
	with pytest.raises(CriteriaError) as info:
		load_criteria([version, version])
	assert info.value.code == "duplicate_version"
	with pytest.raises(PolicyConditionError) as info:
		load_criteria([{**version, "conditions": [row, {**row, "value": "many"}]}])
	assert info.value.code == "invalid_value"
	assert info.value.params["designation"] == "X"
	assert info.value.params["row"] == 2
	with pytest.raises(PolicyConditionError) as info:
		load_criteria(
			[
				{
					**version,
					"conditions": [
						{**row, "when": [{"attribute": "revenue", "operator": ">=", "value": "1"}]}
					],
				}
			]
		)
	assert info.value.code == "unknown_attribute"
	assert info.value.params["in_when"] is True
	with pytest.raises(CriteriaError):
		load_criteria({"versions": []})


# -- little giant ----------------------------------------------------------------------------


def test_one_class_i_item_short_of_little_giant(criteria):
	result = readiness(firm(**NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT)
	assert result.outcome == NOT_ELIGIBLE
	assert attributes(result.gaps) == ["patents.class_i"]
	assert result.gap_texts == ["Ⅰ类知识产权 1 件，需 ≥ 2 件"]
	assert result.gaps[0].params["actual"] == "1"
	assert result.gaps[0].params["expected"] == "2"
	assert result.unknown == []

	ready = readiness(firm(patents={"class_i": 2}, **NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT)
	assert ready.outcome == ELIGIBLE
	assert ready.gaps == [] and ready.unknown == []


def test_little_giant_with_register_data_only_is_at_best_unknown(criteria):
	result = readiness(firm(patents={"class_i": 2}), criteria, TODAY, LITTLE_GIANT)
	assert result.outcome == UNKNOWN
	assert set(attributes(result.unknown)) == {
		"main_business_ratio",
		"main_business_growth",
		"debt_ratio",
		"rd_ratio_prior_year",
	}
	assert "资产负债率：暂无数据，需 ≤ 70%" in result.unknown_texts
	# ... and a known gap still makes it not eligible
	short = readiness(firm(), criteria, TODAY, LITTLE_GIANT)
	assert short.outcome == NOT_ELIGIBLE
	assert short.gap_texts == ["Ⅰ类知识产权 1 件，需 ≥ 2 件"]


def rd_rows(result):
	return [c for c in result.met + result.gaps + result.unknown if c.attribute == "rd_ratio"]


@pytest.mark.parametrize(
	"revenue, band_ratio",
	[
		(10000, 3.0),  # >= 100M: 3 % (the edge belongs to the upper band)
		(20000, 3.0),
		(9999.99, 6.0),  # 50-100M: 6 %
		(5000, 6.0),
		(4999.99, None),  # < 50M: the equity route, no ratio
		(100, None),
	],
)
def test_little_giant_revenue_bands(criteria, revenue, band_ratio):
	result = readiness(
		firm(annual_revenue=revenue, rd_expense=None, rd_ratio=4, **NOT_HELD_OK),
		criteria,
		TODAY,
		LITTLE_GIANT,
	)
	rows = rd_rows(result)
	if band_ratio is None:
		assert rows == []
		assert {"equity_financing_2y", "rd_expense_2y", "rd_staff_ratio"} <= set(attributes(result.met))
	else:
		assert [c.expected for c in rows] == [band_ratio]
		assert rows[0].outcome == ("pass" if band_ratio <= 4 else "fail")
		assert "rd_ratio_prior_year" in attributes(result.met)


def test_little_giant_band_is_in_the_explanation(criteria):
	result = readiness(firm(rd_ratio=5.99, **NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT)
	texts = result.gap_texts
	assert (
		"上年度研发费用占营业收入比重 5.99%，需 ≥ 6%（适用于营业收入 ≥ 5000 万元且营业收入 < 10000 万元）"
		in texts
	)
	assert (
		readiness(firm(rd_ratio=6, **NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT).outcome == NOT_ELIGIBLE
	)  # Class I
	assert "rd_ratio" in attributes(
		readiness(firm(rd_ratio=6, **NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT).met
	)


def test_unknown_revenue_is_listed_once(criteria):
	result = readiness(
		firm(annual_revenue=None, patents={"class_i": 2}, **NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT
	)
	assert result.outcome == UNKNOWN
	assert attributes(result.unknown) == ["annual_revenue"]
	assert result.unknown_texts == ["营业收入：暂无数据，无法确定适用的标准档次"]


def test_large_firms_are_not_smes(criteria):
	result = readiness(
		firm(size_class="Large", patents={"class_i": 2}, **NOT_HELD_OK), criteria, TODAY, LITTLE_GIANT
	)
	assert attributes(result.gaps) == ["size_class"]


def test_years_in_the_niche_by_years_established(criteria):
	profile = firm(established_on=D(2023, 3, 1), patents={"class_i": 2}, **NOT_HELD_OK)
	assert readiness(profile, criteria, D(2026, 3, 1), LITTLE_GIANT).outcome == ELIGIBLE
	early = readiness(profile, criteria, D(2026, 2, 28), LITTLE_GIANT)
	assert early.gap_texts == ["从事特定细分市场年限（以成立年限近似） 2 年，需 ≥ 3 年"]


# -- provincial ------------------------------------------------------------------------------


def test_provincial_thresholds(criteria):
	at_edges = firm(
		annual_revenue=3333.34, rd_expense=100, established_on=D(2024, 3, 1), sme_evaluation_passed=True
	)
	assert readiness(at_edges, criteria, TODAY, PROVINCIAL).outcome == ELIGIBLE

	below = readiness(firm(rd_expense=99.99, annual_revenue=3334), criteria, TODAY, PROVINCIAL)
	assert attributes(below.gaps) == ["rd_expense", "rd_ratio"]
	assert below.gap_texts == [
		"上年度研发费用 99.99 万元，需 ≥ 100 万元",
		"上年度研发费用占营业收入比重 2.999%，需 ≥ 3%",  # just under: the digits that show it
	]
	on_ratio = readiness(firm(rd_expense=3.0378, annual_revenue=101.26), criteria, TODAY, PROVINCIAL)
	assert "rd_ratio" in attributes(on_ratio.met)  # exactly 3 %, though the float division gives 2.99999...


@pytest.mark.parametrize(
	"revenue, met_or_unknown",
	[(1000, ("met", "annual_revenue")), (999.99, ("unknown", "equity_financing_2y"))],
)
def test_provincial_revenue_or_equity(criteria, revenue, met_or_unknown):
	result = readiness(
		firm(annual_revenue=revenue, rd_expense=100, rd_ratio=10, sme_evaluation_passed=True),
		criteria,
		TODAY,
		PROVINCIAL,
	)
	where, attribute = met_or_unknown
	assert attribute in attributes(getattr(result, where))
	other = {"annual_revenue", "equity_financing_2y"} - {attribute}
	assert not other & set(attributes(result.met + result.gaps + result.unknown))
	assert result.outcome == (ELIGIBLE if where == "met" else UNKNOWN)


def test_provincial_equity_route_when_known(criteria):
	profile = firm(annual_revenue=500, rd_expense=100, rd_ratio=20, sme_evaluation_passed=True)
	assert (
		readiness({**profile, "equity_financing_2y": 2000}, criteria, TODAY, PROVINCIAL).outcome == ELIGIBLE
	)
	short = readiness({**profile, "equity_financing_2y": 1999}, criteria, TODAY, PROVINCIAL)
	assert short.gap_texts == [
		"近2年新增股权融资总额（营业收入不足1000万元时） 1999 万元，需 ≥ 2000 万元（适用于营业收入 < 1000 万元）"
	]


# -- high-tech -------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"revenue, band_ratio",
	[(100, 5.0), (5000, 5.0), (5000.01, 4.0), (20000, 4.0), (20000.01, 3.0), (90000, 3.0)],
)
def test_high_tech_revenue_bands(criteria, revenue, band_ratio):
	result = readiness(
		firm(annual_revenue=revenue, rd_expense=None, rd_ratio=4.5, **NOT_HELD_OK), criteria, TODAY, HIGH_TECH
	)
	rows = rd_rows(result)
	assert [c.expected for c in rows] == [band_ratio]
	assert result.outcome == (ELIGIBLE if band_ratio <= 4.5 else NOT_ELIGIBLE)


def test_high_tech_unheld_figures_are_unknown(criteria):
	result = readiness(firm(), criteria, TODAY, HIGH_TECH)
	assert result.outcome == UNKNOWN
	assert attributes(result.unknown) == ["high_tech_revenue_ratio", "st_staff_ratio"]
	assert [explain_zh(c) for c in result.met][-1] == (
		"研发费用占销售收入比重（以上年度近似近三年） 7%，符合要求（≥ 4%）（适用于营业收入 > 5000 万元且营业收入 ≤ 20000 万元）"
	)


def test_default_criteria_are_used_when_none_given():
	assert readiness(firm(), None, TODAY, HIGH_TECH).outcome == UNKNOWN


# -- the ladder ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"held, expected",
	[
		(set(), INNOVATIVE),
		({HIGH_TECH}, INNOVATIVE),  # off the ladder
		({INNOVATIVE}, PROVINCIAL),
		({PROVINCIAL, HIGH_TECH}, LITTLE_GIANT),
		({INNOVATIVE, LITTLE_GIANT}, CHAMPION),  # the highest held counts
		({'国家级专精特新"小巨人"企业'}, CHAMPION),
		({CHAMPION}, None),
		({"瞪羚企业"}, INNOVATIVE),
	],
)
def test_next_tier(held, expected):
	assert next_tier(held, LADDER) == expected


def test_next_tier_with_a_mapping_and_unordered_ladder():
	ladder = {LITTLE_GIANT: 3, INNOVATIVE: 1, PROVINCIAL: 2}
	assert next_tier({INNOVATIVE}, ladder) == PROVINCIAL
	assert next_tier({LITTLE_GIANT}, ladder) is None
	assert next_tier([], []) is None
