"""What migrating sets up for policy support: the support plan's workflow (from the table in
``plan_workflow.py``) and the right for enterprise service staff to schedule repeating plan
reviews with Auto Repeat."""

from __future__ import annotations

import frappe

from enterprise_support.policy_support import plan_workflow as wf


def after_migrate() -> None:
	ensure_support_plan_workflow()
	ensure_review_repeat_permission()


def ensure_support_plan_workflow() -> str:
	"""Create or correct the Workflow of Enterprise Support Plan, its states and actions.

	Idempotent: the workflow is saved only when it differs from the table.
	"""
	for state in wf.STATES:
		if not frappe.db.exists("Workflow State", state):
			frappe.get_doc(
				{"doctype": "Workflow State", "workflow_state_name": state, "style": wf.STYLES.get(state, "")}
			).insert(ignore_permissions=True)
	for action in wf.ACTIONS:
		if not frappe.db.exists("Workflow Action Master", action):
			frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
				ignore_permissions=True
			)
	states = [
		{"state": state, "doc_status": "0", "allow_edit": wf.EDITORS[state], "is_optional_state": 0}
		for state in wf.STATES
	]
	transitions = [
		{
			"state": t.state,
			"action": t.action,
			"next_state": t.next_state,
			"allowed": t.allowed,
			"allow_self_approval": int(t.allow_self_approval),
		}
		for t in wf.TRANSITIONS
	]
	if frappe.db.exists("Workflow", wf.WORKFLOW_NAME):
		workflow = frappe.get_doc("Workflow", wf.WORKFLOW_NAME)
	else:
		workflow = frappe.new_doc("Workflow")
		workflow.workflow_name = wf.WORKFLOW_NAME
	wanted = {
		"document_type": wf.DOCTYPE,
		"is_active": 1,
		"override_status": 1,
		"send_email_alert": 0,
		"workflow_state_field": "workflow_state",
	}
	same = (
		not workflow.is_new()
		and all(workflow.get(k) == v for k, v in wanted.items())
		and _rows(workflow.states, states[0]) == _plain(states)
		and _rows(workflow.transitions, transitions[0]) == _plain(transitions)
	)
	if same:
		return workflow.name
	workflow.update(wanted)
	workflow.set("states", states)
	workflow.set("transitions", transitions)
	workflow.save(ignore_permissions=True)
	return workflow.name


def _plain(rows: list[dict]) -> list[tuple]:
	return [tuple(str(v) for v in row.values()) for row in rows]


def _rows(children, template: dict) -> list[tuple]:
	return [tuple(str(row.get(k)) for k in template) for row in children]


def ensure_review_repeat_permission() -> None:
	"""Staff set up quarterly plan reviews with Auto Repeat, which by default only System and
	Accounts Managers may create."""
	from frappe.permissions import add_permission, update_permission_property

	role = wf.STAFF
	if frappe.db.exists("Custom DocPerm", {"parent": "Auto Repeat", "role": role, "permlevel": 0}):
		return
	add_permission("Auto Repeat", role, 0)
	for ptype in ("write", "create", "delete", "report"):
		update_permission_property("Auto Repeat", role, 0, ptype, 1, validate=False)
	frappe.clear_cache(doctype="Auto Repeat")
