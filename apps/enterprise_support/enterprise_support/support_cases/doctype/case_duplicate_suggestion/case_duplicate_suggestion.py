"""Case Duplicate Suggestion: an open request that a newly submitted one may be the same as."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document


class CaseDuplicateSuggestion(Document):
	"""Written by the intake check (support_cases/duplicate_check.py) and decided by staff through
	api/duplicates.py (并单 or 不是重复); nobody edits it by hand except a System Manager."""

	def validate(self):
		if self.flags.from_duplicate_check or "System Manager" in frappe.get_roles():
			return
		frappe.throw(
			_("Duplicate suggestions are kept by the system: merge or dismiss them on the request"),
			frappe.PermissionError,
		)

	def on_trash(self):
		if self.flags.from_duplicate_check or "System Manager" in frappe.get_roles():
			return
		frappe.throw(_("Duplicate suggestions are kept by the system"), frappe.PermissionError)


# The intake check reads the open requests of one street and category received in a window
# (duplicate_check._same_street_topic): this index on Support Case finds them without a scan.
STREET_TOPIC_INDEX = "street_topic"
STREET_TOPIC_COLUMNS = ["street", "category", "received_on"]


def on_doctype_update():
	# One suggestion per pair of requests; the check reads a case's suggestions by case.
	frappe.db.add_unique("Case Duplicate Suggestion", ["`case`", "`other_case`"], "unique_case_pair")
	# On a new site this doctype is made before Support Case, whose own on_doctype_update then adds
	# the index; on an existing site, re-syncing this doctype adds it here.
	if frappe.db.table_exists("Support Case"):
		frappe.db.add_index("Support Case", STREET_TOPIC_COLUMNS, STREET_TOPIC_INDEX)
