// Watch list rules: each named by its signal, shown in the user's words (营业收入下降 …).
frappe.listview_settings["Watch List Rule"] = {
	hide_name_column: true,
	formatters: {
		signal(value) {
			return frappe.utils.escape_html(__(value || ""));
		},
	},
};
