{% include "enterprise_support/public/js/desk_fields.js" %}
{% include "enterprise_support/public/js/duplicate_suggestions.js" %}

// Dates without a time-zone line (the received-on help reads as one Chinese sentence), Select
// values in the case's words, filtered Links explained by label (public/js/desk_fields.js).
enterprise_support.desk.prepare("Support Case");

frappe.ui.form.on("Support Case", {
	setup(frm) {
		frm.set_query("contact", () => ({ filters: { enterprise: frm.doc.enterprise, status: "Active" } }));
		frm.set_query("category", () => ({ filters: { is_active: 1 } }));
	},
	before_workflow_action(frm) {
		// 受理 a possible duplicate (12345 transfers included): confirm first.
		const confirming = enterprise_support.duplicates.confirm_accept(frm);
		if (confirming) {
			return confirming;
		}
		if (frm.selected_workflow_action !== "Request Information") {
			return;
		}
		// 要求补充材料: ask what the enterprise must add; the portal shows it on the request.
		frappe.dom.unfreeze();
		// Cancelling leaves the promise pending: the action is simply not taken.
		return new Promise((resolve) => {
			const dialog = new frappe.ui.Dialog({
				title: __("Request Information"),
				fields: [
					{
						fieldname: "needed",
						fieldtype: "Small Text",
						label: __("Information Requested from the Enterprise"),
						description: __("The enterprise sees this on its request page."),
						reqd: 1,
					},
				],
				primary_action_label: __("Send Request"),
				primary_action({ needed }) {
					dialog.hide();
					frappe
						.call("enterprise_support.api.cases.request_information", { case: frm.doc.name, needed })
						.then(() => {
							frappe.dom.freeze();
							resolve();
						});
				},
			});
			dialog.show();
		});
	},
	after_workflow_action(frm) {
		// The Assignment Rule picks the handler after the state change: show it without a reload.
		frm.reload_doc();
	},
	refresh(frm) {
		enterprise_support.desk.setup_form(frm);
		// 疑似重复: the open requests this one may repeat, for staff and leaders.
		enterprise_support.duplicates.show(frm);
		if (frm.is_new()) {
			return;
		}
		const d = frm.doc;
		const sla_colour = { "On Track": "green", "Due Soon": "orange", Overdue: "red", Paused: "blue", Met: "green", Missed: "red" };
		// The header indicator is the workflow state (listview_settings.get_indicator); the SLA is
		// the secondary headline, set afresh on every refresh (never added twice).
		frm.dashboard.clear_headline();
		if (d.sla_status) {
			const due = d.resolution_due ? ` · ${__("Resolution Due")} ${frappe.datetime.str_to_user(d.resolution_due)}` : "";
			frm.dashboard.set_headline_alert(
				`${__("SLA Status")}：${__(d.sla_status)}${due}`,
				sla_colour[d.sla_status] || "gray"
			);
		}
		const open = !["Rejected", "Closed", "Merged", "Draft"].includes(d.workflow_state);
		if (open && frm.perm[0] && frm.perm[0].write) {
			frm.add_custom_button(__("Reply to the Enterprise"), () => {
				frappe.prompt(
					{ fieldname: "message", fieldtype: "Small Text", label: __("Reply"), reqd: 1 },
					({ message }) =>
						frappe
							.call("enterprise_support.api.cases.reply", { case: frm.doc.name, message })
							.then(() => frm.reload_doc()),
					__("Reply to the Enterprise"),
					__("Send")
				);
			});
			frm.add_custom_button(
				__("Task"),
				() => frappe.new_doc("Support Task", { support_case: frm.doc.name, department: frm.doc.department }),
				__("Create")
			);
		}
		show_routing_suggestion(frm);
		if (open && frappe.user.has_role("Enterprise Service Staff")) {
			frm.add_custom_button(__("Merge into Another Case"), () => {
				frappe.prompt(
					{
						fieldname: "survivor",
						fieldtype: "Link",
						options: "Support Case",
						label: __("Keep Case"),
						reqd: 1,
						get_query: () => ({ filters: { enterprise: frm.doc.enterprise, name: ["!=", frm.doc.name] } }),
					},
					({ survivor }) =>
						frappe
							.call("enterprise_support.api.cases.merge", { duplicate: frm.doc.name, survivor })
							.then(() => frm.reload_doc()),
					__("Merge into Another Case"),
					__("Merge")
				);
			});
		}
	},
});

// The department suggested at intake (support_cases/routing.py), for staff choosing where to
// dispatch: its reason, and 采用建议部门 to fill it in; staff may still choose another department.
function show_routing_suggestion(frm) {
	const d = frm.doc;
	if (
		!frappe.user.has_role("Enterprise Service Staff") ||
		!["Submitted", "Accepted", "Returned"].includes(d.workflow_state) ||
		!d.routing_reason
	) {
		return;
	}
	const esc = frappe.utils.escape_html;
	const department = d.suggested_department
		? `<div class="mb-1"><b>${esc(__("Suggested Department"))}：${esc(d.suggested_department)}</b></div>`
		: "";
	const body = $(`<div class="routing-suggestion">
		${department}
		<div class="text-muted">${esc(d.routing_reason)}</div>
	</div>`);
	if (d.suggested_department && d.suggested_department !== d.department && frm.perm[0] && frm.perm[0].write) {
		$(`<button class="btn btn-xs btn-primary mt-2">${esc(__("Use Suggested Department"))}</button>`)
			.appendTo(body)
			.on("click", () => {
				frm.set_value("department", d.suggested_department).then(() => frm.save());
			});
	}
	frm.dashboard.add_section(body, __("Suggested Department"));
	frm.dashboard.show();
}
