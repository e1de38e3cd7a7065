"""Service Performance (办理绩效): per department or per handler, the cases received in a
period and how they were handled.

- Response rate: cases accepted or rejected within the response deadline, among the cases
  whose response is decided (response Met, Missed, or Overdue without a response yet).
- Resolution rate: cases resolved within the resolution deadline, among the resolved cases.
- Satisfaction rate: ratings of 4 or 5 among the rated cases.
- Average response time: working days from receipt to acceptance or rejection, counted on the
  site's work calendar like every deadline (the day's working time, not whole days).
- Average resolution time: the cases' own working days to resolve.

Two statements: one GROUP BY for the counts, one for the per-date sums behind the average
response time (``domain.report_math``). Groups without any case in the period are not shown.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain.report_math import MomentsOnDay, mean, mean_working_days, share
from enterprise_support.domain.working_days import CalendarError
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.chain_figures import MET, MISSED, RESOLVED_STATES
from enterprise_support.support_cases.deadlines import get_work_calendar

DEPARTMENT, HANDLER = "Department", "Handler"
SATISFIED_FROM = 4
FILTERS = {
	"group_by": report_filters.Select((DEPARTMENT, HANDLER), "Group By"),
	"from_date": report_filters.Date("Received From"),
	"to_date": report_filters.Date("Received To"),
	"category": report_filters.Link("Case Category", "Case Category"),
	"department": report_filters.Link("Service Department", "Department"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	by = HANDLER if filters.group_by == HANDLER else DEPARTMENT
	key = "c.handler" if by == HANDLER else "c.department"
	where, params = conditions(filters)
	counts = frappe.db.sql(
		f"""select ifnull({key}, '') as grp,
			count(*) as received,
			sum(c.response_status = %(met)s) as responded_in_time,
			sum(c.response_status in %(response_decided)s) as response_decided,
			sum(c.workflow_state in %(resolved_states)s) as resolved,
			sum(c.workflow_state in %(resolved_states)s and c.sla_status = %(met)s) as resolved_in_time,
			sum(c.workflow_state in %(resolved_states)s and c.sla_status in %(judged)s) as resolved_judged,
			sum(case when c.workflow_state in %(resolved_states)s then c.resolution_working_days end)
				as resolution_days,
			sum(c.workflow_state in %(resolved_states)s and c.resolution_working_days is not null) as timed,
			sum(c.satisfaction_rating > 0) as rated,
			sum(c.satisfaction_rating >= %(satisfied_from)s) as satisfied
		from `tabSupport Case` c
		where {where}
		group by grp
		order by received desc, grp""",
		params,
		as_dict=True,
	)
	message = None
	try:
		response_days = average_response_days(key, where, params)
	except CalendarError:
		response_days = {}
		message = _("Average response times are blank: some cases fall in a year without a work calendar.")
	names = user_names([row.grp for row in counts]) if by == HANDLER else {}
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
		"judged": (MET, MISSED),
		"response_decided": (MET, MISSED, "Overdue"),
		"resolved_states": RESOLVED_STATES,
		"satisfied_from": SATISFIED_FROM,
	}
	if filters.get("from_date"):
		parts.append("c.received_on >= %(from_date)s")
		params["from_date"] = filters.from_date
	if filters.get("to_date"):
		parts.append("c.received_on < %(to_date_end)s")
		params["to_date_end"] = add_days(filters.to_date, 1)
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


def user_names(users: list[str]) -> dict[str, str]:
	users = [u for u in users if u]
	if not users:
		return {}
	return dict(
		frappe.get_all("User", filters={"name": ("in", users)}, fields=["name", "full_name"], as_list=True)
	)


def row_for(row, by: str, response_days, names: dict) -> dict:
	group = row.grp or None
	data = {
		"department" if by == DEPARTMENT else "handler": group,
		"received": int(row.received or 0),
		"response_rate": share(row.responded_in_time, row.response_decided),
		"resolved": int(row.resolved or 0),
		"resolution_rate": share(row.resolved_in_time, row.resolved_judged),
		"rated": int(row.rated or 0),
		"satisfaction_rate": share(row.satisfied, row.rated),
		"average_response_days": response_days,
		"average_resolution_days": mean(row.resolution_days, row.timed),
	}
	if by == HANDLER:
		data["handler_name"] = names.get(group) if group else None
	return data


def get_columns(by: str) -> list[dict]:
	if by == HANDLER:
		columns = [
			{
				"fieldname": "handler",
				"label": _("Handler"),
				"fieldtype": "Link",
				"options": "User",
				"width": 200,
			},
			{"fieldname": "handler_name", "label": _("Name"), "fieldtype": "Data", "width": 100},
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
		number("resolution_rate", _("Resolution Rate"), "Percent"),
		number("rated", _("Rated Cases")),
		number("satisfaction_rate", _("Satisfaction Rate"), "Percent"),
		number("average_response_days", _("Average Working Days to Respond"), "Float", 130),
		number("average_resolution_days", _("Average Working Days to Resolve"), "Float", 130),
	]
