"""Cases Breaching Soon (即将超期): open cases that are Due Soon or Overdue, soonest deadline
first, with the working days left (negative when overdue) on the site's calendar.

Read through ``frappe.get_list``, so the app's permission rules apply: a department handler
sees the cases of their own departments (and those handed to them), staff and leaders all.
"""

from __future__ import annotations

import frappe
from frappe import _

from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.chain_figures import OPEN_STATES
from enterprise_support.industry_reports.deadline_view import DaysLeft, column, user_column, user_full_names

BREACHING = ("Due Soon", "Overdue")
FILTERS = {
	"sla_status": report_filters.Select(BREACHING, "SLA Status"),
	"department": report_filters.Link("Service Department", "Department"),
	"handler": report_filters.Link("User", "Handler"),
	"category": report_filters.Link("Case Category", "Case Category"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	statuses = [filters.sla_status] if filters.sla_status else list(BREACHING)
	conditions = [
		["workflow_state", "in", list(OPEN_STATES)],
		["sla_status", "in", statuses],
	]
	for field in ("department", "handler", "category"):
		if filters.get(field):
			conditions.append([field, "=", filters.get(field)])
	cases = frappe.get_list(
		"Support Case",
		filters=conditions,
		fields=[
			"name",
			"subject",
			"enterprise",
			"enterprise_name",
			"category",
			"workflow_state",
			"department",
			"handler",
			"resolution_due",
			"sla_status",
			"escalation_level",
		],
		order_by="resolution_due asc, name asc",
		limit_page_length=0,
	)
	days_left = DaysLeft()
	names = user_full_names(case.handler for case in cases)
	data = [
		{
			"support_case": case.name,
			"subject": case.subject,
			"enterprise": case.enterprise,
			"enterprise_name": case.enterprise_name,
			"category": case.category,
			"workflow_state": _(case.workflow_state) if case.workflow_state else None,
			"department": case.department,
			"handler": case.handler,
			"handler_name": names.get(case.handler),
			"resolution_due": case.resolution_due,
			"working_days_left": days_left(case.resolution_due),
			"sla_status": _(case.sla_status),
			"sla_status_key": case.sla_status,
			"escalation_level": case.get("escalation_level"),
		}
		for case in cases
	]
	message = days_left.message()
	return get_columns(), data, message


def get_columns() -> list[dict]:
	return [
		column("support_case", _("Support Case"), "Link", "Support Case", 140),
		column("subject", _("Subject"), width=200),
		column("enterprise_name", _("Enterprise Name"), width=200),
		column("category", _("Category"), "Link", "Case Category", 100),
		column("workflow_state", _("Status"), width=90),
		column("department", _("Department"), "Link", "Service Department", 140),
		user_column("handler", _("Handler"), "handler_name", 100),
		column("resolution_due", _("Resolution Due"), "Datetime", width=150),
		column("working_days_left", _("Working Days Left"), "Int", width=100),
		column("sla_status", _("SLA Status"), width=90),
		column("escalation_level", _("Escalation Level"), "Int", width=90),
		column("enterprise", _("Enterprise"), "Link", "Enterprise", 170),
	]
