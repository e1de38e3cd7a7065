"""Working days left to a deadline, on the site's work calendar, for the work lists."""

from __future__ import annotations

import datetime as dt

import frappe
from frappe.utils import getdate, nowdate

from enterprise_support.domain.report_math import working_days_left
from enterprise_support.domain.working_days import CalendarError
from enterprise_support.support_cases.deadlines import get_work_calendar


class DaysLeft:
	"""``days_left(due)`` for many deadlines against one calendar and one today."""

	def __init__(self, today: dt.date | None = None):
		self.today = getdate(today or nowdate())
		self.calendar = get_work_calendar()
		self.missing_calendar = False

	def __call__(self, due) -> int | None:
		"""Working days from today to ``due`` (a date or datetime): 0 due today, negative when
		overdue; None without a due date, or when its year has no work calendar yet."""
		if not due:
			return None
		try:
			return working_days_left(self.calendar, self.today, getdate(due))
		except CalendarError:
			self.missing_calendar = True
			return None

	def message(self) -> str | None:
		"""The note a work list shows when some deadline's year has no work calendar."""
		if not self.missing_calendar:
			return None
		from frappe import _

		return _("Some deadlines fall in a year without a work calendar: their working days left are blank.")


def column(
	fieldname: str, label: str, fieldtype: str = "Data", options: str | None = None, width: int = 120
) -> dict:
	"""A script-report column."""
	return {
		"fieldname": fieldname,
		"label": label,
		"fieldtype": fieldtype,
		"options": options,
		"width": width,
	}


def user_column(fieldname: str, label: str, name_field: str, width: int = 120) -> dict:
	"""A Link-to-User column that shows the user's full name (``name_field`` of the row) as
	the link's title, as Frappe's forms do, instead of the e-mail address that is the User's
	name (``public/js/report_cells.js``)."""
	return {**column(fieldname, label, "Link", "User", width), "title_field": name_field}


def user_full_names(users) -> dict[str, str]:
	"""user -> full name, for the users given (blank ones left out)."""
	users = sorted({u for u in users if u})
	if not users:
		return {}
	return dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "full_name"], as_list=True)
	)
