"""Duplicate suggestions at intake: the open requests a newly submitted one may repeat.

An intake analysis step (``intake_analysis.STEPS``). The candidates are read set-wise with two
indexed queries, never by walking the open cases:

* the open requests of the same enterprise received within the duplicate window (index on
  ``enterprise``), and
* the open requests of other enterprises of the same street (or park: a street is a 街道 or
  园区) in the same category received within the cluster window (index ``street_topic`` on
  street, category, received on), the most recent :data:`MAX_STREET_CANDIDATES` of them: a
  topic that several firms of the street raise lately is among them, and a busy street costs
  no more than a quiet one.

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
MAX_STREET_CANDIDATES = 100

_FIELDS = "name, enterprise, street, category, subject, description, workflow_state, received_on, creation"
_CASE_FIELDS = f"{_FIELDS}, enterprise_name, possible_duplicate"


def _request(row) -> duplicates.Request:
	return duplicates.Request(
		name=row.name,
		enterprise=row.enterprise,
		street=row.street,
		category=row.category,
		subject=row.subject,
		description=row.description,
	)


_SAME_ENTERPRISE_SQL = f"""select {_FIELDS} from `tabSupport Case`
	where enterprise = %(enterprise)s and name != %(name)s and creation < %(creation)s
		and workflow_state in %(states)s and received_on >= %(since)s
	order by received_on desc limit {MAX_ENTERPRISE_CANDIDATES}"""

_SAME_STREET_SQL = f"""select {_FIELDS} from `tabSupport Case`
	where street = %(street)s and category = %(category)s and received_on >= %(since)s
		and enterprise != %(enterprise)s and creation < %(creation)s
		and workflow_state in %(states)s
	order by received_on desc limit {MAX_STREET_CANDIDATES}"""


def _same_enterprise_values(case, since) -> dict:
	return {
		"enterprise": case.enterprise,
		"name": case.name,
		"creation": case.creation,
		"states": OPEN_STATES,
		"since": since,
	}


def _same_street_values(case, since) -> dict:
	return {
		"street": case.street,
		"category": case.category,
		"since": since,
		"enterprise": case.enterprise,
		"creation": case.creation,
		"states": OPEN_STATES,
	}


def _same_enterprise(case, since) -> list:
	return frappe.db.sql(_SAME_ENTERPRISE_SQL, _same_enterprise_values(case, since), as_dict=True)


def _same_street_topic(case, since) -> list:
	return frappe.db.sql(_SAME_STREET_SQL, _same_street_values(case, since), as_dict=True)


def find_suggestions(case) -> tuple[list[duplicates.Suggestion], dict[str, str]]:
	"""What the check would suggest for ``case`` (a row with the fields of ``_FIELDS``), best
	first per kind, and the subjects of the candidates read."""
	conf = settings.get()
	now = now_datetime()
	new = _request(case)
	found: list[duplicates.Suggestion] = []
	subjects: dict[str, str] = {}
	if case.enterprise:
		candidates = _same_enterprise(case, add_days(now, -conf.duplicate_window_days))
		subjects.update((row.name, row.subject) for row in candidates)
		found += duplicates.find_duplicates(new, map(_request, candidates), conf.duplicate_threshold)
	if case.street and case.category:
		candidates = _same_street_topic(case, add_days(now, -conf.cluster_window_days))
		subjects.update((row.name, row.subject) for row in candidates)
		found += duplicates.find_cluster(
			new,
			map(_request, candidates),
			threshold=conf.cluster_threshold,
			min_enterprises=conf.cluster_min_enterprises,
			days=conf.cluster_window_days,
		)
	return found, subjects


def suggestion_name(case: str, other_case: str) -> str:
	"""A suggestion is named by its pair of requests (one suggestion per pair)."""
	return f"{case}-{other_case}"


_COLUMNS = (
	"name",
	"case",
	"case_subject",
	"enterprise_name",
	"other_case",
	"other_subject",
	"kind",
	"score",
	"reason",
	"status",
	"owner",
	"modified_by",
	"creation",
	"modified",
	"docstatus",
	"idx",
)
_INSERT = f"insert into `tab{SUGGESTION}` ({', '.join(f'`{c}`' for c in _COLUMNS)}) values "


def check_case(case_name: str) -> None:
	"""The intake step: write the duplicate and same-topic suggestions of a submitted case.

	The suggestions go in with one multi-row INSERT (the values escaped by the driver), not a
	document insert each: they are the check's own records, with nothing to validate."""
	case = frappe.db.sql(
		f"select {_CASE_FIELDS} from `tabSupport Case` where name = %s", case_name, as_dict=True
	)
	if not case:
		return
	case = case[0]
	found, subjects = find_suggestions(case) if case.workflow_state in OPEN_STATES else ([], {})
	decided = {
		other
		for (other,) in frappe.db.sql(
			f"select other_case from `tab{SUGGESTION}` where `case` = %s and status != %s", (case.name, OPEN)
		)
	}
	# Open suggestions are the check's own: a second run replaces them.
	frappe.db.delete(SUGGESTION, {"case": case.name, "status": OPEN})
	now, user = now_datetime(), frappe.session.user
	rows = [
		(
			suggestion_name(case.name, s.other),
			case.name,
			case.subject,
			case.enterprise_name,
			s.other,
			subjects.get(s.other),
			s.kind,
			s.score,
			s.reason,
			OPEN,
			user,
			user,
			now,
			now,
			0,
			0,
		)
		for s in found
		if s.other not in decided
	]
	if rows:
		one = "(" + ", ".join(["%s"] * len(_COLUMNS)) + ")"
		frappe.db.sql(_INSERT + ", ".join([one] * len(rows)), tuple(v for row in rows for v in row))
	# Every same-enterprise suggestion just written is open and points at an open request.
	flagged = any(s.kind == duplicates.SAME_ENTERPRISE and s.other not in decided for s in found)
	if bool(case.possible_duplicate) != flagged:
		frappe.db.set_value(
			"Support Case", case.name, "possible_duplicate", int(flagged), update_modified=False
		)


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


def on_case_update(doc, method=None) -> None:
	"""Support Case on_update: a request that is finished has no duplicate waiting any more, nor
	does a request whose suggested duplicate it was. Merged by hand (并入其他诉求) into the very
	request suggested, the suggestion is decided as merged."""
	previous = doc.get_doc_before_save()
	if (
		not previous
		or previous.workflow_state == doc.workflow_state
		or doc.workflow_state not in wf.FINAL_STATES
	):
		return
	if doc.workflow_state == wf.MERGED and doc.merged_into:
		frappe.db.sql(
			f"""update `tab{SUGGESTION}` set status = %(merged)s, decided_by = %(user)s,
				decided_on = %(now)s, modified = %(now)s, modified_by = %(user)s
			where `case` = %(case)s and other_case = %(other)s and status = %(open)s""",
			{
				"merged": MERGED,
				"open": OPEN,
				"user": frappe.session.user,
				"now": now_datetime(),
				"case": doc.name,
				"other": doc.merged_into,
			},
		)
	if doc.get("possible_duplicate"):
		doc.db_set("possible_duplicate", 0, update_modified=False)
	for (case,) in frappe.db.sql(
		f"""select distinct `case` from `tab{SUGGESTION}`
		where other_case = %s and status = %s and kind = %s""",
		(doc.name, OPEN, duplicates.SAME_ENTERPRISE),
	):
		refresh_flag(case)


def on_case_trash(doc, method=None) -> None:
	"""Support Case on_trash: its suggestions, both ways, go with it."""
	frappe.db.delete(SUGGESTION, {"case": doc.name})
	frappe.db.delete(SUGGESTION, {"other_case": doc.name})
