"""Visits Due (待走访企业): the enterprises whose visit is due or overdue as of a day (default
today), by default those of the current user as service officer: the coverage rule's period,
the day the visit is due by, the last visit; overdue first, then by due date. See
enterprise_care/coverage.py."""

from __future__ import annotations

from frappe import _
from frappe.utils import getdate, nowdate

from enterprise_support.domain import visit_coverage as vc
from enterprise_support.enterprise_care.coverage import enterprise_coverage, status_label
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.deadline_view import column, user_column

FILTERS = {
	"as_of": report_filters.Date("As of"),
	"service_officer": report_filters.Link("User", "Service Officer"),
	"street": report_filters.Link("Street", "Street / Park"),
	"industry_chain": report_filters.Link("Industry Chain", "Industry Chain"),
	"include_due": report_filters.Check("Include Due (Not Yet Overdue)", default=1),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	as_of = filters.as_of or getdate(nowdate())
	wanted = {vc.OVERDUE, vc.DUE} if filters.include_due else {vc.OVERDUE}
	items = [
		item
		for item in enterprise_coverage(
			as_of, filters.service_officer, filters.street, filters.industry_chain
		)
		if item.coverage.status in wanted
	]
	items.sort(
		key=lambda i: (
			i.coverage.status != vc.OVERDUE,
			i.coverage.period_end,
			i.coverage.last_visit or getdate("1900-01-01"),
			i.enterprise,
		)
	)
	rows = [
		{
			"enterprise": item.enterprise,
			"enterprise_name": item.enterprise_name,
			"status": status_label(item.coverage.status),
			"overdue": item.coverage.status == vc.OVERDUE,
			"period": vc.period_label_zh(item.coverage.period, as_of),
			"due_by": item.coverage.period_end,
			"last_visit": item.coverage.last_visit,
			"rule": _(item.rule.label),
			"service_officer": item.service_officer,
			"service_officer_name": item.service_officer_name,
			"street": item.street,
			"industry_chain": item.industry_chain,
		}
		for item in items
	]
	return get_columns(), rows


def get_columns() -> list[dict]:
	return [
		# the enterprise by its name, linked to its record (public/js/report_cells.js)
		{
			**column("enterprise", _("Enterprise"), "Link", "Enterprise", 220),
			"title_field": "enterprise_name",
		},
		column("status", _("Status"), width=100),
		column("period", _("Current Period"), width=120),
		column("due_by", _("Visit Due By"), "Date", width=100),
		column("last_visit", _("Last Visit On"), "Date", width=100),
		column("rule", _("Coverage Rule"), width=200),
		user_column("service_officer", _("Service Officer"), "service_officer_name", 100),
		column("street", _("Street / Park"), "Link", "Street", 120),
		column("industry_chain", _("Industry Chain"), "Link", "Industry Chain", 120),
	]
