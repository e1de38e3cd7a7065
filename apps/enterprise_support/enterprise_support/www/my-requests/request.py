import frappe

from enterprise_support.api.portal import request_detail
from enterprise_support.portal import portal_menu, refuse_request, require_contact

no_cache = 1


def get_context(context):
	name = frappe.form_dict.name or ""
	require_contact(context, f"/my-requests/{name}")
	portal_menu(context)
	try:
		context.request = request_detail(name)
	except (frappe.DoesNotExistError, frappe.PermissionError):
		frappe.clear_messages()
		refuse_request(context, name)
		return context
	context.title = context.request["subject"]
	return context
