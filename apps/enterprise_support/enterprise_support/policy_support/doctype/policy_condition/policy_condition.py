from frappe.model.document import Document


class PolicyCondition(Document):
	pass
