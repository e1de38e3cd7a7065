"""The case's handler follows Frappe's assignment, within the rules of dispatch.

A case is dispatched by enterprise service staff (or by its department's Assignment Rule) to a
member of the case's department: only such an assignment makes the assignee the handler. Others
may not assign a case at all (Frappe would otherwise let anyone who can read a case assign it,
and share it with whomever they name).
"""

import frappe
from frappe import _

from enterprise_support.permissions import actor_of


def department_members(department: str | None) -> set[str]:
	if not department:
		return set()
	members = set(
		frappe.get_all(
			"Service Department Member",
			filters={"parent": department, "parenttype": "Service Department"},
			pluck="user",
		)
	)
	head = frappe.db.get_value("Service Department", department, "head")
	return members | ({head} if head else set())


def _made_by_department_rule(todo, department: str | None) -> bool:
	"""A ToDo made by the Assignment Rule of the case's department, for one of its users."""
	if not todo.assignment_rule or not department:
		return False
	rule = frappe.db.get_value(
		"Assignment Rule", todo.assignment_rule, ["document_type", "disabled"], as_dict=True
	)
	if not rule or rule.document_type != "Support Case" or rule.disabled:
		return False
	rule_users = frappe.get_all(
		"Assignment Rule User", filters={"parent": todo.assignment_rule}, pluck="user"
	)
	return todo.allocated_to in rule_users and todo.allocated_to in department_members(department)


def may_become_handler(todo) -> bool:
	department = frappe.db.get_value("Support Case", todo.reference_name, "department")
	if todo.allocated_to not in department_members(department):
		return False
	return actor_of() == "staff" or _made_by_department_rule(todo, department)


def check_assignment(todo, method=None):
	"""Before a ToDo on a case is made: only staff, or the department's own Assignment Rule."""
	if todo.reference_type != "Support Case" or not todo.reference_name:
		return
	if frappe.session.user == "Administrator" or frappe.flags.in_install or frappe.flags.in_migrate:
		return
	department = frappe.db.get_value("Support Case", todo.reference_name, "department")
	if actor_of() == "staff" or _made_by_department_rule(todo, department):
		return
	frappe.throw(
		_("Only enterprise service staff assign requests; ask them to dispatch it"),
		frappe.PermissionError,
		title=_("Not permitted"),
	)


def on_todo_change(todo, method=None):
	if todo.reference_type != "Support Case" or not todo.reference_name:
		return
	if todo.status == "Open" and todo.allocated_to and may_become_handler(todo):
		current = frappe.db.get_value("Support Case", todo.reference_name, "handler")
		if current != todo.allocated_to:
			frappe.db.set_value(
				"Support Case", todo.reference_name, "handler", todo.allocated_to, update_modified=False
			)
