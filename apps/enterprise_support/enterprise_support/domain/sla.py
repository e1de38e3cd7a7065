"""SLA rules for support cases: working time, deadlines, pauses, status and escalation.

Pure functions over a :class:`~enterprise_support.domain.working_days.WorkCalendar`. Every
datetime is naive, in the site's local time (Asia/Shanghai); an aware datetime is refused
rather than silently compared with naive ones. Whole calendar days are working days or not
(there are no office hours). A date in a year without a calendar raises the calendar's
:class:`~enterprise_support.domain.working_days.CalendarMissingError`: nothing here guesses.

Time limits count working days after the day of receipt (12345 / 接诉即办 practice) and a
deadline is the end of its due day, 23:59:59. Comparisons with a deadline are made to the
whole second, so anything during the last second of the due day (23:59:59.999) is on time.

Escalation (督办) for the scheduled job: one working day before the deadline the handler is
warned; once overdue the case goes to the department head and the service officer (level 1);
two working days after the due date, still unresolved, to the responsible leader (level 2).
:func:`escalation_step` decides one case; :func:`thresholds` turns the same rules into dates
so that the job can apply each step to every open case with one SQL statement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from enterprise_support.domain.case_workflow import (
	DRAFT,
	FINAL_STATES,
	PAUSED_STATES,
	RESOLVED,
)
from enterprise_support.domain.working_days import WorkCalendar, due_date, end_of_day

SECONDS_PER_DAY = 86400

ON_TRACK = "On Track"
DUE_SOON = "Due Soon"
OVERDUE = "Overdue"
MET = "Met"
MISSED = "Missed"
PAUSED = "Paused"
STATUSES = (ON_TRACK, DUE_SOON, OVERDUE, MET, MISSED, PAUSED)

WARN = "warn"
ESCALATE_1 = "escalate_1"
ESCALATE_2 = "escalate_2"

# Who is told at each step. The Frappe layer maps these to the case's people.
HANDLER = "handler"
DEPARTMENT_HEAD = "department_head"
SERVICE_OFFICER = "service_officer"
RESPONSIBLE_LEADER = "responsible_leader"

# The warning goes out when the due date is at most this many working days away.
WARN_WORKING_DAYS = 1
# Level 2 once the due date is this many working days in the past.
ESCALATE_2_AFTER_WORKING_DAYS = 2

# States in which nobody is warned or escalated: finished, paused (waiting for the
# enterprise), resolved and awaiting closure (the resolution is done), or not yet submitted.
QUIET_STATES = frozenset(FINAL_STATES | PAUSED_STATES | {RESOLVED, DRAFT})


class SlaError(ValueError):
	"""An SLA computation was given something it cannot use; ``code`` names what."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


def _naive(value: dt.datetime, name: str) -> dt.datetime:
	if not isinstance(value, dt.datetime):
		raise SlaError("not_a_datetime", f"{name} must be a datetime, not {type(value).__name__}", name=name)
	if value.tzinfo is not None:
		raise SlaError("aware_datetime", f"{name} must be a naive local (Asia/Shanghai) datetime", name=name)
	return value


def _to_second(value: dt.datetime) -> dt.datetime:
	return value.replace(microsecond=0)


def _is_late(moment: dt.datetime, due: dt.datetime) -> bool:
	"""Whether ``moment`` is after ``due``, to the whole second."""
	return _to_second(moment) > _to_second(due)


# -- working time ------------------------------------------------------------------------


def working_seconds_between(calendar: WorkCalendar, start: dt.datetime, end: dt.datetime) -> int:
	"""Seconds of [start, end) that fall on working days (whole days; no office hours).

	``end`` before ``start`` is an error (``code == "end_before_start"``); equal gives 0.
	Fractions of a second are dropped from the total.
	"""
	start, end = _naive(start, "start"), _naive(end, "end")
	if end < start:
		raise SlaError(
			"end_before_start", "the end of a period cannot be before its start", start=start, end=end
		)
	first, last = start.date(), end.date()
	if first == last:
		return (end - start) // dt.timedelta(seconds=1) if calendar.is_working_day(first) else 0
	total = dt.timedelta(0)
	if calendar.is_working_day(first):
		total += dt.datetime.combine(first + dt.timedelta(days=1), dt.time()) - start
	# Whole working days strictly between the first and the last day.
	whole = calendar.working_days_between(first, last) - (1 if calendar.is_working_day(last) else 0)
	total += dt.timedelta(days=whole)
	if calendar.is_working_day(last):
		total += end - dt.datetime.combine(last, dt.time())
	return total // dt.timedelta(seconds=1)


def working_days_spent(calendar: WorkCalendar, start: dt.datetime, end: dt.datetime) -> float:
	"""Working time in [start, end) in days (86,400 s each), rounded to 2 decimals."""
	return round(working_seconds_between(calendar, start, end) / SECONDS_PER_DAY, 2)


# -- deadlines and pauses ----------------------------------------------------------------


@dataclass(frozen=True)
class Deadlines:
	response_due: dt.datetime
	resolution_due: dt.datetime


def deadlines(
	calendar: WorkCalendar,
	received_on: dt.datetime,
	response_limit_days: int,
	resolution_limit_days: int,
	paused_working_days: int = 0,
) -> Deadlines:
	"""Response and resolution deadlines of a case received at ``received_on``.

	Limits are working days after the day of receipt (that day is not counted); working days
	spent paused are added to the resolution deadline only. Each deadline is the end
	(23:59:59) of its due day, which is always a working day. Negative limits or pauses raise
	the calendar's ``CalendarError`` (``code == "negative_limit"``).
	"""
	received_on = _naive(received_on, "received_on")
	return Deadlines(
		response_due=end_of_day(due_date(calendar, received_on, response_limit_days)),
		resolution_due=end_of_day(
			due_date(calendar, received_on, resolution_limit_days, paused_working_days)
		),
	)


def paused_working_days(calendar: WorkCalendar, paused_since: dt.datetime, resumed_at: dt.datetime) -> int:
	"""Whole working days a pause stopped the clock: working days in (pause day, resume day].

	A resumption is treated like a fresh receipt: the day the pause began was already being
	worked and stays counted, while the resume day is given back, just as the day of receipt
	is not counted. So a pause that begins and ends on the same day adds 0, Friday to Monday
	adds 1, and a pause that ends on a day off adds nothing for that day. Add up the result
	of each pause and pass the sum to :func:`deadlines`.
	"""
	paused_since, resumed_at = _naive(paused_since, "paused_since"), _naive(resumed_at, "resumed_at")
	if resumed_at < paused_since:
		raise SlaError(
			"end_before_start",
			"a pause cannot end before it begins",
			start=paused_since,
			end=resumed_at,
		)
	return calendar.working_days_between(paused_since.date(), resumed_at.date())


# -- status ------------------------------------------------------------------------------


def _last_day_within(calendar: WorkCalendar, today: dt.date, working_days: int) -> dt.date:
	"""The last date ``d`` with ``working_days_between(today, d) <= working_days``."""
	return calendar.add_working_days(today, working_days + 1) - dt.timedelta(days=1)


def sla_status(
	calendar: WorkCalendar,
	now: dt.datetime,
	resolution_due: dt.datetime,
	resolved_on: dt.datetime | None = None,
	state: str | None = None,
	due_soon_working_days: int = 1,
) -> str:
	"""The resolution SLA status of a case, one of :data:`STATUSES`.

	Resolved (``resolved_on`` given): Met when resolved by the due second, else Missed.
	Paused state: Paused. Open: Overdue after the due second; Due Soon when the due date is
	at most ``due_soon_working_days`` working days after today (with 1: due today or on the
	next working day); otherwise On Track. A case in a final state without ``resolved_on``
	is an error (``code == "final_without_end"``): pass the time it was rejected or merged.
	"""
	now, resolution_due = _naive(now, "now"), _naive(resolution_due, "resolution_due")
	if due_soon_working_days < 0:
		raise SlaError("negative_limit", "due_soon_working_days cannot be negative")
	if resolved_on is not None:
		return MISSED if _is_late(_naive(resolved_on, "resolved_on"), resolution_due) else MET
	if state in FINAL_STATES:
		raise SlaError(
			"final_without_end",
			f"a case in the final state {state!r} needs the time it ended as resolved_on",
			state=state,
		)
	if state in PAUSED_STATES:
		return PAUSED
	if _is_late(now, resolution_due):
		return OVERDUE
	if resolution_due.date() <= _last_day_within(calendar, now.date(), due_soon_working_days):
		return DUE_SOON
	return ON_TRACK


def response_status(now: dt.datetime, response_due: dt.datetime, responded_on: dt.datetime | None) -> str:
	"""Met / Missed once responded (by the due second or not); Overdue / On Track before."""
	now, response_due = _naive(now, "now"), _naive(response_due, "response_due")
	if responded_on is not None:
		return MISSED if _is_late(_naive(responded_on, "responded_on"), response_due) else MET
	return OVERDUE if _is_late(now, response_due) else ON_TRACK


# -- escalation --------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
	"""What the escalation job does to a case now.

	``action`` is WARN, ESCALATE_1 or ESCALATE_2; ``level`` is the case's escalation level
	after the step (unchanged by a warning); ``notify`` names who is told.
	"""

	action: str
	level: int
	notify: tuple[str, ...]


def escalation_step(
	calendar: WorkCalendar,
	now: dt.datetime,
	resolution_due: dt.datetime,
	level: int,
	warned: bool,
	state: str | None,
) -> Step | None:
	"""The escalation step due for one case at ``now``, or None.

	- Cases in :data:`QUIET_STATES` (final, paused, resolved, draft): None.
	- Overdue and level 0: ESCALATE_1 (督办 to the department head and service officer).
	- Overdue, level 1 and ``working_days_between(due date, today) >= 2``: ESCALATE_2 (to the
	  responsible leader). Level 2 is the last.
	- Not overdue, not yet warned and the due date at most one working day after today (due
	  today, or today is the last working day before it): WARN the handler.

	A case moves at most one step per call; the job calls it again on its next run.
	"""
	now, resolution_due = _naive(now, "now"), _naive(resolution_due, "resolution_due")
	if level < 0:
		raise SlaError("negative_level", "an escalation level cannot be negative", level=level)
	if state in QUIET_STATES:
		return None
	today, due_day = now.date(), resolution_due.date()
	if _is_late(now, resolution_due):
		if level == 0:
			return Step(ESCALATE_1, 1, (DEPARTMENT_HEAD, SERVICE_OFFICER))
		if level == 1 and calendar.working_days_between(due_day, today) >= ESCALATE_2_AFTER_WORKING_DAYS:
			return Step(ESCALATE_2, 2, (RESPONSIBLE_LEADER,))
		return None
	if not warned and calendar.working_days_between(today, due_day) <= WARN_WORKING_DAYS:
		return Step(WARN, level, (HANDLER,))
	return None


@dataclass(frozen=True)
class Thresholds:
	"""Cut-offs at one moment that turn :func:`escalation_step` into three SQL statements.

	Run them in this order, each restricted to ``state not in QUIET_STATES``, so that a case
	moves at most one step per run, exactly as :func:`escalation_step` decides::

	    -- ESCALATE_2
	    ... where level = 1 and date(resolution_due) < %(escalate_2_before)s
	    -- ESCALATE_1
	    ... where level = 0 and resolution_due < %(overdue_before)s
	    -- WARN
	    ... where not warned and resolution_due >= %(overdue_before)s
	        and date(resolution_due) <= %(warn_until)s

	``due_soon_until`` is the same cut-off for the "Due Soon" status: an open case due at or
	after ``overdue_before`` whose due date is <= ``due_soon_until`` is Due Soon.
	"""

	warn_until: dt.date
	overdue_before: dt.datetime
	escalate_2_before: dt.date
	due_soon_until: dt.date


def thresholds(calendar: WorkCalendar, now: dt.datetime, due_soon_working_days: int = 1) -> Thresholds:
	"""The :class:`Thresholds` at ``now``.

	Needs the calendar a few working days either side of today, so in the last days of a
	year it raises ``CalendarMissingError`` until the next year's arrangement is entered.
	"""
	now = _naive(now, "now")
	if due_soon_working_days < 0:
		raise SlaError("negative_limit", "due_soon_working_days cannot be negative")
	today = now.date()
	# The latest working day on or before today, then the working days before it: a due date
	# before the second of them has at least two working days in (due date, today].
	latest = today if calendar.is_working_day(today) else calendar.add_working_days(today, -1)
	escalate_2_before = calendar.add_working_days(latest, -(ESCALATE_2_AFTER_WORKING_DAYS - 1))
	return Thresholds(
		warn_until=_last_day_within(calendar, today, WARN_WORKING_DAYS),
		overdue_before=_to_second(now),
		escalate_2_before=escalate_2_before,
		due_soon_until=_last_day_within(calendar, today, due_soon_working_days),
	)
