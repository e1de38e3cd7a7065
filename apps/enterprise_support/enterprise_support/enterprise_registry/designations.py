"""Designation validity: statuses kept current by a daily job, and expiry notices."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_days, getdate, nowdate

from enterprise_support.domain import designations as rules
from enterprise_support.enterprise_registry.rollups import update_designation_summary

WARN_DAYS = 90


def update_designation_statuses() -> dict[str, int]:
	"""Daily: bring every designation's status up to today's date and tell service officers
	about designations that will expire within 90 days (once per designation and term)."""
	today = getdate(nowdate())
	soon = add_days(today, WARN_DAYS)
	changed_enterprises = set()
	moves = {}
	for status, condition, values in (
		("Not Yet Valid", "valid_from > %(today)s", {}),
		("Expired", "valid_to < %(today)s", {}),
		("Expiring", "valid_from <= %(today)s and valid_to >= %(today)s and valid_to <= %(soon)s", {}),
		("Active", "valid_from <= %(today)s and valid_to > %(soon)s", {}),
	):
		params = {"today": today, "soon": soon, "status": status, **values}
		enterprises = frappe.db.sql_list(
			f"""select distinct enterprise from `tabSpecialist Designation`
			where {condition} and coalesce(status, '') != %(status)s""",
			params,
		)
		frappe.db.sql(
			f"""update `tabSpecialist Designation` set status = %(status)s
			where {condition} and coalesce(status, '') != %(status)s""",
			params,
		)
		moves[status] = len(enterprises)
		changed_enterprises.update(enterprises)
	for enterprise in changed_enterprises:
		update_designation_summary(enterprise)
	notified = notify_expiring(today)
	frappe.db.commit()
	return {"enterprises_updated": len(changed_enterprises), "notices": notified}


def notify_expiring(today=None) -> int:
	"""One system notification (and e-mail, where set up) to the service officer of each
	enterprise whose designation is expiring and has not been announced for this term (an
	officer who has left, disabled or deleted, is not written to; the designation is still
	marked as announced, and shows on the Designation Expiry report)."""
	today = getdate(today or nowdate())
	rows = frappe.db.sql(
		"""select sd.name, sd.enterprise, sd.designation_type, sd.valid_to,
			e.enterprise_name, u.name as service_officer
		from `tabSpecialist Designation` sd
		join `tabEnterprise` e on e.name = sd.enterprise
		left join `tabUser` u on u.name = e.service_officer and u.enabled = 1
		where sd.status = 'Expiring' and sd.expiry_notified_on is null""",
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
	doc.status = rules.status_on(getdate(doc.valid_from), doc.valid_to, getdate(nowdate()), WARN_DAYS)
