"""Industry Chain Details: the records behind one figure of the Industry Chain Report.

Opened from a figure of that report with the same filters plus the row's node and the
figure's key; the conditions are the report's own (``chain_figures``), so the list holds
exactly the records that were counted.
"""

from __future__ import annotations

import frappe
from frappe import _

from enterprise_support.enterprise_registry.designations import status_params, status_sql
from enterprise_support.industry_reports import chain_figures as cf
from enterprise_support.industry_reports import filters as report_filters

ROW_LIMIT = 5000
# The figures listed here, with their labels in the Figure filter.
FIGURE_LABELS = (
	("designations", "Active Designations"),
	("patents", "Patents"),
	("class_i", "Class I IP (Granted Inventions)"),
	("received", "Cases Received"),
	("open_cases", "Open Cases"),
	("resolved", "Cases Resolved"),
	("resolution_time", "Average Working Days to Resolve"),
	("within_deadline", "Resolved within Deadline"),
	("satisfaction", "Average Satisfaction"),
	("overdue_now", "Overdue Now"),
)
FILTERS = {
	"node": report_filters.Link("Industry Chain", "Chain / Link / Node"),
	"figure": report_filters.Select(tuple(f for f, _label in FIGURE_LABELS), "Figure", FIGURE_LABELS),
	"designation_type": report_filters.Link("Designation Type", "Designation Title"),
	"patent_type": report_filters.Select(cf.PATENT_TYPES, "Patent Type"),
	"from_date": report_filters.Date("Period From"),
	"to_date": report_filters.Date("Period To"),
	"street": report_filters.Link("Street", "Street / Park"),
	"chain": report_filters.Link("Industry Chain", "Industry Chain"),
	"category": report_filters.Link("Case Category", "Case Category"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	figure = filters.figure or "open_cases"
	scope = cf.Scope.from_filters(filters)
	where, params = cf.node_condition(filters.get("node"))
	params = {**scope.params(), **params}
	if figure in cf.DESIGNATION_FIGURES:
		columns, rows = designations(scope, where, params, filters.get("designation_type"))
	elif figure in cf.PATENT_FIGURES:
		columns, rows = patents(scope, where, params, figure, filters.get("patent_type"))
	elif figure in cf.CASE_FIGURES:
		# Placed by the position each case carries, as the report counts them.
		case_where, case_params = cf.node_condition(filters.get("node"), alias="c")
		columns, rows = cases(scope, case_where, {**params, **case_params}, figure)
	else:
		frappe.throw(_("Unknown figure {0}").format(figure), title=_("Invalid filter"))
	message = None
	if len(rows) > ROW_LIMIT:
		rows = rows[:ROW_LIMIT]
		message = _("Only the first {0} records are shown: narrow the filters to see the rest.").format(
			ROW_LIMIT
		)
	return columns, rows, message


def _link(fieldname, label, options, width=160):
	return {"fieldname": fieldname, "label": label, "fieldtype": "Link", "options": options, "width": width}


def _data(fieldname, label, width=120, fieldtype="Data"):
	return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width}


def _enterprise_columns():
	return [
		_link("enterprise", _("Enterprise"), "Enterprise", 170),
		_data("enterprise_name", _("Enterprise Name"), 220),
		_link("industry_chain", _("Industry Chain"), "Industry Chain", 130),
		_link("chain_link", _("Chain Link"), "Industry Chain", 150),
		_link("street", _("Street / Park"), "Street", 120),
	]


ENTERPRISE_FIELDS = "e.name as enterprise, e.enterprise_name, e.industry_chain, e.chain_link, e.street"


def designations(scope: cf.Scope, where: str, params: dict, designation_type: str | None):
	status = status_sql("sd")
	conditions = [f"{status} in %(active_designations)s", where, *scope.enterprise_conditions()]
	if designation_type:
		conditions.append("sd.designation_type = %(designation_type)s")
	rows = frappe.db.sql(
		f"""select sd.name as designation, sd.designation_type, sd.valid_from, sd.valid_to, {status} as status,
			{ENTERPRISE_FIELDS}
		from `tabSpecialist Designation` sd
		join `tabEnterprise` e on e.name = sd.enterprise
		where {" and ".join(conditions)}
		order by sd.valid_to, sd.name
		limit {ROW_LIMIT + 1}""",
		{**params, **status_params(), "designation_type": designation_type},
		as_dict=True,
	)
	for row in rows:
		row.status = _(row.status, context="Specialist Designation") if row.status else None
	columns = [
		_link("designation", _("Designation Record"), "Specialist Designation", 150),
		_link("designation_type", _("Designation Title"), "Designation Type", 200),
		_data("valid_from", _("Valid From"), 100, "Date"),
		_data("valid_to", _("Valid To"), 100, "Date"),
		_data("status", _("Status"), 90),
		*_enterprise_columns(),
	]
	return columns, rows


def patents(scope: cf.Scope, where: str, params: dict, figure: str, patent_type: str | None):
	conditions = [where, *scope.enterprise_conditions()]
	if figure == "class_i":
		conditions.append("pt.ip_class = 'I' and pt.status = 'Granted'")
	elif patent_type:
		conditions.append("pt.patent_type = %(patent_type)s")
	rows = frappe.db.sql(
		f"""select pt.name as patent, pt.title, pt.patent_type, pt.ip_class, pt.status,
			pt.application_date, pt.grant_date, {ENTERPRISE_FIELDS}
		from `tabPatent` pt
		join `tabEnterprise` e on e.name = pt.enterprise
		where {" and ".join(conditions)}
		order by pt.application_date desc, pt.name
		limit {ROW_LIMIT + 1}""",
		{**params, "patent_type": patent_type},
		as_dict=True,
	)
	for row in rows:
		row.patent_type = _(row.patent_type) if row.patent_type else None
		row.status = _(row.status) if row.status else None
	columns = [
		_link("patent", _("Application Number"), "Patent", 150),
		_data("title", _("Title"), 220),
		_data("patent_type", _("Patent Type"), 90),
		_data("ip_class", _("IP Class"), 70),
		_data("status", _("Status"), 80),
		_data("application_date", _("Application Date"), 100, "Date"),
		_data("grant_date", _("Grant Date"), 100, "Date"),
		*_enterprise_columns(),
	]
	return columns, rows


def cases(scope: cf.Scope, where: str, params: dict, figure: str):
	conditions = [
		where,
		*scope.case_conditions(),
		cf.case_figure_condition(figure, scope),
	]
	rows = frappe.db.sql(
		f"""select c.name as support_case, c.subject, c.category, c.workflow_state, c.received_on,
			c.resolution_due, c.resolved_on, c.resolution_working_days, c.sla_status,
			c.satisfaction_rating, c.department, c.handler, hu.full_name as handler_name,
			{ENTERPRISE_FIELDS}
		from `tabSupport Case` c
		join `tabEnterprise` e on e.name = c.enterprise
		left join `tabUser` hu on hu.name = c.handler
		where {" and ".join(conditions)}
		order by c.received_on desc, c.name
		limit {ROW_LIMIT + 1}""",
		params,
		as_dict=True,
	)
	for row in rows:
		row.workflow_state = _(row.workflow_state) if row.workflow_state else None
		row.sla_status = _(row.sla_status) if row.sla_status else None
		row.satisfaction_rating = row.satisfaction_rating or None
		if not row.resolved_on:  # stored as 0 until the case is resolved
			row.resolution_working_days = None
	columns = [
		_link("support_case", _("Support Case"), "Support Case", 140),
		_data("subject", _("Subject"), 200),
		_link("category", _("Category"), "Case Category", 100),
		_data("workflow_state", _("Status"), 90),
		_data("received_on", _("Received On"), 150, "Datetime"),
		_data("resolution_due", _("Resolution Due"), 150, "Datetime"),
		_data("resolved_on", _("Resolved On"), 150, "Datetime"),
		{
			"fieldname": "resolution_working_days",
			"label": _("Working Days to Resolve"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
		},
		_data("sla_status", _("SLA Status"), 90),
		_data("satisfaction_rating", _("Satisfaction"), 80, "Int"),
		_link("department", _("Department"), "Service Department", 140),
		{**_link("handler", _("Handler"), "User", 100), "title_field": "handler_name"},
		*_enterprise_columns()[:2],
	]
	return columns, rows
