{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Designation Readiness"] = {
	filters: [
		{ fieldname: "street", label: __("Street / Park"), fieldtype: "Link", options: "Street" },
		{
			fieldname: "industry_chain",
			label: __("Industry Chain"),
			fieldtype: "Link",
			options: "Industry Chain",
			get_query: () => ({ filters: { node_type: "Chain" } }),
		},
		{ fieldname: "enterprise", label: __("Enterprise"), fieldtype: "Link", options: "Enterprise" },
		{
			fieldname: "designation",
			label: __("Designation (default: the next tier)"),
			fieldtype: "Link",
			options: "Designation Type",
		},
		{
			fieldname: "outcome",
			label: __("Readiness"),
			fieldtype: "Select",
			options: ["", "Meets the Criteria", "Has Gaps", "Data Missing", "No Criteria on File", "Top Tier Held"].map(
				(value) => ({ value, label: value ? __(value) : "" })
			),
		},
		{ fieldname: "key_enterprises_only", label: __("Key Enterprises Only"), fieldtype: "Check" },
	],
	formatter: enterprise_support.reports.escaping_formatter(),
};
