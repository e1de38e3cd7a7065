"""Chain Gaps (补链): the links and nodes of each chain with no or few operating enterprises,
with their segment and the chain chief: targets for investment promotion.

One statement: the chain tree joined to the enterprise counts of the Industry Chain Report
(the same rule for where an enterprise sits), kept where the count is below the threshold.
"""

from __future__ import annotations

import frappe
from frappe import _

from enterprise_support.industry_reports import chain_figures as cf
from enterprise_support.industry_reports import filters as report_filters
from enterprise_support.industry_reports.deadline_view import user_column

DEFAULT_THRESHOLD = 2
FILTERS = {
	"chain": report_filters.Link("Industry Chain", "Industry Chain"),
	"threshold": report_filters.WholeNumber("Fewer Enterprises Than", 0, 1_000_000),
	"street": report_filters.Link("Street", "Street / Park"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	threshold = DEFAULT_THRESHOLD if filters.threshold is None else filters.threshold
	scope = cf.Scope(street=filters.street, chain=filters.chain)
	chain_condition = "n.chain = %(chain)s" if scope.chain else "1"
	rows = frappe.db.sql(
		f"""select n.name as node, n.node_type, n.segment, n.parent_industry_chain as parent,
			n.chain, coalesce(nullif(n.chain_chief, ''), ch.chain_chief) as chain_chief,
			u.full_name as chain_chief_name, ifnull(f.enterprises, 0) as enterprises,
			n.description
		from `tabIndustry Chain` n
		left join `tabIndustry Chain` ch on ch.name = n.chain
		left join `tabUser` u on u.name = coalesce(nullif(n.chain_chief, ''), ch.chain_chief)
		left join ({cf.enterprise_figures_sql(scope)}) f on f.node = n.name
		where n.node_type != 'Chain' and {chain_condition}
			and ifnull(f.enterprises, 0) < %(threshold)s
		order by n.lft""",
		{**scope.params(), "threshold": threshold},
		as_dict=True,
	)
	for row in rows:
		row.enterprises = int(row.enterprises)
		row.node_type = _(row.node_type) if row.node_type else None
		row.segment = _(row.segment) if row.segment else None
	return get_columns(), rows


def get_columns() -> list[dict]:
	return [
		{
			"fieldname": "chain",
			"label": _("Industry Chain"),
			"fieldtype": "Link",
			"options": "Industry Chain",
			"width": 140,
		},
		{
			"fieldname": "node",
			"label": _("Link / Node"),
			"fieldtype": "Link",
			"options": "Industry Chain",
			"width": 200,
		},
		{"fieldname": "node_type", "label": _("Level"), "fieldtype": "Data", "width": 80},
		{"fieldname": "segment", "label": _("Segment"), "fieldtype": "Data", "width": 80},
		{
			"fieldname": "parent",
			"label": _("Under"),
			"fieldtype": "Link",
			"options": "Industry Chain",
			"width": 150,
		},
		{"fieldname": "enterprises", "label": _("Enterprises"), "fieldtype": "Int", "width": 90},
		user_column("chain_chief", _("Chain Chief"), "chain_chief_name", 120),
		{"fieldname": "description", "label": _("Description"), "fieldtype": "Data", "width": 260},
	]
