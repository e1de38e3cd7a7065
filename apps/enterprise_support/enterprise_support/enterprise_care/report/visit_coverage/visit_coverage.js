// Visit Coverage (走访覆盖): visited / due / overdue enterprises per officer, street or chain.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Visit Coverage"] = {
	filters: [
		{
			fieldname: "as_of",
			label: __("As of"),
			fieldtype: "Date",
			default: frappe.datetime.get_today(),
			reqd: 1,
		},
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: [
				{ value: "Service Officer", label: __("Service Officer") },
				{ value: "Street", label: __("Street / Park") },
				{ value: "Industry Chain", label: __("Industry Chain") },
			],
			default: "Service Officer",
			reqd: 1,
		},
		{ fieldname: "service_officer", label: __("Service Officer"), fieldtype: "Link", options: "User" },
		{ fieldname: "street", label: __("Street / Park"), fieldtype: "Link", options: "Street" },
		{ fieldname: "industry_chain", label: __("Industry Chain"), fieldtype: "Link", options: "Industry Chain" },
	],
	formatter: enterprise_support.reports.escaping_formatter(function (value, row, column, data, default_formatter) {
		if (column.fieldname === "group" && data && !data.group && data.group_name) {
			// enterprises with no officer, street or chain: say so instead of an empty cell
			return `<span class="text-muted">${frappe.utils.escape_html(data.group_name)}</span>`;
		}
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "overdue" && data && data.overdue > 0) {
			return `<span class="text-danger">${html}</span>`;
		}
		return html;
	}),
};
