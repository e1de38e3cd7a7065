// How the desk shows the app's fields, the same in forms, grids, list views and report views.
// Each doctype script of the app includes this file (Frappe's include directive, resolved when
// the script is served; the directive must not appear in this file) and calls
// enterprise_support.desk.prepare(doctype) at its top, before Frappe builds a form or list.
//
// - Figures nobody reported are stored as 0 (Frappe keeps number columns NOT NULL; see
//   domain/figures.py, whose table UNREPORTED_WHEN_ZERO this one repeats; a unit test keeps the
//   two equal). They show blank, with a placeholder in an empty form box, never as a 0 or
//   0.00 that reads as a real figure.
// - A Select value is translated in its doctype's context first (中型 for an enterprise's
//   Medium, not the priority 中), wherever it is shown.
// - Workflow states and actions a status history keeps as text are translated too.
// - Datetime fields do not print the time zone under the box: the district has one
//   (Asia/Shanghai), and the English zone name was all a user read there.
// - Forms load the doctypes their filtered Link fields point at, so that Frappe's note under
//   the suggestions ("Filters applied for ...") names the field by its label, with 是/否.

frappe.provide("enterprise_support.desk");

enterprise_support.desk.UNREPORTED_WHEN_ZERO = {
	Enterprise: [
		"employees",
		"registered_capital",
		"annual_revenue",
		"total_assets",
		"rd_expense",
		"rd_ratio",
	],
	"Policy Item": ["amount"],
};

// Data fields that keep a word the app wrote in English (a case's status history keeps the
// workflow state and action it went through): shown translated, in the case's context.
enterprise_support.desk.STORED_WORDS = {
	"Support Case State Log": { fields: ["state", "action"], context: "Support Case" },
};

// What an empty box says, by doctype.
enterprise_support.desk.unreported_placeholder = function (doctype) {
	return doctype === "Policy Item" ? __("No fixed amount") : __("Not reported");
};

// People by name, never by e-mail address: Frappe shows a User link by its title (the full
// name) when it knows it, which a list view and a form ask for but a report view does not. The
// desk users' names come at boot (setup/desk_home.add_desk_user_names): they are taught to
// Frappe's link-title cache once, so every User link shows the name.
enterprise_support.desk.learn_user_names = function () {
	if (enterprise_support.desk.__user_names_learnt) return;
	enterprise_support.desk.__user_names_learnt = true;
	for (const [user, info] of Object.entries(frappe.boot.user_info || {})) {
		if (info && info.fullname && info.fullname !== user && !frappe.utils.get_link_title("User", user)) {
			frappe.utils.add_link_title("User", user, info.fullname);
		}
	}
};
enterprise_support.desk.learn_user_names();

enterprise_support.desk.is_unreported = function (doctype, fieldname) {
	return (enterprise_support.desk.UNREPORTED_WHEN_ZERO[doctype] || []).includes(fieldname);
};

// Set the display rules on the doctype's fields (and its child tables'), once per loaded meta.
// Forms, grids, list and report views take their fields from here (a form copies them per
// record when it first shows the record).
enterprise_support.desk.prepare = function (doctype) {
	const meta = frappe.get_meta(doctype);
	if (!meta || meta.__es_prepared) return;
	meta.__es_prepared = true;
	for (const df of meta.fields || []) {
		if (df.fieldtype === "Datetime") {
			df.hide_timezone = 1;
		}
		if (enterprise_support.desk.is_unreported(doctype, df.fieldname)) {
			const standard = frappe.form.get_formatter(df.fieldtype);
			df.formatter = (value, field, options, doc) =>
				flt(value) ? standard(value, field, options, doc) : "";
			df.placeholder = enterprise_support.desk.unreported_placeholder(doctype);
		} else if (
			(enterprise_support.desk.STORED_WORDS[doctype]?.fields || []).includes(df.fieldname)
		) {
			const context = enterprise_support.desk.STORED_WORDS[doctype].context;
			df.formatter = (value) =>
				value ? frappe.utils.escape_html(__(String(value), null, context)) : "";
		} else if (df.fieldtype === "Select" && !df.formatter) {
			df.formatter = (value) =>
				value ? frappe.utils.escape_html(__(String(value), null, doctype)) : "";
		}
		if (frappe.model.table_fields.includes(df.fieldtype) && df.options) {
			enterprise_support.desk.prepare(df.options);
		}
	}
};

// Per form: the input boxes of unreported figures stay empty (Frappe would write 0.00 in
// them) and say why; Link targets with filters are loaded. Call from onload and refresh.
enterprise_support.desk.setup_form = function (frm) {
	for (const fieldname of enterprise_support.desk.UNREPORTED_WHEN_ZERO[frm.doctype] || []) {
		const field = frm.fields_dict[fieldname];
		if (!field || field.__es_blank_when_zero) continue;
		field.__es_blank_when_zero = true;
		const placeholder = enterprise_support.desk.unreported_placeholder(frm.doctype);
		field.df.placeholder = placeholder;
		field.$input && field.$input.attr("placeholder", placeholder);
		const format_for_input = field.format_for_input.bind(field);
		field.format_for_input = (value) => (flt(value) ? format_for_input(value) : "");
	}
	if (!frm.__es_link_targets_loaded) {
		frm.__es_link_targets_loaded = true;
		const targets = new Set();
		for (const field of Object.values(frm.fields_dict)) {
			if (field.df.fieldtype === "Link" && field.df.options && field.get_query) {
				targets.add(field.df.options);
			}
			if (field.grid) {
				for (const df of field.grid.docfields || []) {
					const column = field.grid.get_field(df.fieldname);
					if (df.fieldtype === "Link" && df.options && column && column.get_query) {
						targets.add(df.options);
					}
				}
			}
		}
		for (const doctype of targets) frappe.model.with_doctype(doctype);
	}
};
