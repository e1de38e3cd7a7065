// Duplicate suggestions (疑似重复) on a support case's form: the open requests the case may
// repeat or share its topic with, found at intake (support_cases/duplicate_check.py), with
// 并单 and 不是重复 for staff (api/duplicates.py). Staff and leaders see the panel; handlers and
// contacts do not. A submitted case with an open duplicate is flagged before acceptance: a red
// banner, and the Accept action asks to confirm. Everything shown is escaped.
frappe.provide("enterprise_support.duplicates");

enterprise_support.duplicates.API = "enterprise_support.api.duplicates";

enterprise_support.duplicates.may_see = function () {
	return frappe.user.has_role(["Enterprise Service Staff", "System Manager", "Enterprise Leader"]);
};

enterprise_support.duplicates.show = function (frm) {
	frm.__es_duplicates = null;
	if (frm.__es_duplicate_intro) {
		frm.set_intro();
		frm.__es_duplicate_intro = false;
	}
	if (frm.is_new() || !enterprise_support.duplicates.may_see()) {
		return;
	}
	const API = enterprise_support.duplicates.API;
	const esc = frappe.utils.escape_html;
	const name = frm.doc.name;
	frappe.call({ method: `${API}.case_suggestions`, type: "GET", args: { case: name } }).then((r) => {
		const data = r.message || {};
		if (!data.allowed || frm.doc.name !== name) {
			return;
		}
		const rows = data.suggestions || [];
		frm.__es_duplicates = rows;
		if (!rows.length) {
			return;
		}
		const duplicates = rows.filter((row) => row.kind === "Same Enterprise" && row.other_open);
		if (data.workflow_state === "Submitted" && duplicates.length) {
			// 12345 transfers and every other new request: check before accepting.
			frm.set_intro(
				esc(
					__("Check before accepting: this request looks like {0}", [
						duplicates.map((row) => row.other_case).join("、"),
					])
				),
				"red"
			);
			frm.__es_duplicate_intro = true;
		}
		const body = rows
			.map((row) => {
				const kind = row.kind === "Same Enterprise" ? "red" : "orange";
				const link = `<a href="/app/support-case/${encodeURIComponent(row.other_case)}">${esc(row.other_case)}</a>`;
				const state = row.other_state ? __(row.other_state, null, "Support Case") : "";
				const buttons = [];
				if (data.can_decide && row.mergeable) {
					buttons.push(
						`<button class="btn btn-xs btn-primary es-dup-merge" data-name="${esc(row.name)}" data-other="${esc(
							row.other_case
						)}">${esc(__("Merge into {0}", [row.other_case]))}</button>`
					);
				}
				if (data.can_decide) {
					buttons.push(
						`<button class="btn btn-xs btn-default es-dup-dismiss" data-name="${esc(row.name)}">${esc(
							__("Not a Duplicate")
						)}</button>`
					);
				}
				return `<div class="es-dup-row" style="margin-bottom:10px">
					<div><span class="indicator-pill ${kind}">${esc(__(row.kind, null, "Case Duplicate Suggestion"))}</span>
					${link} <b>${esc(row.other_subject || "")}</b>
					<span class="text-muted">${esc(row.other_enterprise_name || "")} · ${esc(state)}</span>
					· ${esc(__("Similarity Score"))} <b>${cint(row.score)}</b></div>
					<div class="text-muted small" style="overflow-wrap:anywhere">${esc(row.reason || "")}</div>
					<div style="margin-top:4px;display:flex;flex-wrap:wrap;gap:6px">${buttons.join("")}</div>
				</div>`;
			})
			.join("");
		const section = frm.dashboard.add_section(
			`<div class="es-duplicates">${body}</div>`,
			__("Possible Duplicates")
		);
		frm.dashboard.show();
		$(section)
			.find(".es-dup-merge")
			.on("click", function () {
				const name = $(this).attr("data-name");
				const other = $(this).attr("data-other");
				frappe.confirm(
					esc(__("Merge {0} into {1}? This request is closed as merged and its enterprise is told.", [frm.doc.name, other])),
					() =>
						frappe
							.call({ method: `${API}.merge`, args: { suggestion: name }, freeze: true })
							.then(() => {
								frappe.show_alert({ message: __("Merged into {0}", [other]), indicator: "green" });
								frm.reload_doc();
							})
				);
			});
		$(section)
			.find(".es-dup-dismiss")
			.on("click", function () {
				frappe
					.call({ method: `${API}.dismiss`, args: { suggestion: $(this).attr("data-name") }, freeze: true })
					.then(() => {
						frappe.show_alert({ message: __("Marked as not a duplicate"), indicator: "green" });
						frm.reload_doc();
					});
			});
	});
};

// Accepting a request flagged as a possible duplicate asks first; resolves to go on.
enterprise_support.duplicates.confirm_accept = function (frm) {
	const open = (frm.__es_duplicates || []).filter((row) => row.kind === "Same Enterprise" && row.other_open);
	if (frm.selected_workflow_action !== "Accept" || !(open.length || frm.doc.possible_duplicate)) {
		return null;
	}
	frappe.dom.unfreeze();
	const names = open.map((row) => row.other_case).join("、");
	return new Promise((resolve) => {
		frappe.confirm(
			frappe.utils.escape_html(
				__("This request looks like {0}. Accept it anyway instead of merging?", [names || __("an open request")])
			),
			() => {
				frappe.dom.freeze();
				resolve();
			}
		);
	});
};
