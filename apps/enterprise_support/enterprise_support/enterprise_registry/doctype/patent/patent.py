import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from enterprise_support.domain import patents
from enterprise_support.enterprise_registry.messages import patent_message
from enterprise_support.enterprise_registry.rollups import update_patent_counts


class Patent(Document):
	def autoname(self):
		self.name = self.normalized_number()

	def normalized_number(self) -> str:
		result = patents.check_application_number(self.application_number)
		return result.number or (self.application_number or "").strip()

	def validate(self):
		result = patents.check_application_number(self.application_number)
		if result.errors:
			frappe.throw(
				"<br>".join(patent_message(issue) for issue in result.errors),
				title=_("Invalid patent application number"),
			)
		self.application_number = result.number
		if not self.patent_type:
			self.patent_type = result.patent_type
		elif self.patent_type != result.patent_type:
			frappe.throw(
				_(
					"Application number {0} is a {1} application (type digit {2}), but the patent type says {3}"
				).format(result.number, _(result.patent_type), result.type_digit, _(self.patent_type)),
				title=_("Patent type does not match the number"),
			)
		self.is_pct = int(result.is_pct)
		self.ip_class = result.ip_class
		if self.application_date and getdate(self.application_date).year != result.year:
			frappe.throw(
				_("The application date {0} is not in {1}, the year in the application number").format(
					getdate(self.application_date).isoformat(), result.year
				),
				title=_("Application date does not match the number"),
			)
		if (
			self.grant_date
			and self.application_date
			and getdate(self.grant_date) < getdate(self.application_date)
		):
			frappe.throw(_("The grant date cannot be before the application date"), title=_("Invalid date"))
		if self.publication_number:
			try:
				self.publication_number = patents.normalize_publication_number(self.publication_number).number
			except patents.PatentNumberError:
				frappe.throw(
					_(
						"{0} is not a publication or grant number: CN, 9 digits and a kind code such as B or U"
					).format(frappe.bold(self.publication_number)),
					title=_("Invalid publication number"),
				)

	def on_update(self):
		update_patent_counts(self.enterprise)
		previous = self.get_doc_before_save()
		if previous and previous.enterprise != self.enterprise:
			update_patent_counts(previous.enterprise)

	def after_delete(self):
		update_patent_counts(self.enterprise)
