"""What people do with the watch list: acknowledge a flag with a note, and read an
enterprise's flags (with what could not be assessed) for its form."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, get_fullname, getdate, now_datetime, nowdate

from enterprise_support.domain.plain_text import FORBIDDEN_MARKUP
from enterprise_support.enterprise_care import watchlist_job as job

FLAG = job.FLAG
NOTE_MAX = 1000


@frappe.whitelist(methods=["POST"])
def acknowledge(flag: str, note: str) -> dict:
	"""Acknowledge a flag with a note: it stays quiet (not counted in the score, not in the
	active list) until its facts change. Staff only (write permission on the flag)."""
	note = cstr(note).strip()
	if not note:
		frappe.throw(_("Write a note to acknowledge this flag"), title=_("Note required"))
	if len(note) > NOTE_MAX:
		frappe.throw(
			_("The note is too long: at most {0} characters").format(NOTE_MAX), title=_("Note too long")
		)
	if FORBIDDEN_MARKUP.search(note):
		frappe.throw(
			_("{0} contains script or web-page code; enter plain text").format(_("Acknowledgement Note")),
			title=_("Invalid content"),
		)
	if not flag or not frappe.db.exists(FLAG, flag):
		frappe.throw(_("This watch list flag no longer exists"), frappe.DoesNotExistError)
	doc = frappe.get_doc(FLAG, flag)
	if not doc.has_permission("write"):
		frappe.throw(_("You may not acknowledge watch list flags"), frappe.PermissionError)
	doc.update(
		{
			"status": job.ACKNOWLEDGED,
			"acknowledged_key": doc.facts_key,
			"note": note,
			"acknowledged_by": frappe.session.user,
			"acknowledged_on": now_datetime(),
		}
	)
	doc.flags.from_watch_list = True
	doc.save(ignore_permissions=True)
	job.update_scores([doc.enterprise])
	return {
		"status": doc.status,
		"watch_score": frappe.db.get_value("Enterprise", doc.enterprise, "watch_score"),
	}


@frappe.whitelist()
def enterprise_watch_list(enterprise: str) -> dict:
	"""An enterprise's flags (active first), its score and what could not be assessed for lack
	of data. Empty for a user who may not read the watch list."""
	if not enterprise or not frappe.db.exists("Enterprise", enterprise):
		frappe.throw(_("This enterprise does not exist"), frappe.DoesNotExistError)
	if not frappe.has_permission(FLAG, "read") or not frappe.has_permission(
		"Enterprise", "read", doc=enterprise
	):
		return {"allowed": False}
	flags = frappe.get_all(
		FLAG,
		filters={"enterprise": enterprise},
		fields=[
			"name",
			"signal",
			"weight",
			"explanation",
			"status",
			"note",
			"acknowledged_by",
			"acknowledged_on",
		],
		order_by="status asc, weight desc, `signal` asc",
	)
	for row in flags:
		row.acknowledged_by_name = get_fullname(row.acknowledged_by) if row.acknowledged_by else None
	result = job.evaluate(getdate(nowdate()), [enterprise])
	return {
		"allowed": True,
		"can_acknowledge": bool(frappe.has_permission(FLAG, "write")),
		"score": frappe.db.get_value("Enterprise", enterprise, "watch_score") or 0,
		"flags": flags,
		"missing": job.missing_notes(result["assessments"].get(enterprise), result["visit_data"]),
	}
