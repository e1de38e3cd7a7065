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


def actor_of(user: str | None = None) -> str | None:
	"""What a user acts as: 'staff', 'leader', 'handler', 'contact' or None (strongest first)."""
	user = user or frappe.session.user
	if user == "Administrator":
		return "staff"
	roles = set(frappe.get_roles(user))
	if roles & {"System Manager", "Enterprise Service Staff"}:
		return "staff"
	if "Enterprise Leader" in roles:
		return "leader"
	if "Department Handler" in roles:
		return "handler"
	if CONTACT_ROLE in roles:
		return "contact"
	return None


def departments_of(user: str) -> list[str]:
	"""Departments a handler works in (as a member or as its head)."""
	members = frappe.get_all(
		"Service Department Member",
		filters={"user": user, "parenttype": "Service Department"},
		pluck="parent",
	)
	heads = frappe.get_all("Service Department", filters={"head": user}, pluck="name")
	return sorted(set(members) | set(heads))


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


# --- support cases and tasks ------------------------------------------------------------------


def support_case_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return ""
	table = "`tabSupport Case`"
	if actor == "handler":
		departments = departments_of(user)
		conditions = [f"{table}.`handler` = {frappe.db.escape(user)}"]
		if departments:
			conditions.append(
				f"{table}.`department` in ({', '.join(frappe.db.escape(d) for d in departments)})"
			)
		return "(" + " or ".join(conditions) + ")"
	if actor == "contact":
		contact = contact_of(user)
		if not contact:
			return "1=0"
		if contact.is_manager:
			return f"{table}.`enterprise` = {frappe.db.escape(contact.enterprise)}"
		return f"{table}.`contact` = {frappe.db.escape(contact.name)}"
	return "1=0"


def support_case_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return True
	if actor == "handler":
		return doc.get("handler") == user or doc.get("department") in departments_of(user)
	if actor == "contact":
		contact = contact_of(user)
		if not contact:
			return False
		if ptype == "create" and not doc.get("enterprise"):
			return True  # the enterprise is filled in from the login (see SupportCase)
		if doc.get("enterprise") != contact.enterprise:
			return False
		if ptype == "create":
			return True
		return bool(contact.is_manager) or doc.get("contact") == contact.name
	return False


def support_task_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return ""
	if actor == "handler":
		table = "`tabSupport Task`"
		conditions = [f"{table}.`assignee` = {frappe.db.escape(user)}"]
		departments = departments_of(user)
		if departments:
			conditions.append(
				f"{table}.`department` in ({', '.join(frappe.db.escape(d) for d in departments)})"
			)
		return "(" + " or ".join(conditions) + ")"
	return "1=0"


def support_task_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return True
	if actor == "handler":
		return (
			doc.get("assignee") == user or doc.get("department") in departments_of(user) or ptype == "create"
		)
	return False


# --- policies and policy items ------------------------------------------------------------------
# District staff see every policy; an enterprise contact (the portal) sees only policies in
# force and their active items. Policy matches and support plans have no contact permission.


def _policy_in_force_sql() -> str:
	"""In force on the site's today (its time zone, not the database server's)."""
	today = frappe.db.escape(frappe.utils.nowdate())
	return (
		f"`tabPolicy`.`effective_date` <= {today} "
		f"and (`tabPolicy`.`expiry_date` is null or `tabPolicy`.`expiry_date` >= {today})"
	)


def policy_query(user: str | None = None) -> str:
	actor = actor_of(user or frappe.session.user)
	if actor in ("staff", "leader", "handler"):
		return ""
	if actor == "contact":
		return f"({_policy_in_force_sql()})"
	return "1=0"


def policy_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False) -> bool:
	actor = actor_of(user or frappe.session.user)
	if actor in ("staff", "leader", "handler"):
		return True
	if actor == "contact":
		return ptype in (None, "read", "print") and _policy_in_force(doc.name)
	return False


def policy_item_query(user: str | None = None) -> str:
	actor = actor_of(user or frappe.session.user)
	if actor in ("staff", "leader", "handler"):
		return ""
	if actor == "contact":
		return (
			"(`tabPolicy Item`.`is_active` = 1 and `tabPolicy Item`.`policy` in "
			f"(select `tabPolicy`.`name` from `tabPolicy` where {_policy_in_force_sql()}))"
		)
	return "1=0"


def policy_item_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	actor = actor_of(user or frappe.session.user)
	if actor in ("staff", "leader", "handler"):
		return True
	if actor == "contact":
		return (
			ptype in (None, "read", "print")
			and bool(frappe.utils.cint(doc.get("is_active")))
			and _policy_in_force(doc.get("policy"))
		)
	return False


def _policy_in_force(policy: str | None) -> bool:
	if not policy:
		return False
	return bool(
		frappe.db.sql(
			f"select 1 from `tabPolicy` where `tabPolicy`.`name` = %s and {_policy_in_force_sql()}", policy
		)
	)
