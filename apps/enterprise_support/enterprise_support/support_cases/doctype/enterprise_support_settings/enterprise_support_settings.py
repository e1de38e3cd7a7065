from frappe.model.document import Document

from enterprise_support.support_cases import settings


class EnterpriseSupportSettings(Document):
	def validate(self):
		settings.validate_duplicate_settings(self)

	def on_update(self):
		settings.clear()
