"""A review of a support plan (方案复盘). Quarterly reviews use Frappe's Auto Repeat: staff save
the first review, choose Repeat in the form's menu (⋯ > Repeat), pick the frequency Quarterly
and a start date; every quarter a new review is created for the same plan, scheduled on the
repeat date (the review date is the copy's only required date), with the findings cleared."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt

from enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan import (
	task_progress,
	update_review_dates,
)


class SupportPlanReview(Document):
	def validate(self):
		if self.status == "Done":
			if not (self.findings or "").strip():
				frappe.throw(
					_("Write down the review's findings before marking it done"), title=_("Findings required")
				)
			if not flt(self.progress_at_review):
				self.progress_at_review = task_progress(self.support_plan)[2]
			self.reviewer = self.reviewer or frappe.session.user

	def on_update(self):
		update_review_dates(self.support_plan)
		previous = self.get_doc_before_save()
		if previous and previous.support_plan != self.support_plan:
			update_review_dates(previous.support_plan)

	def after_delete(self):
		update_review_dates(self.support_plan)

	def on_recurring(self, reference_doc, auto_repeat_doc):
		"""Auto Repeat made this copy of the last review: it is the next one, still to be held."""
		self.status = "Scheduled"
		self.findings = self.next_steps = None
		self.progress_at_review = 0
