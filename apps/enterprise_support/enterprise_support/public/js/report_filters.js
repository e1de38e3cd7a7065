// Report filters a user can read once they are set. Frappe shows a report filter's label only
// as the placeholder of its empty box: a number typed into it ("3") no longer says what it
// counts. A number filter is therefore a choice whose every option says it in words
// ("企业少于 3 家"), set to the report's default, so the filter always reads as a sentence.
// Included by the report scripts that use it (Frappe's include directive). The report's Python
// still takes any whole number (a URL may carry one): this only shapes what the desk offers.

frappe.provide("enterprise_support.reports");

// A Select filter over ``choices`` (numbers), each shown as ``describe(n)``, ``default_value``
// chosen.
enterprise_support.reports.number_choice_filter = function ({
	fieldname,
	label,
	choices,
	default_value,
	describe,
}) {
	return {
		fieldname,
		label,
		fieldtype: "Select",
		options: choices.map((n) => ({ value: String(n), label: describe(n) })),
		default: String(default_value),
	};
};
