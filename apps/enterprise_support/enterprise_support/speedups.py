"""Three of Frappe's pure functions remembered, where every request calls them with the same input.

Measured on a case intake (benchmarks/profile_case_insert.py), Frappe spent about a third of the
request in places that recompute the same result from the same text every time:

- ``safe_eval`` parses each condition to refuse forbidden syntax, then compiles it with
  RestrictedPython, before evaluating it. Every Assignment Rule's conditions (assign, unassign,
  close) are parsed and compiled on every save of a case, one rule per service department:
  about 1 ms a condition.
- The query builder's ``get_value`` cleans every field name with ``sqlparse.format`` (to strip
  comments) before it builds the statement: about 0.7 ms a call, some 30 calls an intake.

All three are pure functions of their text. ``install`` wraps each in a bounded LRU cache: the
code object RestrictedPython returns is immutable and evaluated afresh each time, with the
globals of that call; the syntax check returns nothing or raises (an exception is not cached, so
a refused condition is refused every time); the cleaned field name is a string. Nothing else
changes: the same conditions are checked by the same code against the same document, and the
same statements are sent.
"""

from __future__ import annotations

import functools
import types

_installed = False


def install() -> None:
	"""Wrap Frappe's recomputed functions in caches (once per process)."""
	global _installed
	if _installed:
		return
	import frappe.database.query as query
	import frappe.utils.safe_exec as safe_exec

	safe_exec.compile_restricted = functools.lru_cache(maxsize=1024)(safe_exec.compile_restricted)
	safe_exec._validate_safe_eval_syntax = functools.lru_cache(maxsize=1024)(
		safe_exec._validate_safe_eval_syntax
	)
	original = query.sqlparse

	@functools.lru_cache(maxsize=4096)
	def _format(sql, **options):
		return original.format(sql, **options)

	def format(sql, **options):
		return _format(sql, **options) if isinstance(sql, str) else original.format(sql, **options)

	# query.py uses sqlparse for this one call only.
	query.sqlparse = types.SimpleNamespace(format=format)
	_installed = True
