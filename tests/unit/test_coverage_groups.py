"""Visit coverage per group: the Visit Coverage report's arithmetic (domain/coverage_groups.py)."""

import datetime as dt

from enterprise_support.domain import visit_coverage as vc
from enterprise_support.domain.coverage_groups import GroupCoverage, group_coverage

TODAY = dt.date(2026, 9, 15)


def status(last_visit, period=vc.QUARTER):
	return vc.coverage_status(last_visit, TODAY, period)


def test_figures_per_group_with_the_unassigned_last():
	rows = group_coverage(
		[
			("wang", status(dt.date(2026, 8, 1))),  # visited this quarter
			("wang", status(dt.date(2025, 6, 1), vc.YEAR)),  # due this year
			("wang", status(None, vc.YEAR)),  # never: overdue
			(None, status(dt.date(2026, 5, 10))),  # due this quarter, no officer
			("li", status(dt.date(2024, 12, 1), vc.YEAR)),  # 2025 missed: overdue
		]
	)
	assert rows == [
		GroupCoverage("li", 1, 0, 0, 1),
		GroupCoverage("wang", 3, 1, 1, 1),
		GroupCoverage("", 1, 0, 1, 0),
	]
	assert [row.coverage_percent for row in rows] == [0.0, 33.3, 0.0]


def test_coverage_percent_rounds_to_one_decimal_and_is_zero_for_no_enterprises():
	assert GroupCoverage("a", 3, 2, 1, 0).coverage_percent == 66.7
	assert GroupCoverage("a", 8, 8, 0, 0).coverage_percent == 100.0
	assert GroupCoverage("a", 0, 0, 0, 0).coverage_percent == 0.0


def test_no_enterprises_no_groups():
	assert group_coverage([]) == []
