"""Which requests a logged-in user may make at all, before Frappe routes them.

Portal users (enterprise contacts, and any other logged-in user without a district role) talk
to the site only through the enterprise portal: its pages, its documented API
(``enterprise_support.api.portal``), logging in and out, changing their password and
downloading files of records they may read. Everything else Frappe opens — ``/api/resource``,
``frappe.client.*``, ``frappe.desk.*``, ``upload_file``, web forms, reports, the desk — is
refused with a 403, whatever new endpoint a later Frappe adds: this is an allow-list.

For every user, list queries may sort and group only by plain columns: ``order_by`` (and
``group_by``, ``sort_by``) with SQL expressions are refused.

The allow-list is documented in docs/api.md; tests/integration/test_security.py enumerates
Frappe's whitelisted methods and doctypes against it.
"""

from __future__ import annotations

import re

import frappe
from frappe import _

from enterprise_support.permissions import actor_of

# The documented client API of the portal (docs/api.md).
PORTAL_METHODS = frozenset(
	[
		*(
			f"enterprise_support.api.portal.{name}"
			for name in (
				"submit_request",
				"my_requests",
				"request_detail",
				"add_information",
				"rate",
				"reopen",
				"our_enterprise",
			)
		),
		"enterprise_support.policy_support.portal.matched_policies_for_me",
	]
)
# What any logged-in person needs of the framework: who am I, log out, change my password.
ACCOUNT_METHODS = frozenset(
	{
		"ping",
		"login",
		"logout",
		"web_logout",
		"frappe.auth.get_logged_user",
		"frappe.core.doctype.user.user.update_password",
		"frappe.core.doctype.user.user.test_password_strength",
		"frappe.website.doctype.web_page_view.web_page_view.make_view_log",
	}
)
ALLOWED_METHODS = PORTAL_METHODS | ACCOUNT_METHODS

# Page routes of the portal (the first path segment) and the static files a page loads.
PORTAL_PAGES = frozenset(
	{"", "my-requests", "new-request", "our-enterprise", "login", "logout", "update-password", "message"}
)
STATIC_PREFIXES = ("/assets/", "/files/", "/private/files/")
STATIC_FILES = frozenset({"/favicon.ico", "/robots.txt", "/website_script.js", "/manifest.json"})

_API_METHOD = re.compile(r"^/api/(?:v1/|v2/)?method/([^/]+)/?$")

# A sort or group expression: column names, optionally table-qualified and back-quoted, each
# optionally followed by asc or desc. Nothing else (no functions, sub-queries or comments).
_IDENTIFIER = r"(?:`[\w \-]+`|\w+)"
_COLUMN = rf"(?:{_IDENTIFIER}\.)?{_IDENTIFIER}"
_SORT_TERM = rf"{_COLUMN}(?:\s+(?:asc|desc))?"
SAFE_SORT = re.compile(rf"^\s*{_SORT_TERM}(?:\s*,\s*{_SORT_TERM})*\s*$", re.IGNORECASE)
SORT_PARAMETERS = ("order_by", "group_by", "sort_by", "sort_order")


def guard_request() -> None:
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	check_sort_parameters()
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Guest"
	if user in ("Guest", "Administrator", None) or actor_of(user) not in ("contact", None):
		return
	if not portal_user_may_request(request.path, frappe.form_dict.get("cmd")):
		frappe.throw(
			_("Enterprise contacts can use only the enterprise portal and its documented interface"),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


def portal_user_may_request(path: str, cmd: str | None = None) -> bool:
	"""True when a portal user may make this request (the allow-list)."""
	if cmd:
		return cmd in ALLOWED_METHODS
	if path.startswith("/api/"):
		match = _API_METHOD.match(path)
		return bool(match) and match.group(1) in ALLOWED_METHODS
	if path.startswith(STATIC_PREFIXES) or path in STATIC_FILES:
		return ".." not in path
	first = path.strip("/").split("/", 1)[0]
	return first in PORTAL_PAGES


def check_sort_parameters() -> None:
	for key in SORT_PARAMETERS:
		value = frappe.form_dict.get(key)
		if value in (None, ""):
			continue
		if key == "sort_order":
			ok = isinstance(value, str) and value.strip().lower() in ("asc", "desc")
		else:
			ok = isinstance(value, str) and bool(SAFE_SORT.match(value))
		if not ok:
			frappe.throw(
				_("Sort and group only by field names (for example: modified desc)"),
				frappe.ValidationError,
				title=_("Invalid sort order"),
			)
