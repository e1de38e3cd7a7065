// The watch list (企业预警) on the desk: an enterprise's flags in its form, and acknowledging a
// flag with a note (enterprise_care/watchlist_actions.py). Included by the Enterprise and
// Enterprise Watch Flag form scripts and the flag list. Everything shown is escaped.
frappe.provide("enterprise_support.watch_list");

enterprise_support.watch_list.acknowledge = function (flag, after) {
	const dialog = new frappe.ui.Dialog({
		title: __("Acknowledge with a Note"),
		fields: [
			{
				fieldname: "note",
				fieldtype: "Small Text",
				label: __("Acknowledgement Note"),
				reqd: 1,
				description: __("The flag stays quiet until its facts change."),
			},
		],
		primary_action_label: __("Acknowledge"),
		primary_action(values) {
			frappe
				.call({
					method: "enterprise_support.enterprise_care.watchlist_actions.acknowledge",
					args: { flag, note: values.note },
					freeze: true,
				})
				.then(() => {
					dialog.hide();
					frappe.show_alert({ message: __("Acknowledged"), indicator: "green" });
					after && after();
				});
		},
	});
	dialog.show();
};

enterprise_support.watch_list.show_on_enterprise = function (frm) {
	if (frm.is_new() || !frappe.model.can_read("Enterprise Watch Flag")) {
		return;
	}
	const esc = frappe.utils.escape_html;
	frappe
		.call({
			method: "enterprise_support.enterprise_care.watchlist_actions.enterprise_watch_list",
			args: { enterprise: frm.doc.name },
		})
		.then((r) => {
			const data = r.message || {};
			if (!data.allowed) {
				return;
			}
			const flags = data.flags || [];
			const rows = flags
				.map((flag) => {
					const active = flag.status === "On Watch";
					const pill = `<span class="indicator-pill ${active ? "red" : "gray"}">${esc(
						__(flag.status, null, "Enterprise Watch Flag")
					)}</span>`;
					const note = flag.note
						? `<div class="text-muted small">${esc(__("Acknowledgement Note"))}：${esc(flag.note)}（${esc(
								flag.acknowledged_by_name || ""
						  )}）</div>`
						: "";
					const button =
						active && data.can_acknowledge
							? `<button class="btn btn-xs btn-default es-watch-ack" data-flag="${esc(flag.name)}">${esc(
									__("Acknowledge")
							  )}</button>`
							: "";
					return `<div class="es-watch-flag" style="margin-bottom:6px">${pill}
						<b>${esc(__(flag.signal))}</b>（${esc(__("Weight"))} ${cint(flag.weight)}）：${esc(
						flag.explanation || ""
					)} ${button}${note}</div>`;
				})
				.join("");
			const missing = (data.missing || []).length
				? `<div class="text-muted small" style="margin-top:6px">${esc(__("Not assessed for lack of data"))}：${(
						data.missing || []
				  )
						.map(esc)
						.join("；")}</div>`
				: "";
			const head = `<div style="margin-bottom:6px">${esc(__("Watch Score"))}：<b>${cint(data.score)}</b>${
				flags.length ? "" : `　${esc(__("No warning signal"))}`
			}</div>`;
			const section = frm.dashboard.add_section(head + rows + missing, __("Watch List"));
			$(section)
				.find(".es-watch-ack")
				.on("click", function () {
					enterprise_support.watch_list.acknowledge($(this).attr("data-flag"), () => frm.reload_doc());
				});
		});
};
