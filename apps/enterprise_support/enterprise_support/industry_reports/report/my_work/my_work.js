// My Work: my open cases and open tasks, soonest deadline first.

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["My Work"] = {
	filters: [],
	formatter: enterprise_support.reports.escaping_formatter(function (
		value,
		row,
		column,
		data,
		default_formatter
	) {
		const html = default_formatter(value, row, column, data);
		if (column.fieldname === "working_days_left" && data && data.working_days_left !== null) {
			if (data.working_days_left < 0) return `<span class="text-danger">${html}</span>`;
			if (data.working_days_left <= 1) return `<span class="text-warning">${html}</span>`;
		}
		return html;
	}),
};
