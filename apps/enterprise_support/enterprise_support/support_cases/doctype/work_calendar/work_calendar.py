import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from enterprise_support.domain.working_days import arrangement_from_rows
from enterprise_support.support_cases.deadlines import DAY_TYPES, clear_calendar_cache


class WorkCalendar(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from enterprise_support.support_cases.doctype.work_calendar_day.work_calendar_day import (
			WorkCalendarDay,
		)

		days: DF.Table[WorkCalendarDay]
		days_off_count: DF.Int
		make_up_day_count: DF.Int
		notes: DF.SmallText | None
		source: DF.Literal["Manual", "chinesecalendar"]
		working_day_count: DF.Int
		year: DF.Int
	# end: auto-generated types

	def validate(self):
		if not 1900 <= (self.year or 0) <= 2999:
			frappe.throw(
				_("Year must be a four-digit year, not {0}").format(self.year), title=_("Invalid year")
			)
		seen = {}
		for row in self.days:
			day = getdate(row.date)
			if day in seen:
				frappe.throw(
					_("Row {0}: {1} is already listed in row {2}").format(
						row.idx, day.isoformat(), seen[day]
					),
					title=_("Duplicate day"),
				)
			seen[day] = row.idx
		self.days = sorted(self.days, key=lambda row: getdate(row.date))
		for idx, row in enumerate(self.days, 1):
			row.idx = idx
		arrangement = self.arrangement()
		messages = {
			"wrong_year": _("{0} is not in {1}"),
			"both_off_and_make_up": _("{0} is listed both as a day off and as a make-up working day"),
			"make_up_on_weekday": _(
				"{0} is a weekday: only a Saturday or Sunday can be a make-up working day"
			),
		}
		problems = arrangement.problems()
		if problems:
			frappe.throw(
				"<br>".join(
					messages[p.code].format(p.params["date"].isoformat(), self.year) for p in problems
				),
				title=_("Invalid work calendar"),
			)
		self.working_day_count = len(arrangement.working_days())
		self.days_off_count = sum(1 for day in arrangement.days_off if day.weekday() < 5)
		self.make_up_day_count = len(arrangement.make_up_days)

	def arrangement(self):
		return arrangement_from_rows(
			int(self.year), ((getdate(row.date), DAY_TYPES[row.day_type]) for row in self.days)
		)

	def on_update(self):
		clear_calendar_cache()

	def on_trash(self):
		clear_calendar_cache()
