{% include "enterprise_support/public/js/desk_fields.js" %}

// Dates without a time-zone line (public/js/desk_fields.js).
enterprise_support.desk.prepare("Enterprise Contact");

frappe.ui.form.on("Enterprise Contact", {
	refresh(frm) {
		if (frm.is_new() || frm.doc.user || frm.doc.status !== "Active" || !frm.perm[0].write) {
			return;
		}
		frm.add_custom_button(__("Invite to Portal"), () => {
			frappe.confirm(
				__("Send {0} an invitation to the enterprise portal at {1}?", [
					frm.doc.full_name,
					frm.doc.email || __("(no e-mail)"),
				]),
				() =>
					frappe
						.call({
							method: "enterprise_support.enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite",
							args: { contact: frm.doc.name },
							freeze: true,
						})
						.then(() => {
							frappe.show_alert({ message: __("Invitation sent"), indicator: "green" });
							frm.reload_doc();
						})
			);
		});
	},
});
