"""Duplicate suggestions at intake: the open requests a newly submitted one may repeat.

An intake analysis step (``intake_analysis.STEPS``). The candidates are read set-wise with two
indexed queries, never by walking the open cases:

* the open requests of the same enterprise received within the duplicate window (index on
  ``enterprise``), and
* the open requests of other enterprises of the same street (or park: a street is a 街道 or
  园区) in the same category received within the cluster window (index ``street_topic`` on
  street, category, received on), the most recent :data:`MAX_STREET_CANDIDATES` of them.

Only requests filed before the new one are candidates, so two requests never point at each
other and a merge always keeps the older one. They are scored by :mod:`..domain.duplicates`; the
best ones above the thresholds of Enterprise Support Settings become Case Duplicate Suggestions
(each kind capped at :data:`~enterprise_support.domain.duplicates.MAX_SUGGESTIONS`). A pair staff
already decided (merged or dismissed) is not suggested again. The case's ``possible_duplicate``
flag says whether an open same-enterprise suggestion waits for a decision.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_days, now_datetime

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import duplicates
from enterprise_support.support_cases import settings

SUGGESTION = "Case Duplicate Suggestion"
OPEN, MERGED, DISMISSED = "Open", "Merged", "Dismissed"
# Requests still being worked on: neither a draft nor finished.
OPEN_STATES = tuple(state for state in wf.STATES if state != wf.DRAFT and state not in wf.FINAL_STATES)
MAX_ENTERPRISE_CANDIDATES = 200
MAX_STREET_CANDIDATES = 200

_FIELDS = "name, enterprise, street, category, subject, description, workflow_state, received_on, creation"


def _request(row) -> duplicates.Request:
	return duplicates.Request(
		name=row.name,
		enterprise=row.enterprise,
		street=row.street,
		category=row.category,
		subject=row.subject,
		description=row.description,
	)


def _same_enterprise(case, since) -> list:
	return frappe.db.sql(
		f"""select {_FIELDS} from `tabSupport Case`
		where enterprise = %(enterprise)s and name != %(name)s and creation < %(creation)s
			and workflow_state in %(states)s and received_on >= %(since)s
		order by received_on desc limit {MAX_ENTERPRISE_CANDIDATES}""",
		{
			"enterprise": case.enterprise,
			"name": case.name,
			"creation": case.creation,
			"states": OPEN_STATES,
			"since": since,
		},
		as_dict=True,
	)


def _same_street_topic(case, since) -> list:
	return frappe.db.sql(
		f"""select {_FIELDS} from `tabSupport Case`
		where street = %(street)s and category = %(category)s and received_on >= %(since)s
			and enterprise != %(enterprise)s and creation < %(creation)s
			and workflow_state in %(states)s
		order by received_on desc limit {MAX_STREET_CANDIDATES}""",
		{
			"street": case.street,
			"category": case.category,
			"since": since,
			"enterprise": case.enterprise,
			"creation": case.creation,
			"states": OPEN_STATES,
		},
		as_dict=True,
	)


def find_suggestions(case) -> list[duplicates.Suggestion]:
	"""What the check would suggest for ``case`` (a row with the fields of ``_FIELDS``)."""
	conf = settings.get()
	now = now_datetime()
	new = _request(case)
	found: list[duplicates.Suggestion] = []
	if case.enterprise:
		candidates = _same_enterprise(case, add_days(now, -conf.duplicate_window_days))
		found += duplicates.find_duplicates(new, map(_request, candidates), conf.duplicate_threshold)
	if case.street and case.category:
		candidates = _same_street_topic(case, add_days(now, -conf.cluster_window_days))
		found += duplicates.find_cluster(
			new,
			map(_request, candidates),
			threshold=conf.cluster_threshold,
			min_enterprises=conf.cluster_min_enterprises,
			days=conf.cluster_window_days,
		)
	return found


def check_case(case_name: str) -> None:
	"""The intake step: write the duplicate and same-topic suggestions of a submitted case."""
	case = frappe.db.sql(f"select {_FIELDS} from `tabSupport Case` where name = %s", case_name, as_dict=True)
	if not case:
		return
	case = case[0]
	found = find_suggestions(case) if case.workflow_state in OPEN_STATES else []
	decided = set(
		frappe.get_all(SUGGESTION, filters={"case": case.name, "status": ["!=", OPEN]}, pluck="other_case")
	)
	# Open suggestions are the check's own: a second run replaces them.
	frappe.db.delete(SUGGESTION, {"case": case.name, "status": OPEN})
	for suggestion in found:
		if suggestion.other in decided:
			continue
		doc = frappe.get_doc(
			{
				"doctype": SUGGESTION,
				"case": case.name,
				"other_case": suggestion.other,
				"kind": suggestion.kind,
				"score": suggestion.score,
				"reason": suggestion.reason,
				"status": OPEN,
			}
		)
		doc.flags.from_duplicate_check = True
		doc.insert(ignore_permissions=True)
	refresh_flag(case.name)


def refresh_flag(case_name: str) -> bool:
	"""Set the case's ``possible_duplicate`` flag: an open same-enterprise suggestion whose other
	request is still open waits for staff. Returns the flag."""
	flagged = bool(
		frappe.db.sql(
			"""select 1 from `tabCase Duplicate Suggestion` s
			join `tabSupport Case` c on c.name = s.`case`
			join `tabSupport Case` o on o.name = s.other_case
			where s.`case` = %(case)s and s.status = %(open)s and s.kind = %(kind)s
				and c.workflow_state in %(states)s and o.workflow_state in %(states)s
			limit 1""",
			{"case": case_name, "open": OPEN, "kind": duplicates.SAME_ENTERPRISE, "states": OPEN_STATES},
		)
	)
	if bool(frappe.db.get_value("Support Case", case_name, "possible_duplicate")) != flagged:
		frappe.db.set_value(
			"Support Case", case_name, "possible_duplicate", int(flagged), update_modified=False
		)
	return flagged
