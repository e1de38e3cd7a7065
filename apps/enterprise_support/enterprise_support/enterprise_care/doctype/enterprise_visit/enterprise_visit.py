"""Enterprise Visit (走访记录): a call on an enterprise by district staff, what they found and
the problems the enterprise raised (each may become a Support Case, see enterprise_care/visits.py)."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, getdate, today

from enterprise_support.domain.plain_text import FORBIDDEN_MARKUP
from enterprise_support.enterprise_care import visits

LEADER_VISIT = "Leader Visit"


class EnterpriseVisit(Document):
	def validate(self):
		self.check_date()
		self.check_visitors()
		self.check_contacts()
		self.check_text()
		self.check_problem_cases()
		self.title = f"{self.enterprise_name or self.enterprise} {getdate(self.visit_date).isoformat()}"

	def check_date(self):
		if not self.visit_date:
			frappe.throw(_("Enter the date of the visit"), title=_("Missing visit date"))
		if getdate(self.visit_date) > getdate(today()):
			frappe.throw(
				_("The date of a visit cannot be in the future: record a visit once it has taken place"),
				title=_("Invalid visit date"),
			)

	def check_visitors(self):
		users = [row.user for row in self.visitors if row.user]
		if not users:
			frappe.throw(_("Enter who made the visit"), title=_("Missing visitors"))
		if len(set(users)) != len(users):
			frappe.throw(_("A visitor is listed more than once"), title=_("Duplicate visitor"))
		not_staff = visits.not_staff(users)
		if not_staff:
			frappe.throw(
				_("Only enabled district staff can be visitors; not: {0}").format(
					"、".join(frappe.utils.escape_html(user) for user in not_staff)
				),
				title=_("Invalid visitor"),
			)
		leader = frappe.db.get_value("Enterprise", self.enterprise, "responsible_leader")
		self.leader_present = int(bool(leader and leader in users) or visits.has_leader(users))
		if self.kind == LEADER_VISIT and not self.leader_present:
			frappe.throw(
				_(
					"A leader visit needs the enterprise's responsible leader (or another leader) among the visitors"
				),
				title=_("No leader among the visitors"),
			)

	def check_contacts(self):
		contacts = [row.contact for row in self.contacts_met if row.contact]
		if len(set(contacts)) != len(contacts):
			frappe.throw(_("A contact is listed more than once"), title=_("Duplicate contact"))
		if not contacts:
			return
		owners = dict(
			frappe.get_all(
				"Enterprise Contact",
				filters={"name": ("in", contacts)},
				fields=["name", "enterprise"],
				as_list=True,
			)
		)
		for contact in contacts:
			if owners.get(contact) != self.enterprise:
				frappe.throw(
					_("The contact {0} does not belong to {1}").format(
						frappe.utils.escape_html(contact), frappe.utils.escape_html(self.enterprise)
					),
					title=_("Wrong contact"),
				)

	def check_text(self):
		texts = [(_("Visit Findings"), self.findings)]
		for row in self.problems:
			row.subject = cstr(row.subject).strip()
			if not row.subject:
				frappe.throw(_("Problem {0}: enter a subject").format(row.idx), title=_("Missing subject"))
			if len(row.subject) > 140:
				frappe.throw(
					_("Problem {0}: the subject is {1} characters long; at most {2} are allowed").format(
						row.idx, len(row.subject), 140
					),
					title=_("Text too long"),
				)
			texts += [
				(_("Problem {0}").format(row.idx), row.subject),
				(_("Problem {0}").format(row.idx), row.description),
			]
		for label, value in texts:
			if FORBIDDEN_MARKUP.search(cstr(value)):
				frappe.throw(
					_("{0} contains script or web-page code; enter plain text").format(label),
					title=_("Invalid content"),
				)

	def check_problem_cases(self):
		"""A problem's case is set by "Create Cases for Problems" only, and stays with its row."""
		previous = self.get_doc_before_save()
		before = {
			row.name: row.support_case for row in (previous.problems if previous else []) if row.support_case
		}
		now = {row.name: row.support_case for row in self.problems}
		for row_name, case in before.items():
			if now.get(row_name) != case:
				frappe.throw(
					_("A problem already turned into support case {0} cannot be removed or changed").format(
						case
					),
					title=_("Problem has a case"),
				)
		for row in self.problems:
			if row.support_case and before.get(row.name) != row.support_case and not self.flags.cases_made:
				frappe.throw(
					_("Support cases are linked by the button Create Cases for Problems"),
					title=_("Problem has a case"),
				)

	def on_update(self):
		visits.update_last_visit(self.enterprise)
		previous = self.get_doc_before_save()
		if previous and previous.enterprise != self.enterprise:
			visits.update_last_visit(previous.enterprise)

	def after_delete(self):
		visits.update_last_visit(self.enterprise)
