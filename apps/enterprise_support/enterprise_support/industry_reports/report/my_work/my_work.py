"""My Work (我的待办): the session user's open cases (as handler) and open Support Tasks (as
assignee), soonest deadline first, with the working days left on the site's calendar.

Read through ``frappe.get_list``: only what the user may see is listed.
"""

from __future__ import annotations

import frappe
from frappe import _

from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.chain_figures import OPEN_STATES
from enterprise_support.industry_reports.deadline_view import DaysLeft, column

CASE, TASK = "Support Case", "Support Task"
FILTERS: dict = {}  # none: the session user's own work


def execute(filters=None):
	report_filters.read(filters, FILTERS)
	user = frappe.session.user
	cases = frappe.get_list(
		CASE,
		filters=[["handler", "=", user], ["workflow_state", "in", list(OPEN_STATES)]],
		fields=[
			"name",
			"subject",
			"enterprise",
			"enterprise_name",
			"workflow_state",
			"resolution_due",
			"sla_status",
		],
		limit_page_length=0,
	)
	tasks = frappe.get_list(
		TASK,
		filters=[["assignee", "=", user], ["status", "=", "Open"]],
		fields=["name", "subject", "enterprise", "support_case", "due_date", "status"],
		limit_page_length=0,
	)
	enterprise_names = dict(
		frappe.get_list(
			"Enterprise",
			filters=[["name", "in", list({t.enterprise for t in tasks if t.enterprise})]],
			fields=["name", "enterprise_name"],
			as_list=True,
		)
		if any(t.enterprise for t in tasks)
		else []
	)
	days_left = DaysLeft()
	rows = [
		{
			"kind": _("Case"),
			"reference_doctype": CASE,
			"reference": case.name,
			"subject": case.subject,
			"enterprise": case.enterprise,
			"enterprise_name": case.enterprise_name,
			"support_case": case.name,
			"due": case.resolution_due.date() if case.resolution_due else None,
			"working_days_left": days_left(case.resolution_due),
			"status": _(case.workflow_state),
			"sla_status": _(case.sla_status) if case.sla_status else None,
		}
		for case in cases
	]
	rows += [
		{
			"kind": _("Task"),
			"reference_doctype": TASK,
			"reference": task.name,
			"subject": task.subject,
			"enterprise": task.enterprise,
			"enterprise_name": enterprise_names.get(task.enterprise),
			"support_case": task.support_case,
			"due": task.due_date,
			"working_days_left": days_left(task.due_date),
			"status": _(task.status),
			"sla_status": None,
		}
		for task in tasks
	]
	# A case's own row names it once (the 企业诉求 column is a task's case).
	for row in rows:
		if row.get("reference_doctype") == "Support Case":
			row["support_case"] = None
	# Soonest first; without a due date last.
	rows.sort(key=lambda r: (r["due"] is None, r["due"] or "", r["reference"]))
	message = days_left.message()
	return get_columns(), rows, message


def get_columns() -> list[dict]:
	return [
		column("kind", _("Type"), width=70),
		column("reference", _("Reference"), "Dynamic Link", "reference_doctype", 150),
		column("subject", _("Subject"), width=220),
		column("enterprise_name", _("Enterprise Name"), width=200),
		column("due", _("Due On"), "Date", width=110),
		column("working_days_left", _("Working Days Left"), "Int", width=100),
		column("status", _("Status"), width=90),
		column("sla_status", _("SLA Status"), width=90),
		column("support_case", _("Support Case"), "Link", "Support Case", 140),
		# Data, not a Link to DocType: Frappe checks the user's read permission on every linked
		# doctype of a report's rows, and handlers (rightly) cannot read DocType records.
		{**column("reference_doctype", _("Document Type"), width=100), "hidden": 1},
	]
