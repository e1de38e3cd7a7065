"""Visit Coverage (走访覆盖): per service officer, street or industry chain, how many of the
enterprises held to a coverage rule were visited in their current period, are due, or are
overdue, as of a day (default today), and the share visited. See enterprise_care/coverage.py."""

from __future__ import annotations

from frappe import _
from frappe.utils import getdate, nowdate

from enterprise_support.domain.coverage_groups import group_coverage
from enterprise_support.enterprise_care.coverage import GROUP_FIELDS, enterprise_coverage
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.deadline_view import column, user_column

FILTERS = {
	"as_of": report_filters.Date("As of"),
	"group_by": report_filters.Select(tuple(GROUP_FIELDS), "Group By"),
	"service_officer": report_filters.Link("User", "Service Officer"),
	"street": report_filters.Link("Street", "Street / Park"),
	"industry_chain": report_filters.Link("Industry Chain", "Industry Chain"),
}
GROUP_LINKS = {"Service Officer": "User", "Street": "Street", "Industry Chain": "Industry Chain"}
GROUP_LABELS = {
	"Service Officer": "Service Officer",
	"Street": "Street / Park",
	"Industry Chain": "Industry Chain",
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	as_of = filters.as_of or getdate(nowdate())
	group_by = filters.group_by or "Service Officer"
	field = GROUP_FIELDS[group_by]
	items = enterprise_coverage(as_of, filters.service_officer, filters.street, filters.industry_chain)
	names = {item.service_officer: item.service_officer_name for item in items if item.service_officer}
	rows = [
		{
			"group": group.key or None,
			"group_name": (names.get(group.key) or group.key) if group.key else _("Not Assigned"),
			"total": group.total,
			"visited": group.visited,
			"due": group.due,
			"overdue": group.overdue,
			"coverage": group.coverage_percent,
		}
		for group in group_coverage((getattr(item, field), item.coverage) for item in items)
	]
	return get_columns(group_by), rows


def get_columns(group_by: str) -> list[dict]:
	label = _(GROUP_LABELS[group_by])
	if group_by == "Service Officer":
		group = user_column("group", label, "group_name", 140)
	else:
		group = column("group", label, "Link", GROUP_LINKS[group_by], 160)
	return [
		group,
		column("total", _("Enterprises Covered"), "Int", width=130),
		column("visited", _("Visited This Period"), "Int", width=120),
		column("due", _("Visit Due"), "Int", width=90),
		column("overdue", _("Visit Overdue"), "Int", width=100),
		column("coverage", _("Coverage (%)"), "Percent", width=120),
	]
