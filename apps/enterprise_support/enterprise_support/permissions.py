"""Row-level access in one place: what an enterprise contact (portal user) may see.

District staff (System Manager, Enterprise Service Staff, Department Handler, Enterprise
Leader) are governed by the doctypes' role permissions alone. A user who is only an
Enterprise Contact sees the records of the enterprise their active contact record belongs
to, and nothing of any other enterprise, on every path that goes through Frappe's
permission checks: desk list and report views, REST list and get, link search, reports
that use ``frappe.get_list``, and file downloads attached to those records.
"""

from __future__ import annotations

import frappe

STAFF_ROLES = frozenset(
	{"System Manager", "Enterprise Service Staff", "Department Handler", "Enterprise Leader", "Administrator"}
)
CONTACT_ROLE = "Enterprise Contact"

# doctype -> the field that names the enterprise (``name`` for Enterprise itself)
ENTERPRISE_FIELD = {
	"Enterprise": "name",
	"Enterprise Contact": "enterprise",
	"Patent": "enterprise",
	"Specialist Designation": "enterprise",
}


def is_staff(user: str | None = None) -> bool:
	user = user or frappe.session.user
	if user == "Administrator":
		return True
	return bool(STAFF_ROLES.intersection(frappe.get_roles(user)))


def contact_of(user: str | None = None) -> frappe._dict | None:
	"""The active Enterprise Contact record of a portal user, or None."""
	user = user or frappe.session.user
	return frappe.db.get_value(
		"Enterprise Contact",
		{"user": user, "status": "Active"},
		["name", "enterprise", "is_manager"],
		as_dict=True,
	)


def _restricted(user: str | None) -> bool:
	return not is_staff(user)


def query_conditions(doctype: str, user: str | None = None) -> str:
	user = user or frappe.session.user
	if not _restricted(user):
		return ""
	contact = contact_of(user)
	if not contact:
		return "1=0"
	field = ENTERPRISE_FIELD[doctype]
	table = f"`tab{doctype}`"
	condition = f"{table}.`{field}` = {frappe.db.escape(contact.enterprise)}"
	if doctype == "Enterprise Contact" and not contact.is_manager:
		condition += f" and {table}.`name` = {frappe.db.escape(contact.name)}"
	return condition


def has_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	user = user or frappe.session.user
	if not _restricted(user):
		return True
	contact = contact_of(user)
	if not contact:
		return False
	field = ENTERPRISE_FIELD[doc.doctype]
	if doc.get(field) != contact.enterprise:
		return False
	if doc.doctype == "Enterprise Contact" and not contact.is_manager:
		return doc.name == contact.name
	return True


def _conditions_for(doctype: str):
	def conditions(user: str | None = None, doctype: str = doctype) -> str:
		return query_conditions(doctype, user)

	return conditions


enterprise_query = _conditions_for("Enterprise")
enterprise_contact_query = _conditions_for("Enterprise Contact")
patent_query = _conditions_for("Patent")
specialist_designation_query = _conditions_for("Specialist Designation")
