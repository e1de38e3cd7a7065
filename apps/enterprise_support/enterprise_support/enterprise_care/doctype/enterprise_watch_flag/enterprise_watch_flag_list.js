// The watch list: active flags in red, acknowledged ones in grey; "My Watch List" keeps the
// flags of the enterprises the user is service officer of.
frappe.listview_settings["Enterprise Watch Flag"] = {
	add_fields: ["status", "signal", "service_officer"],
	hide_name_column: true,
	get_indicator(doc) {
		return doc.status === "On Watch"
			? [__("On Watch"), "red", "status,=,On Watch"]
			: [__("Acknowledged"), "gray", "status,=,Acknowledged"];
	},
	formatters: {
		signal(value) {
			return frappe.utils.escape_html(__(value || ""));
		},
	},
	onload(listview) {
		listview.page.add_inner_button(__("My Watch List"), () => {
			listview.filter_area.clear(false).then(() => {
				listview.filter_area.add([
					["Enterprise Watch Flag", "service_officer", "=", frappe.session.user],
					["Enterprise Watch Flag", "status", "=", "On Watch"],
				]);
			});
		});
	},
};
