// Chain Gaps: links and nodes with fewer operating enterprises than the threshold.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Chain Gaps"] = {
	filters: [
		{
			fieldname: "chain",
			label: __("Industry Chain"),
			fieldtype: "Link",
			options: "Industry Chain",
			get_query: () => ({ filters: { node_type: "Chain" } }),
		},
		{
			fieldname: "threshold",
			// No default: Frappe shows a filter's label only while it is empty; the report
			// takes 2 when it is left empty, and the label says so.
			label: __("Fewer Enterprises Than (default: 2)"),
			fieldtype: "Int",
		},
		{
			fieldname: "street",
			label: __("Street / Park"),
			fieldtype: "Link",
			options: "Street",
		},
	],
	formatter: enterprise_support.reports.escaping_formatter(function (
		value,
		row,
		column,
		data,
		default_formatter
	) {
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "enterprises" && data && data.node) {
			const options = {
				status: "Operating",
				chain_link: ["descendants of (inclusive)", data.node],
			};
			const street = frappe.query_report.get_filter_value("street");
			if (street) options.street = street;
			const url = "/app/enterprise" + frappe.utils.make_query_string(options);
			return `<a href="${frappe.utils.escape_html(url)}">${html}</a>`;
		}
		return html;
	}),
};
