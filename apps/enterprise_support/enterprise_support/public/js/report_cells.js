// Report cells show what users typed (subjects, names, descriptions): Frappe's default
// formatter puts Data and text values into the cell as HTML unescaped, so every report's
// formatter runs through this one, which escapes the value first. Each report's script
// includes this file (Frappe's include directive, resolved when the script is served; the
// directive must not appear in this file, or it would be included into itself).

frappe.provide("enterprise_support.reports");

// Column types whose values are numbers, dates or checks: nothing typed by a user.
enterprise_support.reports.UNTYPED_FIELDTYPES = [
	"Int",
	"Float",
	"Currency",
	"Percent",
	"Check",
	"Date",
	"Datetime",
	"Time",
	"Duration",
	"Rating",
];

// The HTML of one cell: the value escaped, then Frappe's formatter (colours, links, newlines).
enterprise_support.reports.safe_cell = function (value, row, column, data, default_formatter) {
	const escape = frappe.utils.escape_html;
	if (typeof value !== "string" || !value) {
		return default_formatter(value, row, column, data);
	}
	if (enterprise_support.reports.UNTYPED_FIELDTYPES.includes(column.fieldtype)) {
		return default_formatter(value, row, column, data);
	}
	if (column.fieldtype === "Link" || column.fieldtype === "Dynamic Link") {
		const doctype = column.fieldtype === "Link" ? column.options : data && data[column.options];
		// A column with a ``title_field`` (a user's full name next to the User link) shows the
		// title, linked to the record: Frappe's link title, as its forms and lists show it.
		const title = column.title_field && data && data[column.title_field];
		if (title) {
			if (!doctype || !frappe.model.can_read(doctype)) return escape(String(title));
			frappe.utils.add_link_title(doctype, value, String(title));
		}
		// Frappe builds the link itself with the text as innerText, so it is safe, except for
		// values it passes through as they are; those (and any name with markup characters)
		// become a link built here from the escaped value.
		if (!/[<>&"'`]/.test(value)) return default_formatter(value, row, column, data);
		if (!doctype || !frappe.model.can_read(doctype)) return escape(title ? String(title) : value);
		const href = `/app/${encodeURIComponent(frappe.router.slug(doctype))}/${encodeURIComponent(value)}`;
		const text = escape(title ? String(title) : value);
		return `<a href="${escape(href)}" data-doctype="${escape(doctype)}">${text}</a>`;
	}
	return default_formatter(escape(value), row, column, data);
};

// A report formatter with values escaped: ``formatter`` (optional) receives the safe formatter
// as its default_formatter, so whatever it wraps around the cell is wrapped around safe HTML.
enterprise_support.reports.escaping_formatter = function (formatter) {
	return function (value, row, column, data, default_formatter) {
		const safe = (v, r, c, d) =>
			enterprise_support.reports.safe_cell(v, r, c, d, default_formatter);
		return formatter ? formatter(value, row, column, data, safe) : safe(value, row, column, data);
	};
};
