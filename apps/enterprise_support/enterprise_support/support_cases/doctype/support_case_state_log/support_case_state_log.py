from frappe.model.document import Document


class SupportCaseStateLog(Document):
	pass
