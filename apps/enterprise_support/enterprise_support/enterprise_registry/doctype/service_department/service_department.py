from frappe.model.document import Document


class ServiceDepartment(Document):
	pass
