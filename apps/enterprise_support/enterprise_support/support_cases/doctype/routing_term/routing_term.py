"""Routing Term: one learned count of the routing suggestion (support_cases/routing.py)."""

from __future__ import annotations

import frappe
from frappe.model.document import Document


class RoutingTerm(Document):
	"""A department's count of dispatched cases, of cases of a category, or of uses of a word.

	The system keeps these rows (``support_cases.routing``) as staff dispatch; nobody edits them.
	"""

	def validate(self):
		frappe.throw(
			frappe._("Routing counts are kept by the system as cases are dispatched"), frappe.PermissionError
		)


def on_doctype_update():
	# One row per department, kind and term (counts are added with INSERT … ON DUPLICATE KEY);
	# a suggestion reads the rows of the request's words by kind and term.
	frappe.db.add_unique("Routing Term", ["department", "kind", "term"], "department_kind_term")
	frappe.db.add_index("Routing Term", ["kind", "term"], "kind_term")
