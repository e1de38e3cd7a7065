{% include "enterprise_support/public/js/desk_fields.js" %}

// Select values in the plan's words, in the list and the report view (public/js/desk_fields.js).
enterprise_support.desk.prepare("Enterprise Support Plan");

frappe.listview_settings["Enterprise Support Plan"] = {
	add_fields: ["progress"],
	onload(listview) {
		if (!frappe.model.can_create("Enterprise Support Plan")) {
			return;
		}
		listview.page.add_inner_button(__("Build from Matches"), () => {
			frappe.prompt(
				[
					{ fieldname: "enterprise", fieldtype: "Link", options: "Enterprise", label: __("Enterprise"), reqd: 1 },
					{ fieldname: "plan_year", fieldtype: "Int", label: __("Plan Year"), default: new Date().getFullYear() },
				],
				(values) =>
					frappe
						.call({
							method: "enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan.build_from_matches",
							args: values,
							freeze: true,
						})
						.then((r) => frappe.set_route("Form", "Enterprise Support Plan", r.message)),
				__("Build a Draft Plan from the Enterprise's Eligible Policy Items"),
				__("Build")
			);
		});
	},
};
