// The form timeline (活动) lists each saved change of a record, from Frappe's Version log.
// Frappe prints the stored values as they are: workflow states and select options in English
// ("Draft"), empty values as "null", users as e-mail addresses, check boxes as 0/1, and the
// labels of table rows untranslated ("Left On"). Before Frappe renders a change, this puts its
// values in the words the user reads; rows of tables that only the system writes (a case's
// status history, its escalations) are left out, as those tables show them on the form.
(() => {
	const SYSTEM_TABLES = {
		"Support Case": ["state_log", "escalations"],
	};
	const EMPTY = (value) => value === null || value === undefined || value === "";

	function readable(value, df) {
		if (EMPTY(value)) return __("(none)");
		if (!df) return value;
		if (df.fieldtype === "Check") return cint(value) ? __("Yes") : __("No");
		if (df.fieldtype === "Select" || df.fieldname === "workflow_state") return __(String(value));
		if (df.fieldtype === "Link" && df.options === "User") {
			return frappe.user_info(value).fullname || value;
		}
		if (["Date", "Datetime"].includes(df.fieldtype)) return String(value).slice(0, 19);
		return value;
	}

	function changed_values(doctype, changes, docname) {
		return (changes || []).map(([fieldname, before, after]) => {
			if (fieldname === "docstatus") return [fieldname, before, after];
			const df = frappe.meta.get_docfield(doctype, fieldname, docname);
			return [fieldname, readable(before, df), readable(after, df)];
		});
	}

	function row_messages(version, data, frm) {
		// Rows changed in a table: Frappe labels them with the field's untranslated label.
		const parts = [];
		for (const [table, index, , changes] of data.row_changed || []) {
			const grid = frm.fields_dict[table] && frm.fields_dict[table].grid;
			if (!grid) continue;
			for (const [fieldname, before, after] of changes) {
				const df = frappe.meta.get_docfield(grid.doctype, fieldname, frm.docname);
				if (!df || (df.hidden && !df.show_on_timeline)) continue;
				parts.push(
					__("{0} from {1} to {2} in row #{3}", [
						`${__(df.label, null, grid.doctype)}`,
						bold(readable(before, df)),
						bold(readable(after, df)),
						index + 1, // Frappe stores the row's position from 0; the grid's No. starts at 1
					])
				);
			}
		}
		if (!parts.length) return [];
		const user = frappe.user_info(version.owner).fullname || version.owner;
		const text = frappe.utils.is_current_user(version.owner)
			? __("You changed the values for {0}", [parts.slice(0, 3).join("，")])
			: __("{0} changed the values for {1}", [
					frappe.utils.escape_html(user),
					parts.slice(0, 3).join("，"),
			  ]);
		return [
			{
				creation: version.creation,
				content: frappe.utils.get_form_link("Version", version.name, true, text),
			},
		];
	}

	function bold(value) {
		const text = frappe.ellipsis(frappe.utils.html2text(String(value)), 40) || '""';
		return frappe.utils.escape_html(text).bold();
	}

	function readable_version(version, frm) {
		let data;
		try {
			data = JSON.parse(version.data || "{}");
		} catch (e) {
			return { version, data: null };
		}
		if (data.comment) return { version, data: null };
		const quiet = SYSTEM_TABLES[frm.doctype] || [];
		const shown = Object.assign({}, data, {
			changed: changed_values(frm.doctype, data.changed, frm.docname),
			row_changed: [],
			added: (data.added || []).filter((row) => !quiet.includes(row[0])),
			removed: (data.removed || []).filter((row) => !quiet.includes(row[0])),
		});
		const rows = (data.row_changed || []).filter((row) => !quiet.includes(row[0]));
		return {
			version: Object.assign({}, version, { data: JSON.stringify(shown) }),
			data: Object.assign({}, data, { row_changed: rows }),
		};
	}

	function patch(timeline) {
		const proto = Object.getPrototypeOf(timeline);
		if (!proto || proto.__es_readable || !proto.get_version_timeline_contents) return;
		const original = proto.get_version_timeline_contents;
		proto.get_version_timeline_contents = function () {
			const versions = (this.doc_info && this.doc_info.versions) || [];
			const prepared = versions.map((version) => readable_version(version, this.frm));
			const view = Object.create(this);
			view.doc_info = Object.assign({}, this.doc_info, {
				versions: prepared.map((item) => item.version),
			});
			const items = original.call(view);
			for (const item of prepared) {
				if (item.data) items.push(...row_messages(item.version, item.data, this.frm));
			}
			return items;
		};
		proto.__es_readable = true;
	}

	$(document).on("form-load", (event, frm) => {
		if (frm && frm.timeline) patch(frm.timeline);
	});
})();
