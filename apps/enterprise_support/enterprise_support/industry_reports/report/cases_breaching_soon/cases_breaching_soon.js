// Cases Breaching Soon: open cases Due Soon or Overdue, soonest deadline first.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Cases Breaching Soon"] = {
	filters: [
		{
			fieldname: "sla_status",
			label: __("SLA Status"),
			fieldtype: "Select",
			options: [
				{ value: "", label: __("Due Soon or Overdue") },
				{ value: "Due Soon", label: __("Due Soon") },
				{ value: "Overdue", label: __("Overdue") },
			],
		},
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "Service Department",
		},
		{ fieldname: "handler", label: __("Handler"), fieldtype: "Link", options: "User" },
		{
			fieldname: "category",
			label: __("Case Category"),
			fieldtype: "Link",
			options: "Case Category",
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
		if (data && ["working_days_left", "sla_status"].includes(column.fieldname)) {
			const css = data.sla_status_key === "Overdue" ? "text-danger" : "text-warning";
			return `<span class="${css}">${html}</span>`;
		}
		return html;
	}),
};
