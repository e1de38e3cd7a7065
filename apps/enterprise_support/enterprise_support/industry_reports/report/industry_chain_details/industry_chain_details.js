// The records behind one figure of the Industry Chain Report (opened from its figures).

{% include "enterprise_support/public/js/report_cells.js" %}

frappe.query_reports["Industry Chain Details"] = {
	filters: [
		{
			fieldname: "node",
			label: __("Chain / Link / Node"),
			fieldtype: "Link",
			options: "Industry Chain",
		},
		{
			fieldname: "figure",
			label: __("Figure"),
			fieldtype: "Select",
			reqd: 1,
			default: "open_cases",
			options: [
				{ value: "designations", label: __("Active Designations") },
				{ value: "patents", label: __("Patents") },
				{ value: "class_i", label: __("Class I IP (Granted Inventions)") },
				{ value: "received", label: __("Cases Received") },
				{ value: "open_cases", label: __("Open Cases") },
				{ value: "resolved", label: __("Cases Resolved") },
				{ value: "resolution_time", label: __("Average Working Days to Resolve") },
				{ value: "within_deadline", label: __("Resolved within Deadline") },
				{ value: "satisfaction", label: __("Average Satisfaction") },
				{ value: "overdue_now", label: __("Overdue Now") },
			],
		},
		{
			fieldname: "designation_type",
			label: __("Designation Title"),
			fieldtype: "Link",
			options: "Designation Type",
			depends_on: "eval:doc.figure == 'designations'",
		},
		{
			fieldname: "patent_type",
			label: __("Patent Type"),
			fieldtype: "Select",
			options: [
				{ value: "", label: "" },
				{ value: "Invention", label: __("Invention") },
				{ value: "Utility Model", label: __("Utility Model") },
				{ value: "Design", label: __("Design") },
			],
			depends_on: "eval:doc.figure == 'patents'",
		},
		{ fieldname: "from_date", label: __("Period From"), fieldtype: "Date" },
		{ fieldname: "to_date", label: __("Period To"), fieldtype: "Date" },
		{ fieldname: "street", label: __("Street / Park"), fieldtype: "Link", options: "Street" },
		{
			fieldname: "category",
			label: __("Case Category"),
			fieldtype: "Link",
			options: "Case Category",
		},
	],
	formatter: enterprise_support.reports.escaping_formatter(),
};
