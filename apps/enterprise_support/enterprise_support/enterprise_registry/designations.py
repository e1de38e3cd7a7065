"""Designation validity: statuses kept current by a daily job, and expiry notices."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from enterprise_support.domain import designations as rules
from enterprise_support.enterprise_registry.rollups import update_designation_summary

WARN_DAYS = 90


def status_sql(alias: str = "sd") -> str:
	"""SQL: the status of designation ``alias`` on ``%(today)s`` with ``%(soon)s`` = today plus
	the warning days; the SQL form of ``domain.designations.status_on`` (the unit tests pin
	the rule, the integration tests hold this expression to it). Readers that show a status
	(reports, the portal) compute it with this or ``current_status`` rather than trusting the
	stored column, which is only as fresh as the last daily run."""
	return f"""(case
		when {alias}.valid_from is not null and {alias}.valid_from > %(today)s then '{rules.NOT_YET_VALID}'
		when {alias}.valid_to is null then '{rules.ACTIVE}'
		when {alias}.valid_to < %(today)s then '{rules.EXPIRED}'
		when {alias}.valid_to <= %(soon)s then '{rules.EXPIRING}'
		else '{rules.ACTIVE}' end)"""


def status_params(today=None) -> dict:
	"""The parameters ``status_sql`` needs: today (the site's date) and today plus the warning."""
	today = getdate(today or nowdate())
	return {"today": today, "soon": add_days(today, WARN_DAYS)}


def current_status(valid_from, valid_to, today=None) -> str:
	"""The status of a designation on ``today`` (the site's date by default)."""
	return rules.status_on(
		getdate(valid_from) if valid_from else None,
		getdate(valid_to) if valid_to else None,
		getdate(today or nowdate()),
		WARN_DAYS,
	)


def update_designation_statuses(today=None, names: list[str] | None = None) -> dict[str, int]:
	"""Daily: bring every designation's status up to today's date and tell service officers
	about designations that will expire within 90 days (once per designation and term).

	``today`` and ``names`` (only these designations) are for tests: a test that runs the job
	on another day must not rewrite the statuses of every designation on the site."""
	params = status_params(today)
	today = params["today"]
	only = ""
	if names is not None:
		if not names:
			return {"enterprises_updated": 0, "notices": 0}
		only = " and sd.name in %(names)s"
		params["names"] = tuple(names)
	stale = f"coalesce(sd.status, '') != {status_sql()}{only}"
	changed_enterprises = frappe.db.sql_list(
		f"select distinct sd.enterprise from `tabSpecialist Designation` sd where {stale}", params
	)
	frappe.db.sql(
		f"update `tabSpecialist Designation` sd set sd.status = {status_sql()} where {stale}", params
	)
	for enterprise in changed_enterprises:
		update_designation_summary(enterprise)
	notified = notify_expiring(today, names=names)
	frappe.db.commit()
	return {"enterprises_updated": len(changed_enterprises), "notices": notified}


def notify_expiring(today=None, names: list[str] | None = None) -> int:
	"""One system notification (and e-mail, where set up) to the service officer of each
	enterprise whose designation is expiring and has not been announced for this term (an
	officer who has left, disabled or deleted, is not written to; the designation is still
	marked as announced, and shows on the Designation Expiry report)."""
	today = getdate(today or nowdate())
	only = " and sd.name in %(names)s" if names else ""
	rows = frappe.db.sql(
		f"""select sd.name, sd.enterprise, sd.designation_type, sd.valid_to,
			e.enterprise_name, u.name as service_officer
		from `tabSpecialist Designation` sd
		join `tabEnterprise` e on e.name = sd.enterprise
		left join `tabUser` u on u.name = e.service_officer and u.enabled = 1
		where sd.status = 'Expiring' and sd.expiry_notified_on is null{only}""",
		{"names": tuple(names or ())},
		as_dict=True,
	)
	sent = 0
	for row in rows:
		if row.service_officer:
			days_left = (getdate(row.valid_to) - today).days
			subject = _("{0}: {1} expires on {2} ({3} days left); prepare the re-review").format(
				row.enterprise_name, row.designation_type, getdate(row.valid_to).isoformat(), days_left
			)
			frappe.get_doc(
				{
					"doctype": "Notification Log",
					"for_user": row.service_officer,
					"type": "Alert",
					"document_type": "Specialist Designation",
					"document_name": row.name,
					"subject": subject,
					"email_content": subject,
				}
			).insert(ignore_permissions=True)
			sent += 1
		frappe.db.set_value(
			"Specialist Designation", row.name, "expiry_notified_on", today, update_modified=False
		)
	return sent


def compute(doc) -> None:
	"""Fill valid_to and status on a designation being saved."""
	years = frappe.db.get_value("Designation Type", doc.designation_type, "validity_years") or 3
	doc.valid_to = rules.valid_to(getdate(doc.valid_from), int(years))
	doc.status = current_status(doc.valid_from, doc.valid_to)
