{% include "enterprise_support/public/js/desk_fields.js" %}

// Select values in the case's words, in the list and the report view (public/js/desk_fields.js).
enterprise_support.desk.prepare("Support Case");

// The indicator is the workflow state (the form header uses it too); the SLA has its own column.
const ES_STATE_COLOUR = {
	Draft: "gray",
	Submitted: "blue",
	Accepted: "blue",
	Dispatched: "blue",
	"In Progress": "orange",
	"Awaiting Enterprise": "red",
	Returned: "purple",
	Reopened: "orange",
	Resolved: "green",
	Closed: "gray",
	Rejected: "gray",
	Merged: "gray",
};

const ES_SLA_COLOUR = {
	"On Track": "green",
	"Due Soon": "orange",
	Overdue: "red",
	Paused: "gray",
	Met: "green",
	Missed: "red",
};

frappe.listview_settings["Support Case"] = {
	add_fields: ["sla_status", "resolution_due", "workflow_state"],
	has_indicator_for_draft: true,
	get_indicator(doc) {
		const state = doc.workflow_state || "Draft";
		return [__(state, null, "Support Case"), ES_STATE_COLOUR[state] || "gray", `workflow_state,=,${state}`];
	},
	formatters: {
		// A rejected or merged case has no deadline to meet: no 办理时效 pill, not an empty one.
		sla_status(value) {
			if (!value) return "";
			const colour = ES_SLA_COLOUR[value] || "gray";
			return `<span class="filterable indicator-pill ${colour} ellipsis"
				data-filter="sla_status,=,${frappe.utils.escape_html(value)}">
				<span class="ellipsis">${__(value, null, "Support Case")}</span></span>`;
		},
	},
};
