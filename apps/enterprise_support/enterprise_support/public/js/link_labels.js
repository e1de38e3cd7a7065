// Values of Link fields that a user reads as words, not as record names.
// A workflow state is stored in English ("Completed"); Frappe translates it in an editable
// Link field and in list indicators, but prints it raw in a read-only field (a plan's 状态).
// frappe.form.link_formatters is Frappe's hook for the text shown for a linked record.
frappe.provide("frappe.form.link_formatters");

frappe.form.link_formatters["Workflow State"] = (value) => (value ? __(value) : value);
