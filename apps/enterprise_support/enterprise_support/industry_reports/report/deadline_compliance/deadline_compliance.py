"""Deadline Compliance (按期办结率): per month, the cases resolved that month and the share
resolved within their deadline (SLA Met among Met and Missed). "Resolved in the period" is
``chain_figures.Period``'s, as in every other report. One statement; months without a
resolved case show a blank share. Its chart is the workspace's deadline-compliance chart.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_months, get_first_day, getdate, nowdate

from enterprise_support.domain.report_math import months_between, share
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.chain_figures import Period

FILTERS = {
	"from_date": report_filters.Date("Period From"),
	"to_date": report_filters.Date("Period To"),
	"category": report_filters.Link("Case Category", "Case Category"),
	"department": report_filters.Link("Service Department", "Department"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	today = getdate(nowdate())
	to_date = filters.to_date or today
	from_date = filters.from_date or getdate(get_first_day(add_months(today, -11)))
	period = Period.of(from_date, to_date)
	conditions = [period.resolved()]
	for field in ("category", "department"):
		if filters.get(field):
			conditions.append(f"c.{field} = %({field})s")
	rows = frappe.db.sql(
		f"""select date_format(c.resolved_on, '%%Y-%%m') as month, count(*) as resolved,
			sum({period.on_time()}) as met, sum({period.judged()}) as judged
		from `tabSupport Case` c
		where {" and ".join(conditions)}
		group by month""",
		{**filters, **period.params()},
		as_dict=True,
	)
	by_month = {row.month: row for row in rows}
	data = []
	for month in months_between(from_date, to_date):
		row = by_month.get(month) or {}
		met = int(row.get("met") or 0)
		missed = int(row.get("judged") or 0) - met
		data.append(
			{
				"month": month,
				"resolved": int(row.get("resolved") or 0),
				"met": met,
				"missed": missed,
				"within_deadline": share(met, met + missed),
			}
		)
	return get_columns(), data, None, get_chart(data)


def get_columns() -> list[dict]:
	return [
		{"fieldname": "month", "label": _("Month"), "fieldtype": "Data", "width": 90},
		{"fieldname": "resolved", "label": _("Cases Resolved"), "fieldtype": "Int", "width": 110},
		{"fieldname": "met", "label": _("Within Deadline"), "fieldtype": "Int", "width": 110},
		{"fieldname": "missed", "label": _("Late"), "fieldtype": "Int", "width": 90},
		{
			"fieldname": "within_deadline",
			"label": _("Resolved within Deadline"),
			"fieldtype": "Percent",
			"width": 130,
		},
	]


def get_chart(data: list[dict]) -> dict:
	return {
		"data": {
			"labels": [row["month"] for row in data],
			"datasets": [
				{
					"name": _("Resolved within Deadline"),
					"values": [row["within_deadline"] or 0 for row in data],
				}
			],
		},
		"type": "line",
		"fieldtype": "Percent",
		"lineOptions": {"regionFill": 1},
	}
