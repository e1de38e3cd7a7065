// Designation Expiry: designations expiring within N days or expired (not yet renewed).

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Designation Expiry"] = {
	filters: [
		{
			fieldname: "days",
			// No default: Frappe shows a filter's label only while it is empty; the report
			// takes 90 days when it is left empty, and the label says so.
			label: __("Expiring within (Days, default: 90)"),
			fieldtype: "Int",
		},
		{
			fieldname: "include_expired",
			label: __("Include Expired"),
			fieldtype: "Check",
			default: 1,
		},
		{
			fieldname: "designation_type",
			label: __("Designation Title"),
			fieldtype: "Link",
			options: "Designation Type",
		},
		{
			fieldname: "street",
			label: __("Street / Park"),
			fieldtype: "Link",
			options: "Street",
		},
		{
			fieldname: "service_officer",
			label: __("Service Officer"),
			fieldtype: "Link",
			options: "User",
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
		if (column.fieldname === "days_left" && data) {
			if (data.days_left < 0) return `<span class="text-danger">${html}</span>`;
			if (data.days_left <= 30) return `<span class="text-warning">${html}</span>`;
		}
		return html;
	}),
};
