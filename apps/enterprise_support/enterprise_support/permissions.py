"""Row-level access in one place: what an enterprise contact (portal user) may see.

District staff (System Manager, Enterprise Service Staff, Department Handler, Enterprise
Leader) are governed by the doctypes' role permissions alone. A user who is only an
Enterprise Contact sees the records of the enterprise their active contact record belongs
to, and nothing of any other enterprise, on every path that goes through Frappe's
permission checks: desk list and report views, REST list and get, link search, reports
that use ``frappe.get_list``, and file downloads attached to those records.
"""

from __future__ import annotations

import os

import frappe
from frappe import _
from frappe.model.document import Document

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


# --- support plans and their reviews --------------------------------------------------------------
# Staff and leaders see every plan; a department handler sees the plans whose tasks their
# departments carry (or that are assigned to them). Contacts see none.


def _handler_scope_sql(table: str, user: str, user_field: str) -> str:
	departments = departments_of(user)
	conditions = [f"{table}.`{user_field}` = {frappe.db.escape(user)}"]
	if departments:
		conditions.append(f"{table}.`department` in ({', '.join(frappe.db.escape(d) for d in departments)})")
	return "(" + " or ".join(conditions) + ")"


def enterprise_support_plan_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return ""
	if actor == "handler":
		tasks = _handler_scope_sql("`tabSupport Task`", user, "assignee")
		return (
			"`tabEnterprise Support Plan`.`name` in (select `tabSupport Task`.`support_plan` "
			f"from `tabSupport Task` where ifnull(`tabSupport Task`.`support_plan`, '') != '' and {tasks})"
		)
	return "1=0"


def enterprise_support_plan_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return True
	if actor == "handler":
		return bool(_rows_where("Enterprise Support Plan", doc.name, enterprise_support_plan_query(user)))
	return False


def support_plan_review_query(user: str | None = None) -> str:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return ""
	if actor == "handler":
		plans = enterprise_support_plan_query(user)
		return (
			"`tabSupport Plan Review`.`support_plan` in (select `tabEnterprise Support Plan`.`name` "
			f"from `tabEnterprise Support Plan` where {plans})"
		)
	return "1=0"


def support_plan_review_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	user = user or frappe.session.user
	actor = actor_of(user)
	if actor in ("staff", "leader"):
		return True
	if actor == "handler":
		return bool(_rows_where("Support Plan Review", doc.name, support_plan_review_query(user)))
	return False


def district_only_query(user: str | None = None) -> str:
	"""Visits, visit coverage rules and duplicate suggestions: district staff and leaders see them
	all, nobody else any."""
	return "" if actor_of(user or frappe.session.user) in ("staff", "leader") else "1=0"


def district_only_permission(
	doc, ptype: str | None = None, user: str | None = None, debug: bool = False
) -> bool:
	"""Row rule of :func:`district_only_query` (the role permissions decide what staff may do)."""
	return actor_of(user or frappe.session.user) in ("staff", "leader")


def _rows_where(doctype: str, name: str, condition: str) -> list:
	if not condition:
		return [name]
	return frappe.db.sql(
		f"select `tab{doctype}`.`name` from `tab{doctype}` where `tab{doctype}`.`name` = %s and {condition}",
		name,
	)


# --- one place that knows every row rule ----------------------------------------------------------
# doctype -> the condition function that restricts its rows (used for the doctypes themselves, for
# their child tables and for the framework's records that point at them: files, comments,
# versions, assignments, ...).
ROW_RULES = {
	"Enterprise": enterprise_query,
	"Enterprise Contact": enterprise_contact_query,
	"Patent": patent_query,
	"Specialist Designation": specialist_designation_query,
	"Support Case": support_case_query,
	"Support Task": support_task_query,
	"Policy": policy_query,
	"Policy Item": policy_item_query,
	"Enterprise Support Plan": enterprise_support_plan_query,
	"Support Plan Review": support_plan_review_query,
	"Enterprise Visit": district_only_query,
	"Visit Coverage Rule": district_only_query,
	"Case Duplicate Suggestion": district_only_query,
}

# child doctype -> its parent doctype: a child row is visible when its parent row is.
CHILD_TABLES = {
	"Support Case Reply": "Support Case",
	"Support Case State Log": "Support Case",
	"Support Case Escalation": "Support Case",
	"Support Plan Measure": "Enterprise Support Plan",
	"Support Plan Milestone": "Enterprise Support Plan",
	"Support Plan Policy Item": "Enterprise Support Plan",
	"Policy Condition": "Policy Item",
	"Policy Manual Condition": "Policy Item",
	"Service Department Member": "Service Department",
	"Work Calendar Day": "Work Calendar",
	"Enterprise Visit Visitor": "Enterprise Visit",
	"Enterprise Visit Contact": "Enterprise Visit",
	"Enterprise Visit Problem": "Enterprise Visit",
	"Enterprise Annual Figure": "Enterprise",
}


def row_condition(doctype: str, user: str | None = None) -> str:
	"""The SQL condition on ``tab<doctype>`` that limits the user to their rows ('' for all)."""
	rule = ROW_RULES.get(doctype)
	return rule(user) if rule else ""


def child_table_query(user: str | None = None, doctype: str | None = None) -> str:
	"""Rows of a child table: only those whose parent row the user may see."""
	user = user or frappe.session.user
	parent = CHILD_TABLES[doctype]
	table = f"`tab{doctype}`"
	if parent not in ROW_RULES:
		# parents readable by role alone; a user without a role on the parent sees no rows
		return "" if frappe.has_permission(parent, "read", user=user) else "1=0"
	condition = row_condition(parent, user)
	if not condition:
		return ""
	if condition == "1=0":
		return condition
	return (
		f"({table}.`parenttype` = {frappe.db.escape(parent)} and {table}.`parent` in "
		f"(select `tab{parent}`.`name` from `tab{parent}` where {condition}))"
	)


def linked_records_condition(table: str, doctype_column: str, name_column: str, user: str) -> str:
	"""For framework records that point at one of ours (a file, comment, version, assignment):
	those pointing at a row the user may not see are hidden."""
	parts = []
	for doctype in ROW_RULES:
		condition = row_condition(doctype, user)
		if not condition:
			continue
		target = f"`tab{doctype}`"
		if condition == "1=0":
			parts.append(f"ifnull({table}.`{doctype_column}`, '') != {frappe.db.escape(doctype)}")
		else:
			parts.append(
				f"(ifnull({table}.`{doctype_column}`, '') != {frappe.db.escape(doctype)} or {table}.`{name_column}` in "
				f"(select {target}.`name` from {target} where {condition}))"
			)
	for child in CHILD_TABLES:
		condition = child_table_query(user, child)
		if condition:
			parts.append(f"ifnull({table}.`{doctype_column}`, '') != {frappe.db.escape(child)}")
	return "(" + " and ".join(parts) + ")" if parts else ""


# framework doctype -> (the column naming the doctype, the column naming the record)
LINKED_RECORDS = {
	"File": ("attached_to_doctype", "attached_to_name"),
	"Comment": ("reference_doctype", "reference_name"),
	"Communication": ("reference_doctype", "reference_name"),
	"Version": ("ref_doctype", "docname"),
	"Activity Log": ("reference_doctype", "reference_name"),
	"ToDo": ("reference_type", "reference_name"),
	"Workflow Action": ("reference_doctype", "reference_name"),
	"Document Follow": ("ref_doctype", "ref_docname"),
	"DocShare": ("share_doctype", "share_name"),
	"View Log": ("reference_doctype", "reference_name"),
	"Notification Log": ("document_type", "document_name"),
	"Energy Point Log": ("reference_doctype", "reference_name"),
}


def linked_records_query(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	doctype_column, name_column = LINKED_RECORDS[doctype]
	condition = linked_records_condition(f"`tab{doctype}`", doctype_column, name_column, user)
	if doctype == "Document Follow" and actor_of(user) not in ("staff",):
		# whom others follow is nobody else's business
		own = f"`tabDocument Follow`.`user` = {frappe.db.escape(user)}"
		condition = f"({own} and {condition})" if condition else own
	return condition


def linked_record_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""A framework record pointing at one of our rows is refused when that row is (None: no opinion)."""
	user = user or frappe.session.user
	doctype_column, name_column = LINKED_RECORDS[doc.doctype]
	target_doctype, target_name = doc.get(doctype_column), doc.get(name_column)
	if target_doctype in ROW_RULES and target_name:
		condition = row_condition(target_doctype, user)
		if condition and not _rows_where(target_doctype, target_name, condition):
			return False
	return None


# --- counts -----------------------------------------------------------------------------------------


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False, parent: str | None = None) -> int:
	"""``frappe.client.get_count`` through the permission layer: Frappe's own counts every row of
	the table, whatever the caller may see (and so tells, filter by filter, what is hidden)."""
	from frappe.client import get_safe_filters

	if not isinstance(doctype, str) or not frappe.db.exists("DocType", doctype):
		frappe.throw(
			_("{0} is not a document type").format(frappe.utils.cstr(doctype)), frappe.DoesNotExistError
		)
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=["count(*) as total"],
		parent_doctype=parent,
		order_by=None,
		limit_page_length=0,
	)
	return frappe.utils.cint(rows[0].total) if rows else 0


# --- files --------------------------------------------------------------------------------------------


def _may_write_file_of(row, user: str) -> bool:
	if row.attached_to_doctype and row.attached_to_name:
		if not frappe.db.exists(row.attached_to_doctype, row.attached_to_name):
			return row.owner == user
		return bool(
			frappe.has_permission(row.attached_to_doctype, "write", doc=row.attached_to_name, user=user)
		)
	return row.owner == user


def _normal_file_url(url: str) -> str:
	from urllib.parse import unquote

	path = unquote(url.split("?", 1)[0].split("#", 1)[0])
	return "/" + os.path.normpath(path).lstrip("/")


def check_file(doc, method=None) -> None:
	"""A File may point only at content uploaded with it, or at content already kept for a record
	the user may write; attaching needs write permission on the record attached to; the privacy
	of content shared by several records is not changed through one of them."""
	user = frappe.session.user
	if doc.flags.ignore_permissions or user == "Administrator" or "System Manager" in frappe.get_roles(user):
		return
	previous = None if doc.is_new() else doc.get_doc_before_save()
	target = (doc.attached_to_doctype, doc.attached_to_name)
	if (
		doc.attached_to_doctype
		and doc.attached_to_name
		and (previous is None or (previous.attached_to_doctype, previous.attached_to_name) != target)
		and frappe.db.exists(*target)
		and not frappe.has_permission(doc.attached_to_doctype, "write", doc=doc.attached_to_name, user=user)
	):
		frappe.throw(
			_("You may not attach files to {0} {1}").format(_(doc.attached_to_doctype), doc.attached_to_name),
			frappe.PermissionError,
		)
	if doc.is_new():
		# Pointing at content that is kept already (Frappe has read it into this File by now, so
		# look at who else holds the address): private content only of a record one may write.
		url = frappe.utils.cstr(doc.file_url)
		if url and not url.lower().startswith(("http://", "https://")):
			rows = frappe.get_all(
				"File",
				filters={"file_url": ("in", list({url, _normal_file_url(url)}))},
				fields=["attached_to_doctype", "attached_to_name", "owner", "is_private"],
			)
			if any(row.is_private for row in rows) and not any(_may_write_file_of(row, user) for row in rows):
				frappe.throw(
					_("You may not use this file: it belongs to a record you cannot change"),
					frappe.PermissionError,
				)
		return
	if previous is None:
		return
	if doc.file_url != previous.file_url:
		frappe.throw(_("The address of a file cannot be changed"), frappe.PermissionError)
	if frappe.utils.cint(doc.is_private) != frappe.utils.cint(previous.is_private):
		if frappe.db.count("File", {"file_url": previous.file_url, "name": ("!=", doc.name)}):
			frappe.throw(
				_("This file is also attached elsewhere: its privacy cannot be changed here"),
				frappe.PermissionError,
			)
		if not _may_write_file_of(previous, user):
			frappe.throw(_("You may not change this file"), frappe.PermissionError)


# --- child rows read on their own ---------------------------------------------------------------------


class ChildRow(Document):
	"""Controller base of our child tables. Frappe checks a child row loaded on its own
	(``/api/resource/<child>/<name>``, ``frappe.client.get``) against its parent *doctype* only;
	here the row is governed by its parent *row*: readable when the parent is, and so on."""

	def has_permission(self, permtype="read", *, debug=False, user=None) -> bool:
		if not self.parenttype or not self.parent or not frappe.db.exists(self.parenttype, self.parent):
			return False
		return bool(frappe.has_permission(self.parenttype, permtype, doc=self.parent, user=user, debug=debug))
