from frappe.model.document import Document


class ServiceDepartmentMember(Document):
	pass
