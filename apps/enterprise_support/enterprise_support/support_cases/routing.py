"""The routing suggestion on the site: learned counts in Routing Term, kept as staff dispatch.

The model and its reason are ``domain/routing.py``; this module reads and writes its counts.

- ``suggest_for_case`` (an intake analysis step) reads the counts of the request's category and
  words only (the ``kind_term`` index) and writes the suggested department and its reason on the
  case, without touching its ``modified`` or version history.
- ``on_case_update`` (Support Case on_update) moves the case's counts whenever what it teaches
  changes: dispatched to a department (staff's choice feeds back), sent back, re-dispatched to
  another one, rejected or merged, or its text or category edited while it counts. It adds the
  difference in one INSERT … ON DUPLICATE KEY UPDATE, in the case's own transaction.
- ``guard_routing_fields`` (Support Case validate) keeps the suggestion as the analysis wrote it
  and records, when the case is dispatched, whether staff took the suggested department.
- A deleted case's counts are taken away, a deleted department's removed.
- ``rebuild_counts`` relearns everything from the cases (set-wise; the ``rebuild-routing`` bench
  command, the patch that backfills an existing site, and the demo loader use it).
"""

from __future__ import annotations

from collections import Counter

import frappe
from frappe.utils import now_datetime

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import routing
from enterprise_support.domain.chinese_text import words

TABLE = "tabRouting Term"
ROUTING_FIELDS = ("suggested_department", "routing_reason", "routing_followed")
# What a case teaches depends on these fields only.
LEARNED_FROM = ("workflow_state", "department", "category", "subject", "description")
VOCABULARY_CACHE_KEY = "enterprise_support:routing_vocabulary"
VOCABULARY_CACHE_SECONDS = 600
INSERT_BATCH = 1000


# --- suggesting -------------------------------------------------------------------------------------
def case_words(subject: str | None, description: str | None) -> list[str]:
	"""The content words of a request, as the model learns and reads them."""
	return words(f"{subject or ''}\n{description or ''}")


def suggestion_for(category: str | None, request_words: list[str]) -> routing.Suggestion:
	"""The suggestion for a request of ``category`` in ``request_words`` from the learned counts."""
	return routing.suggest(load_model(category, request_words), category, request_words)


def load_model(category: str | None, request_words: list[str]) -> routing.Model:
	"""The counts a suggestion needs: every department's totals, the counts of this category and
	of these words (read by the ``kind_term`` index, never all rows)."""
	terms = sorted({w for w in request_words if w and len(w) <= routing.MAX_TERM_LENGTH})
	conditions = ["`kind` in (%(documents)s, %(word_total)s)"]
	values = {"documents": routing.DOCUMENTS, "word_total": routing.WORD_TOTAL}
	if category:
		conditions.append("(`kind` = %(category_kind)s and `term` = %(category)s)")
		values.update(category_kind=routing.CATEGORY, category=category)
	if terms:
		conditions.append("(`kind` = %(word)s and `term` in %(terms)s)")
		values.update(word=routing.WORD, terms=tuple(terms))
	# Only departments still in service are suggested.
	rows = frappe.db.sql(
		f"""select t.`department`, t.`kind`, t.`term`, t.`tally` from `{TABLE}` t
		join `tabService Department` d on d.`name` = t.`department` and d.`is_active` = 1
		where {" or ".join(conditions)}""",
		values,
	)
	category_count = frappe.db.count("Case Category")
	return routing.model_from_counts(rows, vocabulary_size(), category_count)


def vocabulary_size() -> int:
	"""Distinct words learned (for smoothing; a close figure is as good, so it is cached a while)."""
	cached = frappe.cache.get_value(VOCABULARY_CACHE_KEY)
	if cached is not None:
		return int(cached)
	size = frappe.db.sql(f"select count(distinct `term`) from `{TABLE}` where `kind` = %s", routing.WORD)[0][
		0
	]
	frappe.cache.set_value(VOCABULARY_CACHE_KEY, int(size), expires_in_sec=VOCABULARY_CACHE_SECONDS)
	return int(size)


def suggest_for_case(case_name: str) -> None:
	"""Intake analysis step: write the suggested department and its reason on a submitted case."""
	case = frappe.db.get_value(
		"Support Case", case_name, ["category", "subject", "description", "workflow_state"], as_dict=True
	)
	if not case or case.workflow_state not in (wf.SUBMITTED, wf.ACCEPTED, wf.RETURNED):
		return
	found = suggestion_for(case.category, case_words(case.subject, case.description))
	frappe.db.set_value(
		"Support Case",
		case_name,
		{"suggested_department": found.department, "routing_reason": found.reason},
		update_modified=False,
	)


# --- the case's own fields ----------------------------------------------------------------------------
def guard_routing_fields(doc, method=None) -> None:
	"""Support Case validate: the suggestion is the analysis's (not editable, and a form opened
	before it arrived does not blank it); on dispatch, record whether staff took it."""
	previous = doc.get_doc_before_save()
	for field in ROUTING_FIELDS:
		doc.set(field, previous.get(field) if previous else None)
	if not doc.routing_followed:
		doc.routing_followed = 0
	if previous and doc.workflow_state == wf.DISPATCHED and previous.workflow_state != wf.DISPATCHED:
		doc.routing_followed = int(
			bool(doc.suggested_department) and doc.department == doc.suggested_department
		)


# --- learning ---------------------------------------------------------------------------------------------
def _teaches(doc) -> Counter:
	if not doc or doc.get("workflow_state") not in routing.LEARNED_STATES:
		return Counter()
	return routing.learned_counts(
		doc.get("workflow_state"),
		doc.get("department"),
		doc.get("category"),
		case_words(doc.get("subject"), doc.get("description")),
	)


def on_case_update(doc, method=None) -> None:
	"""Support Case on_update: move the case's counts when what it teaches has changed."""
	previous = doc.get_doc_before_save()
	if previous and all(previous.get(f) == doc.get(f) for f in LEARNED_FROM):
		return
	apply_changes(routing.count_changes(_teaches(previous), _teaches(doc)))


def on_case_trash(doc, method=None) -> None:
	"""Support Case on_trash: a deleted case no longer counts."""
	apply_changes(routing.count_changes(_teaches(doc), {}))


def on_department_trash(doc, method=None) -> None:
	"""Service Department on_trash: its learned counts go with it."""
	frappe.db.delete("Routing Term", {"department": doc.name})


def apply_changes(changes: dict[routing.Key, int]) -> None:
	"""Add ``changes`` to the learned counts (rows made as needed; rows that reach 0 removed)."""
	if not changes:
		return
	_upsert(list(changes.items()))
	emptied: dict[tuple[str, str], list[str]] = {}
	for (department, kind, term), n in changes.items():
		if n < 0:
			emptied.setdefault((department, kind), []).append(term)
	for (department, kind), terms in emptied.items():
		frappe.db.sql(
			f"delete from `{TABLE}` where `department` = %s and `kind` = %s and `term` in %s and `tally` <= 0",
			(department, kind, tuple(terms)),
		)


def _upsert(items: list[tuple[routing.Key, int]]) -> None:
	now = now_datetime()
	user = frappe.session.user if frappe.session else "Administrator"
	for start in range(0, len(items), INSERT_BATCH):
		batch = items[start : start + INSERT_BATCH]
		values = []
		for (department, kind, term), n in batch:
			values.extend((frappe.generate_hash(length=12), now, now, user, user, department, kind, term, n))
		rows = ", ".join(["(%s, %s, %s, %s, %s, %s, %s, %s, %s)"] * len(batch))
		frappe.db.sql(
			f"insert into `{TABLE}` (`name`, `creation`, `modified`, `owner`, `modified_by`,"
			f" `department`, `kind`, `term`, `tally`) values {rows}"
			" on duplicate key update `tally` = `tally` + values(`tally`), `modified` = values(`modified`)",
			values,
		)


def rebuild_counts() -> int:
	"""Relearn every count from the cases that count now (idempotent); returns how many cases."""
	frappe.db.sql(f"delete from `{TABLE}`")
	totals: Counter = Counter()
	learned = 0
	last = ""
	states = tuple(sorted(routing.LEARNED_STATES))
	while True:
		cases = frappe.db.sql(
			"""select `name`, `workflow_state`, `department`, `category`, `subject`, `description`
			from `tabSupport Case`
			where `workflow_state` in %s and ifnull(`department`, '') != '' and `name` > %s
			order by `name` limit 5000""",
			(states, last),
			as_dict=True,
		)
		if not cases:
			break
		for case in cases:
			totals.update(_teaches(case))
		learned += len(cases)
		last = cases[-1].name
	_upsert(list(totals.items()))
	frappe.cache.delete_value(VOCABULARY_CACHE_KEY)
	return learned


def followed_share() -> tuple[int, int]:
	"""(dispatched cases that had a suggestion, of which dispatched to the suggested department)."""
	suggested, followed = frappe.db.sql(
		"""select count(*), coalesce(sum(`routing_followed`), 0) from `tabSupport Case`
		where ifnull(`suggested_department`, '') != '' and `workflow_state` in %s""",
		(tuple(sorted(routing.LEARNED_STATES)),),
	)[0]
	return int(suggested), int(followed)
