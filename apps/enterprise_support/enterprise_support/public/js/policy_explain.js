// Staff read any (enterprise, policy item) pair's match, explained condition by condition and
// computed when opened (policy_support/matching.py: explain_matches). The Policy Match table
// keeps Eligible and Unknown pairs only; this is how a Not Eligible one is read. Included by
// the Enterprise and Policy Item form scripts.
frappe.provide("enterprise_support.policy_explain");

enterprise_support.policy_explain.show = function (enterprise, policy_item) {
	const esc = frappe.utils.escape_html;
	const colour = { Eligible: "green", Unknown: "orange", "Not Eligible": "gray" };
	return frappe
		.call({
			method: "enterprise_support.policy_support.matching.explain_matches",
			args: { enterprise, policy_item: policy_item || null },
		})
		.then((r) => {
			const rows = r.message || [];
			const body = rows.length
				? `<table class="table table-bordered es-policy-explain"><thead><tr>
					<th>${esc(__("Policy Item"))}</th><th>${esc(__("Outcome", null, "Policy Match"))}</th><th>${esc(__("Explanation"))}</th>
				</tr></thead><tbody>${rows
					.map(
						(row) => `<tr>
					<td><a href="/app/policy-item/${encodeURIComponent(row.policy_item)}">${esc(
							row.item_title || row.policy_item
						)}</a></td>
					<td><span class="indicator-pill ${colour[row.outcome] || "gray"}">${esc(
							row.outcome_label
						)}</span></td>
					<td>${row.explanation_lines.map((line) => `<div>${esc(line)}</div>`).join("")}</td>
				</tr>`
					)
					.join("")}</tbody></table>`
				: `<p class="text-muted">${esc(
						__("No active policy item of a policy in force to match against")
				  )}</p>`;
			const dialog = new frappe.ui.Dialog({
				title: __("Policy Matches"),
				size: "extra-large",
				fields: [{ fieldtype: "HTML", fieldname: "matches" }],
			});
			dialog.fields_dict.matches.$wrapper.html(body);
			dialog.show();
			return rows;
		});
};
