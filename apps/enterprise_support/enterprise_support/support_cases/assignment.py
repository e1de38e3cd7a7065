"""The case's handler follows Frappe's assignment (made by the department's Assignment Rule)."""

import frappe


def on_todo_change(todo, method=None):
	if todo.reference_type != "Support Case" or not todo.reference_name:
		return
	if todo.status == "Open" and todo.allocated_to:
		current = frappe.db.get_value("Support Case", todo.reference_name, "handler")
		if current != todo.allocated_to:
			frappe.db.set_value(
				"Support Case", todo.reference_name, "handler", todo.allocated_to, update_modified=False
			)
