from frappe.model.document import Document


class CaseCategory(Document):
	pass
