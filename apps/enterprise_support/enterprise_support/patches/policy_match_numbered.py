"""Policy Match rows are named from a sequence (Frappe's ``autoincrement``: a ``bigint`` key, rows
numbered in the order they are stored) instead of text made of the enterprise and the item, and
the table loses Frappe's index on ``modified``: a full match stores a third less per row. The
table holds derived data only, so it is emptied, converted and matched again."""

import frappe
from frappe.core.doctype.doctype.doctype import change_name_column_type

from enterprise_support.policy_support.doctype.policy_match.policy_match import on_doctype_update
from enterprise_support.policy_support.matching import rematch_all


def execute():
	frappe.db.sql_ddl("truncate table `tabPolicy Match`")
	frappe.db.create_sequence("Policy Match", check_not_exists=True)
	if "int" not in (frappe.db.get_column_type("Policy Match", "name") or "").lower():
		change_name_column_type("Policy Match", "bigint")
	on_doctype_update()
	rematch_all()
