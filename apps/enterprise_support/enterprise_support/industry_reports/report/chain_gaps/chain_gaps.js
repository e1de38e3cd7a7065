// Chain Gaps: links and nodes with fewer operating enterprises than the threshold.

{% include "enterprise_support/public/js/report_cells.js" %}
{% include "enterprise_support/public/js/report_filters.js" %}

frappe.query_reports["Chain Gaps"] = {
	filters: [
		{
			fieldname: "chain",
			label: __("Industry Chain"),
			fieldtype: "Link",
			options: "Industry Chain",
			get_query: () => ({ filters: { node_type: "Chain" } }),
		},
		// "企业少于 2 家": the threshold says what it is once chosen (public/js/report_filters.js).
		enterprise_support.reports.number_choice_filter({
			fieldname: "threshold",
			label: __("Fewer Enterprises Than"),
			choices: [1, 2, 3, 5, 10],
			default_value: 2,
			describe: (n) => (n === 1 ? __("No enterprise yet") : __("Fewer than {0} enterprises", [n])),
		}),
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
