// A watch list rule's page title in the user's words: the signal's label, not its code.
frappe.ui.form.on("Watch List Rule", {
	refresh(frm) {
		if (!frm.is_new() && frm.doc.signal) {
			frm.page.set_title(__(frm.doc.signal));
		}
	},
});
