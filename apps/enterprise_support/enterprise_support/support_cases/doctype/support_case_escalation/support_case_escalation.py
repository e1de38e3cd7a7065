from frappe.model.document import Document


class SupportCaseEscalation(Document):
	pass
