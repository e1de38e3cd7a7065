// Visits Due (待走访企业): the officer's enterprises whose visit is due or overdue, overdue first.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Visits Due"] = {
	filters: [
		{
			fieldname: "as_of",
			label: __("As of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "service_officer",
			label: __("Service Officer"),
			fieldtype: "Link",
			options: "User",
			default: frappe.session.user,
		},
		{ fieldname: "street", label: __("Street / Park"), fieldtype: "Link", options: "Street" },
		{ fieldname: "industry_chain", label: __("Industry Chain"), fieldtype: "Link", options: "Industry Chain" },
		{
			fieldname: "include_due",
			label: __("Include Due (Not Yet Overdue)"),
			fieldtype: "Check",
			default: 1,
		},
	],
	formatter: enterprise_support.reports.escaping_formatter(function (value, row, column, data, default_formatter) {
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "status" && data && data.overdue) {
			return `<span class="text-danger">${html}</span>`;
		}
		return html;
	}),
};
