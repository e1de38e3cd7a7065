"""Working-day arithmetic on the site's work calendar, for desk scripts and other clients."""

# Annotations stay text: Frappe then leaves the arguments to this module's own checks, which
# answer in Chinese (its type check answers in English).
from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr

from enterprise_support.support_cases import deadlines

DESK_ROLES = ("System Manager", "Enterprise Service Staff", "Department Handler", "Enterprise Leader")


def _require_staff() -> None:
	if not set(frappe.get_roles()) & set(DESK_ROLES):
		frappe.throw(_("Only district staff may use the work calendar"), frappe.PermissionError)


@frappe.whitelist(methods=["GET", "POST"])
def due_date(received_on: str, working_days: int, paused_working_days: int = 0) -> str:
	"""The due date (yyyy-mm-dd) of a request received at ``received_on`` with a limit in working days."""
	_require_staff()
	working_days, paused_working_days = (
		_non_negative(working_days, "working_days"),
		_non_negative(paused_working_days, "paused_working_days"),
	)
	return deadlines.due_date(_date(received_on), working_days, paused_working_days).isoformat()


@frappe.whitelist(methods=["GET", "POST"])
def working_days_between(start: str, end: str) -> int:
	"""How many working days fall after ``start`` up to and including ``end``."""
	_require_staff()
	return deadlines.working_days_between(_date(start), _date(end))


def _date(value: str):
	from frappe.utils import get_datetime

	parsed = None
	if isinstance(value, str) and len(value) <= 40:
		try:
			parsed = get_datetime(value)
		except Exception:
			parsed = None
	if not parsed:
		frappe.throw(
			_("{0} is not a valid date").format(frappe.bold(frappe.utils.escape_html(cstr(value)[:40]))),
			title=_("Invalid date"),
		)
	return parsed


def _non_negative(value, name: str) -> int:
	number = -1
	if isinstance(value, int) and not isinstance(value, bool):
		number = value
	elif (
		isinstance(value, str)
		and value.strip().isascii()
		and value.strip().isdigit()
		and len(value.strip()) <= 9
	):
		number = int(value.strip())
	if number < 0 or number > 3650:
		frappe.throw(
			_("{0} must be a whole number of working days between 0 and 3650").format(name),
			title=_("Invalid number"),
		)
	return number
