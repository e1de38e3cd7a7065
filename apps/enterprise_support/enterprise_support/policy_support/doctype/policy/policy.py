import datetime as dt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, nowdate

IN_FORCE, NOT_YET, EXPIRED = "In Force", "Not Yet in Force", "Expired"


class Policy(Document):
	def validate(self):
		self.title = (self.title or "").strip()
		if not self.title:
			frappe.throw(_("Enter the policy's title"), title=_("Missing title"))
		if (
			self.expiry_date
			and self.effective_date
			and getdate(self.expiry_date) < getdate(self.effective_date)
		):
			frappe.throw(
				_("The expiry date {0} is before the effective date {1}").format(
					getdate(self.expiry_date).isoformat(), getdate(self.effective_date).isoformat()
				),
				title=_("Invalid date"),
			)
		self.status = status_on(self.effective_date, self.expiry_date, getdate(nowdate()))


def status_on(effective_date, expiry_date, today: dt.date) -> str:
	"""``In Force``, ``Not Yet in Force`` or ``Expired`` on ``today`` (the expiry day is in force)."""
	if effective_date and today < getdate(effective_date):
		return NOT_YET
	if expiry_date and today > getdate(expiry_date):
		return EXPIRED
	return IN_FORCE


def update_statuses(today: dt.date | None = None) -> list[str]:
	"""Bring every policy's status up to ``today`` (daily, before the full rematch); returns the
	policies whose status changed."""
	today = today or getdate(nowdate())
	changed = []
	for status, condition in (
		(NOT_YET, "effective_date > %(today)s"),
		(EXPIRED, "expiry_date is not null and expiry_date < %(today)s"),
		(IN_FORCE, "effective_date <= %(today)s and (expiry_date is null or expiry_date >= %(today)s)"),
	):
		params = {"today": today, "status": status}
		names = frappe.db.sql_list(
			f"select name from `tabPolicy` where {condition} and coalesce(status, '') != %(status)s", params
		)
		if names:
			frappe.db.sql(
				"update `tabPolicy` set status = %(status)s where name in %(names)s",
				{**params, "names": names},
			)
			changed.extend(names)
	return changed
