from frappe.model.document import Document


class SupportPlanMilestone(Document):
	pass
