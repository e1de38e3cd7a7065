{% include "enterprise_support/public/js/desk_fields.js" %}

// Unreported figures blank, Select values in the enterprise's words (public/js/desk_fields.js),
// in the list and the report view alike.
enterprise_support.desk.prepare("Enterprise");

frappe.listview_settings["Enterprise"] = {
	add_fields: ["size_class", "is_key_enterprise"],
	formatters: {
		// Size classes are translated in the Enterprise context (中型 here, not the priority 中).
		size_class(value) {
			return value ? __(value, null, "Enterprise") : "";
		},
	},
	get_indicator(doc) {
		if (doc.is_key_enterprise) {
			return [__("Key Enterprise"), "blue", "is_key_enterprise,=,1"];
		}
	},
};
