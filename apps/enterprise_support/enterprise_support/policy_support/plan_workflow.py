"""The workflow of an enterprise support plan (一企一策方案), as data.

Draft -> Approved (by an Enterprise Leader) -> In Execution (staff) -> Completed (staff); staff
may close a plan that will not be carried through (Closed) from any open state.
``setup.ensure_support_plan_workflow`` writes this table into Frappe's Workflow on every
migrate; the plan's controller reads it to know which states are final.

No ``import frappe`` here: the table is plain data.
"""

from __future__ import annotations

from typing import NamedTuple

DRAFT, APPROVED, IN_EXECUTION, COMPLETED, CLOSED = (
	"Draft",
	"Approved",
	"In Execution",
	"Completed",
	"Closed",
)
STATES = (DRAFT, APPROVED, IN_EXECUTION, COMPLETED, CLOSED)
FINAL_STATES = frozenset({COMPLETED, CLOSED})

STAFF, LEADER = "Enterprise Service Staff", "Enterprise Leader"

APPROVE, START, COMPLETE, CLOSE = "Approve", "Start Execution", "Complete", "Close"
ACTIONS = (APPROVE, START, COMPLETE, CLOSE)

WORKFLOW_NAME = "Enterprise Support Plan Workflow"
DOCTYPE = "Enterprise Support Plan"

# Workflow State style (the indicator colour in lists and on the form)
STYLES = {
	DRAFT: "",
	APPROVED: "Primary",
	IN_EXECUTION: "Warning",
	COMPLETED: "Success",
	CLOSED: "Inverse",
}


class Transition(NamedTuple):
	state: str
	action: str
	next_state: str
	allowed: str
	allow_self_approval: bool = True


TRANSITIONS = (
	# a leader does not approve a plan they drew up themselves
	Transition(DRAFT, APPROVE, APPROVED, LEADER, allow_self_approval=False),
	Transition(APPROVED, START, IN_EXECUTION, STAFF),
	Transition(IN_EXECUTION, COMPLETE, COMPLETED, STAFF),
	Transition(DRAFT, CLOSE, CLOSED, STAFF),
	Transition(APPROVED, CLOSE, CLOSED, STAFF),
	Transition(IN_EXECUTION, CLOSE, CLOSED, STAFF),
)

# who may edit the plan's content in each state (the workflow's "allow edit")
EDITORS = {DRAFT: STAFF, APPROVED: STAFF, IN_EXECUTION: STAFF, COMPLETED: STAFF, CLOSED: STAFF}


def transition_between(old_state: str | None, new_state: str | None) -> Transition | None:
	for transition in TRANSITIONS:
		if transition.state == old_state and transition.next_state == new_state:
			return transition
	return None


def progress(completed: int, counted: int) -> float:
	"""Percent of a plan's tasks completed, of those not cancelled (0 with no tasks)."""
	if counted <= 0:
		return 0.0
	return round(100.0 * completed / counted, 1)
