"""Shared context for the enterprise portal pages (www/)."""

from __future__ import annotations

import frappe
from frappe import _

from enterprise_support.permissions import actor_of, contact_of

STATE_STYLE = {
	"Submitted": "blue",
	"Accepted": "blue",
	"Dispatched": "blue",
	"In Progress": "orange",
	"Awaiting Enterprise": "red",
	"Returned": "blue",
	"Reopened": "orange",
	"Resolved": "green",
	"Closed": "gray",
	"Rejected": "gray",
	"Merged": "gray",
}


def require_contact(context, path: str):
	"""Send visitors to the login page; show staff and others a plain refusal."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to={path}"
		raise frappe.Redirect
	if actor_of() != "contact" or not contact_of():
		frappe.throw(_("This page is for enterprise contacts"), frappe.PermissionError)
	context.no_cache = 1
	context.show_sidebar = True
	context.contact = contact_of()
	context.enterprise_name = frappe.db.get_value("Enterprise", context.contact.enterprise, "enterprise_name")
	context.state_style = STATE_STYLE
	return context.contact


def portal_menu(context):
	context.current_path = frappe.request.path if getattr(frappe, "request", None) else ""
	context.portal_links = [
		("/my-requests", _("My Requests")),
		("/new-request", _("Submit a Request")),
		("/our-enterprise", _("Our Enterprise")),
	]
