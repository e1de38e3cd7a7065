from frappe.model.document import Document


class PolicyManualCondition(Document):
	pass
