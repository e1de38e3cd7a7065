"""Designations in force per type, for the 产业链 workspace.

The bars are named by each type's short name (小巨人, 专精特新 …, Designation Type's
``short_name``), the ladder's tiers first in their order: a chart's axis has room for four
or five characters, and the full names ("国家级专精特新“小巨人”企业") were cut to "国家 ...".
Counts what the reader may see (``frappe.get_list`` applies the row rules)."""

from __future__ import annotations

import frappe
from frappe import _

IN_FORCE = ("Active", "Expiring")


@frappe.whitelist()
def get(
	chart_name=None,
	chart=None,
	no_cache=None,
	filters=None,
	from_date=None,
	to_date=None,
	timespan=None,
	time_interval=None,
	heatmap_year=None,
):
	rows = frappe.get_list(
		"Specialist Designation",
		fields=["designation_type", "count(name) as designations"],
		filters=[["status", "in", IN_FORCE]],
		group_by="designation_type",
		order_by="designation_type asc",
	)
	counts = {row.designation_type: row.designations for row in rows}
	types = frappe.get_all(
		"Designation Type",
		filters={"name": ["in", list(counts) or [""]]},
		fields=["name", "short_name", "tier_rank", "is_ladder_tier"],
	)
	# the ladder's tiers in their order, then the other designations by name
	types.sort(key=lambda t: (0 if t.is_ladder_tier else 1, t.tier_rank or 0, t.name))
	return {
		"labels": [t.short_name or t.name for t in types],
		"datasets": [{"name": _("Designations in force"), "values": [counts[t.name] for t in types]}],
	}
