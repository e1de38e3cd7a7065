"""Visit Coverage Rule: which enterprises must be visited how often (domain/visit_coverage.py)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from enterprise_support.domain import visit_coverage as vc


class VisitCoverageRule(Document):
	def validate(self):
		self.label = (self.label or "").strip()
		if self.applies_to != vc.MIN_DESIGNATION_TIER:
			self.min_tier_rank = 0
		try:
			vc.validate_rule(self.as_rule())
		except vc.CoverageError as error:
			if error.code == "bad_min_tier_rank":
				frappe.throw(
					_("A designation tier rule needs a minimum tier rank of 1 or more"),
					title=_("Invalid coverage rule"),
				)
			frappe.throw(_("This coverage rule cannot be applied: check whom it applies to and its period"))

	def as_rule(self) -> vc.CoverageRule:
		"""The rule as the domain reads it."""
		return vc.CoverageRule(
			label=self.label,
			applies_to=self.applies_to,
			min_tier_rank=frappe.utils.cint(self.min_tier_rank) or None,
			period=self.period,
			enabled=bool(frappe.utils.cint(self.enabled)),
		)
