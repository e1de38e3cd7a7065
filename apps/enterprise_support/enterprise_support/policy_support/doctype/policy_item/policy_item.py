import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, getdate, nowdate

from enterprise_support.domain.policy_matching import (
	PolicyConditionError,
	compile_item,
	describe_conditions_zh,
	prepare_profile,
)
from enterprise_support.policy_support.messages import condition_error_message


class PolicyItem(Document):
	def validate(self):
		self.item_title = cstr(self.item_title).strip()
		if not self.item_title:
			frappe.throw(_("Enter the policy item's title"), title=_("Missing title"))
		self.validate_conditions()
		self.set(
			"manual_conditions", [row for row in self.manual_conditions if cstr(row.requirement).strip()]
		)

	def validate_conditions(self):
		"""Check every condition row with the matching engine; name the first bad row."""
		designations = frappe.get_all("Designation Type", pluck="name")
		try:
			compiled = compile_item(self.conditions, designations)
		except PolicyConditionError as error:
			frappe.throw(condition_error_message(error), title=_("Invalid policy condition"))
		for row, condition in zip(self.conditions, compiled.conditions, strict=True):
			row.attribute, row.operator = condition.attribute, condition.operator
			row.value = cstr(row.value).strip()
			row.label = cstr(row.label).strip() or None
		# the requirements in words, one a line ("发明专利 ≥ 2 件"), for lists and the portal
		blank = prepare_profile({}, getdate(nowdate()))
		self.condition_summary = "\n".join(
			describe_conditions_zh([check]) for check in compiled.checks(blank)
		)
