from frappe.model.document import Document


class SupportCaseReply(Document):
	pass
