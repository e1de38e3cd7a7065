"""Pinyin search (拼音检索): fill the pinyin key of every enterprise, street, industry chain,
policy and policy item that was saved before the key existed (set-wise, see pinyin_search.backfill)."""

from __future__ import annotations

import frappe

from enterprise_support.pinyin_search import NAME_FIELDS, backfill


def execute():
	for doctype in NAME_FIELDS:
		frappe.reload_doctype(doctype)
		backfill(doctype)
		frappe.db.commit()
