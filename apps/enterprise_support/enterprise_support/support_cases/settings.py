"""Enterprise Support Settings with their defaults, read once per request."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint

from enterprise_support.domain import duplicates

DEFAULTS = {
	"reopen_window_days": 7,
	"due_soon_working_days": 1,
	"max_description_length": 5000,
	"intake_limit_per_hour": 10,
	"max_attachment_mb": 10,
	"allowed_attachment_types": "pdf,jpg,jpeg,png,doc,docx,xls,xlsx,txt,zip",
	"duplicate_threshold": duplicates.DEFAULT_DUPLICATE_THRESHOLD,
	"duplicate_window_days": duplicates.DEFAULT_DUPLICATE_WINDOW_DAYS,
	"cluster_threshold": duplicates.DEFAULT_CLUSTER_THRESHOLD,
	"cluster_window_days": duplicates.DEFAULT_CLUSTER_WINDOW_DAYS,
	"cluster_min_enterprises": duplicates.DEFAULT_CLUSTER_MIN_ENTERPRISES,
}

# Duplicate-request settings: field -> (lowest, highest) allowed.
DUPLICATE_RANGES = {
	"duplicate_threshold": (1, 100),
	"duplicate_window_days": (1, 3650),
	"cluster_threshold": (1, 100),
	"cluster_window_days": (1, 365),
	"cluster_min_enterprises": (2, 100),
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


def validate_duplicate_settings(doc) -> None:
	"""Refuse duplicate-request thresholds and windows out of their range (blank: the default)."""
	for field, (lowest, highest) in DUPLICATE_RANGES.items():
		value = doc.get(field)
		if value in (None, ""):
			doc.set(field, DEFAULTS[field])
			continue
		if not lowest <= cint(value) <= highest:
			frappe.throw(
				_("{0} must be between {1} and {2}").format(_(doc.meta.get_label(field)), lowest, highest),
				title=_("Invalid setting"),
			)
