{% include "enterprise_support/public/js/desk_fields.js" %}

// Select values in the visit's words, filtered Links explained by label (public/js/desk_fields.js).
enterprise_support.desk.prepare("Enterprise Visit");

// 走访记录: visitors are district staff, the contacts met belong to the visited enterprise, and
// the problems raised become support cases with one click (enterprise_care/visits.py).
frappe.ui.form.on("Enterprise Visit", {
	setup(frm) {
		frm.set_query("user", "visitors", () => ({
			query: "frappe.core.doctype.user.user.user_query",
			filters: { user_type: "System User", enabled: 1 },
		}));
		frm.set_query("contact", "contacts_met", () => ({
			filters: { enterprise: frm.doc.enterprise || "", status: "Active" },
		}));
		frm.set_query("category", "problems", () => ({ filters: { is_active: 1 } }));
	},
	onload(frm) {
		// A new visit starts with the person recording it as a visitor.
		if (frm.is_new() && !(frm.doc.visitors || []).length) {
			frm.add_child("visitors", { user: frappe.session.user });
			frm.refresh_field("visitors");
		}
	},
	refresh(frm) {
		const open = (frm.doc.problems || []).filter((row) => !row.support_case);
		if (frm.is_new() || !open.length || !frm.perm[0]?.write || !frappe.model.can_create("Support Case")) {
			return;
		}
		frm.add_custom_button(__("Create Cases for Problems"), () => {
			frappe.confirm(
				__("Turn {0} problem(s) without a case into support cases received on {1}?", [
					open.length,
					frappe.datetime.str_to_user(frm.doc.visit_date),
				]),
				() =>
					frappe
						.call({
							method: "enterprise_support.enterprise_care.visits.make_cases",
							args: { visit: frm.doc.name },
							freeze: true,
						})
						.then((r) => {
							const names = r.message || [];
							frappe.show_alert({
								message: names.length
									? __("Created {0} support case(s): {1}", [names.length, names.join("、")])
									: __("Every problem already has a case"),
								indicator: "green",
							});
							frm.reload_doc();
						})
			);
		}).addClass("btn-primary");
	},
});
