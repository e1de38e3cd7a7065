from frappe.model.document import Document


class SupportPlanPolicyItem(Document):
	pass
