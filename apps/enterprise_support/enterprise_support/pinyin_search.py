"""Pinyin search of enterprises, streets, industry chains and policies on every search box.

Each of these records keeps a pinyin key (``pinyin_key``: the full pinyin and initials of its
name, its words and its trade name; see ``domain/pinyin.py``), set on every save. The search
boxes read it:

- link fields and report filters that are links (``frappe.desk.search.search_link``) through
  ``link_query``, the doctypes' standard query (``standard_queries`` in hooks.py): it matches
  the name, title and search fields as Frappe does, and the key when the user typed letters;
  the dropdown shows the usual title and description, never the key;
- the list view through a standard filter on the key (拼音检索码);
- the awesome bar: as the user types, ``awesome_bar_records`` offers the matching records in its
  dropdown (public/js/pinyin_search.js), and its "Search for ..." (global search) goes through
  ``global_search``, which puts the matching records of these doctypes before Frappe's own
  full-text results (MariaDB's full-text index of ``__global_search`` ignores words shorter than
  four letters, so "lfd" or "tw" would find nothing there, and it knows no row rules).

Every search goes through ``frappe.get_list`` as the user: the row rules of permissions.py hold.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cint, escape_html

from enterprise_support.domain.pinyin import search_key, search_term

# doctype -> the fields whose names make its key
NAME_FIELDS: dict[str, tuple[str, ...]] = {
	"Enterprise": ("enterprise_name", "short_name"),
	"Street": ("street_name",),
	"Industry Chain": ("node_name",),
	"Policy": ("title",),
	"Policy Item": ("item_title",),
}
KEY_FIELD = "pinyin_key"
KEY_COLLATION = "utf8mb4_general_ci"
_TEXT_TYPES = frozenset({"Data", "Small Text", "Text", "Link", "Read Only", "Select"})


def set_pinyin_key(doc, method=None) -> None:
	"""Keep a record's pinyin key in step with its names (doc event on validate)."""
	doc.set(KEY_FIELD, search_key(*(doc.get(field) for field in NAME_FIELDS[doc.doctype])))


def backfill(doctype: str, batch_size: int = 5000) -> int:
	"""Write the pinyin key of every record of ``doctype`` whose key is missing or stale, set-wise:
	names read in batches, keys computed here, each batch sent as one multi-row INSERT into a
	temporary table and written with one UPDATE ... JOIN (no document is loaded or saved, and
	``modified`` is left alone). Commits: it is a maintenance step (the backfill patch), and the
	temporary table may be created and dropped only outside a transaction that wrote. Returns how
	many records were written."""
	fields = NAME_FIELDS[doctype]
	table = f"`tab{doctype}`"
	columns = ", ".join(f"`{field}`" for field in fields)
	frappe.db.commit()
	frappe.db.sql("drop temporary table if exists `_es_pinyin_keys`")
	frappe.db.sql(
		"create temporary table `_es_pinyin_keys` (`name` varchar(140) primary key, `pinyin_key` text)"
		" character set utf8mb4 collate utf8mb4_unicode_ci"
	)
	written, last = 0, ""
	while True:
		rows = frappe.db.sql(
			f"select `name`, `{KEY_FIELD}`, {columns} from {table} where `name` > %s order by `name` limit %s",
			(last, batch_size),
		)
		if not rows:
			break
		changes = []
		for name, key, *names in rows:
			new_key = search_key(*names)
			if new_key != (key or ""):
				changes.extend((name, new_key))
		if changes:
			values = ", ".join(["(%s, %s)"] * (len(changes) // 2))
			frappe.db.sql(f"insert into `_es_pinyin_keys` (`name`, `pinyin_key`) values {values}", changes)
			written += len(changes) // 2
		last = rows[-1][0]
	if written:
		frappe.db.sql(
			f"update {table} t join `_es_pinyin_keys` k on k.`name` = t.`name` set t.`{KEY_FIELD}` = k.`pinyin_key`"
		)
	frappe.db.commit()
	frappe.db.sql("drop temporary table `_es_pinyin_keys`")
	return written


def key_columns_collated() -> None:
	"""Compare each pinyin key column under utf8mb4_general_ci instead of the site's
	utf8mb4_unicode_ci: the key holds only a-z, 0-9 and spaces, for which both agree, and
	``LIKE '%lfd%'`` over 100,000 keys takes about a third less time (ASCII compared byte by byte
	would take a third of it, but a filter typed in Chinese in the list's 拼音检索码 box would
	then fail with an illegal mix of collations). Frappe's schema sync keeps a column's collation;
	run after every migrate (and so on a new site) in case a column was made anew."""
	for doctype in NAME_FIELDS:
		collation = frappe.db.sql(
			"""select collation_name from information_schema.columns
			where table_schema = database() and table_name = %s and column_name = %s""",
			(f"tab{doctype}", KEY_FIELD),
		)
		if collation and collation[0][0] != KEY_COLLATION:
			frappe.db.sql_ddl(
				f"alter table `tab{doctype}` modify `{KEY_FIELD}` text "
				f"character set utf8mb4 collate {KEY_COLLATION}"
			)


# --- link fields ------------------------------------------------------------------------------


def _search_fields(meta) -> list[str]:
	"""The fields Frappe's link search would show and search: name, title, search fields."""
	fields = ["name"]
	if meta.title_field:
		fields.append(meta.title_field)
	for field in meta.get_search_fields():
		if field not in fields and field != KEY_FIELD:
			fields.append(field)
	return fields


def find(
	doctype: str,
	txt: str,
	start: int = 0,
	page_len: int = 10,
	filters=None,
	reference_doctype: str | None = None,
	as_dict: bool = False,
	fields: list[str] | None = None,
):
	"""Records of ``doctype`` the user may read whose name, title or search fields hold ``txt``
	or whose pinyin key holds it as letters; best matches first (title or key word starting with
	what was typed), then as Frappe orders link results."""
	if doctype not in NAME_FIELDS:
		frappe.throw(_("Pinyin search is not available for {0}.").format(_(doctype)), frappe.ValidationError)
	meta = frappe.get_meta(doctype)
	table = f"`tab{doctype}`"
	txt = (txt or "").strip()
	shown = fields or _search_fields(meta)
	or_filters = []
	relevance = []
	if txt:
		like = f"%{txt}%"
		term = search_term(txt)
		for field in _search_fields(meta):
			df = meta.get_field(field)
			# letters and digits in a name are in its key too (lower-cased): one column to scan
			if term and field in NAME_FIELDS[doctype]:
				continue
			if field == "name" or (df and df.fieldtype in _TEXT_TYPES):
				or_filters.append([doctype, field, "like", like])
		title = meta.title_field or (NAME_FIELDS[doctype][0])
		# (locate: Frappe's get_list reads a field expression with a function it knows as is)
		relevance.append(f"(locate({frappe.db.escape(txt)}, {table}.`{title}`) = 1)")
		if term:
			or_filters.append([doctype, KEY_FIELD, "like", f"%{term}%"])
			relevance.append(
				f"(locate({frappe.db.escape(' ' + term)}, concat(' ', {table}.`{KEY_FIELD}`)) > 0)"
			)
	query_fields = [f"{table}.`{field}`" for field in shown]
	order_by = f"{table}.idx desc, {table}.`modified` desc"
	if relevance:
		query_fields.append(f"({' + '.join(relevance)}) as `_relevance`")
		order_by = f"`_relevance` desc, {order_by}"
	rows = frappe.get_list(
		doctype,
		filters=filters or [],
		or_filters=or_filters,
		fields=query_fields,
		order_by=order_by,
		limit_start=cint(start),
		limit_page_length=cint(page_len) or 10,
		reference_doctype=reference_doctype,
		as_list=not as_dict,
		strict=False,
	)
	if relevance:
		if as_dict:
			for row in rows:
				row.pop("_relevance", None)
		else:
			rows = [row[:-1] for row in rows]
	return rows


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def link_query(doctype, txt, searchfield, start, page_len, filters, as_dict=False, reference_doctype=None):
	"""Standard link query of the doctypes with a pinyin key (``standard_queries`` in hooks.py):
	the columns Frappe's own link search returns (name, title, search fields), so the dropdown
	reads as before, found also by pinyin and initials."""
	if isinstance(filters, str):
		filters = frappe.parse_json(filters)
	return find(
		doctype,
		txt,
		start=start,
		page_len=page_len,
		filters=filters,
		reference_doctype=reference_doctype,
		as_dict=cint(as_dict),
	)


# --- the awesome bar (global search) ------------------------------------------------------------


@frappe.whitelist()
def global_search(text, start=0, limit=20, doctype=""):
	"""``frappe.utils.global_search.search`` with the records of our searchable doctypes that
	the user may read first, found by name or pinyin. Each result is shaped as Frappe's (doctype,
	name, content, rank); its content names the record so the search dialog shows its title
	next to what matched."""
	from frappe.utils.global_search import search

	text = (text or "").strip()
	ours = []
	if text and (not doctype or doctype in NAME_FIELDS):
		for name in [doctype] if doctype else NAME_FIELDS:
			if not frappe.has_permission(name, "read"):
				continue
			ours.extend(_global_results(name, text, cint(start), cint(limit) or 20))
	theirs = search(text, start=start, limit=limit, doctype=doctype) if text else []
	return ours + [row for row in theirs if row.doctype not in NAME_FIELDS]


def _global_results(doctype: str, text: str, start: int, limit: int) -> list[frappe._dict]:
	meta = frappe.get_meta(doctype)
	title_field = meta.title_field or NAME_FIELDS[doctype][0]
	label = _(meta.get_label(title_field))
	fields = ["name", title_field, KEY_FIELD]
	results = []
	term = search_term(text)
	for row in find(doctype, text, start=start, page_len=limit, as_dict=True, fields=fields):
		title = row.get(title_field) or row.name
		parts = [f"{escape_html(label)} : {escape_html(title)}"]
		if term and text.lower() not in title.lower():
			# what matched, after the title: "四川莱福德科技有限公司: laifude"
			words = (row.get(KEY_FIELD) or "").split()
			matched = next(
				(w for w in words if w.startswith(term)), next((w for w in words if term in w), term)
			)
			parts.insert(0, f"{escape_html(title)} &&& {escape_html(matched)}")
		results.append(frappe._dict(doctype=doctype, name=row.name, content=" ||| ".join(parts), rank=1.0))
	return results


@frappe.whitelist()
def awesome_bar_records(txt: str, limit: int = 4) -> list[dict]:
	"""The records of the searchable doctypes the user may read whose name or pinyin holds
	``txt``, a few of each doctype, for the awesome bar's dropdown: doctype, name and title."""
	txt = (txt or "").strip()
	if len(txt) < 2:
		return []
	limit = min(max(cint(limit), 1), 10)
	records = []
	for doctype in NAME_FIELDS:
		if not frappe.has_permission(doctype, "read"):
			continue
		meta = frappe.get_meta(doctype)
		title_field = meta.title_field or NAME_FIELDS[doctype][0]
		for row in find(doctype, txt, page_len=limit, as_dict=True, fields=["name", title_field]):
			records.append({"doctype": doctype, "name": row.name, "title": row.get(title_field) or row.name})
	return records
