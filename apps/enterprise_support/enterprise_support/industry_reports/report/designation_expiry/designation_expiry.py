"""Designation Expiry (资质到期): designations that expire within N days (default 90) or have
expired, with the enterprise, its service officer and the days left (negative once expired),
soonest first. Only operating enterprises are listed.

A designation the enterprise has already renewed (a later designation of the same type) needs
no action and is left out. The status is the one on today's date (``status_sql``), not the
stored column, which is only as fresh as the last daily run. One statement.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from enterprise_support.enterprise_registry.designations import status_params, status_sql
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.deadline_view import column, user_column

DEFAULT_DAYS = 90
FILTERS = {
	"days": report_filters.WholeNumber("Expiring within (Days)", 0, 36500),
	"include_expired": report_filters.Check("Include Expired", default=1),
	"designation_type": report_filters.Link("Designation Type", "Designation Title"),
	"street": report_filters.Link("Street", "Street / Park"),
	"service_officer": report_filters.Link("User", "Service Officer"),
	"enterprise": report_filters.Link("Enterprise", "Enterprise"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	days = DEFAULT_DAYS if filters.days is None else filters.days
	include_expired = filters.include_expired
	today = getdate(nowdate())
	conditions = [
		"e.status = 'Operating'",
		"(sd.valid_from is null or sd.valid_from <= %(today)s)",
		"sd.valid_to <= %(until)s",
		"""not exists (select 1 from `tabSpecialist Designation` renewal
			where renewal.enterprise = sd.enterprise and renewal.designation_type = sd.designation_type
				and renewal.valid_to > sd.valid_to)""",
	]
	if not include_expired:
		conditions.append("sd.valid_to >= %(today)s")
	for field, sql_column in (
		("street", "e.street"),
		("designation_type", "sd.designation_type"),
		("service_officer", "e.service_officer"),
		("enterprise", "sd.enterprise"),
	):
		if filters.get(field):
			conditions.append(f"{sql_column} = %({field})s")
	rows = frappe.db.sql(
		f"""select sd.name as designation, sd.enterprise, e.enterprise_name, sd.designation_type,
			sd.certificate_number, sd.valid_from, sd.valid_to,
			datediff(sd.valid_to, %(today)s) as days_left, {status_sql("sd")} as status,
			e.service_officer, u.full_name as service_officer_name, e.street
		from `tabSpecialist Designation` sd
		join `tabEnterprise` e on e.name = sd.enterprise
		left join `tabUser` u on u.name = e.service_officer
		where {" and ".join(conditions)}
		order by sd.valid_to, e.enterprise_name, sd.name""",
		{**filters, **status_params(today), "until": add_days(today, days)},
		as_dict=True,
	)
	for row in rows:
		row.days_left = int(row.days_left)
		row.status = _(row.status, context="Specialist Designation") if row.status else None
	return get_columns(), rows


def get_columns() -> list[dict]:
	return [
		column("enterprise", _("Enterprise"), "Link", "Enterprise", 170),
		column("enterprise_name", _("Enterprise Name"), width=220),
		column("designation_type", _("Designation Title"), "Link", "Designation Type", 200),
		column("certificate_number", _("Certificate Number"), width=160),
		column("valid_to", _("Valid To"), "Date", width=100),
		column("days_left", _("Days Left"), "Int", width=80),
		column("status", _("Status"), width=80),
		user_column("service_officer", _("Service Officer"), "service_officer_name", 100),
		column("street", _("Street / Park"), "Link", "Street", 120),
		column("designation", _("Designation Record"), "Link", "Specialist Designation", 140),
	]
