// Industry Chain Report: a tree of chains, links and nodes. Every figure links to the list
// behind it: enterprise counts to the Enterprise list (filtered by chain or link, street and
// size class), the other figures to Industry Chain Details with the same filters.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.provide("enterprise_support.reports");

enterprise_support.reports.chain_filters = [
	{
		fieldname: "from_date",
		label: __("Period From"),
		fieldtype: "Date",
		default: frappe.datetime.get_today().slice(0, 4) + "-01-01",
	},
	{
		fieldname: "to_date",
		label: __("Period To"),
		fieldtype: "Date",
		default: frappe.datetime.get_today(),
	},
	{
		fieldname: "street",
		label: __("Street / Park"),
		fieldtype: "Link",
		options: "Street",
	},
	{
		fieldname: "chain",
		label: __("Industry Chain"),
		fieldtype: "Link",
		options: "Industry Chain",
		get_query: () => ({ filters: { node_type: "Chain" } }),
	},
	{
		fieldname: "category",
		label: __("Case Category"),
		fieldtype: "Link",
		options: "Case Category",
	},
];

// Figures counted from cases: the period and the case category apply to them.
enterprise_support.reports.case_figures = [
	"received",
	"open_cases",
	"resolved",
	"resolution_time",
	"within_deadline",
	"satisfaction",
	"overdue_now",
];

// The URL of the records behind one figure of one row, or null.
enterprise_support.reports.chain_figure_url = function (column, data) {
	if (!data || !column.figure) return null;
	const filters = frappe.query_report.get_filter_values(false) || {};
	const is_total = data.kind === "Total";
	if (column.figure === "enterprises") {
		const options = { status: "Operating" };
		if (is_total) {
			options.industry_chain = filters.chain || ["is", "set"];
		} else if (data.kind === "Chain") {
			options.industry_chain = data.node;
		} else {
			options.chain_link = ["descendants of (inclusive)", data.node];
		}
		if (filters.street) options.street = filters.street;
		if (column.size_class) options.size_class = column.size_class;
		return "/app/enterprise" + frappe.utils.make_query_string(options);
	}
	const options = { figure: column.figure };
	const node = is_total ? filters.chain : data.node;
	if (node) options.node = node;
	if (filters.street) options.street = filters.street;
	if (enterprise_support.reports.case_figures.includes(column.figure)) {
		for (const key of ["category", "from_date", "to_date"]) {
			if (filters[key]) options[key] = filters[key];
		}
	}
	if (column.designation_type) options.designation_type = column.designation_type;
	if (column.patent_type) options.patent_type = column.patent_type;
	return (
		"/app/query-report/" +
		encodeURIComponent("Industry Chain Details") +
		frappe.utils.make_query_string(options)
	);
};

frappe.query_reports["Industry Chain Report"] = {
	filters: enterprise_support.reports.chain_filters,
	tree: true,
	name_field: "node",
	parent_field: "parent_industry_chain",
	initial_depth: 1,
	formatter: enterprise_support.reports.escaping_formatter(function (
		value,
		row,
		column,
		data,
		default_formatter
	) {
		if (data && data.kind === "Total" && column.fieldname === "node") {
			return `<b>${frappe.utils.escape_html(value || "")}</b>`;
		}
		const html = default_formatter(value, row, column, data);
		// Zero and blank figures have nothing behind them to show.
		if (!value) return html;
		const url = enterprise_support.reports.chain_figure_url(column, data);
		if (!url) return html;
		return `<a href="${frappe.utils.escape_html(url)}" title="${__("Show the records")}">${html}</a>`;
	}),
};
