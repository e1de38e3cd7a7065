"""Duplicate suggestions on a request: read them, merge from one (并单) or dismiss one (不是重复).

Staff decide; leaders read; handlers and enterprise contacts see nothing of them. The
suggestions themselves are written by the intake check (support_cases/duplicate_check.py).
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import cstr, escape_html, now_datetime

from enterprise_support.api import cases
from enterprise_support.domain import duplicates
from enterprise_support.permissions import actor_of
from enterprise_support.support_cases import duplicate_check as check

SUGGESTION = check.SUGGESTION


def _suggestion(name) -> frappe._dict:
	if not isinstance(name, str) or not name or len(name) > 140 or not frappe.db.exists(SUGGESTION, name):
		frappe.throw(
			_("Duplicate suggestion {0} does not exist").format(escape_html(cstr(name)[:40])),
			frappe.DoesNotExistError,
		)
	return frappe.db.get_value(
		SUGGESTION, name, ["name", "case", "other_case", "kind", "status"], as_dict=True
	)


def _require_staff(what: str) -> None:
	if actor_of() != "staff":
		frappe.throw(what, frappe.PermissionError)


def _decide(suggestion: str, status: str) -> None:
	doc = frappe.get_doc(SUGGESTION, suggestion)
	doc.update({"status": status, "decided_by": frappe.session.user, "decided_on": now_datetime()})
	doc.flags.from_duplicate_check = True
	doc.save(ignore_permissions=True)


def _still_open(row) -> None:
	if row.status != check.OPEN:
		frappe.throw(
			_("This suggestion was already decided: {0}").format(_(row.status, context=SUGGESTION)),
			title=_("Already decided"),
		)


@frappe.whitelist(methods=["GET"])
def case_suggestions(case: str) -> dict:
	"""The open suggestions of a request, best first, with the other request's subject and state.
	``allowed`` is false for a user who may not read suggestions (handlers, contacts)."""
	doc = cases._case(case)
	if actor_of() not in ("staff", "leader") or not frappe.has_permission(SUGGESTION, "read"):
		return {"allowed": False}
	rows = frappe.db.sql(
		"""select s.name, s.other_case, s.kind, s.score, s.reason,
			o.subject as other_subject, o.workflow_state as other_state,
			o.enterprise_name as other_enterprise_name, o.received_on as other_received_on
		from `tabCase Duplicate Suggestion` s
		join `tabSupport Case` o on o.name = s.other_case
		where s.`case` = %s and s.status = 'Open'
		order by s.kind = 'Same Enterprise' desc, s.score desc, s.other_case""",
		doc.name,
		as_dict=True,
	)
	case_open = doc.workflow_state in check.OPEN_STATES
	for row in rows:
		row.other_open = row.other_state in check.OPEN_STATES
		row.mergeable = bool(
			case_open and row.other_open and row.kind == duplicates.SAME_ENTERPRISE and actor_of() == "staff"
		)
	return {
		"allowed": True,
		"can_decide": actor_of() == "staff" and case_open,
		"workflow_state": doc.workflow_state,
		"channel": doc.channel,
		"suggestions": rows,
	}


@frappe.whitelist(methods=["POST"])
def dismiss(suggestion: str) -> dict:
	"""不是重复: the request is not the same as the suggested one; it is not suggested again."""
	_require_staff(_("Only enterprise service staff can decide on duplicate suggestions"))
	row = _suggestion(suggestion)
	cases._case(row.case)
	_still_open(row)
	_decide(row.name, check.DISMISSED)
	flagged = check.refresh_flag(row.case)
	return {"name": row.name, "status": check.DISMISSED, "possible_duplicate": int(flagged)}


@frappe.whitelist(methods=["POST"])
def merge(suggestion: str) -> dict:
	"""并单 from a suggestion: the new request is merged into the older open one
	(``api.cases.merge``), and the suggestion is marked merged."""
	_require_staff(_("Only enterprise service staff can merge cases"))
	row = _suggestion(suggestion)
	_still_open(row)
	if row.kind != duplicates.SAME_ENTERPRISE:
		frappe.throw(
			_(
				"Requests of different enterprises on the same topic cannot be merged; dismiss or handle them one by one"
			),
			title=_("Invalid merge"),
		)
	result = cases.merge(duplicate=row.case, survivor=row.other_case)
	_decide(row.name, check.MERGED)
	check.refresh_flag(row.case)
	return {"name": row.name, "status": check.MERGED, **result}
