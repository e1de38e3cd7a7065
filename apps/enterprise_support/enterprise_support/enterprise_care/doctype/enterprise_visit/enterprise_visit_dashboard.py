"""The visit's connections: the support cases its problems became."""

from __future__ import annotations

from frappe import _


def get_data():
	return {
		"fieldname": "enterprise_visit",
		"transactions": [{"label": _("Service"), "items": ["Support Case"]}],
	}
