from frappe.model.document import Document


class Street(Document):
	pass
