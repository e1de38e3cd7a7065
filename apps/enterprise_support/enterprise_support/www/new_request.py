import frappe

from enterprise_support.portal import portal_menu, require_contact
from enterprise_support.support_cases import settings

no_cache = 1


def get_context(context):
	require_contact(context, "/new-request")
	portal_menu(context)
	context.title = frappe._("Submit a Request")
	context.categories = frappe.get_all(
		"Case Category",
		filters={"is_active": 1, "show_on_portal": 1},
		fields=["name", "category_group", "time_limit_days", "description"],
		order_by="category_group desc, name",
	)
	limits = settings.get()
	context.max_attachment_mb = limits.max_attachment_mb
	context.allowed_types = limits.allowed_attachment_types
	context.max_description = limits.max_description_length
	return context
