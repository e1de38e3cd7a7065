"""Service Performance (办理绩效): per department or per handler, the cases received in a
period, the cases resolved in it and how they were handled. "Received" and "resolved in the
period" are ``chain_figures.Period``'s, as in every other report.

- Response rate: cases received in the period accepted or rejected within the response
  deadline, among those whose response is decided (response Met, Missed, or Overdue without a
  response yet).
- Resolution rate: cases resolved in the period within the resolution deadline, among those
  resolved in the period (and judged: within the deadline or late).
- Satisfaction rate and average satisfaction: over the cases resolved in the period that the
  enterprise rated; satisfied means a rating of 4 or 5.
- Average response time: working days from receipt to acceptance or rejection of the cases
  received in the period, counted on the site's work calendar like every deadline (the day's
  working time, not whole days).
- Average resolution time: the cases' own working days to resolve, over the cases resolved in
  the period.

Two statements: one GROUP BY for the counts, one for the per-date sums behind the average
response time (``domain.report_math``). Groups without any case in the period are not shown.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import getdate

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain.report_math import MomentsOnDay, mean, mean_working_days, share
from enterprise_support.domain.working_days import CalendarError
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.chain_figures import MET, MISSED, Period
from enterprise_support.industry_reports.deadline_view import user_column, user_full_names
from enterprise_support.support_cases.deadlines import get_work_calendar

DEPARTMENT, HANDLER = "Department", "Handler"
SATISFIED_FROM = 4
FILTERS = {
	"group_by": report_filters.Select((DEPARTMENT, HANDLER), "Group By"),
	"from_date": report_filters.Date("Period From"),
	"to_date": report_filters.Date("Period To"),
	"category": report_filters.Link("Case Category", "Case Category"),
	"department": report_filters.Link("Service Department", "Department"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	by = HANDLER if filters.group_by == HANDLER else DEPARTMENT
	key = "c.handler" if by == HANDLER else "c.department"
	where, params = conditions(filters)
	p = Period.of(filters.from_date, filters.to_date)
	received = p.received()
	counts = frappe.db.sql(
		f"""select ifnull({key}, '') as grp,
			sum({received}) as received,
			sum({received} and c.response_status = %(met)s) as responded_in_time,
			sum({received} and c.response_status in %(response_decided)s) as response_decided,
			sum({p.resolved()}) as resolved,
			sum({p.on_time()}) as resolved_in_time,
			sum({p.judged()}) as resolved_judged,
			sum(case when {p.timed()} then c.resolution_working_days end) as resolution_days,
			sum({p.timed()}) as timed,
			sum({p.rated()}) as rated,
			sum(case when {p.rated()} then c.satisfaction_rating end) as rating_sum,
			sum({p.rated()} and c.satisfaction_rating >= %(satisfied_from)s) as satisfied
		from `tabSupport Case` c
		where {where} and ({received} or {p.resolved()})
		group by grp
		order by received desc, resolved desc, grp""",
		{**params, **p.params()},
		as_dict=True,
	)
	message = None
	try:
		response_days = average_response_days(key, f"{where} and {received}", {**params, **p.params()})
	except CalendarError:
		response_days = {}
		message = _("Average response times are blank: some cases fall in a year without a work calendar.")
	names = user_full_names(row.grp for row in counts) if by == HANDLER else {}
	data = [row_for(row, by, response_days.get(row.grp), names) for row in counts]
	if counts:
		total = frappe._dict({k: sum(float(r[k] or 0) for r in counts) for k in counts[0] if k != "grp"})
		total.grp = None
		data.append({**row_for(total, by, response_days.get(None), names), "is_total": 1})
	return get_columns(by), data, message


def conditions(filters) -> tuple[str, dict]:
	parts = ["c.workflow_state != %(draft)s"]
	params = {
		"draft": wf.DRAFT,
		"met": MET,
		"response_decided": (MET, MISSED, "Overdue"),
		"satisfied_from": SATISFIED_FROM,
	}
	for field in ("category", "department"):
		if filters.get(field):
			parts.append(f"c.{field} = %({field})s")
			params[field] = filters.get(field)
	return " and ".join(parts), params


def average_response_days(key: str, where: str, params: dict) -> dict:
	"""group -> average working days from receipt to response; the key None is all groups."""
	seconds = "hour({t}) * 3600 + minute({t}) * 60 + second({t})"
	timed = f"{where} and c.responded_on is not null and c.responded_on >= c.received_on"
	rows = frappe.db.sql(
		f"""select ifnull({key}, '') as grp, 'start' as edge, date(c.received_on) as day,
				count(*) as n, sum({seconds.format(t="c.received_on")}) as secs
			from `tabSupport Case` c where {timed}
			group by grp, day
		union all
		select ifnull({key}, '') as grp, 'end' as edge, date(c.responded_on) as day,
				count(*) as n, sum({seconds.format(t="c.responded_on")}) as secs
			from `tabSupport Case` c where {timed}
			group by grp, day""",
		params,
		as_dict=True,
	)
	if not rows:
		return {}
	calendar = get_work_calendar()
	moments: dict = {}
	for row in rows:
		entry = MomentsOnDay(getdate(row.day), int(row.n), int(row.secs or 0))
		for group in (row.grp, None):
			moments.setdefault(group, {"start": [], "end": []})[row.edge].append(entry)
	return {
		group: mean_working_days(calendar, edges["start"], edges["end"], sum(m.count for m in edges["start"]))
		for group, edges in moments.items()
	}


def row_for(row, by: str, response_days, names: dict) -> dict:
	group = row.grp or None
	data = {
		"department" if by == DEPARTMENT else "handler": group,
		"received": int(row.received or 0),
		"response_rate": share(row.responded_in_time, row.response_decided),
		"resolved": int(row.resolved or 0),
		"within_deadline": int(row.resolved_in_time or 0),
		"resolution_rate": share(row.resolved_in_time, row.resolved_judged),
		"rated": int(row.rated or 0),
		"satisfaction_rate": share(row.satisfied, row.rated),
		"average_satisfaction": mean(row.rating_sum, row.rated),
		"average_response_days": response_days,
		"average_resolution_days": mean(row.resolution_days, row.timed),
	}
	if by == HANDLER:
		data["handler_name"] = names.get(group) if group else None
	return data


def get_columns(by: str) -> list[dict]:
	if by == HANDLER:
		columns = [
			user_column("handler", _("Handler"), "handler_name", 120),
		]
	else:
		columns = [
			{
				"fieldname": "department",
				"label": _("Department"),
				"fieldtype": "Link",
				"options": "Service Department",
				"width": 200,
			}
		]

	def number(fieldname, label, fieldtype="Int", width=110):
		column = {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width}
		if fieldtype == "Float":
			column["precision"] = 2
		return column

	return columns + [
		number("received", _("Cases Received")),
		number("response_rate", _("Response Rate"), "Percent"),
		number("resolved", _("Cases Resolved")),
		number("within_deadline", _("Within Deadline")),
		number("resolution_rate", _("Resolution Rate"), "Percent"),
		number("rated", _("Rated Cases")),
		number("satisfaction_rate", _("Satisfaction Rate"), "Percent"),
		number("average_satisfaction", _("Average Satisfaction"), "Float", 100),
		number("average_response_days", _("Average Working Days to Respond"), "Float", 130),
		number("average_resolution_days", _("Average Working Days to Resolve"), "Float", 130),
	]
