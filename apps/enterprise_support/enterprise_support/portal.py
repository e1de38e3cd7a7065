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
	# One navigation: our tabs (es_portal_nav.html), not Frappe's portal sidebar as well.
	context.show_sidebar = False
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


def refuse_request(context, name: str):
	"""A request that does not exist or is not this contact's: a Chinese message with a way back
	(the page answers 404), never Frappe's 不允许 page with its 登录 button."""
	context.refused = True
	context.title = _("Request not found")
	context.refused_name = name
	frappe.local.flags.es_http_status = 404


def set_page_status(response=None, request=None):
	"""after_request hook: give a portal page's own refusal its HTTP status."""
	code = frappe.local.flags.get("es_http_status")
	if code and response is not None:
		response.status_code = code
