"""A case carries where its enterprise sits: industry chain, chain link and street.

The industry-chain figures count a million cases by chain, link and street. Read through the
enterprise, every case costs a lookup of its enterprise; read from the case itself, the
figures come from one pass over a covering index (``on_doctype_update`` in support_case.py).
The three fields are fetched from the enterprise whenever a case is saved (``fetch_from``) and
kept in step here when the enterprise moves: its cases are updated in the same transaction as
the enterprise, so a report never sees the enterprise in one place and its cases in another.
"""

from __future__ import annotations

import frappe

POSITION_FIELDS = ("industry_chain", "chain_link", "street")

_COPY = ", ".join(f"c.{field} = e.{field}" for field in POSITION_FIELDS)
_DIFFERS = " or ".join(f"not (c.{field} <=> e.{field})" for field in POSITION_FIELDS)


def on_enterprise_update(enterprise) -> None:
	"""Enterprise on_update: when its chain, link or street changed, its cases follow."""
	before = enterprise.get_doc_before_save()
	if before and all((before.get(f) or None) == (enterprise.get(f) or None) for f in POSITION_FIELDS):
		return
	sync_cases(enterprise.name)


def sync_cases(enterprise: str | None = None, commit: bool = False) -> int:
	"""Copy the enterprise's position onto its cases (every enterprise's when None), touching
	only the cases whose copy differs; returns how many cases changed. Not a change to the
	case (no new version, ``modified`` kept): the case's enterprise moved, not the case.

	Every enterprise's cases are done a batch of enterprises at a time, and with ``commit``
	each batch is committed: a patch on a site with a million cases holds neither a huge
	transaction nor a table's worth of row locks."""
	if enterprise:
		return _copy_position("c.enterprise = %(enterprise)s", {"enterprise": enterprise})
	names = frappe.db.sql_list("select name from `tabEnterprise` order by name")
	changed = 0
	for start in range(0, len(names), BATCH):
		changed += _copy_position("c.enterprise in %(batch)s", {"batch": tuple(names[start : start + BATCH])})
		if commit:
			frappe.db.commit()
	return changed


BATCH = 2000


def _copy_position(condition: str, params: dict) -> int:
	frappe.db.sql(
		f"""update `tabSupport Case` c join `tabEnterprise` e on e.name = c.enterprise
		set {_COPY} where ({_DIFFERS}) and {condition}""",
		params,
	)
	return frappe.db._cursor.rowcount if frappe.db._cursor else 0


# --- the position as a number, for grouping -------------------------------------------------
#
# Grouping a million cases by chain and link compares two long Chinese names per case under the
# column's Unicode collation: half the time the chain figures took (bench_reports.py). Each case
# therefore also has its position as a 64-bit number, the first 16 hex digits of the MD5 of the
# position's name (its link or node, else its chain; NULL outside any chain). MariaDB computes
# it from the row itself whenever the row is written (a stored generated column, so every
# writer keeps it right: a saved case, ``sync_cases``, a renamed or merged node, a bulk load;
# stored, not virtual, because MariaDB recomputes a virtual column for every row it reads,
# even from an index, which made the figures slower instead of faster) and leaves it out of
# ``select *`` (INVISIBLE), so Frappe's documents, lists and exports never see it. Position
# names are Industry Chain names as Frappe stores them (link validation writes the linked
# record's own name), so equal names give equal keys; the report checks that no two nodes
# share a key before it groups by it.
# A different key expression needs a new column name: ``ensure_position_key`` keeps a stored
# column of this name as it finds it.
POSITION_KEY_COLUMN = "_chain_position_key"


def position_key_sql(name_sql: str) -> str:
	"""SQL: the 64-bit key of the position named by ``name_sql`` (NULL for NULL)."""
	return f"cast(conv(left(md5({name_sql}), 16), 16, 10) as unsigned)"


CASE_POSITION_KEY_SQL = (
	"if(ifnull(industry_chain, '') = '', null, "
	+ position_key_sql("coalesce(nullif(chain_link, ''), industry_chain)")
	+ ")"
)


def ensure_position_key() -> None:
	"""Add the cases' position key column, or make it again when it is not the stored column
	defined here (Support Case ``on_doctype_update``)."""
	found = frappe.db.sql(
		"""select extra, generation_expression from information_schema.columns
		where table_schema = database() and table_name = 'tabSupport Case' and column_name = %s""",
		POSITION_KEY_COLUMN,
	)
	if found and "STORED" in found[0][0].upper() and "INVISIBLE" in found[0][0].upper():
		return
	drop = f"drop column `{POSITION_KEY_COLUMN}`, " if found else ""
	frappe.db.sql_ddl(
		f"""alter table `tabSupport Case` {drop}add column `{POSITION_KEY_COLUMN}` bigint unsigned
		as ({CASE_POSITION_KEY_SQL}) persistent invisible"""
	)
	frappe.cache.hdel("table_columns", "tabSupport Case")
