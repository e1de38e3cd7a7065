import datetime as dt
import json
from decimal import Decimal

import pytest

from enterprise_support.domain.enterprise_size import (
	DEFAULT_STANDARDS_PATH,
	EMPLOYEES,
	KNOWN_MEASURES,
	OPERATING_REVENUE,
	TOTAL_ASSETS,
	Sector,
	SizeStandardError,
	classify_enterprise,
	classify_size,
	format_measure,
	load_standards,
	normalize_industry_code,
	sector_for_industry,
)

E, Y, Z = "employees", "operating_revenue", "total_assets"


@pytest.fixture(scope="module")
def raw():
	return json.loads(DEFAULT_STANDARDS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def standards():
	return load_standards(DEFAULT_STANDARDS_PATH)


@pytest.fixture(scope="module")
def industry(standards):
	return standards.by_key("industry")


def size(sector, **measures):
	return classify_size(measures, sector).size_class


# -- the data file ---------------------------------------------------------------------------


def test_data_file_loads_with_every_sector_of_the_2017_table(standards):
	assert [s.key for s in standards] == [
		"agriculture",
		"industry",
		"construction",
		"wholesale",
		"retail",
		"transport",
		"warehousing",
		"postal",
		"accommodation",
		"catering",
		"information_transmission",
		"software_it_services",
		"real_estate_development",
		"property_management",
		"leasing_business_services",
		"other",
	]
	for sector in standards:
		assert sector.effective_from == dt.date(2018, 1, 1)
		assert sector.source
		assert sector.name
		assert sector.combine == "all"  # the 2017 table: all bounds for large, medium, small


def test_data_file_rows_have_the_documented_shape(raw):
	for row in raw["sectors"]:
		assert set(row) >= {
			"key",
			"name",
			"industry_prefixes",
			"measures",
			"combine",
			"thresholds",
			"effective_from",
			"source",
		}
		assert set(row["measures"]) <= set(KNOWN_MEASURES)
		assert set(row["thresholds"]) == {"large", "medium", "small"}


def test_industry_row_holds_the_pinned_thresholds(industry):
	assert industry.name == "工业"
	assert industry.industry_prefixes == ("B", "C", "D")
	assert industry.measures == (E, Y)
	assert industry.thresholds == {
		"large": {E: 1000, Y: 40000},
		"medium": {E: 300, Y: 2000},
		"small": {E: 20, Y: 300},
	}


@pytest.mark.parametrize(
	"key, thresholds",
	[
		("agriculture", {"large": {Y: 20000}, "medium": {Y: 500}, "small": {Y: 50}}),
		(
			"construction",
			{"large": {Y: 80000, Z: 80000}, "medium": {Y: 6000, Z: 5000}, "small": {Y: 300, Z: 300}},
		),
		("wholesale", {"large": {E: 200, Y: 40000}, "medium": {E: 20, Y: 5000}, "small": {E: 5, Y: 1000}}),
		("retail", {"large": {E: 300, Y: 20000}, "medium": {E: 50, Y: 500}, "small": {E: 10, Y: 100}}),
		("transport", {"large": {E: 1000, Y: 30000}, "medium": {E: 300, Y: 3000}, "small": {E: 20, Y: 200}}),
		("warehousing", {"large": {E: 200, Y: 30000}, "medium": {E: 100, Y: 1000}, "small": {E: 20, Y: 100}}),
		("postal", {"large": {E: 1000, Y: 30000}, "medium": {E: 300, Y: 2000}, "small": {E: 20, Y: 100}}),
		(
			"accommodation",
			{"large": {E: 300, Y: 10000}, "medium": {E: 100, Y: 2000}, "small": {E: 10, Y: 100}},
		),
		("catering", {"large": {E: 300, Y: 10000}, "medium": {E: 100, Y: 2000}, "small": {E: 10, Y: 100}}),
		(
			"information_transmission",
			{"large": {E: 2000, Y: 100000}, "medium": {E: 100, Y: 1000}, "small": {E: 10, Y: 100}},
		),
		(
			"software_it_services",
			{"large": {E: 300, Y: 10000}, "medium": {E: 100, Y: 1000}, "small": {E: 10, Y: 50}},
		),
		(
			"real_estate_development",
			{"large": {Y: 200000, Z: 10000}, "medium": {Y: 1000, Z: 5000}, "small": {Y: 100, Z: 2000}},
		),
		(
			"property_management",
			{"large": {E: 1000, Y: 5000}, "medium": {E: 300, Y: 1000}, "small": {E: 100, Y: 500}},
		),
		(
			"leasing_business_services",
			{"large": {E: 300, Z: 120000}, "medium": {E: 100, Z: 8000}, "small": {E: 10, Z: 100}},
		),
		("other", {"large": {E: 300}, "medium": {E: 100}, "small": {E: 10}}),
	],
)
def test_other_sector_thresholds(standards, key, thresholds):
	assert standards.by_key(key).thresholds == thresholds


def test_no_prefix_is_claimed_twice(raw):
	claimed = {}
	for row in raw["sectors"]:
		for prefix in row["industry_prefixes"]:
			assert prefix not in claimed, f"{prefix} in {claimed.get(prefix)} and {row['key']}"
			claimed[prefix] = row["key"]
	for row in raw["not_covered"]:
		assert row["prefix"] not in claimed, row
	# Nested prefixes across sectors are deliberate and resolved by the longest match; list them
	# so that a new one is a conscious decision.
	nested = sorted(
		(short, long)
		for short in claimed
		for long in claimed
		if short != long and long.startswith(short) and claimed[short] != claimed[long]
	)
	assert nested == []


def test_loader_rejects_a_prefix_claimed_by_two_sectors(raw):
	sectors = [dict(row) for row in raw["sectors"]]
	sectors[0] = {**sectors[0], "industry_prefixes": ["A", "C"]}
	with pytest.raises(SizeStandardError) as info:
		load_standards({"sectors": sectors})
	assert info.value.code == "overlapping_prefix"
	assert info.value.params["prefix"] == "C"


def test_loader_accepts_a_list_and_a_new_version_of_a_sector(raw):
	revised = {**raw["sectors"][1], "effective_from": "2026-01-01"}
	revised["thresholds"] = {**revised["thresholds"], "large": {E: 1500, Y: 50000}}
	old = {**raw["sectors"][1], "effective_to": "2025-12-31"}
	standards = load_standards([old, revised])
	assert len(standards) == 2
	assert sector_for_industry("C3879", standards, on=dt.date(2025, 6, 1)).thresholds["large"][E] == 1000
	assert sector_for_industry("C3879", standards, on=dt.date(2026, 6, 1)).thresholds["large"][E] == 1500
	assert sector_for_industry("C3879", standards).thresholds["large"][E] == 1500
	assert sector_for_industry("C3879", standards, on=dt.date(2017, 6, 1)) is None


@pytest.mark.parametrize(
	"change, code",
	[
		({"measures": ["employees", "headcount"]}, "unknown_measure"),
		({"combine": "most"}, "unknown_combine"),
		({"thresholds": {"large": {E: 1000, Y: 40000}, "medium": {E: 300, Y: 2000}}}, "tiers"),
		(
			{"thresholds": {"large": {E: 1000}, "medium": {E: 300, Y: 2000}, "small": {E: 20, Y: 300}}},
			"tier_measures",
		),
		(
			{
				"thresholds": {
					"large": {E: 1000, Y: 40000},
					"medium": {E: 3000, Y: 2000},
					"small": {E: 20, Y: 300},
				}
			},
			"bounds_not_falling",
		),
		({"industry_prefixes": []}, "no_prefixes"),
	],
)
def test_loader_rejects_malformed_sectors(raw, change, code):
	with pytest.raises(SizeStandardError) as info:
		load_standards([{**raw["sectors"][1], **change}])
	assert info.value.code == code


# -- industry codes --------------------------------------------------------------------------


@pytest.mark.parametrize(
	"code, key",
	[
		("C3879", "industry"),  # LED driver power supplies
		("C3825", "industry"),  # photovoltaic cells and modules
		("c 3879", "industry"),
		("3879", "industry"),
		("Ｃ３８２５", "industry"),
		("B0610", "industry"),
		("D4411", "industry"),
		("C", "industry"),
		("A0111", "agriculture"),
		("E4710", "construction"),
		("F5123", "wholesale"),
		("F5211", "retail"),
		("G5411", "transport"),
		("G5910", "transport"),  # 装卸搬运 goes with transport
		("G5920", "warehousing"),
		("G5990", "warehousing"),
		("G6010", "postal"),
		("H6110", "accommodation"),
		("H6210", "catering"),
		("I6311", "information_transmission"),
		("I6421", "information_transmission"),
		("I6513", "software_it_services"),
		("K7010", "real_estate_development"),
		("K7020", "property_management"),
		("K7030", "other"),
		("K7090", "other"),
		("L7212", "leasing_business_services"),
		("M7320", "other"),
		("Q8510", "other"),
		("R8610", "other"),
	],
)
def test_sector_for_industry(standards, code, key):
	sector = sector_for_industry(code, standards)
	assert sector is not None, code
	assert sector.key == key


@pytest.mark.parametrize(
	"code",
	["G5310", "J6620", "K7040", "P8310", "Q8411", "S9110", "T9700", "G59", "G", "K70", "Q"],
)
def test_industries_not_covered_or_too_coarse(standards, code):
	assert sector_for_industry(code, standards) is None


@pytest.mark.parametrize("code", ["F3879", "X12", "C38790", "", "38a", "99"])
def test_invalid_industry_codes(standards, code):
	with pytest.raises(SizeStandardError) as info:
		sector_for_industry(code, standards)
	assert info.value.code == "invalid_industry_code"


def test_normalize_industry_code():
	assert normalize_industry_code(" c3879 ") == "C3879"
	assert normalize_industry_code("3825") == "C3825"
	assert normalize_industry_code("G591") == "G591"


# -- classification --------------------------------------------------------------------------


@pytest.mark.parametrize(
	"employees, revenue, expected",
	[
		(1200, 30000, "Medium"),
		(250, 50000, "Small"),
		(19, 100000, "Micro"),
		(1000, 40000, "Large"),
		(999, 40000, "Medium"),
		(1000, 39999.99, "Medium"),
		(300, 2000, "Medium"),
		(299, 2000, "Small"),
		(300, 1999.99, "Small"),
		(20, 300, "Small"),
		(20, 299.99, "Micro"),
		(19, 300, "Micro"),
		(0, 0, "Micro"),
		(5000, 1000000, "Large"),
	],
)
def test_industry_edges(industry, employees, revenue, expected):
	assert size(industry, employees=employees, operating_revenue=revenue) == expected


def test_pinned_examples_are_in_the_industry_sector(standards):
	for code in ("C3879", "C3825", "B0610"):
		sector = sector_for_industry(code, standards)
		assert sector.key == "industry"
	result = classify_enterprise("C3879", {E: 1200, Y: 30000}, standards)
	assert result.size_class == "Medium"


def test_result_explains_the_tier(industry):
	result = classify_size({E: 1200, Y: 30000}, industry)
	assert result.reason == "meets_medium"
	assert result.sector_key == "industry"
	assert [(s.tier, s.measure, s.value, s.bound) for s in result.shortfalls] == [("large", Y, 30000, 40000)]
	micro = classify_size({E: 19, Y: 100000}, industry)
	assert micro.reason == "below_small"
	assert [(s.tier, s.measure) for s in micro.shortfalls] == [("large", E), ("medium", E), ("small", E)]
	assert classify_size({E: 1000, Y: 40000}, industry).reason == "meets_large"


def test_missing_measure_gives_unknown_not_a_guess(industry):
	result = classify_size({E: 1200}, industry)
	assert result.size_class is None
	assert result.reason == "missing_measures"
	assert result.missing == (Y,)
	both = classify_size({E: None, "total_assets": 5}, industry)
	assert both.size_class is None
	assert both.missing == (E, Y)


def test_measures_the_sector_does_not_use_are_ignored(industry, standards):
	assert size(industry, employees=1200, operating_revenue=30000, total_assets=None) == "Medium"
	other = standards.by_key("other")
	assert size(other, employees=300) == "Large"
	assert size(other, employees=299) == "Medium"
	assert size(other, employees=10) == "Small"
	assert size(other, employees=9) == "Micro"


def test_assets_sectors(standards):
	construction = standards.by_key("construction")
	assert size(construction, operating_revenue=80000, total_assets=80000) == "Large"
	assert size(construction, operating_revenue=80000, total_assets=79999) == "Medium"
	assert size(construction, operating_revenue=300, total_assets=299) == "Micro"
	assert classify_size({Y: 80000}, construction).missing == (Z,)
	leasing = standards.by_key("leasing_business_services")
	assert size(leasing, employees=300, total_assets=120000) == "Large"
	assert size(leasing, employees=10, total_assets=100) == "Small"


def test_decimal_and_integer_values(industry):
	assert size(industry, employees=1000, operating_revenue=Decimal("40000.00")) == "Large"
	assert size(industry, employees=20, operating_revenue=Decimal("299.99")) == "Micro"


@pytest.mark.parametrize("value", [-1, "1200", True, float("nan")])
def test_bad_measure_values_are_errors(industry, value):
	with pytest.raises(SizeStandardError) as info:
		classify_size({E: value, Y: 30000}, industry)
	assert info.value.code == "invalid_measure"


def test_combine_any_is_read_from_the_data():
	sector = Sector(
		key="example",
		name="示例",
		industry_prefixes=("Z",),
		measures=(E, Y),
		combine="any",
		thresholds={"large": {E: 1000, Y: 40000}, "medium": {E: 300, Y: 2000}, "small": {E: 20, Y: 300}},
	)
	assert size(sector, employees=1200, operating_revenue=10) == "Large"
	assert size(sector, employees=19, operating_revenue=2000) == "Medium"
	assert size(sector, employees=19, operating_revenue=299) == "Micro"


def test_classify_enterprise_without_a_sector(standards):
	result = classify_enterprise("J6620", {E: 10, Y: 10}, standards)
	assert result.size_class is None
	assert result.reason == "no_sector"


@pytest.mark.parametrize(
	"measure, value, text",
	[
		(EMPLOYEES, 860.0, "860"),  # a head count is never shown as 860.0
		(EMPLOYEES, 1000, "1,000"),
		(EMPLOYEES, Decimal("300"), "300"),
		(OPERATING_REVENUE, 1999.5, "1,999.5"),
		(OPERATING_REVENUE, 40000.0, "40,000"),
		(TOTAL_ASSETS, 12.345, "12.35"),
		(TOTAL_ASSETS, 0.1 + 0.2, "0.3"),
	],
)
def test_format_measure(measure, value, text):
	assert format_measure(measure, value) == text
