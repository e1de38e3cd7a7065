import frappe
from frappe.model.document import Document


class PolicyMatch(Document):
	"""Written by the matching jobs (policy_support/matching.py) with bulk SQL, never by hand."""


def on_doctype_update():
	frappe.db.add_unique(
		"Policy Match", ["enterprise", "policy_item"], constraint_name="unique_enterprise_item"
	)
	frappe.db.add_index("Policy Match", ["policy_item", "outcome"])
