"""Support cases no longer keep rows in Frappe's approvals inbox (Workflow Action): the case
workflow's states are optional in its sense (fixtures/workflow.json), since cases reach people by
assignment and the service queues. Rows written before are removed with their role rows."""

import frappe


def execute():
	frappe.db.sql(
		"""delete r from `tabWorkflow Action Permitted Role` r
		join `tabWorkflow Action` a on a.name = r.parent
		where a.reference_doctype = 'Support Case'"""
	)
	frappe.db.delete("Workflow Action", {"reference_doctype": "Support Case"})
