"""Requests by workflow state, for the 产业链 and 企业服务 workspaces.

Frappe's own Group By chart prints the stored state ("Submitted"); this source labels each
state in the reader's language, the largest first (a donut's legend shows the first few). It counts what the reader may
see (``frappe.get_list`` applies the row rules: a handler counts its departments' cases)."""

from __future__ import annotations

import frappe
from frappe import _

from enterprise_support.domain import case_workflow as wf


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
		"Support Case",
		fields=["workflow_state", "count(name) as cases"],
		filters=[["workflow_state", "!=", wf.DRAFT]],
		group_by="workflow_state",
		order_by="workflow_state asc",
	)
	counts = {row.workflow_state: row.cases for row in rows}
	states = sorted((state for state in wf.STATES if counts.get(state)), key=lambda s: -counts[s])
	return {
		"labels": [_(state) for state in states],
		"datasets": [{"name": _("Support Cases"), "values": [counts[state] for state in states]}],
	}
