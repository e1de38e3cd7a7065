"""The workflow table, and the Frappe Workflow fixture shipped with the app, say the same thing."""

import json
from pathlib import Path

from enterprise_support.domain import case_workflow as wf

FIXTURES = (
	Path(__file__).resolve().parents[2] / "apps" / "enterprise_support" / "enterprise_support" / "fixtures"
)
ROLE = {
	wf.CONTACT: "Enterprise Contact",
	wf.STAFF: "Enterprise Service Staff",
	wf.HANDLER: "Department Handler",
}


def test_fixture_matches_the_table():
	workflow = json.loads((FIXTURES / "workflow.json").read_text(encoding="utf-8"))[0]
	assert workflow["document_type"] == "Support Case"
	shipped = {(t["state"], t["action"], t["next_state"], t["allowed"]) for t in workflow["transitions"]}
	wanted = {(t.state, t.action, t.next_state, ROLE[a]) for t in wf.TRANSITIONS for a in t.actors}
	assert shipped == wanted
	assert all(t["allow_self_approval"] == 1 for t in workflow["transitions"])
	assert workflow["states"][0]["state"] == wf.DRAFT
	# Frappe's approvals inbox (Workflow Action) is not kept for cases: every state is
	# "optional" in its sense, so no inbox row is written at each step; cases reach people by
	# assignment and the queues
	assert all(s["is_optional_state"] == 1 for s in workflow["states"])
	assert {s["state"] for s in workflow["states"]} == set(wf.STATES)
	states = {s["name"] for s in json.loads((FIXTURES / "workflow_state.json").read_text(encoding="utf-8"))}
	actions = {
		a["name"] for a in json.loads((FIXTURES / "workflow_action_master.json").read_text(encoding="utf-8"))
	}
	assert states == set(wf.STATES) and actions == set(wf.ACTIONS)


def test_the_loop_follows_practice():
	# staff accept, reject, dispatch, re-dispatch, close; handlers start, ask, return, resolve;
	# contacts submit, add information and reopen.
	assert wf.allowed(wf.SUBMITTED, wf.ACCEPT, wf.STAFF)
	assert not wf.allowed(wf.SUBMITTED, wf.ACCEPT, wf.HANDLER)
	assert not wf.allowed(wf.SUBMITTED, wf.ACCEPT, wf.CONTACT)
	assert wf.allowed(wf.DISPATCHED, wf.RETURN, wf.HANDLER).next_state == wf.RETURNED
	assert wf.allowed(wf.RETURNED, wf.REDISPATCH, wf.STAFF).next_state == wf.DISPATCHED
	assert wf.allowed(wf.IN_PROGRESS, wf.REQUEST_INFORMATION, wf.HANDLER).next_state == wf.AWAITING_ENTERPRISE
	assert wf.allowed(wf.AWAITING_ENTERPRISE, wf.PROVIDE_INFORMATION, wf.CONTACT).next_state == wf.IN_PROGRESS
	assert wf.allowed(wf.RESOLVED, wf.REOPEN, wf.CONTACT).next_state == wf.REOPENED
	assert not wf.allowed(wf.RESOLVED, wf.CLOSE, wf.HANDLER)
	assert not wf.allowed(wf.IN_PROGRESS, wf.RESOLVE, wf.STAFF)
	# Nothing leaves a final state.
	assert not [t for t in wf.TRANSITIONS if t.state in wf.FINAL_STATES]
	# Every state but the draft can be reached.
	reached = {t.next_state for t in wf.TRANSITIONS}
	assert reached == set(wf.STATES) - {wf.DRAFT}


def test_requirements():
	assert wf.missing_requirements(wf.REJECTED, {"rejection_reason": "  "}) == ["rejection_reason"]
	assert wf.missing_requirements(wf.RESOLVED, {"resolution_summary": "已协调解决"}) == []
	assert wf.missing_requirements(wf.DISPATCHED, {}) == ["department"]
