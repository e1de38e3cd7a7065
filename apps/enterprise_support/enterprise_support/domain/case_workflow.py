"""The support-case workflow: states, actions and who may take them.

The closed loop of 12345 / 接诉即办 practice: receive (受理) -> dispatch (派单) -> handle
(办理) -> reply -> close (办结) -> follow-up and rating, with send-back (退单) and
re-dispatch (改派), a pause while waiting for the enterprise, reopening, and merging of
duplicates (并单). This table is the single source of the Frappe Workflow shipped with the
app (its fixture is checked against it) and of the tests that drive every transition.
"""

from __future__ import annotations

from dataclasses import dataclass

# Who acts. The Frappe layer maps these to roles.
CONTACT, STAFF, HANDLER = "contact", "staff", "handler"
ACTORS = (CONTACT, STAFF, HANDLER)

DRAFT = "Draft"
SUBMITTED = "Submitted"
ACCEPTED = "Accepted"
REJECTED = "Rejected"
DISPATCHED = "Dispatched"
IN_PROGRESS = "In Progress"
RETURNED = "Returned"
AWAITING_ENTERPRISE = "Awaiting Enterprise"
RESOLVED = "Resolved"
CLOSED = "Closed"
REOPENED = "Reopened"
MERGED = "Merged"

STATES = (
	DRAFT,
	SUBMITTED,
	ACCEPTED,
	REJECTED,
	DISPATCHED,
	IN_PROGRESS,
	RETURNED,
	AWAITING_ENTERPRISE,
	RESOLVED,
	CLOSED,
	REOPENED,
	MERGED,
)
# States in which the case is finished: no clock runs, nothing is escalated.
FINAL_STATES = frozenset({REJECTED, CLOSED, MERGED})
# States in which the resolution clock is stopped (waiting for the enterprise).
PAUSED_STATES = frozenset({AWAITING_ENTERPRISE})
# States the enterprise contact sees as a step of its own request (all but the draft).
PUBLIC_STATES = frozenset(STATES) - {DRAFT}
# States in which a department works on the case.
WITH_DEPARTMENT = frozenset({DISPATCHED, IN_PROGRESS, AWAITING_ENTERPRISE, REOPENED})

SUBMIT = "Submit"
ACCEPT = "Accept"
REJECT = "Reject"
DISPATCH = "Dispatch"
START = "Start"
RETURN = "Return"
REDISPATCH = "Re-dispatch"
REQUEST_INFORMATION = "Request Information"
PROVIDE_INFORMATION = "Provide Information"
RESOLVE = "Resolve"
CLOSE = "Close"
REOPEN = "Reopen"
RATE = "Rate"
MERGE = "Merge"


@dataclass(frozen=True)
class Transition:
	state: str
	action: str
	next_state: str
	actors: tuple[str, ...]


_MERGEABLE = (SUBMITTED, ACCEPTED, DISPATCHED, IN_PROGRESS, RETURNED, AWAITING_ENTERPRISE, REOPENED)

TRANSITIONS: tuple[Transition, ...] = (
	Transition(DRAFT, SUBMIT, SUBMITTED, (CONTACT, STAFF)),
	Transition(SUBMITTED, ACCEPT, ACCEPTED, (STAFF,)),
	Transition(SUBMITTED, REJECT, REJECTED, (STAFF,)),
	Transition(ACCEPTED, DISPATCH, DISPATCHED, (STAFF,)),
	Transition(DISPATCHED, START, IN_PROGRESS, (HANDLER,)),
	Transition(DISPATCHED, RETURN, RETURNED, (HANDLER,)),
	Transition(RETURNED, REDISPATCH, DISPATCHED, (STAFF,)),
	Transition(IN_PROGRESS, REQUEST_INFORMATION, AWAITING_ENTERPRISE, (HANDLER,)),
	Transition(AWAITING_ENTERPRISE, PROVIDE_INFORMATION, IN_PROGRESS, (CONTACT, STAFF)),
	Transition(IN_PROGRESS, RESOLVE, RESOLVED, (HANDLER,)),
	Transition(RESOLVED, CLOSE, CLOSED, (STAFF,)),
	Transition(RESOLVED, REOPEN, REOPENED, (CONTACT,)),
	# The enterprise's rating closes the loop just as staff's follow-up call does.
	Transition(RESOLVED, RATE, CLOSED, (CONTACT,)),
	Transition(REOPENED, START, IN_PROGRESS, (HANDLER,)),
	*(Transition(state, MERGE, MERGED, (STAFF,)) for state in _MERGEABLE),
)

ACTIONS = tuple(dict.fromkeys(t.action for t in TRANSITIONS))


def allowed(state: str, action: str, actor: str) -> Transition | None:
	"""The transition ``actor`` may take with ``action`` from ``state``, or None."""
	for transition in TRANSITIONS:
		if transition.state == state and transition.action == action and actor in transition.actors:
			return transition
	return None


def actions_for(state: str, actor: str) -> list[str]:
	return [t.action for t in TRANSITIONS if t.state == state and actor in t.actors]


# What each transition requires of the case, checked when the state changes.
REQUIREMENTS: dict[str, tuple[str, ...]] = {
	REJECTED: ("rejection_reason",),
	DISPATCHED: ("department",),
	RETURNED: ("return_reason",),
	AWAITING_ENTERPRISE: ("information_requested",),
	RESOLVED: ("resolution_summary",),
	MERGED: ("merged_into",),
}


def missing_requirements(next_state: str, values: dict) -> list[str]:
	"""Fields the case lacks for entering ``next_state`` (blank strings count as missing)."""
	return [field for field in REQUIREMENTS.get(next_state, ()) if not str(values.get(field) or "").strip()]
