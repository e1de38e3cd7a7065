"""Figures that roll up from an enterprise's patents and designations onto the enterprise."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate


def update_patent_counts(enterprise: str) -> None:
	"""Recount an enterprise's patents by type, Class I IP and grants, in one query."""
	if not enterprise or not frappe.db.exists("Enterprise", enterprise):
		return
	counts = frappe.db.sql(
		"""select
			count(*) as patent_count,
			coalesce(sum(patent_type = 'Invention'), 0) as invention_patent_count,
			coalesce(sum(patent_type = 'Utility Model'), 0) as utility_model_count,
			coalesce(sum(patent_type = 'Design'), 0) as design_patent_count,
			coalesce(sum(ip_class = 'I' and status = 'Granted'), 0) as class_i_ip_count,
			coalesce(sum(status = 'Granted'), 0) as granted_patent_count
		from `tabPatent` where enterprise = %s""",
		enterprise,
		as_dict=True,
	)[0]
	frappe.db.set_value(
		"Enterprise", enterprise, {k: int(v) for k, v in counts.items()}, update_modified=False
	)


def update_designation_summary(enterprise: str) -> None:
	"""The enterprise's highest active ladder designation, active count and next expiry."""
	if not enterprise or not frappe.db.exists("Enterprise", enterprise):
		return
	rows = frappe.db.sql(
		"""select sd.designation_type, sd.valid_to, coalesce(dt.tier_rank, 0) as tier_rank
		from `tabSpecialist Designation` sd
		left join `tabDesignation Type` dt on dt.name = sd.designation_type
		where sd.enterprise = %s and sd.status in ('Active', 'Expiring')""",
		enterprise,
		as_dict=True,
	)
	ladder = [r for r in rows if r.tier_rank > 0]
	highest = max(ladder, key=lambda r: r.tier_rank).designation_type if ladder else None
	upcoming = [getdate(r.valid_to) for r in rows if r.valid_to and getdate(r.valid_to) >= getdate(nowdate())]
	frappe.db.set_value(
		"Enterprise",
		enterprise,
		{
			"highest_designation": highest,
			"active_designation_count": len(rows),
			"next_designation_expiry": min(upcoming) if upcoming else None,
		},
		update_modified=False,
	)
