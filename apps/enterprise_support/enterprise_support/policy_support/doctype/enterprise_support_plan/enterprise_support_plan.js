{% include "enterprise_support/public/js/desk_fields.js" %}

// Dates without a time-zone line, Select values in the plan's words (public/js/desk_fields.js).
enterprise_support.desk.prepare("Enterprise Support Plan");

const PLAN_METHODS = "enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan";

frappe.ui.form.on("Enterprise Support Plan", {
	setup(frm) {
		frm.set_query("policy_item", "policy_items", () => ({
			query: "enterprise_support.policy_support.matching.matched_item_query",
			filters: { enterprise: frm.doc.enterprise },
		}));
		frm.set_query("department", "measures", () => ({ filters: { is_active: 1 } }));
	},
	refresh(frm) {
		enterprise_support.desk.setup_form(frm);
		if (frm.is_new()) {
			return;
		}
		frm.dashboard.add_progress(
			__("Progress"),
			frm.doc.progress || 0,
			__("{0} of {1} tasks completed", [frm.doc.completed_task_count || 0, frm.doc.task_count || 0])
		);
		const staff = frappe.user.has_role("Enterprise Service Staff") || frappe.user.has_role("System Manager");
		if (staff && ["Approved", "In Execution"].includes(frm.doc.workflow_state)) {
			frm.add_custom_button(__("Create Tasks for Measures"), () =>
				frappe.call({ method: `${PLAN_METHODS}.make_tasks`, args: { plan: frm.doc.name }, freeze: true }).then((r) => {
					frappe.show_alert({ message: __("{0} tasks created", [(r.message || []).length]), indicator: "green" });
					frm.reload_doc();
				})
			);
		}
		frm.add_custom_button(__("Designation Readiness"), () => show_readiness(frm.doc.enterprise));
	},
	enterprise(frm) {
		frm.clear_table("policy_items");
		frm.refresh_field("policy_items");
	},
});

function show_readiness(enterprise) {
	frappe
		.call({ method: "enterprise_support.policy_support.readiness.get_readiness", args: { enterprise } })
		.then(({ message: r }) => {
			const list = (items) =>
				items.length ? `<ul>${items.map((t) => `<li>${frappe.utils.escape_html(t)}</li>`).join("")}</ul>` : "-";
			frappe.msgprint({
				title: __("Designation Readiness"),
				message: `<p>${__("Highest Tier Held")}：${frappe.utils.escape_html(r.held_tier || __("None"))}<br>
					${__("Next Tier")}：${frappe.utils.escape_html(r.next_tier || "-")}<br>
					${__("Assessed Against")}：${frappe.utils.escape_html(r.assessed_tier || "-")}<br>
					${__("Readiness")}：${frappe.utils.escape_html(r.outcome_label)}</p>
					<p><b>${__("What Is Lacking")}</b></p>${list(r.gaps)}
					<p><b>${__("Data Missing")}</b></p>${list(r.unknown)}`,
				wide: true,
			});
		});
}
