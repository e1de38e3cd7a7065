import datetime as dt

import pytest

from enterprise_support.domain.working_days import (
	DAY_OFF,
	MAKE_UP,
	CalendarError,
	CalendarMissingError,
	WorkCalendar,
	YearArrangement,
	arrangement_from_rows,
	due_date,
	names_of_official_days,
	official_arrangements,
)

D = dt.date


def _span(start: dt.date, end: dt.date) -> set[dt.date]:
	return {start + dt.timedelta(days=i) for i in range((end - start).days + 1)}


# The 2026 arrangement as the State Council announced it (shared/domain.md), typed in by hand
# so that the tests do not depend on the package they check.
DAYS_OFF_2026 = (
	_span(D(2026, 1, 1), D(2026, 1, 3))
	| _span(D(2026, 2, 15), D(2026, 2, 23))
	| _span(D(2026, 4, 4), D(2026, 4, 6))
	| _span(D(2026, 5, 1), D(2026, 5, 5))
	| _span(D(2026, 6, 19), D(2026, 6, 21))
	| _span(D(2026, 9, 25), D(2026, 9, 27))
	| _span(D(2026, 10, 1), D(2026, 10, 7))
)
MAKE_UP_2026 = {D(2026, 1, 4), D(2026, 2, 14), D(2026, 2, 28), D(2026, 5, 9), D(2026, 9, 20), D(2026, 10, 10)}
Y2026 = YearArrangement(2026, frozenset(DAYS_OFF_2026), frozenset(MAKE_UP_2026))


@pytest.fixture
def cal():
	return WorkCalendar([Y2026])


def test_2026_has_248_working_days():
	assert len(Y2026.working_days()) == 248


def test_worked_example_enquiry_received_before_spring_festival(cal):
	# Received Fri 2026-02-13; Sat 02-14 is a make-up working day (1), 02-15..02-23 are off,
	# Tue 02-24 (2), Wed 02-25 (3).
	assert cal.add_working_days(D(2026, 2, 13), 3) == D(2026, 2, 25)
	assert due_date(cal, dt.datetime(2026, 2, 13, 16, 45), 3) == D(2026, 2, 25)


def test_make_up_saturday_counts_and_ordinary_weekend_does_not(cal):
	assert cal.is_working_day(D(2026, 2, 14))  # Saturday, make-up
	assert cal.is_working_day(D(2026, 2, 28))  # Saturday, make-up
	assert not cal.is_working_day(D(2026, 3, 7))  # ordinary Saturday
	assert not cal.is_working_day(D(2026, 10, 5))  # Monday of the National Day holiday
	assert cal.is_working_day(D(2026, 10, 9))


def test_day_of_receipt_is_not_counted(cal):
	# Received on Monday: 1 working day later is Tuesday.
	assert cal.add_working_days(D(2026, 3, 2), 1) == D(2026, 3, 3)


def test_receipt_on_a_day_off_counts_from_the_next_working_day(cal):
	# Received Sunday 2026-10-04 (holiday): 1 -> Fri 10-08, 2 -> Fri 10-09, 3 -> Sat 10-10 (make-up).
	assert cal.add_working_days(D(2026, 10, 4), 1) == D(2026, 10, 8)
	assert cal.add_working_days(D(2026, 10, 4), 3) == D(2026, 10, 10)


def test_deadline_never_falls_on_a_day_off(cal):
	start = D(2026, 1, 1)
	for offset in range(365):
		received = start + dt.timedelta(days=offset)
		for limit in (1, 3, 7, 15):
			try:
				due = cal.add_working_days(received, limit)
			except CalendarMissingError:
				continue
			assert cal.is_working_day(due), (received, limit, due)
			assert cal.working_days_between(received, due) == limit


def test_zero_days_is_the_same_or_next_working_day(cal):
	assert cal.add_working_days(D(2026, 3, 4), 0) == D(2026, 3, 4)
	assert cal.add_working_days(D(2026, 3, 7), 0) == D(2026, 3, 9)


def test_negative_days_count_backwards(cal):
	assert cal.add_working_days(D(2026, 2, 25), -3) == D(2026, 2, 13)
	assert cal.add_working_days(D(2026, 2, 24), -1) == D(2026, 2, 14)


def test_working_days_between(cal):
	assert cal.working_days_between(D(2026, 2, 13), D(2026, 2, 25)) == 3
	assert cal.working_days_between(D(2026, 2, 25), D(2026, 2, 13)) == -3
	assert cal.working_days_between(D(2026, 2, 15), D(2026, 2, 23)) == 0
	assert cal.working_days_between(D(2026, 1, 1), D(2026, 12, 31)) == 248
	assert cal.working_days_between(D(2026, 5, 5), D(2026, 5, 5)) == 0


def test_a_year_without_calendar_is_a_clear_error(cal):
	with pytest.raises(CalendarMissingError) as err:
		cal.add_working_days(D(2027, 1, 4), 1)
	assert err.value.year == 2027
	assert "2027" in str(err.value)
	# Counting past the end of the last known year fails too, rather than guessing Mon-Fri.
	with pytest.raises(CalendarMissingError) as err:
		cal.add_working_days(D(2026, 12, 29), 5)
	assert err.value.year == 2027
	with pytest.raises(CalendarMissingError):
		cal.working_days_between(D(2026, 12, 1), D(2027, 1, 5))
	with pytest.raises(CalendarMissingError):
		cal.add_working_days(D(2026, 1, 5), -10)


def test_counting_across_years():
	y2027 = YearArrangement(2027, frozenset({D(2027, 1, 1)}), frozenset())
	cal = WorkCalendar([Y2026, y2027])
	# Thu 2026-12-31 + 1 -> Fri 2027-01-01 is off -> Mon 2027-01-04.
	assert cal.add_working_days(D(2026, 12, 31), 1) == D(2027, 1, 4)
	assert cal.working_days_between(D(2026, 12, 30), D(2027, 1, 4)) == 2


def test_a_gap_between_years_is_an_error():
	y2028 = YearArrangement(2028, frozenset(), frozenset())
	cal = WorkCalendar([Y2026, y2028])
	with pytest.raises(CalendarMissingError) as err:
		cal.add_working_days(D(2026, 12, 31), 2)
	assert err.value.year == 2027


def test_pauses_are_added_back(cal):
	assert due_date(cal, D(2026, 3, 2), 3) == D(2026, 3, 5)
	assert due_date(cal, D(2026, 3, 2), 3, paused_working_days=2) == D(2026, 3, 9)
	with pytest.raises(CalendarError):
		due_date(cal, D(2026, 3, 2), -1)


def test_arrangement_problems():
	bad = YearArrangement(
		2026,
		frozenset({D(2025, 12, 31), D(2026, 2, 14)}),
		frozenset({D(2026, 2, 14), D(2026, 3, 4)}),
	)
	codes = sorted(p.code for p in bad.problems())
	assert codes == ["both_off_and_make_up", "make_up_on_weekday", "wrong_year"]
	assert Y2026.problems() == []


def test_arrangement_from_rows():
	y = arrangement_from_rows(2026, [(D(2026, 1, 1), DAY_OFF), (D(2026, 1, 4), MAKE_UP)])
	assert y.days_off == {D(2026, 1, 1)} and y.make_up_days == {D(2026, 1, 4)}
	with pytest.raises(CalendarError):
		arrangement_from_rows(2026, [(D(2026, 1, 1), "holiday")])


def test_duplicate_year_rejected():
	with pytest.raises(CalendarError):
		WorkCalendar([Y2026, Y2026])


def test_official_data_matches_the_announcement():
	official = official_arrangements()
	assert official[2026].days_off == frozenset(DAYS_OFF_2026)
	assert official[2026].make_up_days == frozenset(MAKE_UP_2026)
	for year in (2025, 2026):
		assert len(official[year].working_days()) == 248, year
		assert official[year].problems() == []
	names = names_of_official_days()
	assert names[D(2026, 2, 17)] == "春节"
	assert names[D(2026, 10, 10)] == "国庆节"
