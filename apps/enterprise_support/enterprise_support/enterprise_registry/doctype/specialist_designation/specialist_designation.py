import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from enterprise_support.enterprise_registry import designations
from enterprise_support.enterprise_registry.rollups import update_designation_summary


class SpecialistDesignation(Document):
	def validate(self):
		designations.compute(self)
		previous = self.get_doc_before_save()
		if previous and getdate(previous.valid_from) != getdate(self.valid_from):
			self.expiry_notified_on = None  # a new term gets its own notice
		duplicate = frappe.db.exists(
			"Specialist Designation",
			{
				"enterprise": self.enterprise,
				"designation_type": self.designation_type,
				"valid_from": self.valid_from,
				"name": ("!=", self.name),
			},
		)
		if duplicate:
			frappe.throw(
				_("{0} already holds {1} from {2} (record {3})").format(
					self.enterprise, self.designation_type, getdate(self.valid_from).isoformat(), duplicate
				),
				title=_("Duplicate designation"),
			)

	def on_update(self):
		update_designation_summary(self.enterprise)
		previous = self.get_doc_before_save()
		if previous and previous.enterprise != self.enterprise:
			update_designation_summary(previous.enterprise)

	def after_delete(self):
		update_designation_summary(self.enterprise)
