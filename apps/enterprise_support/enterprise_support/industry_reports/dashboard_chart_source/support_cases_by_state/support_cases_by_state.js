frappe.provide("frappe.dashboards.chart_sources");

frappe.dashboards.chart_sources["Support Cases by State"] = {
	method: "enterprise_support.industry_reports.dashboard_chart_source.support_cases_by_state.support_cases_by_state.get",
	filters: [],
};
