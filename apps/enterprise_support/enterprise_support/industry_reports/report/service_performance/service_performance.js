// Service Performance: response, resolution and satisfaction per department or handler.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Service Performance"] = {
	filters: [
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Department", label: __("Department") },
				{ value: "Handler", label: __("Handler") },
			],
			default: "Department",
		},
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
			fieldname: "category",
			label: __("Case Category"),
			fieldtype: "Link",
			options: "Case Category",
		},
		{
			fieldname: "department",
			label: __("Department"),
			fieldtype: "Link",
			options: "Service Department",
		},
	],
	formatter: enterprise_support.reports.escaping_formatter(function (
		value,
		row,
		column,
		data,
		default_formatter
	) {
		if (data && ["department", "handler"].includes(column.fieldname) && !value) {
			const text = data.is_total ? __("Total") : __("Not assigned");
			return data.is_total ? `<b>${text}</b>` : `<span class="text-muted">${text}</span>`;
		}
		return default_formatter(value, row, column, data);
	}),
};
