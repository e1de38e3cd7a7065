"""Figures that roll up from an enterprise's patents and designations onto the enterprise."""

from __future__ import annotations

import frappe
from frappe.utils import getdate, nowdate

# Each patent count on the enterprise and what it counts. The Industry Chain Report sums these
# (industry_reports/chain_figures.py), so they must hold whatever path a patent took.
PATENT_COUNTS = {
	"patent_count": "count(*)",
	"invention_patent_count": "coalesce(sum(patent_type = 'Invention'), 0)",
	"utility_model_count": "coalesce(sum(patent_type = 'Utility Model'), 0)",
	"design_patent_count": "coalesce(sum(patent_type = 'Design'), 0)",
	"class_i_ip_count": "coalesce(sum(ip_class = 'I' and status = 'Granted'), 0)",
	"granted_patent_count": "coalesce(sum(status = 'Granted'), 0)",
}


def update_patent_counts(enterprise: str) -> None:
	"""Recount an enterprise's patents by type, Class I IP and grants, in one query."""
	if not enterprise or not frappe.db.exists("Enterprise", enterprise):
		return
	counts = frappe.db.sql(
		f"""select {", ".join(f"{sql} as {field}" for field, sql in PATENT_COUNTS.items())}
		from `tabPatent` where enterprise = %s""",
		enterprise,
		as_dict=True,
	)[0]
	frappe.db.set_value(
		"Enterprise", enterprise, {k: int(v) for k, v in counts.items()}, update_modified=False
	)


def recount_all_patent_counts(commit: bool = False) -> None:
	"""Every enterprise's patent counts, set-wise, a batch of enterprises per statement (each
	batch committed with ``commit``): after a bulk load of patents that bypassed the documents,
	and by the patch that introduced the report's reliance on them."""
	counted = ", ".join(f"{sql} as {field}" for field, sql in PATENT_COUNTS.items())
	assign = ", ".join(f"e.{field} = coalesce(p.{field}, 0)" for field in PATENT_COUNTS)
	names = frappe.db.sql_list("select name from `tabEnterprise` order by name")
	for start in range(0, len(names), 5000):
		frappe.db.sql(
			f"""update `tabEnterprise` e
			left join (select enterprise, {counted} from `tabPatent`
				where enterprise in %(batch)s group by enterprise) p on p.enterprise = e.name
			set {assign}
			where e.name in %(batch)s""",
			{"batch": tuple(names[start : start + 5000])},
		)
		if commit:
			frappe.db.commit()


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
