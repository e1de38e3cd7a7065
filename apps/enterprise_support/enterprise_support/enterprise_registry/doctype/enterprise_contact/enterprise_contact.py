# Annotations stay text: Frappe then leaves the whitelisted methods' arguments to their own
# checks, which answer in Chinese (its type check answers in English).
from __future__ import annotations

import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime, validate_email_address

from enterprise_support.domain.plain_text import clean_name

MOBILE = re.compile(r"^1[3-9]\d{9}$")


class EnterpriseContact(Document):
	def validate(self):
		self.full_name = clean_name(self.full_name)  # a name is plain text: markup removed
		if self.mobile:
			self.mobile = re.sub(r"[\s-]", "", self.mobile).removeprefix("+86")
			if not MOBILE.match(self.mobile):
				frappe.throw(
					_("{0} is not a mainland mobile number (11 digits starting with 1)").format(
						frappe.bold(self.mobile)
					),
					title=_("Invalid mobile number"),
				)
		if self.email:
			self.email = self.email.strip().lower()
			if not validate_email_address(self.email):
				frappe.throw(
					_("{0} is not a valid e-mail address").format(frappe.bold(self.email)),
					title=_("Invalid e-mail"),
				)
		previous = self.get_doc_before_save()
		if previous and previous.enterprise != self.enterprise and self.user:
			frappe.throw(
				_(
					"This contact has a portal login: it cannot be moved to another enterprise. Deactivate it and add a new contact."
				),
				title=_("Cannot change enterprise"),
			)

	def on_update(self):
		if self.user and self.has_value_changed("status"):
			frappe.db.set_value("User", self.user, "enabled", int(self.status == "Active"))


@frappe.whitelist(methods=["POST"])
def invite(contact: str) -> str:
	"""Give a contact a portal login (a Website User with the Enterprise Contact role).

	Only staff who may edit the contact can do this; the contact receives Frappe's welcome
	e-mail to set a password. Contacts never register themselves into an enterprise.
	"""
	if not isinstance(contact, str) or not contact or not frappe.db.exists("Enterprise Contact", contact):
		frappe.throw(
			_("Enterprise contact {0} does not exist").format(frappe.utils.escape_html(str(contact)[:40])),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Enterprise Contact", contact)
	doc.check_permission("write")
	if doc.status != "Active":
		frappe.throw(_("Only an active contact can be invited"), title=_("Contact inactive"))
	if not doc.email:
		frappe.throw(
			_("Enter the contact's e-mail address first: it is their login"), title=_("E-mail required")
		)
	if doc.user:
		return doc.user
	existing = frappe.db.get_value("User", doc.email, ["name", "user_type"], as_dict=True)
	if existing:
		if existing.user_type == "System User" or frappe.db.exists(
			"Enterprise Contact", {"user": existing.name}
		):
			frappe.throw(
				_("{0} already belongs to another account; use another e-mail address").format(doc.email),
				title=_("E-mail in use"),
			)
		user = frappe.get_doc("User", existing.name)
	else:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": doc.email,
				"first_name": doc.full_name,
				# User.mobile_no is unique: a shared office number stays on the contact only.
				"mobile_no": doc.mobile
				if doc.mobile and not frappe.db.exists("User", {"mobile_no": doc.mobile})
				else None,
				"user_type": "Website User",
				"language": "zh",
				"send_welcome_email": 1,
			}
		)
		user.insert(ignore_permissions=True)
	user.add_roles("Enterprise Contact")
	doc.db_set({"user": user.name, "invited_on": now_datetime()})
	doc.add_comment("Info", _("Invited to the enterprise portal as {0}").format(user.name))
	return user.name
