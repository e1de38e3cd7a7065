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
