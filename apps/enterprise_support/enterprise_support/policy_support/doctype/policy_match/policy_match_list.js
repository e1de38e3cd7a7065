frappe.listview_settings["Policy Match"] = {
	add_fields: ["outcome", "grant_without_application"],
	get_indicator(doc) {
		const colour = { Eligible: "green", Unknown: "orange", "Not Eligible": "gray" }[doc.outcome];
		return [__(doc.outcome), colour, `outcome,=,${doc.outcome}`];
	},
	onload(listview) {
		if (frappe.model.can_write("Policy Item")) {
			listview.page.add_inner_button(__("Match Everything Again"), () =>
				frappe
					.call({ method: "enterprise_support.policy_support.matching.rematch_now" })
					.then((r) => frappe.show_alert({ message: r.message, indicator: "green" }))
			);
		}
	},
};
