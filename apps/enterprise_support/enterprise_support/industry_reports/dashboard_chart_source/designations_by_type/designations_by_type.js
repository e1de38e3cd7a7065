frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Designations by Type"] = {
	method: "enterprise_support.industry_reports.dashboard_chart_source.designations_by_type.designations_by_type.get",
	filters: [],
};
