frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Support Cases by Month"] = {
	method: "enterprise_support.industry_reports.dashboard_chart_source.support_cases_by_month.support_cases_by_month.get",
	filters: [],
};
