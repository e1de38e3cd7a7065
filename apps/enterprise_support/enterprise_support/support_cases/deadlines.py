"""The site's working-day calendar (from Work Calendar records) and deadlines counted on it."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe import _
from frappe.utils import get_datetime, getdate

from enterprise_support.domain import working_days as wd

CACHE_KEY = "enterprise_support:work_calendar"
# Work Calendar Day.day_type options and their meaning in the domain.
DAY_TYPES = {"Day Off": wd.DAY_OFF, "Make-up Working Day": wd.MAKE_UP}


VERSION_KEY = "enterprise_support:work_calendar_version"
# Built calendars kept by each worker process, per site, with the version they were built from:
# building one for twenty-odd years takes milliseconds, reading the version one Redis call.
_BUILT: dict[str, tuple[str, wd.WorkCalendar]] = {}


def clear_calendar_cache() -> None:
	frappe.cache.delete_value(CACHE_KEY)
	frappe.cache.set_value(VERSION_KEY, frappe.generate_hash(length=10))
	frappe.local.es_work_calendar = None


def get_work_calendar() -> wd.WorkCalendar:
	"""The calendar of every Work Calendar year on this site (cached until one changes)."""
	calendar = getattr(frappe.local, "es_work_calendar", None)
	if calendar is not None:
		return calendar
	version = frappe.cache.get_value(VERSION_KEY)
	if version is None:
		version = frappe.generate_hash(length=10)
		frappe.cache.set_value(VERSION_KEY, version)
	built = _BUILT.get(frappe.local.site)
	if built and built[0] == version:
		frappe.local.es_work_calendar = built[1]
		return built[1]
	rows = frappe.cache.get_value(CACHE_KEY)
	if rows is None:
		rows = [
			(int(r.year), r.date.isoformat() if r.date else None, r.day_type)
			for r in frappe.db.sql(
				"""select wc.year, d.date, d.day_type
				from `tabWork Calendar` wc
				left join `tabWork Calendar Day` d
					on d.parent = wc.name and d.parenttype = 'Work Calendar'
				order by wc.year, d.date""",
				as_dict=True,
			)
		]
		frappe.cache.set_value(CACHE_KEY, rows)
	by_year: dict[int, list] = {}
	for year, day, day_type in rows:
		entries = by_year.setdefault(year, [])
		if day:
			entries.append((dt.date.fromisoformat(day), DAY_TYPES[day_type]))
	calendar = wd.WorkCalendar(wd.arrangement_from_rows(year, entries) for year, entries in by_year.items())
	frappe.local.es_work_calendar = calendar
	_BUILT[frappe.local.site] = (version, calendar)
	return calendar


def _translated(error: wd.CalendarError) -> None:
	if isinstance(error, wd.CalendarMissingError):
		frappe.throw(
			_(
				"There is no work calendar for {0}, so deadlines in {0} cannot be counted. "
				"A System Manager must first enter that year's days off and make-up working days under Work Calendar."
			).format(error.year),
			exc=frappe.ValidationError,
			title=_("Work calendar missing"),
		)
	frappe.throw(str(error), title=_("Working-day calculation failed"))


def add_working_days(start, days: int) -> dt.date:
	try:
		return get_work_calendar().add_working_days(getdate(start), int(days))
	except wd.CalendarError as error:
		_translated(error)


def working_days_between(start, end) -> int:
	try:
		return get_work_calendar().working_days_between(getdate(start), getdate(end))
	except wd.CalendarError as error:
		_translated(error)


def due_date(received, working_days: int, paused_working_days: int = 0) -> dt.date:
	"""The due date of a request received at ``received`` with a limit of ``working_days``."""
	try:
		return wd.due_date(
			get_work_calendar(), get_datetime(received), int(working_days), int(paused_working_days)
		)
	except wd.CalendarError as error:
		_translated(error)


def is_working_day(day) -> bool:
	try:
		return get_work_calendar().is_working_day(getdate(day))
	except wd.CalendarError as error:
		_translated(error)


# --- support-case SLA on the site's calendar (rules in domain/sla.py) ---------------------------


def _call(rule, *args):
	from enterprise_support.domain.sla import SlaError

	try:
		return rule(get_work_calendar(), *args)
	except wd.CalendarError as error:
		_translated(error)
	except SlaError as error:
		frappe.throw(str(error), title=_("Deadline calculation failed"))


def _dt(value):
	return get_datetime(value) if value else None


def case_deadlines(
	received_on, response_limit_days: int, resolution_limit_days: int, paused_working_days: int = 0
):
	from enterprise_support.domain import sla

	return _call(
		sla.deadlines, _dt(received_on), response_limit_days, resolution_limit_days, paused_working_days
	)


def sla_status(now, resolution_due, resolved_on=None, state=None) -> str:
	from enterprise_support.domain import sla
	from enterprise_support.support_cases import settings

	return _call(
		sla.sla_status,
		_dt(now),
		_dt(resolution_due),
		_dt(resolved_on),
		state,
		settings.get().due_soon_working_days,
	)


def response_status(now, response_due, responded_on=None) -> str:
	from enterprise_support.domain import sla

	return sla.response_status(_dt(now), _dt(response_due), _dt(responded_on))


def paused_working_days(since, until) -> int:
	from enterprise_support.domain import sla

	return _call(sla.paused_working_days, _dt(since), _dt(until))


def working_days_spent(start, end) -> float:
	from enterprise_support.domain import sla

	return _call(sla.working_days_spent, _dt(start), _dt(end))
