// Chain Gaps: links and nodes with fewer operating enterprises than the threshold.

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
			label: __("Fewer Enterprises Than"),
			fieldtype: "Int",
			default: 2,
		},
		{
			fieldname: "street",
			label: __("Street / Park"),
			fieldtype: "Link",
			options: "Street",
		},
	],
	formatter(value, row, column, data, default_formatter) {
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "enterprises" && data && data.node) {
			const options = {
				status: "Operating",
				chain_link: ["descendants of (inclusive)", data.node],
			};
			const street = frappe.query_report.get_filter_value("street");
			if (street) options.street = street;
			return `<a href="/app/enterprise${frappe.utils.make_query_string(options)}">${html}</a>`;
		}
		return html;
	},
};
