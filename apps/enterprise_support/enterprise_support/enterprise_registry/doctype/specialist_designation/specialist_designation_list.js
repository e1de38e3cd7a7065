frappe.listview_settings["Specialist Designation"] = {
	add_fields: ["status", "valid_to"],
	get_indicator(doc) {
		const colour = { Active: "green", Expiring: "orange", Expired: "red", "Not Yet Valid": "gray" }[doc.status];
		return [__(doc.status, null, "Specialist Designation"), colour || "gray", `status,=,${doc.status}`];
	},
};
