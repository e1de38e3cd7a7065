import frappe
from frappe.model.document import Document


class PolicyMatch(Document):
	"""Written by the matching jobs (policy_support/matching.py) with bulk SQL, never by hand.

	The table keeps the outcome only; ``explanation`` and ``unknown_fields`` are virtual, filled
	when the document is loaded (form, print, REST) from the enterprise's current data by the
	same code that explains any pair (``matching.explain_pair``)."""

	def load_from_db(self):
		super().load_from_db()
		from enterprise_support.policy_support.matching import explain_pair

		self.explanation, self.unknown_fields = explain_pair(self.enterprise, self.policy_item)


def on_doctype_update():
	"""The pair is unique; "who matches this item" is read by item and outcome. Frappe's index on
	``modified`` is dropped: the matching jobs write every row with one time stamp, lists sort by
	``name`` (numbered in the order rows are stored), and each row written would pay for an index
	nothing reads."""
	frappe.db.add_unique(
		"Policy Match", ["enterprise", "policy_item"], constraint_name="unique_enterprise_item"
	)
	frappe.db.add_index("Policy Match", ["policy_item", "outcome"])
	if frappe.db.has_index("tabPolicy Match", "modified"):
		frappe.db.sql_ddl("alter table `tabPolicy Match` drop index `modified`")
