// Figures an enterprise has not reported are stored as 0 (Frappe keeps numbers NOT NULL); the
// size class already counts a blank or zero figure as not reported (sizing.classify). The form
// shows them blank, with "not reported" in the empty box, instead of a 0.00 that reads as a
// real figure. The year of the figures is a year, not a number with a thousands separator.
const ES_UNREPORTED_IF_ZERO = ["employees", "registered_capital", "annual_revenue", "total_assets", "rd_expense"];

function es_blank_when_zero(frm) {
	for (const fieldname of ES_UNREPORTED_IF_ZERO) {
		const field = frm.fields_dict[fieldname];
		if (!field || field.__es_blank_when_zero) continue;
		field.__es_blank_when_zero = true;
		const standard = frappe.form.get_formatter(field.df.fieldtype);
		field.df.formatter = (value, df, options, doc) =>
			flt(value) ? standard(value, df, options, doc) : "";
		field.df.placeholder = __("Not reported");
		const format_for_input = field.format_for_input.bind(field);
		field.format_for_input = (value) => (flt(value) ? format_for_input(value) : "");
	}
	const year = frm.fields_dict.revenue_year;
	if (year && !year.__es_plain_year) {
		year.__es_plain_year = true;
		year.df.formatter = (value) => (cint(value) ? String(cint(value)) : "");
		year.format_for_input = (value) => (cint(value) ? String(cint(value)) : "");
	}
}

frappe.ui.form.on("Enterprise", {
	onload(frm) {
		es_blank_when_zero(frm);
	},
	refresh(frm) {
		es_blank_when_zero(frm);
		if (frm.is_new()) {
			return;
		}
		const d = frm.doc;
		const facts = [
			[__("Size Class"), d.size_class ? __(d.size_class) : __("Unknown")],
			[__("Patents"), `${d.patent_count || 0}（${__("Invention Patents")} ${d.invention_patent_count || 0}）`],
			[__("Class I IP"), d.class_i_ip_count || 0],
			[__("Highest Designation"), d.highest_designation || __("None")],
			[__("Next Designation Expiry"), d.next_designation_expiry ? frappe.datetime.str_to_user(d.next_designation_expiry) : "-"],
		];
		frm.dashboard.add_section(
			`<div class="row">${facts
				.map(
					([label, value]) =>
						`<div class="col-sm-4 col-md-2" style="margin-bottom:8px"><div class="text-muted small">${frappe.utils.escape_html(
							label
						)}</div><div class="bold">${frappe.utils.escape_html(String(value))}</div></div>`
				)
				.join("")}</div>`,
			__("Overview")
		);
		if (d.uscc_check_override) {
			frm.dashboard.set_headline_alert(
				`${__("Accepted despite a failed check")}：${frappe.utils.escape_html(d.uscc_override_reason || "")}`,
				"orange"
			);
		}
	},
	industry_chain(frm) {
		frm.set_value("chain_link", null);
	},
	setup(frm) {
		frm.set_query("industry_chain", () => ({ filters: { node_type: "Chain" } }));
		frm.set_query("chain_link", () => ({
			filters: frm.doc.industry_chain
				? { chain: frm.doc.industry_chain, node_type: ["!=", "Chain"] }
				: { node_type: ["!=", "Chain"] },
		}));
		frm.set_query("industry_code", () => ({ filters: { level: "Industry Class" } }));
	},
});
