frappe.ui.form.on("Support Case", {
	setup(frm) {
		frm.set_query("contact", () => ({ filters: { enterprise: frm.doc.enterprise, status: "Active" } }));
		frm.set_query("category", () => ({ filters: { is_active: 1 } }));
	},
	refresh(frm) {
		if (frm.is_new()) {
			return;
		}
		const d = frm.doc;
		const sla_colour = { "On Track": "green", "Due Soon": "orange", Overdue: "red", Paused: "blue", Met: "green", Missed: "red" };
		if (d.sla_status) {
			frm.dashboard.set_headline_alert(
				`${__("SLA Status")}：${__(d.sla_status)} · ${__("Resolution Due")} ${frappe.datetime.str_to_user(d.resolution_due)}`,
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
