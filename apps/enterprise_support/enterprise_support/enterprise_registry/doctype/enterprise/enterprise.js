{% include "enterprise_support/public/js/desk_fields.js" %}
{% include "enterprise_support/public/js/policy_explain.js" %}
{% include "enterprise_support/public/js/watch_list.js" %}

// Unreported figures blank, Select values in the enterprise's words (public/js/desk_fields.js).
enterprise_support.desk.prepare("Enterprise");

// The year of the figures is a year, not a number with a thousands separator.
function es_plain_year(frm) {
	const year = frm.fields_dict.revenue_year;
	if (year && !year.__es_plain_year) {
		year.__es_plain_year = true;
		year.df.formatter = (value) => (cint(value) ? String(cint(value)) : "");
		year.format_for_input = (value) => (cint(value) ? String(cint(value)) : "");
	}
}

frappe.ui.form.on("Enterprise", {
	onload(frm) {
		enterprise_support.desk.setup_form(frm);
		es_plain_year(frm);
	},
	refresh(frm) {
		enterprise_support.desk.setup_form(frm);
		es_plain_year(frm);
		if (frm.is_new()) {
			return;
		}
		const d = frm.doc;
		const facts = [
			[__("Size Class"), d.size_class ? __(d.size_class, null, "Enterprise") : __("Unknown")],
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
		// the watch list (企业预警): flags, score, what could not be assessed
		enterprise_support.watch_list.show_on_enterprise(frm);
		if (frappe.model.can_read("Policy Match")) {
			frm.add_custom_button(__("Policy Matches"), () =>
				enterprise_support.policy_explain.show(frm.doc.name)
			);
		}
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
