import datetime as dt

import pytest

from enterprise_support.domain import visit_coverage as vc
from enterprise_support.domain.visit_coverage import (
	ALL,
	DEFAULT_RULES,
	DUE,
	HALF_YEAR,
	KEY_ENTERPRISE,
	MIN_DESIGNATION_TIER,
	MONTH,
	OVERDUE,
	QUARTER,
	VISITED,
	YEAR,
	Coverage,
	CoverageError,
	CoverageRule,
	Tally,
	coverage_status,
	current_period_zh,
	period_bounds,
	period_label_zh,
	previous_period_bounds,
	rule_for,
	tally,
)

D = dt.date


# -- periods ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	"day, period, bounds",
	[
		(D(2026, 3, 31), QUARTER, (D(2026, 1, 1), D(2026, 3, 31))),
		(D(2026, 4, 1), QUARTER, (D(2026, 4, 1), D(2026, 6, 30))),
		(D(2026, 1, 1), QUARTER, (D(2026, 1, 1), D(2026, 3, 31))),
		(D(2026, 8, 15), QUARTER, (D(2026, 7, 1), D(2026, 9, 30))),
		(D(2026, 12, 31), QUARTER, (D(2026, 10, 1), D(2026, 12, 31))),
		(D(2026, 6, 30), HALF_YEAR, (D(2026, 1, 1), D(2026, 6, 30))),
		(D(2026, 7, 1), HALF_YEAR, (D(2026, 7, 1), D(2026, 12, 31))),
		(D(2026, 11, 28), YEAR, (D(2026, 1, 1), D(2026, 12, 31))),
		(D(2024, 2, 10), MONTH, (D(2024, 2, 1), D(2024, 2, 29))),
		(D(2026, 2, 10), MONTH, (D(2026, 2, 1), D(2026, 2, 28))),
		(D(2026, 12, 5), MONTH, (D(2026, 12, 1), D(2026, 12, 31))),
		(D(2024, 2, 29), QUARTER, (D(2024, 1, 1), D(2024, 3, 31))),
	],
)
def test_period_bounds_are_calendar_periods(day, period, bounds):
	assert period_bounds(day, period) == bounds


def test_previous_period_crosses_the_year():
	assert previous_period_bounds(D(2026, 2, 1), QUARTER) == (D(2025, 10, 1), D(2025, 12, 31))
	assert previous_period_bounds(D(2026, 1, 1), MONTH) == (D(2025, 12, 1), D(2025, 12, 31))
	assert previous_period_bounds(D(2026, 3, 1), MONTH) == (D(2026, 2, 1), D(2026, 2, 28))
	assert previous_period_bounds(D(2026, 7, 1), HALF_YEAR) == (D(2026, 1, 1), D(2026, 6, 30))
	assert previous_period_bounds(D(2026, 7, 1), YEAR) == (D(2025, 1, 1), D(2025, 12, 31))


def test_an_unknown_period_is_an_error():
	with pytest.raises(CoverageError) as err:
		period_bounds(D(2026, 1, 1), "Fortnight")
	assert err.value.code == "bad_period"


@pytest.mark.parametrize(
	"period, day, label",
	[
		(QUARTER, D(2026, 10, 1), "2026年第四季度"),
		(QUARTER, D(2026, 3, 31), "2026年第一季度"),
		(QUARTER, D(2026, 5, 2), "2026年第二季度"),
		(QUARTER, D(2026, 9, 30), "2026年第三季度"),
		(HALF_YEAR, D(2026, 7, 1), "2026年下半年"),
		(HALF_YEAR, D(2026, 6, 30), "2026年上半年"),
		(YEAR, D(2026, 11, 28), "2026年"),
		(MONTH, D(2026, 11, 28), "2026年11月"),
	],
)
def test_period_labels_in_chinese(period, day, label):
	assert period_label_zh(period, day) == label


def test_current_period_words():
	assert [current_period_zh(p) for p in (MONTH, QUARTER, HALF_YEAR, YEAR)] == [
		"本月",
		"本季度",
		"本半年",
		"本年度",
	]


# -- status -------------------------------------------------------------------------------


def test_visited_on_the_first_day_of_the_quarter():
	assert coverage_status(D(2026, 4, 1), D(2026, 6, 30), QUARTER) == Coverage(
		VISITED, QUARTER, D(2026, 4, 1), D(2026, 6, 30), D(2026, 4, 1)
	)


def test_visited_today_on_the_last_day_of_the_quarter():
	assert coverage_status(D(2026, 3, 31), D(2026, 3, 31), QUARTER).status == VISITED


def test_last_day_of_the_previous_quarter_makes_the_next_one_due():
	cov = coverage_status(D(2026, 3, 31), D(2026, 4, 1), QUARTER)
	assert cov == Coverage(DUE, QUARTER, D(2026, 4, 1), D(2026, 6, 30), D(2026, 3, 31))


def test_first_day_of_the_previous_quarter_is_still_due():
	assert coverage_status(D(2026, 1, 1), D(2026, 6, 30), QUARTER).status == DUE


def test_a_whole_quarter_missed_is_overdue():
	# visited in Q4 2025, nothing in Q1 2026, today is the first day of Q2
	assert coverage_status(D(2025, 12, 31), D(2026, 4, 1), QUARTER).status == OVERDUE
	assert coverage_status(D(2025, 12, 31), D(2026, 3, 31), QUARTER).status == DUE


def test_never_visited_is_overdue_and_due_by_the_period_end():
	cov = coverage_status(None, D(2026, 11, 28), QUARTER)
	assert cov == Coverage(OVERDUE, QUARTER, D(2026, 10, 1), D(2026, 12, 31), None)


def test_leap_day_visits_and_months():
	assert coverage_status(D(2024, 2, 29), D(2024, 2, 29), MONTH).status == VISITED
	assert coverage_status(D(2024, 2, 29), D(2024, 3, 1), MONTH).status == DUE
	assert coverage_status(D(2024, 1, 31), D(2024, 3, 1), MONTH).status == OVERDUE
	assert coverage_status(D(2024, 2, 28), D(2024, 2, 29), MONTH).period_end == D(2024, 2, 29)


def test_yearly_and_half_yearly():
	assert coverage_status(D(2025, 1, 1), D(2026, 12, 31), YEAR).status == DUE
	assert coverage_status(D(2024, 12, 31), D(2026, 1, 1), YEAR).status == OVERDUE
	assert coverage_status(D(2026, 1, 1), D(2026, 12, 31), HALF_YEAR).status == DUE
	assert coverage_status(D(2025, 12, 31), D(2026, 7, 1), HALF_YEAR).status == OVERDUE


def test_a_visit_after_today_is_an_error():
	with pytest.raises(CoverageError) as err:
		coverage_status(D(2026, 11, 29), D(2026, 11, 28), QUARTER)
	assert err.value.code == "visit_after_today"


def test_tally_for_an_officer_report():
	today = D(2026, 11, 28)
	items = [
		coverage_status(D(2026, 10, 2), today, QUARTER),
		coverage_status(D(2026, 9, 2), today, QUARTER),
		coverage_status(None, today, QUARTER),
		coverage_status(D(2025, 5, 1), today, YEAR),
		coverage_status(D(2026, 1, 1), today, YEAR),
	]
	result = tally(items)
	assert result == Tally(visited=2, due=2, overdue=1)
	assert result.total == 5
	assert tally([]) == Tally(0, 0, 0)


# -- rules --------------------------------------------------------------------------------


def test_default_rules():
	assert [(r.applies_to, r.min_tier_rank, r.period, r.enabled) for r in DEFAULT_RULES] == [
		(KEY_ENTERPRISE, None, QUARTER, True),
		(MIN_DESIGNATION_TIER, 2, QUARTER, True),
		(ALL, None, YEAR, True),
	]


def test_key_enterprise_quarterly_beats_the_yearly_rule():
	assert rule_for(True, None, DEFAULT_RULES) is DEFAULT_RULES[0]


def test_tier_rank_two_and_up_is_quarterly():
	assert rule_for(False, 2, DEFAULT_RULES) is DEFAULT_RULES[1]
	assert rule_for(False, 4, DEFAULT_RULES) is DEFAULT_RULES[1]


def test_low_or_no_tier_is_yearly():
	assert rule_for(False, 1, DEFAULT_RULES) is DEFAULT_RULES[2]
	assert rule_for(False, 0, DEFAULT_RULES) is DEFAULT_RULES[2]
	assert rule_for(False, None, DEFAULT_RULES) is DEFAULT_RULES[2]


def test_tie_goes_to_the_first_rule():
	assert rule_for(True, 3, DEFAULT_RULES) is DEFAULT_RULES[0]


def test_shortest_period_wins_whatever_the_order():
	monthly = CoverageRule("little giants monthly", MIN_DESIGNATION_TIER, 3, MONTH)
	rules = (*DEFAULT_RULES, monthly)
	assert rule_for(True, 3, rules) is monthly
	assert rule_for(True, 2, rules) is DEFAULT_RULES[0]


def test_disabled_rules_do_not_apply():
	rules = (
		CoverageRule("key", KEY_ENTERPRISE, None, QUARTER, enabled=False),
		CoverageRule("all", ALL, None, YEAR),
	)
	assert rule_for(True, None, rules) is rules[1]
	only_key = (rules[0],)
	assert rule_for(True, None, only_key) is None
	assert rule_for(False, 4, (CoverageRule("key", KEY_ENTERPRISE, None, QUARTER),)) is None
	assert rule_for(False, None, ()) is None


def test_bad_rules_are_errors():
	with pytest.raises(CoverageError) as err:
		rule_for(False, 2, (CoverageRule("tier", MIN_DESIGNATION_TIER, None, QUARTER),))
	assert err.value.code == "bad_min_tier_rank"
	with pytest.raises(CoverageError) as err:
		rule_for(False, 2, (CoverageRule("x", "Somebody", None, QUARTER),))
	assert err.value.code == "bad_applies_to"
	with pytest.raises(CoverageError) as err:
		rule_for(False, 2, (CoverageRule("x", ALL, None, "Weekly"),))
	assert err.value.code == "bad_period"


def test_the_module_does_not_import_frappe():
	import inspect

	assert "import frappe" not in inspect.getsource(vc)
