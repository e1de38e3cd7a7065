"""Enterprise Support Settings with their defaults, read once per request."""

from __future__ import annotations

import frappe
from frappe.utils import cint

DEFAULTS = {
	"reopen_window_days": 7,
	"due_soon_working_days": 1,
	"max_description_length": 5000,
	"intake_limit_per_hour": 10,
	"max_attachment_mb": 10,
	"allowed_attachment_types": "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,txt,zip",
}


def get() -> frappe._dict:
	cached = getattr(frappe.local, "es_settings", None)
	if cached is not None:
		return cached
	values = frappe._dict(DEFAULTS)
	stored = frappe.db.get_singles_dict("Enterprise Support Settings")
	for key, default in DEFAULTS.items():
		value = stored.get(key)
		if value not in (None, ""):
			values[key] = cint(value) if isinstance(default, int) else value
	frappe.local.es_settings = values
	return values


def clear() -> None:
	frappe.local.es_settings = None
