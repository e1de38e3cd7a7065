{% include "enterprise_support/public/js/desk_fields.js" %}
{% include "enterprise_support/public/js/policy_explain.js" %}

// No amount shows blank, not 0.00; operators in the condition's words (public/js/desk_fields.js).
enterprise_support.desk.prepare("Policy Item");

frappe.ui.form.on("Policy Item", {
	onload(frm) {
		enterprise_support.desk.setup_form(frm);
	},
	refresh(frm) {
		enterprise_support.desk.setup_form(frm);
		if (frm.is_new()) {
			return;
		}
		frm.add_custom_button(__("View Matches"), () =>
			frappe.set_route("List", "Policy Match", { policy_item: frm.doc.name })
		);
		if (frappe.model.can_read("Policy Match")) {
			frm.add_custom_button(__("Explain for an Enterprise"), () =>
				frappe.prompt(
					{
						fieldtype: "Link",
						fieldname: "enterprise",
						options: "Enterprise",
						label: __("Enterprise"),
						reqd: 1,
					},
					(values) => enterprise_support.policy_explain.show(values.enterprise, frm.doc.name),
					__("Explain for an Enterprise")
				)
			);
		}
		if (frm.perm[0].write) {
			frm.add_custom_button(__("Match Again"), () =>
				frappe
					.call({
						method: "enterprise_support.policy_support.matching.rematch_now",
						args: { policy_item: frm.doc.name },
					})
					.then((r) => frappe.show_alert({ message: r.message, indicator: "green" }))
			);
		}
	},
});
