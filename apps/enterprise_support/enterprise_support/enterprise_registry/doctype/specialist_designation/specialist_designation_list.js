// The status shown is the one on today's date, from the validity dates (the rule of
// domain/designations.py status_on with 90 days' warning), so the list never shows the stored
// column stale between two daily runs.
const ES_DESIGNATION_WARN_DAYS = 90;

function es_designation_status(doc) {
	const today = frappe.datetime.get_today();
	if (doc.valid_from && doc.valid_from > today) return "Not Yet Valid";
	if (!doc.valid_to) return "Active";
	if (doc.valid_to < today) return "Expired";
	if (frappe.datetime.get_day_diff(doc.valid_to, today) <= ES_DESIGNATION_WARN_DAYS) return "Expiring";
	return "Active";
}

frappe.listview_settings["Specialist Designation"] = {
	add_fields: ["status", "valid_from", "valid_to"],
	get_indicator(doc) {
		const status = es_designation_status(doc);
		const colour = { Active: "green", Expiring: "orange", Expired: "red", "Not Yet Valid": "gray" }[status];
		return [__(status, null, "Specialist Designation"), colour || "gray", `status,=,${status}`];
	},
};
