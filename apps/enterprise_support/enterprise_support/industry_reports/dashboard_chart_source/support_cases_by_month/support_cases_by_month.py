"""Requests received per month over the last twelve months, for the workspaces.

Frappe's time-series chart names the months in English ("Nov 2025"); this source labels them
as Chinese readers write them (``2026年1月``, then ``2月`` …, the year again each January) and
counts only what the reader may see (``frappe.get_list`` applies the row rules)."""

from __future__ import annotations

import frappe
from babel.dates import format_date, format_skeleton
from frappe import _
from frappe.utils import add_months, get_first_day, getdate, nowdate

from enterprise_support.domain import case_workflow as wf

MONTHS = 12


def month_label(day, first: bool) -> str:
	"""``2026年1月`` for the first month and each January, ``2月`` for the others (babel's
	patterns for the reader's language: "Jan 2026", "Feb" in English)."""
	locale = (frappe.local.lang or "zh").replace("-", "_")
	try:
		if first or day.month == 1:
			return format_skeleton("yMMM", day, locale=locale)
		return format_date(day, "MMM", locale=locale)
	except (ValueError, LookupError):  # a language babel does not know
		return day.strftime("%Y-%m")


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	first = get_first_day(add_months(getdate(nowdate()), 1 - MONTHS))
	rows = frappe.get_list(
		"Support Case",
		fields=["date_format(received_on, '%Y-%m') as month", "count(name) as cases"],
		filters=[["workflow_state", "!=", wf.DRAFT], ["received_on", ">=", first]],
		group_by="month",
		order_by="month asc",
	)
	counts = {row.month: row.cases for row in rows}
	months = [getdate(add_months(first, i)) for i in range(MONTHS)]
	return {
		"labels": [month_label(day, i == 0) for i, day in enumerate(months)],
		"datasets": [
			{
				"name": _("Requests received"),
				"values": [counts.get(day.strftime("%Y-%m"), 0) for day in months],
			}
		],
	}
