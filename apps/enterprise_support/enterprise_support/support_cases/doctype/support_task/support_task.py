import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, cstr, getdate, now_datetime, nowdate

from enterprise_support.support_cases import deadlines


class SupportTask(Document):
	def validate(self):
		if cint(self.working_days) < 0:
			frappe.throw(_("The time limit cannot be negative"), title=_("Invalid time limit"))
		start = getdate(self.creation) if self.creation else getdate(nowdate())
		self.due_date = deadlines.add_working_days(start, cint(self.working_days))
		if self.status == "Completed":
			if not cstr(self.completion_note).strip():
				frappe.throw(
					_("Say what was done before completing the task"), title=_("Completion note required")
				)
			if not self.completed_on:
				self.completed_on = now_datetime()
		else:
			self.completed_on = None
		if self.support_case and not self.department:
			self.department = frappe.db.get_value("Support Case", self.support_case, "department")

	def on_update(self):
		update_open_task_count(self.support_case)
		previous = self.get_doc_before_save()
		if previous and previous.support_case != self.support_case:
			update_open_task_count(previous.support_case)

	def after_delete(self):
		update_open_task_count(self.support_case)


def update_open_task_count(case: str | None) -> None:
	if case and frappe.db.exists("Support Case", case):
		count = frappe.db.count("Support Task", {"support_case": case, "status": "Open"})
		frappe.db.set_value("Support Case", case, "open_task_count", count, update_modified=False)
