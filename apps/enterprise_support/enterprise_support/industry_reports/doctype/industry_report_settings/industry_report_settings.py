from frappe.model.document import Document


class IndustryReportSettings(Document):
	"""What the managers' industry-chain reports show (a single record).

	Also gives the Industry Reports module a document type its users may read, which Frappe
	requires before it shows the module's workspace to anyone but a Workspace Manager.
	"""
