import frappe

from enterprise_support.api.portal import our_enterprise
from enterprise_support.portal import portal_menu, require_contact

no_cache = 1


def get_context(context):
	require_contact(context, "/our-enterprise")
	portal_menu(context)
	context.profile = our_enterprise()
	context.title = context.profile["enterprise_name"]
	return context
