"""Work Frappe repeats on every save for nothing: three pure functions remembered, one no-op skipped.

Measured on a case intake (benchmarks/profile_case_insert.py), Frappe spent about a third of the
request in places that recompute the same result from the same text every time:

- ``safe_eval`` parses each condition to refuse forbidden syntax, then compiles it with
  RestrictedPython, before evaluating it. Every Assignment Rule's conditions (assign, unassign,
  close) are parsed and compiled on every save of a case, one rule per service department:
  about 1 ms a condition.
- The query builder's ``get_value`` cleans every field name with ``sqlparse.format`` (to strip
  comments) before it builds the statement: about 0.7 ms a call, some 30 calls an intake.

One more is work that can find nothing to do:

- After every save of a document under a workflow, Frappe's ``process_workflow_actions`` keeps
  the approvals inbox (Workflow Action rows): it looks for the document's actions, marks them
  done, and makes new ones for each next state that is not "optional" (about 20 ms, 5 statements
  and a dozen cached reads a save). When every state of the workflow is optional, as in the
  support-case workflow (cases reach people by assignment and queues, not by that inbox), no
  action is ever made, so there is none to find or complete. ``install`` skips that work for such
  workflows only; any other workflow, and deleting a document, go through Frappe's code.

The first three are pure functions of their text. ``install`` wraps each in a bounded LRU cache:
the code object RestrictedPython returns is immutable and evaluated afresh each time, with the
globals of that call; the syntax check returns nothing or raises (an exception is not cached, so
a refused condition is refused every time); the cleaned field name is a string. Nothing else
changes: the same conditions are checked by the same code against the same document, and the
same statements are sent.
"""

from __future__ import annotations

import functools
import types

_installed = False


def _every_state_optional(doctype: str) -> bool:
	"""The doctype's active workflow has states, all of them optional (so it makes no Workflow Action)."""
	import frappe
	from frappe.model.workflow import get_workflow_name

	workflow = get_workflow_name(doctype)
	if not workflow:
		return False
	states = frappe.get_cached_doc("Workflow", workflow).states
	return bool(states) and all(state.is_optional_state for state in states)


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

	import frappe.workflow.doctype.workflow_action.workflow_action as workflow_action

	process = workflow_action.process_workflow_actions

	@functools.wraps(process)
	def process_workflow_actions(doc, state):
		if state != "on_trash" and _every_state_optional(doc.get("doctype")):
			return
		return process(doc, state)

	# Frappe's doc_events name the function by its path, so they find this one.
	workflow_action.process_workflow_actions = process_workflow_actions
	_installed = True
