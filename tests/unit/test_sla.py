import datetime as dt

import pytest

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain.sla import (
	DEPARTMENT_HEAD,
	DUE_SOON,
	ESCALATE_1,
	ESCALATE_2,
	HANDLER,
	MET,
	MISSED,
	ON_TRACK,
	OVERDUE,
	PAUSED,
	QUIET_STATES,
	RESPONSIBLE_LEADER,
	SERVICE_OFFICER,
	WARN,
	Deadlines,
	SlaError,
	Step,
	deadlines,
	escalation_step,
	paused_working_days,
	response_status,
	sla_status,
	thresholds,
	working_days_spent,
	working_seconds_between,
)
from enterprise_support.domain.working_days import (
	CalendarError,
	CalendarMissingError,
	WorkCalendar,
	YearArrangement,
	official_arrangements,
)

D = dt.date
T = dt.datetime
DAY = dt.timedelta(days=1)
OFFICIAL = official_arrangements()
# A plain Monday-to-Friday 2027, for tests only: the sweep looks a few days past 2026-12-31.
PLAIN_2027 = YearArrangement(2027)


@pytest.fixture(scope="module")
def cal():
	return WorkCalendar([OFFICIAL[2025], OFFICIAL[2026]])


@pytest.fixture(scope="module")
def wide():
	return WorkCalendar([OFFICIAL[2025], OFFICIAL[2026], PLAIN_2027])


def test_the_calendar_is_the_announced_2026_arrangement(cal):
	assert len(OFFICIAL[2026].working_days()) == 248
	assert OFFICIAL[2026].make_up_days == {
		D(2026, 1, 4),
		D(2026, 2, 14),
		D(2026, 2, 28),
		D(2026, 5, 9),
		D(2026, 9, 20),
		D(2026, 10, 10),
	}
	assert not cal.is_working_day(D(2026, 2, 23)) and cal.is_working_day(D(2026, 2, 24))
	assert not cal.is_working_day(D(2026, 10, 7)) and cal.is_working_day(D(2026, 10, 8))


# -- working time ------------------------------------------------------------------------


def test_working_seconds_within_one_day(cal):
	assert working_seconds_between(cal, T(2026, 3, 2, 9), T(2026, 3, 2, 17, 30)) == 8.5 * 3600
	assert working_seconds_between(cal, T(2026, 3, 7, 9), T(2026, 3, 7, 17)) == 0  # Saturday
	assert working_seconds_between(cal, T(2026, 3, 2, 9), T(2026, 3, 2, 9)) == 0
	# Fractions of a second are dropped.
	assert working_seconds_between(cal, T(2026, 3, 2, 9), T(2026, 3, 2, 9, 0, 1, 999_999)) == 1


def test_working_seconds_across_a_weekend(cal):
	# Fri 2026-03-06 18:00 -> Mon 03-09 10:00: 6 h on Friday, the weekend is off, 10 h Monday.
	assert working_seconds_between(cal, T(2026, 3, 6, 18), T(2026, 3, 9, 10)) == 16 * 3600
	# [Fri 00:00, Mon 00:00) is exactly one working day.
	assert working_seconds_between(cal, T(2026, 3, 6), T(2026, 3, 9)) == 86400
	assert working_days_spent(cal, T(2026, 3, 6), T(2026, 3, 9)) == 1.0


def test_working_seconds_across_the_spring_festival(cal):
	# Fri 02-13 12:00 -> Tue 02-24 06:00: half of Friday, all of make-up Sat 02-14,
	# nothing for 02-15..02-23, a quarter of Tuesday.
	seconds = working_seconds_between(cal, T(2026, 2, 13, 12), T(2026, 2, 24, 6))
	assert seconds == 12 * 3600 + 86400 + 6 * 3600
	assert working_days_spent(cal, T(2026, 2, 13, 12), T(2026, 2, 24, 6)) == 1.75


def test_working_seconds_match_a_day_by_day_count(cal):
	start = T(2026, 9, 18, 7, 13, 5)
	for hours in range(0, 24 * 30, 7):
		end = start + dt.timedelta(hours=hours, minutes=11)
		expected, moment = 0, start
		while moment < end:
			step_end = min(end, T.combine(moment.date() + DAY, dt.time()))
			if cal.is_working_day(moment.date()):
				expected += int((step_end - moment).total_seconds())
			moment = step_end
		assert working_seconds_between(cal, start, end) == expected, end


def test_working_seconds_across_years(cal):
	# Wed 2025-12-31 12:00 -> Mon 2026-01-05 12:00: half of 12-31, 01-01..01-03 off,
	# Sun 01-04 is a make-up working day, half of 01-05.
	assert working_seconds_between(cal, T(2025, 12, 31, 12), T(2026, 1, 5, 12)) == 2 * 86400


def test_working_seconds_refuses_a_reversed_period(cal):
	with pytest.raises(SlaError) as err:
		working_seconds_between(cal, T(2026, 3, 3), T(2026, 3, 2))
	assert err.value.code == "end_before_start"


def test_aware_datetimes_are_refused(cal):
	shanghai = dt.timezone(dt.timedelta(hours=8))
	with pytest.raises(SlaError) as err:
		working_seconds_between(cal, T(2026, 3, 2, tzinfo=shanghai), T(2026, 3, 3))
	assert err.value.code == "aware_datetime"
	with pytest.raises(SlaError):
		deadlines(cal, T(2026, 3, 2, tzinfo=shanghai), 3, 7)


# -- deadlines ---------------------------------------------------------------------------


def test_enquiry_received_before_the_spring_festival(cal):
	# 咨询, 3 working days: Sat 02-14 (make-up) 1, Tue 02-24 2, Wed 02-25 3.
	due = deadlines(cal, T(2026, 2, 13, 10), 1, 3)
	assert due.resolution_due == T(2026, 2, 25, 23, 59, 59)
	assert due.response_due == T(2026, 2, 14, 23, 59, 59)


def test_help_request_received_before_national_day(cal):
	# 求助, 7 working days from Wed 09-30: 10-01..10-07 off; Thu 10-08 1, Fri 10-09 2,
	# Sat 10-10 (make-up) 3, Mon 10-12 4, Tue 10-13 5, Wed 10-14 6, Thu 10-15 7.
	due = deadlines(cal, T(2026, 9, 30, 15, 20), 1, 7)
	assert due == Deadlines(T(2026, 10, 8, 23, 59, 59), T(2026, 10, 15, 23, 59, 59))
	assert cal.working_days_between(D(2026, 9, 30), D(2026, 10, 15)) == 7


def test_pauses_extend_only_the_resolution_deadline(cal):
	plain = deadlines(cal, T(2026, 3, 2, 9), 1, 3)
	paused = deadlines(cal, T(2026, 3, 2, 9), 1, 3, paused_working_days=2)
	assert paused.response_due == plain.response_due == T(2026, 3, 3, 23, 59, 59)
	assert plain.resolution_due == T(2026, 3, 5, 23, 59, 59)
	assert paused.resolution_due == T(2026, 3, 9, 23, 59, 59)  # Fri 03-06, then Mon 03-09


def test_received_on_a_day_off(cal):
	# Received on Sun 2026-10-04 (holiday): day 1 is Thu 10-08.
	assert deadlines(cal, T(2026, 10, 4, 11), 1, 3).resolution_due == T(2026, 10, 10, 23, 59, 59)


def test_negative_limits_are_refused(cal):
	with pytest.raises(CalendarError) as err:
		deadlines(cal, T(2026, 3, 2), -1, 3)
	assert err.value.code == "negative_limit"


# -- pauses ------------------------------------------------------------------------------


def test_pause_within_one_day_adds_nothing(cal):
	assert paused_working_days(cal, T(2026, 3, 4, 9), T(2026, 3, 4, 17)) == 0


def test_pause_to_the_next_working_day_adds_one(cal):
	assert paused_working_days(cal, T(2026, 3, 4, 16), T(2026, 3, 5, 9)) == 1


def test_pause_across_a_weekend(cal):
	# Fri 03-06 -> Mon 03-09: only Monday is given back.
	assert paused_working_days(cal, T(2026, 3, 6, 16), T(2026, 3, 9, 9)) == 1
	# Fri 03-06 -> Sat 03-07: nothing lost.
	assert paused_working_days(cal, T(2026, 3, 6, 16), T(2026, 3, 7, 9)) == 0
	# Thu 03-05 -> Wed 03-11: Fri, Mon, Tue, Wed.
	assert paused_working_days(cal, T(2026, 3, 5, 10), T(2026, 3, 11, 10)) == 4


def test_pause_across_the_spring_festival(cal):
	# Thu 02-12 -> Wed 02-25: Fri 02-13, Sat 02-14 (make-up), Tue 02-24, Wed 02-25.
	assert paused_working_days(cal, T(2026, 2, 12, 10), T(2026, 2, 25, 10)) == 4
	# A pause entirely within the holiday costs nothing.
	assert paused_working_days(cal, T(2026, 2, 16, 10), T(2026, 2, 22, 10)) == 0


def test_pause_feeds_the_deadline(cal):
	received = T(2026, 3, 2, 9)  # Mon; 3 working days -> Thu 03-05
	pause = paused_working_days(cal, T(2026, 3, 3, 10), T(2026, 3, 6, 10))  # Wed, Thu, Fri
	assert pause == 3
	assert deadlines(cal, received, 1, 3, pause).resolution_due == T(2026, 3, 10, 23, 59, 59)


def test_reversed_pause_is_refused(cal):
	with pytest.raises(SlaError) as err:
		paused_working_days(cal, T(2026, 3, 5), T(2026, 3, 4))
	assert err.value.code == "end_before_start"


# -- status ------------------------------------------------------------------------------

DUE = T(2026, 2, 25, 23, 59, 59)  # Wed, the first-week-back deadline


def test_met_and_missed_at_the_due_second(cal):
	now = T(2026, 3, 1)
	assert sla_status(cal, now, DUE, resolved_on=DUE) == MET
	assert sla_status(cal, now, DUE, resolved_on=DUE.replace(microsecond=999_999)) == MET
	assert sla_status(cal, now, DUE, resolved_on=DUE + dt.timedelta(seconds=1)) == MISSED
	assert sla_status(cal, now, DUE, resolved_on=T(2026, 2, 14, 8)) == MET
	# Resolved wins over every state, including a final one.
	assert sla_status(cal, now, DUE, resolved_on=DUE, state=wf.CLOSED) == MET


def test_overdue_from_the_second_after_the_deadline(cal):
	assert sla_status(cal, DUE, DUE) == DUE_SOON
	assert sla_status(cal, DUE + dt.timedelta(seconds=1), DUE) == OVERDUE
	assert sla_status(cal, DUE, DUE, state=wf.IN_PROGRESS) == DUE_SOON


def test_paused_state(cal):
	assert sla_status(cal, DUE + DAY, DUE, state=wf.AWAITING_ENTERPRISE) == PAUSED


def test_final_state_without_an_end_is_an_error(cal):
	with pytest.raises(SlaError) as err:
		sla_status(cal, T(2026, 2, 20), DUE, state=wf.MERGED)
	assert err.value.code == "final_without_end"


def test_due_soon_the_working_day_before_across_the_spring_festival(cal):
	due = T(2026, 2, 24, 23, 59, 59)  # Tue, first working day after the holiday
	assert sla_status(cal, T(2026, 2, 13, 9), due) == ON_TRACK  # Fri: Sat 02-14 is still ahead
	assert sla_status(cal, T(2026, 2, 14, 9), due) == DUE_SOON  # make-up Sat, last before
	assert sla_status(cal, T(2026, 2, 18, 9), due) == DUE_SOON  # during the holiday
	assert sla_status(cal, T(2026, 2, 24, 23), due) == DUE_SOON
	assert sla_status(cal, T(2026, 2, 25, 0), due) == OVERDUE


def test_due_soon_the_working_day_before_across_a_weekend(cal):
	due = T(2026, 3, 9, 23, 59, 59)  # Mon
	assert sla_status(cal, T(2026, 3, 5, 9), due) == ON_TRACK  # Thu
	assert sla_status(cal, T(2026, 3, 6, 9), due) == DUE_SOON  # Fri
	assert sla_status(cal, T(2026, 3, 7, 9), due) == DUE_SOON  # Sat


def test_due_soon_across_national_day(cal):
	due = T(2026, 10, 8, 23, 59, 59)  # Thu, first working day after the holiday
	assert sla_status(cal, T(2026, 9, 29, 9), due) == ON_TRACK  # Tue: Wed 09-30 still ahead
	assert sla_status(cal, T(2026, 9, 30, 9), due) == DUE_SOON
	assert sla_status(cal, T(2026, 10, 3, 9), due) == DUE_SOON


def test_due_soon_window_is_configurable(cal):
	due = T(2026, 3, 11, 23, 59, 59)  # Wed
	assert sla_status(cal, T(2026, 3, 9, 9), due) == ON_TRACK  # Mon, 2 working days ahead
	assert sla_status(cal, T(2026, 3, 9, 9), due, due_soon_working_days=2) == DUE_SOON
	assert sla_status(cal, T(2026, 3, 10, 9), due, due_soon_working_days=0) == ON_TRACK
	assert sla_status(cal, T(2026, 3, 11, 9), due, due_soon_working_days=0) == DUE_SOON
	with pytest.raises(SlaError):
		sla_status(cal, T(2026, 3, 9, 9), due, due_soon_working_days=-1)


def test_response_status():
	due = T(2026, 3, 3, 23, 59, 59)
	assert response_status(T(2026, 3, 3, 12), due, None) == ON_TRACK
	assert response_status(due, due, None) == ON_TRACK
	assert response_status(due + dt.timedelta(seconds=1), due, None) == OVERDUE
	assert response_status(T(2026, 3, 9), due, due) == MET
	assert response_status(T(2026, 3, 9), due, due + dt.timedelta(seconds=1)) == MISSED


# -- escalation --------------------------------------------------------------------------


def _step(cal, now, due, level=0, warned=False, state=wf.IN_PROGRESS):
	step = escalation_step(cal, now, due, level, warned, state)
	return step.action if step else None


def test_warn_the_working_day_before_and_on_the_due_day(cal):
	due = T(2026, 3, 9, 23, 59, 59)  # Mon
	assert _step(cal, T(2026, 3, 5, 9), due) is None  # Thu
	assert escalation_step(cal, T(2026, 3, 6, 9), due, 0, False, wf.IN_PROGRESS) == Step(WARN, 0, (HANDLER,))
	assert _step(cal, T(2026, 3, 6, 9), due, warned=True) is None
	assert _step(cal, T(2026, 3, 9, 9), due) == WARN  # due day, not warned yet
	assert _step(cal, T(2026, 3, 9, 9), due, warned=True) is None


def test_warn_before_the_spring_festival_deadline(cal):
	due = T(2026, 2, 24, 23, 59, 59)
	assert _step(cal, T(2026, 2, 13, 9), due) is None
	assert _step(cal, T(2026, 2, 14, 9), due) == WARN  # make-up Saturday


def test_escalation_levels(cal):
	due = T(2026, 3, 9, 23, 59, 59)  # Mon
	assert escalation_step(cal, T(2026, 3, 10, 0), due, 0, True, wf.IN_PROGRESS) == Step(
		ESCALATE_1, 1, (DEPARTMENT_HEAD, SERVICE_OFFICER)
	)
	# Not warned, but overdue: escalate straight away.
	assert _step(cal, T(2026, 3, 10, 0), due, warned=False) == ESCALATE_1
	assert _step(cal, T(2026, 3, 10, 9), due, level=1) is None  # 1 working day after
	assert escalation_step(cal, T(2026, 3, 11, 0), due, 1, True, wf.IN_PROGRESS) == Step(
		ESCALATE_2, 2, (RESPONSIBLE_LEADER,)
	)
	assert _step(cal, T(2026, 3, 20), due, level=2) is None  # nothing beyond level 2
	# Level 0 that missed a run still goes to level 1 first.
	assert _step(cal, T(2026, 3, 20), due, level=0) == ESCALATE_1


def test_escalate_2_counts_working_days_after_the_due_date(cal):
	due = T(2026, 3, 6, 23, 59, 59)  # Fri
	assert _step(cal, T(2026, 3, 8, 12), due, level=1) is None  # Sun: 0 working days after
	assert _step(cal, T(2026, 3, 9, 12), due, level=1) is None  # Mon: 1
	assert _step(cal, T(2026, 3, 10, 0), due, level=1) == ESCALATE_2  # Tue: 2
	# Across the Spring Festival: due Fri 02-13, Sat 02-14 (make-up) is 1, Tue 02-24 is 2.
	feb = T(2026, 2, 13, 23, 59, 59)
	assert _step(cal, T(2026, 2, 20), feb, level=1) is None
	assert _step(cal, T(2026, 2, 24), feb, level=1) == ESCALATE_2


@pytest.mark.parametrize("state", sorted(QUIET_STATES))
def test_quiet_states_never_warn_or_escalate(cal, state):
	due = T(2026, 3, 9, 23, 59, 59)
	for now in (T(2026, 3, 9, 9), T(2026, 3, 10), T(2026, 3, 20)):
		for level in (0, 1):
			assert escalation_step(cal, now, due, level, False, state) is None


def test_quiet_states_cover_final_and_paused():
	assert wf.FINAL_STATES <= QUIET_STATES and wf.PAUSED_STATES <= QUIET_STATES
	assert wf.IN_PROGRESS not in QUIET_STATES and wf.REOPENED not in QUIET_STATES


def test_thresholds_examples(cal):
	now = T(2026, 2, 24, 10, 30, 15, 250)  # Tue, first working day after the Spring Festival
	th = thresholds(cal, now)
	assert th.overdue_before == T(2026, 2, 24, 10, 30, 15)
	assert th.warn_until == D(2026, 2, 25)
	assert th.due_soon_until == D(2026, 2, 25)
	# Two working days in (due, 02-24] means due before Sat 02-14: 02-14 and 02-24 follow it.
	assert th.escalate_2_before == D(2026, 2, 14)
	assert thresholds(cal, now, due_soon_working_days=3).due_soon_until == D(2026, 2, 27)
	# On a day off the window reaches the next working day.
	assert thresholds(cal, T(2026, 10, 3, 9)).warn_until == D(2026, 10, 8)


def _by_thresholds(th, due, level, warned):
	"""The three SQL statements of ``Thresholds``, in their order, for one row."""
	if level == 1 and due.date() < th.escalate_2_before:
		return ESCALATE_2
	if level == 0 and due < th.overdue_before:
		return ESCALATE_1
	if not warned and due >= th.overdue_before and due.date() <= th.warn_until:
		return WARN
	return None


def test_escalation_step_and_thresholds_agree_over_2026(wide):
	# Every day of 2026 at several times of day as "now", every due date from 12 days before
	# to 12 days after it (days off included), at the end of the day and at other moments.
	due_times = (dt.time(23, 59, 59), dt.time(0, 0), dt.time(12, 0, 0, 500_000))
	now_times = (dt.time(0, 0), dt.time(12, 0, 0, 700_000), dt.time(23, 59, 59))
	checked = 0
	day = D(2026, 1, 1)
	while day.year == 2026:
		for now_time in now_times:
			now = T.combine(day, now_time)
			th = thresholds(wide, now)
			for offset in range(-12, 13):
				for due_time in due_times:
					due = T.combine(day + offset * DAY, due_time)
					for level in (0, 1, 2):
						for warned in (False, True):
							step = escalation_step(wide, now, due, level, warned, wf.IN_PROGRESS)
							expected = step.action if step else None
							assert _by_thresholds(th, due, level, warned) == expected, (
								now,
								due,
								level,
								warned,
							)
							checked += 1
					if due_time == due_times[0]:
						status = sla_status(wide, now, due)
						soon = due >= th.overdue_before and due.date() <= th.due_soon_until
						assert (status == DUE_SOON) == soon, (now, due)
		day += DAY
	assert checked == 365 * 3 * 25 * 3 * 6


def test_the_sweep_sees_every_kind_of_step(wide):
	seen = set()
	day = D(2026, 1, 1)
	while day.year == 2026:
		for offset in range(-5, 5):
			for level in (0, 1):
				step = escalation_step(
					wide, T.combine(day, dt.time(9)), end_of(day + offset * DAY), level, False, None
				)
				seen.add(step.action if step else None)
		day += DAY
	assert seen == {None, WARN, ESCALATE_1, ESCALATE_2}


def end_of(day):
	return T.combine(day, dt.time(23, 59, 59))


# -- missing calendars -------------------------------------------------------------------


def test_a_year_without_calendar_is_an_error(cal):
	for call in (
		lambda: working_seconds_between(cal, T(2026, 12, 30), T(2027, 1, 5)),
		lambda: deadlines(cal, T(2026, 12, 28, 9), 1, 7),
		lambda: deadlines(cal, T(2027, 1, 4, 9), 1, 3),
		lambda: paused_working_days(cal, T(2026, 12, 30), T(2027, 1, 4)),
		lambda: sla_status(cal, T(2027, 1, 2), end_of(D(2027, 1, 4))),
		lambda: escalation_step(cal, T(2027, 1, 8), end_of(D(2026, 12, 31)), 1, True, None),
		lambda: thresholds(cal, T(2026, 12, 31, 9)),
	):
		with pytest.raises(CalendarMissingError) as err:
			call()
		assert err.value.year == 2027
	with pytest.raises(CalendarMissingError) as err:
		thresholds(WorkCalendar([OFFICIAL[2026]]), T(2026, 1, 4, 9))  # first working day of 2026
	assert err.value.year == 2025
