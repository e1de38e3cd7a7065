"""Designation Readiness (梯度培育差距): per enterprise, the highest ladder tier held, the next
tier, whether it meets that tier's criteria, the gaps and the data missing.

Profiles are read in batches by SQL (``matching.enterprise_profiles``); the enterprises are those
the user may see (``frappe.get_list``), narrowed by the filters.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, getdate, nowdate

from enterprise_support.domain.readiness import load_criteria
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.policy_support.matching import enterprise_profiles
from enterprise_support.policy_support.readiness import OUTCOME_LABELS, assess, ladder, outcome_label

FILTERS = {
	"street": report_filters.Link("Street", "Street / Park"),
	"industry_chain": report_filters.Link("Industry Chain", "Industry Chain"),
	"enterprise": report_filters.Link("Enterprise", "Enterprise"),
	"designation": report_filters.Link("Designation Type", "Designation (default: the next tier)"),
	"outcome": report_filters.Select(tuple(OUTCOME_LABELS.values()), "Readiness"),
	"key_enterprises_only": report_filters.Check("Key Enterprises Only"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	return columns(), rows(filters)


def columns() -> list[dict]:
	return [
		{
			"fieldname": "enterprise",
			"label": _("Enterprise"),
			"fieldtype": "Link",
			"options": "Enterprise",
			"width": 170,
		},
		{"fieldname": "enterprise_name", "label": _("Enterprise Name"), "fieldtype": "Data", "width": 200},
		{
			"fieldname": "held_tier",
			"label": _("Highest Tier Held"),
			"fieldtype": "Link",
			"options": "Designation Type",
			"width": 180,
		},
		{
			"fieldname": "next_tier",
			"label": _("Next Tier"),
			"fieldtype": "Link",
			"options": "Designation Type",
			"width": 180,
		},
		{
			"fieldname": "assessed_tier",
			"label": _("Assessed Against"),
			"fieldtype": "Link",
			"options": "Designation Type",
			"width": 180,
		},
		{"fieldname": "outcome", "label": _("Readiness"), "fieldtype": "Data", "width": 110},
		{"fieldname": "gap_count", "label": _("Gaps"), "fieldtype": "Int", "width": 60},
		{"fieldname": "gaps", "label": _("What Is Lacking"), "fieldtype": "Small Text", "width": 360},
		{"fieldname": "missing", "label": _("Data Missing"), "fieldtype": "Small Text", "width": 300},
	]


def rows(filters) -> list[dict]:
	conditions = {"status": ("!=", "Deregistered")}
	for field in ("street", "industry_chain", "enterprise"):
		if filters.get(field):
			conditions["name" if field == "enterprise" else field] = filters[field]
	if cint(filters.get("key_enterprises_only")):
		conditions["is_key_enterprise"] = 1
	names = frappe.get_list(
		"Enterprise", filters=conditions, pluck="name", order_by="name asc", limit_page_length=0
	)
	tiers, criteria, today = ladder(), load_criteria(), getdate(nowdate())
	wanted = filters.get("outcome")
	out = []
	for batch in enterprise_profiles(names):
		for entry in batch:
			result = assess(entry.profile, tiers, criteria, today, filters.get("designation"))
			if wanted and OUTCOME_LABELS[result["outcome"]] != wanted:
				continue
			out.append(
				{
					"enterprise": entry.name,
					"enterprise_name": entry.enterprise_name,
					"held_tier": result["held_tier"],
					"next_tier": result["next_tier"],
					"assessed_tier": result["assessed_tier"],
					"outcome": outcome_label(result["outcome"]),
					"gap_count": len(result["gaps"]),
					"gaps": "；".join(result["gaps"]),
					"missing": "；".join(result["unknown"]),
				}
			)
	return out
