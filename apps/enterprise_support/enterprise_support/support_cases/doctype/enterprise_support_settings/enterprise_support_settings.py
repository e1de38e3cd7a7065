from frappe.model.document import Document

from enterprise_support.support_cases import settings


class EnterpriseSupportSettings(Document):
	def on_update(self):
		settings.clear()
