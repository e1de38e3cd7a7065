from frappe.model.document import Document


class DesignationType(Document):
	pass
