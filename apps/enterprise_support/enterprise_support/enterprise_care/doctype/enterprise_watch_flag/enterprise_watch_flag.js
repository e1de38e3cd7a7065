{% include "enterprise_support/public/js/watch_list.js" %}

frappe.ui.form.on("Enterprise Watch Flag", {
	refresh(frm) {
		frm.disable_save();
		if (frm.doc.status === "On Watch" && frappe.model.can_write("Enterprise Watch Flag")) {
			frm.add_custom_button(__("Acknowledge"), () =>
				enterprise_support.watch_list.acknowledge(frm.doc.name, () => frm.reload_doc())
			);
		}
	},
});
