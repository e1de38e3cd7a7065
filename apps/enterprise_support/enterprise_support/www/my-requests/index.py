import frappe

from enterprise_support.api.portal import my_requests
from enterprise_support.portal import portal_menu, require_contact

no_cache = 1


def get_context(context):
	contact = require_contact(context, "/my-requests")
	portal_menu(context)
	context.title = frappe._("My Requests")
	context.is_manager = contact.is_manager
	context.requests = my_requests(limit=200)
	return context
