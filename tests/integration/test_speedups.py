"""Frappe's remembered pure functions (enterprise_support/speedups.py) give what Frappe gives."""

from __future__ import annotations

import pytest


def test_installed_before_every_request_and_job(site):
	import frappe.database.query as query
	import frappe.utils.safe_exec as safe_exec

	from enterprise_support import speedups

	assert "enterprise_support.speedups.install" in site.get_hooks("before_request")
	assert "enterprise_support.speedups.install" in site.get_hooks("before_job")
	speedups.install()
	speedups.install()  # once per process, however often it is called

	assert hasattr(safe_exec.compile_restricted, "cache_info")
	assert not hasattr(safe_exec.compile_restricted.__wrapped__, "cache_info")
	assert hasattr(safe_exec._validate_safe_eval_syntax, "cache_info")
	assert callable(query.sqlparse.format) and query.sqlparse.__class__.__name__ == "SimpleNamespace"


def test_a_remembered_condition_is_evaluated_against_each_document(site):
	frappe = site
	condition = 'department == "甲" and workflow_state == "Dispatched"'
	assert frappe.safe_eval(condition, None, {"department": "甲", "workflow_state": "Dispatched"}) is True
	assert frappe.safe_eval(condition, None, {"department": "乙", "workflow_state": "Dispatched"}) is False
	assert frappe.safe_eval(condition, None, {"department": "甲", "workflow_state": "Dispatched"}) is True


def test_forbidden_syntax_is_refused_every_time(site):
	frappe = site
	for _ in range(3):
		with pytest.raises(SyntaxError):
			frappe.safe_eval("(x := 1)")
		with pytest.raises(SyntaxError):
			frappe.safe_eval("__import__('os').system('true')")


def test_field_names_are_still_cleaned(site):
	frappe = site
	# A comment smuggled into a field name is stripped before the statement is built, every time.
	for _ in range(2):
		sql = frappe.qb.get_query("ToDo", fields=["name /* x */"], filters={"name": "none"}).get_sql()
		assert "/*" not in sql
	assert frappe.db.get_value("DocType", "ToDo", "module") == "Desk"


def test_workflow_actions_skipped_only_where_none_can_exist(site):
	"""The case workflow has only optional states: Frappe would make no Workflow Action for it."""
	frappe = site
	from enterprise_support.speedups import _every_state_optional

	workflow = frappe.get_doc("Workflow", frappe.db.get_value("Workflow", {"document_type": "Support Case"}))
	assert workflow.is_active and workflow.states
	assert all(state.is_optional_state for state in workflow.states)
	assert _every_state_optional("Support Case") is True
	assert _every_state_optional("ToDo") is False  # no workflow: Frappe's code runs
	# And none exist for any case (the same as Frappe's own code would leave).
	assert not frappe.db.count("Workflow Action", {"reference_doctype": "Support Case"})
