// Deadline Compliance: per month, the share of resolved cases resolved within the deadline.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Deadline Compliance"] = {
	filters: [
		{
			fieldname: "from_date",
			label: __("Period From"),
			fieldtype: "Date",
			default: frappe.datetime
				.add_months(frappe.datetime.get_today().slice(0, 8) + "01", -11)
				.slice(0, 10),
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
	formatter: enterprise_support.reports.escaping_formatter(),
};
