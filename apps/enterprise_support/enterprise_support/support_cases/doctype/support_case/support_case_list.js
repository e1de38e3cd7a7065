frappe.listview_settings["Support Case"] = {
	add_fields: ["sla_status", "resolution_due", "workflow_state"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const colour = { "On Track": "green", "Due Soon": "orange", Overdue: "red", Paused: "blue", Met: "green", Missed: "red" };
		if (doc.sla_status && !["Closed", "Rejected", "Merged"].includes(doc.workflow_state)) {
			return [__(doc.sla_status), colour[doc.sla_status] || "gray", `sla_status,=,${doc.sla_status}`];
		}
		return [__(doc.workflow_state, null, "Support Case"), "gray", `workflow_state,=,${doc.workflow_state}`];
	},
};
