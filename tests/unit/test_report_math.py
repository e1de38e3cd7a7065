import datetime as dt
import random

import pytest

from enterprise_support.domain.report_math import (
	MomentsOnDay,
	mean,
	mean_working_days,
	months_between,
	share,
	summed_working_seconds,
	tree_depths,
	working_days_left,
)
from enterprise_support.domain.sla import working_seconds_between
from enterprise_support.domain.working_days import (
	CalendarMissingError,
	WorkCalendar,
	official_arrangements,
)

D = dt.date
T = dt.datetime
OFFICIAL = official_arrangements()


@pytest.fixture(scope="module")
def cal():
	return WorkCalendar([OFFICIAL[2025], OFFICIAL[2026]])


def test_share_and_mean_leave_empty_groups_blank():
	assert share(2, 3) == 66.7
	assert share(0, 4) == 0.0
	assert share(5, 0) is None and share(None, None) is None
	assert share(1, 8, digits=2) == 12.5
	assert mean(7, 2) == 3.5
	assert mean(10, 3) == 3.33
	assert mean(4, 0) is None and mean(None, None) is None


def _aggregate(moments):
	by_day = {}
	for moment in moments:
		count, seconds = by_day.get(moment.date(), (0, 0))
		by_day[moment.date()] = (
			count + 1,
			seconds + moment.hour * 3600 + moment.minute * 60 + moment.second,
		)
	return [MomentsOnDay(day, count, seconds) for day, (count, seconds) in by_day.items()]


def test_working_seconds_from_aggregates_equal_the_sla_rule_case_by_case(cal):
	rng = random.Random(7)
	pairs = []
	for _ in range(300):
		start = T(2025, 1, 2) + dt.timedelta(seconds=rng.randrange(0, 690 * 86400))
		end = start + dt.timedelta(seconds=rng.randrange(0, 40 * 86400))
		pairs.append((start, end))
	# Around the Spring Festival and a make-up Saturday (2026-02-14).
	pairs.append((T(2026, 2, 13, 17, 0, 0), T(2026, 2, 25, 9, 30, 0)))
	pairs.append((T(2026, 2, 14, 10, 0, 0), T(2026, 2, 14, 12, 0, 0)))
	pairs.append((T(2026, 2, 15, 10, 0, 0), T(2026, 2, 16, 12, 0, 0)))
	expected = sum(working_seconds_between(cal, s, e) for s, e in pairs)
	starts, ends = _aggregate(s for s, _ in pairs), _aggregate(e for _, e in pairs)
	origin = min(s.date() for s, _ in pairs)
	got = summed_working_seconds(cal, ends, origin) - summed_working_seconds(cal, starts, origin)
	assert got == expected
	assert mean_working_days(cal, starts, ends, len(pairs)) == round(expected / 86400 / len(pairs), 2)


def test_mean_working_days_of_known_cases(cal):
	# Fri 2026-02-13 17:00 -> Wed 2026-02-25 09:00: 7h on the 13th, the make-up Saturday
	# 14th, the 24th and 9h on the 25th: 7/24 + 1 + 1 + 9/24 = 2.67 working days.
	starts = [MomentsOnDay(D(2026, 2, 13), 1, 17 * 3600)]
	ends = [MomentsOnDay(D(2026, 2, 25), 1, 9 * 3600)]
	assert mean_working_days(cal, starts, ends, 1) == 2.67
	# Two cases on Monday 2026-03-02 09:00, answered at 15:00 the same day and at 09:00 the
	# next day: 0.25 and 1 working days, 0.63 on average (0.625 rounded half to even -> 0.62).
	starts = [MomentsOnDay(D(2026, 3, 2), 2, 2 * 9 * 3600)]
	ends = [MomentsOnDay(D(2026, 3, 2), 1, 15 * 3600), MomentsOnDay(D(2026, 3, 3), 1, 9 * 3600)]
	assert mean_working_days(cal, starts, ends, 2) == round(1.25 / 2, 2)
	assert mean_working_days(cal, [], [], 0) is None


def test_a_moment_in_a_year_without_calendar_is_an_error(cal):
	with pytest.raises(CalendarMissingError):
		summed_working_seconds(cal, [MomentsOnDay(D(2027, 1, 4), 1, 0)], D(2026, 12, 1))


def test_working_days_left(cal):
	monday = D(2026, 3, 2)
	assert working_days_left(cal, monday, monday) == 0
	assert working_days_left(cal, monday, D(2026, 3, 3)) == 1
	assert working_days_left(cal, monday, D(2026, 3, 9)) == 5
	assert working_days_left(cal, D(2026, 3, 6), D(2026, 3, 9)) == 1  # Friday -> Monday
	assert working_days_left(cal, D(2026, 3, 9), D(2026, 3, 6)) == -1  # overdue since Friday
	assert working_days_left(cal, D(2026, 3, 10), D(2026, 3, 6)) == -2
	assert working_days_left(cal, D(2026, 3, 7), D(2026, 3, 6)) == -1  # Saturday after it
	# Across the Spring Festival: due Fri 2026-02-13, today Wed 2026-02-25: the make-up
	# Saturday 14th, the 24th and the 25th are the working days since.
	assert working_days_left(cal, D(2026, 2, 25), D(2026, 2, 13)) == -3
	assert working_days_left(cal, D(2026, 2, 13), D(2026, 2, 25)) == 3


def test_tree_depths():
	nodes = [("chain", None), ("up", "chain"), ("cell", "up"), ("down", "chain"), ("other", None)]
	assert tree_depths(nodes) == {"chain": 0, "up": 1, "cell": 2, "down": 1, "other": 0}
	assert tree_depths([("link", "missing")]) == {"link": 0}


def test_months_between():
	assert months_between(D(2025, 11, 30), D(2026, 2, 1)) == ["2025-11", "2025-12", "2026-01", "2026-02"]
	assert months_between(D(2026, 3, 5), D(2026, 3, 6)) == ["2026-03"]
	assert months_between(D(2026, 3, 5), D(2026, 2, 6)) == []
