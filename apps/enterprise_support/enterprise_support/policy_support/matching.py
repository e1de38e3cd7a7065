"""Policy matching on the site (惠企政策直达): profiles from the register, the active policy
items, and the Policy Match table that holds the pairs staff act on: every (enterprise, item)
that is Eligible or Unknown, by outcome only. No explanation is stored: whoever reads a pair
(the Policy Match form, :func:`explain_matches` for any pair, Not Eligible ones included, the
portal) gets its reasons computed then from the enterprise's current data by the same engine
and sentences (:func:`explain_pair`), so stored and unstored pairs read alike.

- Profiles are read with a few set-based queries per batch of enterprises (the register's
  fields, the patent counts rolled up onto the enterprise, the designations held and active),
  never by loading documents.
- Items are the active items of policies in force today, compiled once per run; a batch is
  matched item by item over all its enterprises (``ProfileTable``: each condition tested once
  per distinct value of its attribute); nothing is explained while matching.
- Results are written with multi-row ``insert ... on duplicate key update`` statements (MariaDB;
  the statement text is built here, escaping each distinct text once); a row whose stored
  content (compared by digest, read with the batch) is unchanged is not written again, so a
  daily rematch writes only what changed and ``matched_on`` is when the current result was
  found; the batch's stored rows it no longer has (pairs no longer Eligible or Unknown, items
  no longer active) are deleted by name, set-wise: never doc by doc. A full run commits once
  per batch of enterprises.
- Changes to an enterprise, its patents or designations, or to a policy or item queue a
  rematch after the transaction commits (``doc_events`` in hooks.py), one job per enterprise,
  item or policy, deduplicated by job id; a daily job rematches everything (policies start and
  expire, enterprises grow a year older).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime, nowdate
from pymysql.converters import escape_string

from enterprise_support.domain.figures import reported
from enterprise_support.domain.policy_matching import (
	ELIGIBLE,
	NOT_ELIGIBLE,
	OUTCOME_ORDER,
	UNKNOWN,
	CompiledItem,
	MatchResult,
	PolicyConditionError,
	ProfileTable,
	compile_item,
	explain_zh,
	prepare_profile,
)

OUTCOME_NAMES = {ELIGIBLE: "Eligible", NOT_ELIGIBLE: "Not Eligible", UNKNOWN: "Unknown"}
"""The engine's outcomes as stored in Policy Match.outcome (English option values)."""
SHOWN_TO_ENTERPRISES = ("Eligible", "Unknown")

BATCH = 2000
"""Enterprises per batch (one profile query, one commit in a full run)."""
ROWS_PER_STATEMENT = 1000
ACTIVE_DESIGNATION_STATES = ("Active", "Expiring")

_ENTERPRISE_COLUMNS = """e.name, e.enterprise_name, e.industry_code, e.industry_chain, e.chain_link,
	e.street, e.size_class, e.annual_revenue, e.rd_expense, e.employees, e.total_assets,
	e.registered_capital, e.established_on, e.is_key_enterprise, e.invention_patent_count,
	e.utility_model_count, e.design_patent_count, e.class_i_ip_count, e.granted_patent_count"""
_MATCHED_ENTERPRISES = "e.status != 'Deregistered'"

_MATCH_COLUMNS = (
	"name",
	"creation",
	"modified",
	"owner",
	"modified_by",
	"docstatus",
	"idx",
	"enterprise",
	"enterprise_name",
	"policy_item",
	"item_title",
	"policy",
	"outcome",
	"failed_count",
	"grant_without_application",
	"matched_on",
)
_UPDATED_ON_DUPLICATE = (
	"modified",
	"modified_by",
	"enterprise_name",
	"item_title",
	"policy",
	"outcome",
	"failed_count",
	"grant_without_application",
	"matched_on",
)


# -- profiles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EnterpriseProfile:
	name: str
	enterprise_name: str
	profile: dict[str, Any]


def _figure(value) -> float | None:
	"""A figure from the register; a stored 0 means "not reported" (``domain/figures.py``)."""
	number = reported(value)
	return None if number is None else float(number)


def _profile(row, designations: Sequence[str]) -> dict[str, Any]:
	return {
		"industry_code": row.industry_code or None,
		"industry_chain": row.industry_chain or None,
		"chain_link": row.chain_link or None,
		"street": row.street or None,
		"size_class": row.size_class or None,
		"designations": tuple(designations),
		"patents": {
			"invention": int(row.invention_patent_count or 0),
			"utility_model": int(row.utility_model_count or 0),
			"design": int(row.design_patent_count or 0),
			"class_i": int(row.class_i_ip_count or 0),
			"granted": int(row.granted_patent_count or 0),
		},
		"annual_revenue": _figure(row.annual_revenue),
		"rd_expense": _figure(row.rd_expense),
		"employees": _figure(row.employees),
		"total_assets": _figure(row.total_assets),
		"registered_capital": _figure(row.registered_capital),
		"established_on": row.established_on,
		"is_key_enterprise": bool(row.is_key_enterprise),
	}


def _designations_of(names: Sequence[str]) -> dict[str, list[str]]:
	held: dict[str, list[str]] = defaultdict(list)
	if not names:
		return held
	for enterprise, designation in frappe.db.sql(
		"""select enterprise, designation_type from `tabSpecialist Designation`
		where enterprise in %(names)s and status in %(states)s""",
		{"names": tuple(names), "states": ACTIVE_DESIGNATION_STATES},
	):
		if designation not in held[enterprise]:
			held[enterprise].append(designation)
	return held


def _profiles_of(rows) -> list[EnterpriseProfile]:
	held = _designations_of([row.name for row in rows])
	return [
		EnterpriseProfile(row.name, row.enterprise_name, _profile(row, held.get(row.name, ())))
		for row in rows
	]


def enterprise_profiles(
	names: Iterable[str] | None = None, batch: int = BATCH
) -> Iterator[list[EnterpriseProfile]]:
	"""Batches of profiles of the enterprises matched (all but deregistered ones): the named
	ones, or all of them in name order."""
	if names is not None:
		names = list(dict.fromkeys(n for n in names if n))
		for start in range(0, len(names), batch):
			rows = frappe.db.sql(
				f"""select {_ENTERPRISE_COLUMNS} from `tabEnterprise` e
				where e.name in %(names)s and {_MATCHED_ENTERPRISES} order by e.name""",
				{"names": tuple(names[start : start + batch])},
				as_dict=True,
			)
			if rows:
				yield _profiles_of(rows)
		return
	last = ""
	while True:
		rows = frappe.db.sql(
			f"""select {_ENTERPRISE_COLUMNS} from `tabEnterprise` e
			where e.name > %(last)s and {_MATCHED_ENTERPRISES} order by e.name limit %(batch)s""",
			{"last": last, "batch": batch},
			as_dict=True,
		)
		if not rows:
			return
		yield _profiles_of(rows)
		last = rows[-1].name


def profile_of(enterprise: str) -> dict[str, Any] | None:
	"""The matching profile of one enterprise (None if it is not in the register)."""
	for profiles in enterprise_profiles([enterprise]):
		return profiles[0].profile
	row = frappe.db.sql(
		f"select {_ENTERPRISE_COLUMNS} from `tabEnterprise` e where e.name = %s", enterprise, as_dict=True
	)
	return _profiles_of(row)[0].profile if row else None


# -- items ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActiveItem:
	name: str
	item_title: str
	policy: str
	grant_without_application: int
	compiled: CompiledItem


def active_items(names: Iterable[str] | None = None, today: dt.date | None = None) -> list[ActiveItem]:
	"""Active items of policies in force on ``today`` (all, or those named), conditions compiled.

	Rows were checked when the item was saved; an item whose rows no longer compile (the engine
	changed) is left out and logged, never matched on a guess.
	"""
	today = today or getdate(nowdate())
	params: dict[str, Any] = {"today": today}
	only = ""
	if names is not None:
		params["names"] = tuple(names) or ("",)
		only = "and pi.name in %(names)s"
	rows = frappe.db.sql(
		f"""select pi.name, pi.item_title, pi.policy, pi.grant_without_application
		from `tabPolicy Item` pi join `tabPolicy` p on p.name = pi.policy
		where pi.is_active = 1 and p.effective_date <= %(today)s
			and (p.expiry_date is null or p.expiry_date >= %(today)s) {only}
		order by pi.name""",
		params,
		as_dict=True,
	)
	if not rows:
		return []
	conditions: dict[str, list[dict]] = defaultdict(list)
	for row in frappe.db.sql(
		"""select parent, attribute, operator, value, label from `tabPolicy Condition`
		where parenttype = 'Policy Item' and parentfield = 'conditions' and parent in %(items)s
		order by parent, idx""",
		{"items": tuple(r.name for r in rows)},
		as_dict=True,
	):
		conditions[row.parent].append(row)
	items = []
	for row in rows:
		try:
			compiled = compile_item(conditions.get(row.name, []))
		except PolicyConditionError as error:
			frappe.log_error(
				title=f"Policy Item {row.name}: invalid condition, not matched",
				message=f"{error.code}: {error} {error.params}",
				reference_doctype="Policy Item",
				reference_name=row.name,
			)
			continue
		items.append(
			ActiveItem(
				row.name, row.item_title, row.policy, int(row.grant_without_application or 0), compiled
			)
		)
	return items


def any_policy_items() -> bool:
	return bool(frappe.db.sql("select 1 from `tabPolicy Item` limit 1"))


# -- results ----------------------------------------------------------------------------------


def explanation_of(result: MatchResult) -> str:
	"""One Chinese line per condition: ``发明专利 1 件，需 ≥ 2 件``."""
	return "\n".join(explain_zh(check) for check in result.checks)


def missing_data_of(result: MatchResult) -> str:
	return "、".join(dict.fromkeys(check.params["label"] for check in result.missing))


def _escaped(text: str) -> str:
	"""``text`` escaped for a quoted MariaDB string, without the quotes. Escaping works character
	by character, so escaped pieces joined by an escaped separator are the escaped whole."""
	return escape_string(text)


def _quoted(value) -> str:
	return f"'{escape_string(str(value or ''))}'"


_SEPARATOR = "\x1f"
_STORED_CONTENT = """md5(concat_ws(char(31 using utf8mb4), outcome, ifnull(enterprise_name, ''),
	ifnull(item_title, ''), ifnull(policy, ''), grant_without_application))"""
"""A stored row's content as :func:`_content` digests it (``char(31)`` is ``_SEPARATOR``)."""


def _content(plain: str) -> str:
	return hashlib.md5(plain.encode()).hexdigest()


def _match_rows(
	profiles: Sequence[EnterpriseProfile],
	items: Sequence[ActiveItem],
	today: dt.date,
	stamp,
	counts: Counter,
) -> Iterator[tuple[tuple[str, str], str, str]]:
	"""Match a batch of enterprises against the items, item by item over the whole batch
	(:class:`ProfileTable`); yield the rows to store, Eligible and Unknown ones only, each as
	``((enterprise, item), content as read, SQL value list)``: the value list ``(name, creation, ...,
	matched_on)`` in the order of ``_MATCH_COLUMNS``, the content as ``_STORED_CONTENT`` reads it.
	Not Eligible pairs are counted, not stored; no pair is explained here (its reasons are
	computed when someone reads it, :func:`explain_pair`).

	The statement text is built here rather than by the driver's parameter substitution: the
	repeated values (names, titles, time stamp, outcomes) are escaped once."""
	user = frappe.session.user if getattr(frappe.local, "session", None) else "Administrator"
	at = _quoted(stamp)
	document = f"{at}, {at}, {_quoted(user)}, {_quoted(user)}, 0, 0"
	enterprise_part = [
		(
			_escaped(p.name),
			", ".join(map(_quoted, (p.name, p.enterprise_name))),
			f"{_SEPARATOR}{p.enterprise_name or ''}{_SEPARATOR}",
		)
		for p in profiles
	]
	outcome_part = [_quoted(OUTCOME_NAMES[outcome]) for outcome in OUTCOME_ORDER]
	table = ProfileTable([p.profile for p in profiles], today)
	not_eligible = OUTCOME_ORDER.index(NOT_ELIGIBLE)
	outcome_plain = [OUTCOME_NAMES[outcome] for outcome in OUTCOME_ORDER]
	by_row: list[list[tuple[tuple[str, str], str, str]]] = [[] for _ in profiles]
	for item in items:
		item_key = _escaped(item.name)
		item_sql = ", ".join(map(_quoted, (item.name, item.item_title, item.policy)))
		tail = f"{int(item.grant_without_application)}, {at})"
		item_plain = _SEPARATOR.join(
			(item.item_title or "", item.policy or "", str(int(item.grant_without_application)))
		)
		outcomes = table.outcomes(item.compiled)
		stored = [row for row, code in enumerate(outcomes) if code != not_eligible]
		counts[OUTCOME_NAMES[NOT_ELIGIBLE]] += len(outcomes) - len(stored)
		if not stored:
			continue
		for row in stored:
			code = outcomes[row]
			counts[OUTCOME_NAMES[OUTCOME_ORDER[code]]] += 1
			enterprise_key, enterprise_sql, enterprise_plain = enterprise_part[row]
			by_row[row].append(
				(
					(profiles[row].name, item.name),
					outcome_plain[code] + enterprise_plain + item_plain,
					f"('{enterprise_key}-{item_key}', {document}, {enterprise_sql}, {item_sql}, "
					f"{outcome_part[code]}, 0, {tail}",
				)
			)
	# in the order of the table's keys, so that InnoDB appends to its pages instead of
	# splitting them: enterprise by enterprise, each in item order, is that order already (the
	# profiles and items come sorted by name), so the sort only checks it
	made = [entry for entries in by_row for entry in entries]
	made.sort()
	yield from made


def _upsert(rows: Iterable[str]) -> int:
	"""Write match rows (SQL value lists from :func:`_match_rows`) with multi-row upserts;
	return how many."""
	head = "insert into `tabPolicy Match` ({}) values ".format(", ".join(f"`{c}`" for c in _MATCH_COLUMNS))
	tail = " on duplicate key update " + ", ".join(f"`{c}` = values(`{c}`)" for c in _UPDATED_ON_DUPLICATE)
	written = 0
	chunk: list[str] = []
	for row in rows:
		chunk.append(row)
		if len(chunk) >= ROWS_PER_STATEMENT:
			frappe.db.sql(head + ", ".join(chunk) + tail)
			written += len(chunk)
			chunk = []
	if chunk:
		frappe.db.sql(head + ", ".join(chunk) + tail)
		written += len(chunk)
	return written


def _stored(
	enterprises: Sequence[str], item_names: Sequence[str] | None
) -> dict[tuple[str, str], tuple[str, str]]:
	"""The stored rows of these enterprises (of these items, or of any item):
	(enterprise, item) -> (name, digest of the content, :func:`_content`). Read as one line per
	enterprise (``group_concat``), so that the driver parses a few thousand rows, not every
	stored pair."""
	if not enterprises:
		return {}
	only = "and policy_item in %(items)s" if item_names is not None else ""
	stored = {}
	for enterprise, packed in frappe.db.sql(
		f"""select enterprise, group_concat(policy_item, char(31 using utf8mb4), name,
			char(31 using utf8mb4), {_STORED_CONTENT} separator '\\n')
		from `tabPolicy Match` where enterprise in %(enterprises)s {only} group by enterprise""",
		{"enterprises": tuple(enterprises), "items": tuple(item_names or ("",))},
	):
		for line in packed.split("\n"):
			item, name, digest = line.split(_SEPARATOR)
			stored[(enterprise, item)] = (name, digest)
	return stored


def _write(
	rows: Iterable[tuple[tuple[str, str], str, str]], stored: dict[tuple[str, str], tuple[str, str]]
) -> int:
	"""Write the new and changed rows (a row whose content is stored as it is stays untouched),
	then delete the stored rows this batch no longer has (pairs no longer Eligible or Unknown,
	items no longer active), by name; return how many were written."""
	kept: set[tuple[str, str]] = set()

	def changed():
		for key, plain, sql in rows:
			kept.add(key)
			known = stored.get(key)
			if known is None or known[1] != _content(plain):
				yield sql

	written = _upsert(changed())
	gone = [name for key, (name, _digest) in stored.items() if key not in kept]
	for start in range(0, len(gone), ROWS_PER_STATEMENT):
		frappe.db.sql(
			"delete from `tabPolicy Match` where name in %(names)s",
			{"names": tuple(gone[start : start + ROWS_PER_STATEMENT])},
		)
	return written


def _delete_orphans() -> None:
	"""Rows of enterprises deleted or deregistered since they were matched: the enterprises with
	rows (read off the unique index, one entry per enterprise) less those matched. Both are
	plain reads, so that no lock is taken on the register."""
	with_rows = frappe.db.sql_list("select distinct enterprise from `tabPolicy Match`")
	if not with_rows:
		return
	live = set(frappe.db.sql_list(f"select e.name from `tabEnterprise` e where {_MATCHED_ENTERPRISES}"))
	gone = [name for name in with_rows if name not in live]
	for start in range(0, len(gone), BATCH):
		frappe.db.sql(
			"delete from `tabPolicy Match` where enterprise in %(gone)s",
			{"gone": tuple(gone[start : start + BATCH])},
		)


def _run(
	profile_batches: Iterable[list[EnterpriseProfile]],
	items: Sequence[ActiveItem],
	today: dt.date,
	commit: bool,
	every_item: bool = True,
) -> Counter:
	"""Match the batches against the items, write the Eligible and Unknown rows that are new or
	changed and delete the batch's other rows of these items (with ``every_item``, the items
	being all the active ones: of any item)."""
	stamp = now_datetime()
	counts: Counter = Counter()
	item_names = None if every_item else [i.name for i in items]
	for profiles in profile_batches:
		stored = _stored([p.name for p in profiles], item_names)
		rows = _match_rows(profiles, items, today, stamp, counts) if items else ()
		counts["written"] += _write(rows, stored)
		counts["enterprises"] += len(profiles)
		if commit:
			frappe.db.commit()
	return counts


def rematch_enterprise(enterprise: str, today: dt.date | None = None) -> dict[str, int]:
	"""Match one enterprise against every active item; returns the counts by outcome."""
	today = today or getdate(nowdate())
	items = active_items(today=today)
	batches = list(enterprise_profiles([enterprise]))
	if not batches:  # deleted or deregistered
		frappe.db.delete("Policy Match", {"enterprise": enterprise})
		return {}
	return dict(_run(batches, items, today, commit=False))


def rematch_items(
	item_names: Sequence[str], today: dt.date | None = None, commit: bool = True
) -> dict[str, int]:
	"""Match every enterprise against the named items; rows of items that are no longer active
	(or whose policy is not in force) are deleted."""
	today = today or getdate(nowdate())
	item_names = list(dict.fromkeys(item_names))
	items = active_items(item_names, today)
	inactive = [n for n in item_names if n not in {i.name for i in items}]
	if inactive:
		frappe.db.delete("Policy Match", {"policy_item": ("in", inactive)})
	if not items:
		if commit:
			frappe.db.commit()
		return {}
	counts = _run(enterprise_profiles(), items, today, commit, every_item=False)
	_delete_orphans()
	if commit:
		frappe.db.commit()
	return dict(counts)


def rematch_policy(policy: str, today: dt.date | None = None) -> dict[str, int]:
	return rematch_items(frappe.get_all("Policy Item", filters={"policy": policy}, pluck="name"), today)


def rematch_all(today: dt.date | None = None, commit: bool = True) -> dict[str, Any]:
	"""Match every enterprise against every active item, batch by batch; rows of inactive items
	go with each batch's other stale rows."""
	started = time.perf_counter()
	today = today or getdate(nowdate())
	items = active_items(today=today)
	if items:
		counts = _run(enterprise_profiles(), items, today, commit)
	else:
		frappe.db.sql("delete from `tabPolicy Match`")
		counts = Counter()
	_delete_orphans()
	if commit:
		frappe.db.commit()
	return {**counts, "items": len(items), "seconds": round(time.perf_counter() - started, 2)}


def daily_rematch() -> None:
	"""Daily: policy statuses by date, then the full match (items start and expire, figures age)."""
	from enterprise_support.policy_support.doctype.policy.policy import update_statuses

	update_statuses()
	frappe.db.commit()
	rematch_all()


def evaluate_items(
	enterprise: str, item_names: Sequence[str] | None = None, today: dt.date | None = None
) -> dict[str, MatchResult]:
	"""Fresh results for one enterprise against some active items (all when None), in memory:
	item -> MatchResult. Nothing is written (the table is the background jobs')."""
	today = today or getdate(nowdate())
	profile = profile_of(enterprise)
	if profile is None or (item_names is not None and not item_names):
		return {}
	prepared = prepare_profile(profile, today)
	return {item.name: item.compiled.evaluate(prepared) for item in active_items(item_names, today)}


def explain_pair(enterprise: str, policy_item: str, today: dt.date | None = None) -> tuple[str, str]:
	"""(explanation, missing data) of one pair as shown when it is read, computed now by the same
	code as :func:`explain_matches`; empty when the item is not active or the enterprise is not
	matched. No permission check: the callers (a Policy Match being loaded, the portal's own
	enterprise) have made theirs."""
	if not enterprise or not policy_item:
		return "", ""
	result = evaluate_items(enterprise, [policy_item], today).get(policy_item)
	if result is None:
		return "", ""
	return explanation_of(result), missing_data_of(result) if result.outcome == UNKNOWN else ""


# -- queueing ---------------------------------------------------------------------------------


def _enqueue_after_commit(method: str, job_id: str, queue: str = "default", timeout: int = 300, **kwargs):
	"""Queue ``method`` once the current transaction has committed, unless the same job is
	already waiting (it will read the committed change). A job that is already running may have
	read the data before this change: then a second job id is used, so the change is not lost."""
	if frappe.flags.in_install or frappe.flags.in_migrate:
		return

	def enqueue():
		from frappe.utils.background_jobs import get_job_status
		from rq.job import JobStatus

		for attempt in (job_id, f"{job_id}::again"):
			status = get_job_status(attempt)
			if status == JobStatus.QUEUED:
				return
			if status != JobStatus.STARTED:
				frappe.enqueue(
					method, queue=queue, timeout=timeout, job_id=attempt, deduplicate=True, **kwargs
				)
				return
		frappe.enqueue(method, queue=queue, timeout=timeout, **kwargs)  # both running: one more

	frappe.db.after_commit.add(enqueue)


def enqueue_enterprise_rematch(enterprise: str) -> None:
	if not enterprise or not any_policy_items():
		return
	if frappe.flags.in_import:  # a Data Import saves row by row: one full run instead
		enqueue_full_rematch()
		return
	_enqueue_after_commit(
		"enterprise_support.policy_support.matching.rematch_enterprise",
		f"policy_match::enterprise::{enterprise}",
		enterprise=enterprise,
	)


def enqueue_item_rematch(item: str) -> None:
	_enqueue_after_commit(
		"enterprise_support.policy_support.matching.rematch_items",
		f"policy_match::item::{item}",
		queue="long",
		timeout=3600,
		item_names=[item],
	)


def enqueue_policy_rematch(policy: str) -> None:
	_enqueue_after_commit(
		"enterprise_support.policy_support.matching.rematch_policy",
		f"policy_match::policy::{policy}",
		queue="long",
		timeout=3600,
		policy=policy,
	)


def enqueue_full_rematch() -> None:
	_enqueue_after_commit(
		"enterprise_support.policy_support.matching.rematch_all",
		"policy_match::all",
		queue="long",
		timeout=3600,
	)


# -- document events (hooks.py) ---------------------------------------------------------------


def on_enterprise_change(doc, method=None):
	enqueue_enterprise_rematch(doc.name)


def on_enterprise_trash(doc, method=None):
	"""An enterprise's matches go with it (before Frappe checks what links to it)."""
	frappe.db.delete("Policy Match", {"enterprise": doc.name})


def on_register_record_change(doc, method=None):
	"""A patent or designation changed: its enterprise (and a previous one) is matched again."""
	enterprises = {doc.get("enterprise")}
	previous = doc.get_doc_before_save() if method == "on_update" else None
	if previous is not None:
		enterprises.add(previous.get("enterprise"))
	for enterprise in sorted(filter(None, enterprises)):
		enqueue_enterprise_rematch(enterprise)


def on_policy_change(doc, method=None):
	enqueue_policy_rematch(doc.name)


def on_policy_item_change(doc, method=None):
	enqueue_item_rematch(doc.name)


def on_policy_item_trash(doc, method=None):
	frappe.db.delete("Policy Match", {"policy_item": doc.name})


# -- desk -------------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def rematch_now(enterprise: str | None = None, policy_item: str | None = None) -> str:
	"""Staff: match again now, in the background (one enterprise, one item, or everything)."""
	frappe.has_permission("Policy Item", "write", throw=True)
	for value, doctype, message in (
		(enterprise, "Enterprise", _("Enterprise {0} does not exist")),
		(policy_item, "Policy Item", _("Policy item {0} does not exist")),
	):
		if value not in (None, "") and (not isinstance(value, str) or not frappe.db.exists(doctype, value)):
			frappe.throw(message.format(frappe.utils.escape_html(str(value)[:40])), frappe.DoesNotExistError)
	if enterprise:
		frappe.get_doc("Enterprise", enterprise).check_permission("read")
		_enqueue_after_commit(
			"enterprise_support.policy_support.matching.rematch_enterprise",
			f"policy_match::enterprise::{enterprise}",
			enterprise=enterprise,
		)
	elif policy_item:
		frappe.get_doc("Policy Item", policy_item).check_permission("read")
		enqueue_item_rematch(policy_item)
	else:
		enqueue_full_rematch()
	return _("Matching has been queued; the results are updated in a few moments")


@frappe.whitelist()
@frappe.validate_and_sanitize_search_inputs
def matched_item_query(doctype, txt, searchfield, start, page_len, filters):
	"""Link search for a plan's policy items: the enterprise's Eligible and Unknown matches."""
	if isinstance(filters, str):
		try:
			filters = json.loads(filters) if filters.strip() else {}
		except ValueError:
			filters = False
	if filters is not None and not isinstance(filters, dict):
		frappe.throw(_("The search filters are not valid"), title=_("Invalid filter"))
	enterprise = (filters or {}).get("enterprise")
	if not enterprise:
		return []
	if not isinstance(enterprise, str) or not frappe.db.exists("Enterprise", enterprise):
		frappe.throw(
			_("Enterprise {0} does not exist").format(frappe.utils.escape_html(str(enterprise)[:40])),
			frappe.DoesNotExistError,
		)
	frappe.get_doc("Enterprise", enterprise).check_permission("read")
	rows = frappe.db.sql(
		"""select pm.policy_item, pm.item_title, pm.outcome from `tabPolicy Match` pm
		where pm.enterprise = %(enterprise)s and pm.outcome in %(outcomes)s
			and (pm.policy_item like %(txt)s or pm.item_title like %(txt)s)
		order by pm.outcome = 'Eligible' desc, pm.item_title
		limit %(start)s, %(page_len)s""",
		{
			"enterprise": enterprise,
			"outcomes": SHOWN_TO_ENTERPRISES,
			"txt": f"%{txt}%",
			"start": int(start),
			"page_len": int(page_len),
		},
	)
	return [(item, title, _(outcome)) for item, title, outcome in rows]


@frappe.whitelist(methods=["GET", "POST"])
def explain_matches(enterprise: str, policy_item: str | None = None) -> list[dict[str, Any]]:
	"""Staff: an enterprise's match against one active policy item, or against each of them,
	with the explanation line by line, computed now by the same code as the stored rows (the
	table keeps Eligible and Unknown pairs only; this is how a Not Eligible pair is read).
	Whoever may read Policy Match may call it, for an enterprise and item they may read."""
	frappe.has_permission("Policy Match", "read", throw=True)
	for value, doctype, message in (
		(enterprise, "Enterprise", _("Enterprise {0} does not exist")),
		(policy_item, "Policy Item", _("Policy item {0} does not exist")),
	):
		if value is None and doctype == "Policy Item":
			continue
		if not isinstance(value, str) or not value or not frappe.db.exists(doctype, value):
			frappe.throw(message.format(frappe.utils.escape_html(str(value)[:40])), frappe.DoesNotExistError)
	frappe.get_doc("Enterprise", enterprise).check_permission("read")
	if policy_item:
		frappe.get_doc("Policy Item", policy_item).check_permission("read")
	today = getdate(nowdate())
	items = {i.name: i for i in active_items([policy_item] if policy_item else None, today)}
	results = evaluate_items(enterprise, list(items), today) if items else {}
	stored = dict(
		frappe.db.sql(
			"""select policy_item, matched_on from `tabPolicy Match`
			where enterprise = %(enterprise)s and policy_item in %(items)s""",
			{"enterprise": enterprise, "items": tuple(results) or ("",)},
		)
	)
	order = {"Eligible": 0, "Unknown": 1, "Not Eligible": 2}
	rows = []
	for name, result in results.items():
		outcome = OUTCOME_NAMES[result.outcome]
		rows.append(
			{
				"policy_item": name,
				"item_title": items[name].item_title,
				"policy": items[name].policy,
				"outcome": outcome,
				"outcome_label": _(outcome),
				"explanation": explanation_of(result),
				"explanation_lines": [explain_zh(check) for check in result.checks],
				"unknown_fields": missing_data_of(result) if result.outcome == UNKNOWN else "",
				"failed_count": len(result.failed),
				"stored": name in stored,
				"matched_on": stored.get(name),
			}
		)
	rows.sort(key=lambda r: (order[r["outcome"]], r["item_title"] or ""))
	return rows
