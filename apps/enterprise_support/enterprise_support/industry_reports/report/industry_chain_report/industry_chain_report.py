"""Industry Chain Report (产业链报表): every chain, link and node with its enterprises,
designations, patents and service figures, as a tree.

The figures come from four GROUP BY statements (see ``chain_figures``); Python only places
them on the tree's rows and turns sums into averages and shares. Every figure links to the
records behind it (``industry_chain_report.js``).
"""

from __future__ import annotations

from dataclasses import dataclass

import frappe
from frappe import _

from enterprise_support.domain.report_math import mean, share, tree_depths
from enterprise_support.industry_reports import chain_figures as cf
from enterprise_support.industry_reports import filters as report_filters

TOTAL = "Total"
FILTERS = {
	"from_date": report_filters.Date("Period From"),
	"to_date": report_filters.Date("Period To"),
	"street": report_filters.Link("Street", "Street / Park"),
	"chain": report_filters.Link("Industry Chain", "Industry Chain"),
	"category": report_filters.Link("Case Category", "Case Category"),
}


def execute(filters=None):
	filters = report_filters.read(filters, FILTERS)
	scope = cf.Scope.from_filters(filters)
	if scope.chain and frappe.db.get_value("Industry Chain", scope.chain, "node_type") != "Chain":
		frappe.throw(
			_("{0} is not an industry chain: choose a chain in the Industry Chain filter").format(
				scope.chain
			),
			title=_("Invalid filter"),
		)
	designation_types = cf.reported_designation_types()
	columns = get_columns(designation_types)
	nodes = chain_nodes(scope.chain)
	if not nodes:
		return columns, [], None, None
	register = cf.enterprise_figures(scope)  # enterprises, sizes and patents in one pass
	figures = Figures(
		enterprises=register,
		designations=cf.designation_figures(scope, designation_types),
		patents=register,
		cases=cf.case_figures(scope),
	)
	data = build_rows(nodes, figures, designation_types)
	return columns, data, None, get_chart(data)


@dataclass
class Figures:
	"""Each family's figures by node, as the statements in ``chain_figures`` return them."""

	enterprises: dict
	designations: dict
	patents: dict
	cases: dict


def chain_nodes(chain: str | None) -> list[frappe._dict]:
	"""The tree's nodes in nested-set order (a chain, then its links, each followed by its nodes)."""
	condition, params = "1", {}
	if chain:
		condition = """n.lft >= (select c.lft from `tabIndustry Chain` c where c.name = %(chain)s)
			and n.rgt <= (select c.rgt from `tabIndustry Chain` c where c.name = %(chain)s)"""
		params = {"chain": chain}
	return frappe.db.sql(
		f"""select n.name, n.node_type, n.segment, n.parent_industry_chain, n.chain_chief
		from `tabIndustry Chain` n
		where {condition}
		order by n.lft""",
		params,
		as_dict=True,
	)


def _designation_field(index: int) -> str:
	return f"designation_{index}"


def get_columns(designation_types: list[str]) -> list[dict]:
	def count(fieldname, label, figure, width=90, **extra):
		return {
			"fieldname": fieldname,
			"label": label,
			"fieldtype": "Int",
			"width": width,
			"figure": figure,
			**extra,
		}

	columns = [
		{
			"fieldname": "node",
			"label": _("Chain / Link / Node"),
			"fieldtype": "Link",
			"options": "Industry Chain",
			"width": 240,
		},
		{"fieldname": "node_type", "label": _("Level"), "fieldtype": "Data", "width": 80},
		{"fieldname": "segment", "label": _("Segment"), "fieldtype": "Data", "width": 80},
		count("enterprises", _("Enterprises"), "enterprises"),
		count("size_large", _("Large", context="Enterprise"), "enterprises", 70, size_class="Large"),
		count("size_medium", _("Medium", context="Enterprise"), "enterprises", 70, size_class="Medium"),
		count("size_small", _("Small", context="Enterprise"), "enterprises", 70, size_class="Small"),
		count("size_micro", _("Micro", context="Enterprise"), "enterprises", 70, size_class="Micro"),
	]
	for index, designation_type in enumerate(designation_types, 1):
		columns.append(
			count(
				_designation_field(index),
				designation_type,
				"designations",
				120,
				designation_type=designation_type,
			)
		)
	columns += [
		count("invention", _("Invention Patents"), "patents", patent_type="Invention"),
		count("utility_model", _("Utility Model Patents"), "patents", patent_type="Utility Model"),
		count("design", _("Design Patents"), "patents", patent_type="Design"),
		count("class_i", _("Class I IP (Granted Inventions)"), "class_i", 110),
		count("received", _("Cases Received"), "received"),
		count("open_cases", _("Open Cases"), "open_cases"),
		count("resolved", _("Cases Resolved"), "resolved"),
		{
			"fieldname": "resolution_time",
			"label": _("Average Working Days to Resolve"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 110,
			"figure": "resolution_time",
		},
		{
			"fieldname": "within_deadline",
			"label": _("Resolved within Deadline"),
			"fieldtype": "Percent",
			"width": 110,
			"figure": "within_deadline",
		},
		{
			"fieldname": "satisfaction",
			"label": _("Average Satisfaction"),
			"fieldtype": "Float",
			"precision": 2,
			"width": 100,
			"figure": "satisfaction",
		},
		count("overdue_now", _("Overdue Now"), "overdue_now"),
	]
	return columns


def _int(row, key) -> int:
	return int((row or {}).get(key) or 0)


def _float(row, key) -> float:
	return float((row or {}).get(key) or 0)


def _figures_of(node: str | None, figures: Figures, designation_types: list[str]) -> dict:
	"""The raw counts and sums of one node (zeros where nothing was found)."""
	enterprises = figures.enterprises.get(node)
	patents = figures.patents.get(node)
	cases = figures.cases.get(node)
	designations = figures.designations.get(node) or {}
	raw = {m: _int(enterprises, m) for m in cf.ENTERPRISE_MEASURES}
	raw.update({m: _int(patents, m) for m in cf.PATENT_MEASURES})
	raw.update({m: _int(cases, m) for m in cf.CASE_MEASURES if m not in ("resolution_days", "rating_sum")})
	raw["resolution_days"] = _float(cases, "resolution_days")
	raw["rating_sum"] = _float(cases, "rating_sum")
	for index, designation_type in enumerate(designation_types, 1):
		raw[_designation_field(index)] = int(designations.get(designation_type) or 0)
	return raw


def _with_rates(raw: dict) -> dict:
	sums = ("resolution_days", "timed", "met", "judged", "rating_sum", "rated")
	row = {k: v for k, v in raw.items() if k not in sums}
	row["resolution_time"] = mean(raw["resolution_days"], raw["timed"])
	row["within_deadline"] = share(raw["met"], raw["judged"])
	row["satisfaction"] = mean(raw["rating_sum"], raw["rated"])
	return row


def build_rows(nodes: list[frappe._dict], figures: Figures, designation_types: list[str]) -> list[dict]:
	depths = tree_depths((n.name, n.parent_industry_chain) for n in nodes)
	data, totals = [], None
	for node in nodes:
		raw = _figures_of(node.name, figures, designation_types)
		depth = depths[node.name]
		if depth == 0:
			totals = raw.copy() if totals is None else {k: totals[k] + v for k, v in raw.items()}
		data.append(
			{
				"node": node.name,
				"kind": node.node_type,
				"node_type": _(node.node_type) if node.node_type else None,
				"segment": _(node.segment) if node.segment else None,
				"parent_industry_chain": node.parent_industry_chain if depth else None,
				"indent": depth,
				**_with_rates(raw),
			}
		)
	if totals is not None:
		data.append(
			{
				"node": _(TOTAL),
				"kind": TOTAL,
				"node_type": None,
				"segment": None,
				"parent_industry_chain": None,
				"indent": 0,
				**_with_rates(totals),
			}
		)
	return data


def get_chart(data: list[dict]) -> dict | None:
	chains = [row for row in data if row["kind"] == "Chain"]
	if not chains:
		return None
	return {
		"data": {
			"labels": [row["node"] for row in chains],
			"datasets": [
				{"name": _("Enterprises"), "values": [row["enterprises"] for row in chains]},
				{"name": _("Open Cases"), "values": [row["open_cases"] for row in chains]},
			],
		},
		"type": "bar",
		"barOptions": {"spaceRatio": 0.4},
	}
