// Pinyin search in the awesome bar (pinyin_search.py): as staff type "lfd" or "laifude", the
// enterprises, streets, chains and policies found by name or pinyin are offered in the dropdown
// (named and typed, escaped), opening their form when chosen.
frappe.provide("frappe.search");

(() => {
	const AwesomeBar = frappe.search.AwesomeBar;
	if (!AwesomeBar || AwesomeBar.prototype.es_pinyin) return;
	const setup = AwesomeBar.prototype.setup;
	AwesomeBar.prototype.es_pinyin = true;
	AwesomeBar.prototype.setup = function (element) {
		setup.call(this, element);
		const bar = this;
		let asked = "";
		$(element).on(
			"input",
			frappe.utils.debounce((e) => {
				const txt = (e.target.value || "").trim();
				asked = txt;
				if (txt.length < 2 || txt.charAt(0) === "#") return;
				frappe
					.xcall("enterprise_support.pinyin_search.awesome_bar_records", { txt })
					.then((rows) => {
						if (asked !== txt || !rows || !rows.length) return;
						const escape = frappe.utils.escape_html;
						const ours = rows.map((r) => ({
							label: `<span>${escape(r.title)}</span>
								<span class="text-muted"> · ${escape(__(r.doctype))}</span>`,
							value: `${r.title} · ${__(r.doctype)} · ${r.name}`,
							route: ["Form", r.doctype, r.name],
							index: 95,
							match: txt,
							es_record: true,
						}));
						const theirs = (bar.awesomplete._list || []).filter((o) => !o.es_record);
						bar.awesomplete.list = ours.concat(theirs);
					});
			}, 300)
		);
	};

	// Frappe's global search dialog writes "undefined" for a part of a result whose field name
	// does not match the typed words (fuzzy_search gives no marked string then): show it as it is.
	const utils = frappe.search.utils;
	if (utils && utils.fuzzy_search && !utils.es_fuzzy_fixed) {
		const fuzzy_search = utils.fuzzy_search;
		utils.fuzzy_search = function (keywords, item, return_marked_string) {
			const found = fuzzy_search.call(this, keywords, item, return_marked_string);
			if (return_marked_string && found && found.marked_string === undefined) {
				found.marked_string = __(item || "");
			}
			return found;
		};
		utils.es_fuzzy_fixed = true;
	}
})();
