// Designation Expiry: designations expiring within N days or expired (not yet renewed).

{% include "enterprise_support/public/js/report_cells.js" %}
{% include "enterprise_support/public/js/report_filters.js" %}

frappe.query_reports["Designation Expiry"] = {
	filters: [
		// "90 天内到期": the period says what it is once chosen (public/js/report_filters.js).
		enterprise_support.reports.number_choice_filter({
			fieldname: "days",
			label: __("Expiring within (Days)"),
			choices: [30, 60, 90, 180, 365],
			default_value: 90,
			describe: (n) => __("Expiring within {0} days", [n]),
		}),
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
