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
- Rows are named from the doctype's sequence (Frappe's ``autoincrement``: a ``bigint`` key, a
  batch's new rows take a range at once, in the order of their pairs). A row whose stored
  content (compared by digest, read with the batch) is unchanged is not written again, so a
  daily rematch writes only what changed and ``matched_on`` is when the current result was
  found; changed rows are written by multi-row ``insert ... on duplicate key update`` (the
  statement text built here, each distinct text escaped once); the batch's stored rows it no
  longer has (pairs no longer Eligible or Unknown, items no longer active) are deleted by
  name, set-wise: never doc by doc.
- A background run (full, or of some items) writes on a connection of its own, in a thread,
  while the next batch is matched, and loads new rows with ``load data local infile`` (the
  tab-separated text made by the matching thread); it commits once per batch. Where the
  server refuses ``load data local`` the same rows go in by ``insert``. A single enterprise's
  rematch writes in the caller's transaction.
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

_PROFILE_COLUMNS = {
	"industry_code": ("industry_code",),
	"industry_chain": ("industry_chain",),
	"chain_link": ("chain_link",),
	"street": ("street",),
	"size_class": ("size_class",),
	"annual_revenue": ("annual_revenue",),
	"rd_expense": ("rd_expense",),
	"rd_ratio": ("rd_expense", "annual_revenue"),
	"employees": ("employees",),
	"total_assets": ("total_assets",),
	"registered_capital": ("registered_capital",),
	"established_on": ("established_on",),
	"years_established": ("established_on",),
	"is_key_enterprise": ("is_key_enterprise",),
	"patents.invention": ("invention_patent_count",),
	"patents.utility_model": ("utility_model_count",),
	"patents.design": ("design_patent_count",),
	"patents.class_i": ("class_i_ip_count",),
	"patents.granted": ("granted_patent_count",),
}
"""The register's columns each profile attribute is read from (``designations`` come from their
own table; the attributes the register does not hold have none)."""
_ENTERPRISE_COLUMNS = ", ".join(
	f"e.{c}" for c in ("name", "enterprise_name", *dict.fromkeys(sum(_PROFILE_COLUMNS.values(), ())))
)


def _columns_for(attributes: Iterable[str] | None) -> tuple[str, bool]:
	"""(the select list for profiles that answer these attributes, whether designations are
	needed): all of the profile for None. A newly published policy asks about a few attributes,
	so its rematch reads a few columns of every enterprise, not all of them."""
	if attributes is None:
		return _ENTERPRISE_COLUMNS, True
	attributes = set(attributes)
	columns = dict.fromkeys(c for a in attributes for c in _PROFILE_COLUMNS.get(a, ()))
	return ", ".join(f"e.{c}" for c in ("name", "enterprise_name", *columns)), "designations" in attributes


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


def _count(row, column: str) -> int | None:
	"""A rolled-up count (none counted is 0); None only when the column was not read."""
	return int(row[column] or 0) if column in row else None


def _profile(row, designations: Sequence[str] | None) -> dict[str, Any]:
	"""A profile from a register row; a column not read (a rematch of items that do not ask
	about it) is left out, so it reads as not known, never as a value."""
	return {
		"industry_code": row.get("industry_code") or None,
		"industry_chain": row.get("industry_chain") or None,
		"chain_link": row.get("chain_link") or None,
		"street": row.get("street") or None,
		"size_class": row.get("size_class") or None,
		"designations": None if designations is None else tuple(designations),
		"patents": {
			"invention": _count(row, "invention_patent_count"),
			"utility_model": _count(row, "utility_model_count"),
			"design": _count(row, "design_patent_count"),
			"class_i": _count(row, "class_i_ip_count"),
			"granted": _count(row, "granted_patent_count"),
		},
		"annual_revenue": _figure(row.get("annual_revenue")),
		"rd_expense": _figure(row.get("rd_expense")),
		"employees": _figure(row.get("employees")),
		"total_assets": _figure(row.get("total_assets")),
		"registered_capital": _figure(row.get("registered_capital")),
		"established_on": row.get("established_on"),
		"is_key_enterprise": None if "is_key_enterprise" not in row else bool(row.is_key_enterprise),
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


def _profiles_of(rows, designations: bool = True) -> list[EnterpriseProfile]:
	held = _designations_of([row.name for row in rows]) if designations else None
	return [
		EnterpriseProfile(
			row.name, row.enterprise_name, _profile(row, None if held is None else held.get(row.name, ()))
		)
		for row in rows
	]


def enterprise_profiles(
	names: Iterable[str] | None = None, batch: int = BATCH, attributes: Iterable[str] | None = None
) -> Iterator[list[EnterpriseProfile]]:
	"""Batches of profiles of the enterprises matched (all but deregistered ones): the named
	ones, or all of them in name order; whole profiles, or (``attributes``) only what answers
	those attributes."""
	columns, designations = _columns_for(attributes)
	if names is not None:
		names = list(dict.fromkeys(n for n in names if n))
		for start in range(0, len(names), batch):
			rows = frappe.db.sql(
				f"""select {columns} from `tabEnterprise` e
				where e.name in %(names)s and {_MATCHED_ENTERPRISES} order by e.name""",
				{"names": tuple(names[start : start + batch])},
				as_dict=True,
			)
			if rows:
				yield _profiles_of(rows, designations)
		return
	last = ""
	while True:
		rows = frappe.db.sql(
			f"""select {columns} from `tabEnterprise` e
			where e.name > %(last)s and {_MATCHED_ENTERPRISES} order by e.name limit %(batch)s""",
			{"last": last, "batch": batch},
			as_dict=True,
		)
		if not rows:
			return
		yield _profiles_of(rows, designations)
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


def _tsv(value) -> str:
	"""A value as a field of ``load data`` input (tab-separated, backslash escapes)."""
	return (
		str(value or "")
		.replace("\\", "\\\\")
		.replace("\t", "\\t")
		.replace("\n", "\\n")
		.replace("\r", "\\r")
		.replace("\0", "\\0")
	)


Entry = tuple[tuple[str, str], str, int, int, int]
"""A row to store: ((enterprise, item), its content as ``_STORED_CONTENT`` reads it, the
enterprise's place in the batch, the item's, the outcome code)."""


class _RowText:
	"""The text of a batch's rows, for ``insert`` statements and for ``load data``, built from
	parts made once per enterprise, item, outcome and run: each distinct value is escaped once."""

	def __init__(self, profiles: Sequence[EnterpriseProfile], items: Sequence[ActiveItem], stamp):
		user = frappe.session.user if getattr(frappe.local, "session", None) else "Administrator"
		at = _quoted(stamp)
		self.sql_document = f"{at}, {at}, {_quoted(user)}, {_quoted(user)}, 0, 0"
		self.tsv_document = "\t".join((_tsv(stamp), _tsv(stamp), _tsv(user), _tsv(user), "0", "0"))
		self.enterprises = [
			(
				", ".join(map(_quoted, (p.name, p.enterprise_name))),
				f"{_tsv(p.name)}\t{_tsv(p.enterprise_name)}",
			)
			for p in profiles
		]
		self.items = [
			(
				", ".join(map(_quoted, (i.name, i.item_title, i.policy))),
				f"{int(i.grant_without_application)}, {at})",
				"\t".join(map(_tsv, (i.name, i.item_title, i.policy))),
				f"{int(i.grant_without_application)}\t{_tsv(stamp)}\n",
			)
			for i in items
		]
		self.sql_outcomes = [_quoted(OUTCOME_NAMES[outcome]) for outcome in OUTCOME_ORDER]
		self.tsv_outcomes = [OUTCOME_NAMES[outcome] for outcome in OUTCOME_ORDER]

	def sql(self, entry: Entry, name: int) -> str:
		"""The row's value list ``(name, creation, ..., matched_on)``, in ``_MATCH_COLUMNS``' order."""
		_key, _plain, row, index, code = entry
		item_sql, tail, _tsv_part, _end = self.items[index]
		return (
			f"({int(name)}, {self.sql_document}, {self.enterprises[row][0]}, {item_sql}, "
			f"{self.sql_outcomes[code]}, 0, {tail}"
		)

	def tsv(self, entry: Entry, name: int) -> str:
		"""The row as a line of ``load data`` input, the same columns in the same order."""
		_key, _plain, row, index, code = entry
		_sql, _tail, item_tsv, end = self.items[index]
		return (
			f"{int(name)}\t{self.tsv_document}\t{self.enterprises[row][1]}\t{item_tsv}\t"
			f"{self.tsv_outcomes[code]}\t0\t{end}"
		)


SEQUENCE = "policy_match_id_seq"
"""Frappe's sequence for Policy Match names (the doctype is named by ``autoincrement``)."""


def _reserve_names(count: int, query) -> int:
	"""Take ``count`` consecutive names from the doctype's sequence at once (under a named lock,
	so two runs never take overlapping ranges) and return the first. ``query`` runs a statement
	and returns its rows."""
	if not query("select get_lock('policy_match_names', 60)")[0][0]:
		frappe.throw(_("Policy matching is busy; try again shortly"))
	try:
		first = int(query(f"select nextval(`{SEQUENCE}`)")[0][0])
		if count > 1:
			query(f"select setval(`{SEQUENCE}`, {first + count - 1}, 1)")
	finally:
		query("select release_lock('policy_match_names')")
	return first


def _match_rows(
	profiles: Sequence[EnterpriseProfile],
	items: Sequence[ActiveItem],
	today: dt.date,
	counts: Counter,
) -> list[Entry]:
	"""Match a batch of enterprises against the items, item by item over the whole batch
	(:class:`ProfileTable`); return the rows to store, Eligible and Unknown ones only, as
	:data:`Entry` tuples in the order of the table's keys (:class:`_RowText` makes their text).
	Not Eligible pairs are counted, not stored; no pair is explained here (its reasons are
	computed when someone reads it, :func:`explain_pair`)."""
	enterprise_plain = [f"{_SEPARATOR}{p.enterprise_name or ''}{_SEPARATOR}" for p in profiles]
	table = ProfileTable([p.profile for p in profiles], today)
	not_eligible = OUTCOME_ORDER.index(NOT_ELIGIBLE)
	outcome_plain = [OUTCOME_NAMES[outcome] for outcome in OUTCOME_ORDER]
	by_row: list[list[Entry]] = [[] for _ in profiles]
	for index, item in enumerate(items):
		item_plain = _SEPARATOR.join(
			(item.item_title or "", item.policy or "", str(int(item.grant_without_application)))
		)
		outcomes = table.outcomes(item.compiled)
		stored = [row for row, code in enumerate(outcomes) if code != not_eligible]
		counts[OUTCOME_NAMES[NOT_ELIGIBLE]] += len(outcomes) - len(stored)
		for row in stored:
			code = outcomes[row]
			counts[OUTCOME_NAMES[OUTCOME_ORDER[code]]] += 1
			by_row[row].append(
				(
					(profiles[row].name, item.name),
					outcome_plain[code] + enterprise_plain[row] + item_plain,
					row,
					index,
					code,
				)
			)
	# in the order of the table's keys, so that InnoDB appends to its pages instead of
	# splitting them: enterprise by enterprise, each in item order, is that order already (the
	# profiles and items come sorted by name), so the sort only checks it
	made = [entry for entries in by_row for entry in entries]
	made.sort()
	return made


def _frappe_query(statement: str):
	return frappe.db.sql(statement)


def _upsert(rows: Iterable[str], execute=_frappe_query) -> int:
	"""Write match rows (SQL value lists, :meth:`_RowText.sql`) with multi-row upserts;
	return how many. ``execute`` runs a statement."""
	head = "insert into `tabPolicy Match` ({}) values ".format(", ".join(f"`{c}`" for c in _MATCH_COLUMNS))
	tail = " on duplicate key update " + ", ".join(f"`{c}` = values(`{c}`)" for c in _UPDATED_ON_DUPLICATE)
	written = 0
	chunk: list[str] = []
	for row in rows:
		chunk.append(row)
		if len(chunk) >= ROWS_PER_STATEMENT:
			execute(head + ", ".join(chunk) + tail)
			written += len(chunk)
			chunk = []
	if chunk:
		execute(head + ", ".join(chunk) + tail)
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


class _Changes:
	"""What a batch changes: rows not stored yet (``fresh``), rows stored with other content
	(``changed``, each with its stored name), and the names of stored rows the batch no longer
	has (``gone``: pairs no longer Eligible or Unknown, items no longer active). A row stored as
	it is stays untouched."""

	def __init__(self, entries: Sequence[Entry], stored: dict[tuple[str, str], tuple[str, str]], text):
		self.text = text
		self.fresh: list[Entry] = []
		self.changed: list[tuple[Entry, int]] = []
		kept: set[tuple[str, str]] = set()
		for entry in entries:
			key = entry[0]
			kept.add(key)
			known = stored.get(key)
			if known is None:
				self.fresh.append(entry)
			elif known[1] != _content(entry[1]):
				self.changed.append((entry, int(known[0])))
		self.gone = [int(name) for key, (name, _digest) in stored.items() if key not in kept]
		self.named: list[tuple[Entry, int]] = []
		self.load_data: bytes | None = None

	def number(self, query=_frappe_query) -> None:
		"""Name the fresh rows from the sequence (once)."""
		if self.fresh and not self.named:
			first = _reserve_names(len(self.fresh), query)
			self.named = [(entry, first + offset) for offset, entry in enumerate(self.fresh)]

	def prepare_load(self, query=_frappe_query) -> None:
		"""Name the fresh rows and make their ``load data`` input now (the matching thread does
		this, so that the writer's thread only sends)."""
		self.number(query)
		if self.named and self.load_data is None:
			tsv = self.text.tsv
			self.load_data = "".join([tsv(entry, name) for entry, name in self.named]).encode()


def _write(changes: _Changes, query=_frappe_query, load=None) -> int:
	"""Store a batch's changes: rows not stored yet, numbered from the sequence, by ``load``
	(``load data``, when the writer's connection may) or with the changed ones by multi-row
	upserts; delete the gone ones by name. Return how many rows were written. ``query`` runs a
	statement and returns its rows."""
	text = changes.text
	upserted = changes.changed
	written = 0
	if changes.fresh:
		if load is not None:
			changes.prepare_load(query)
		else:
			changes.number(query)
		if load is not None and load(changes.load_data):
			written += len(changes.named)
		else:
			upserted = sorted(changes.named + changes.changed)
	written += _upsert((text.sql(entry, name) for entry, name in upserted), query)
	gone = changes.gone
	for start in range(0, len(gone), ROWS_PER_STATEMENT):
		names = ", ".join(map(str, gone[start : start + ROWS_PER_STATEMENT]))
		query(f"delete from `tabPolicy Match` where name in ({names})")
	return written


_LOAD_REFUSED = {1148, 3948, 4166}
"""MariaDB/MySQL errors for ``load data local`` not allowed by the server or the connection."""


WRITERS = 1
"""Connections a full run writes on at once: one batch each, disjoint ranges of the table's keys."""


class _Writer:
	"""Writes a full run's batches on connections of its own, in threads, while the next batch
	is matched: the database stores batches N and N - 1 while Python matches batch N + 1, so
	the run takes about the longer of the two rather than their sum. Rows not stored yet go in
	by ``load data local infile`` (the server reads tab-separated lines faster than it parses
	``insert`` statements; where the server does not allow it, by ``insert``). Each batch is
	committed when written (a full run commits per batch in any case); the batches hold
	disjoint ranges of enterprises, so the connections never wait for each other's rows; the
	matching side only reads. An error in a thread stops the run and is raised in the caller."""

	LOCAL_INFILE = True
	"""Ask for ``load data local`` on the writers' connections."""

	def __init__(self, connections: int = WRITERS):
		import queue
		import threading

		self.settings = {**frappe.db.get_connection_settings(), "local_infile": self.LOCAL_INFILE}
		self.can_load = True
		self.queue: queue.Queue = queue.Queue(maxsize=1)
		self.written = 0
		self.lock = threading.Lock()
		self.error: BaseException | None = None
		self.threads = [
			threading.Thread(target=self._work, name=f"policy-match-writer-{n}", daemon=True)
			for n in range(connections)
		]
		for thread in self.threads:
			thread.start()

	def _load(self, connection, data: bytes) -> bool:
		"""Load the rows (``load data`` input); False if the server refuses ``load data local``
		(nothing loaded)."""
		import tempfile

		import pymysql

		if not self.can_load:
			return False
		with tempfile.NamedTemporaryFile("wb", suffix=".tsv", prefix="policy-match-") as file:
			file.write(data)
			file.flush()
			columns = ", ".join(f"`{c}`" for c in _MATCH_COLUMNS)
			try:
				with connection.cursor() as cursor:
					cursor.execute(
						"load data local infile %s ignore into table `tabPolicy Match` character set utf8mb4 "
						f"fields terminated by '\\t' escaped by '\\\\' lines terminated by '\\n' ({columns})",
						(file.name,),
					)
			except (pymysql.err.OperationalError, pymysql.err.InternalError) as error:
				if error.args and error.args[0] in _LOAD_REFUSED:
					self.can_load = False
					return False
				raise
		return True

	def _work(self) -> None:
		import pymysql

		connection = None
		try:
			connection = pymysql.connect(**self.settings)

			def execute(statement: str):
				with connection.cursor() as cursor:
					cursor.execute(statement)
					return cursor.fetchall()

			while True:
				changes = self.queue.get()
				if changes is None:
					return
				if self.error is not None:
					continue
				try:
					written = _write(changes, execute, lambda data: self._load(connection, data))
					connection.commit()
				except BaseException as error:  # raised again in the caller by finish()
					self.error = error
					connection.rollback()
					continue
				with self.lock:
					self.written += written
		except BaseException as error:
			self.error = self.error or error
			while self.queue.get() is not None:  # let the caller finish
				pass
		finally:
			if connection is not None:
				try:
					connection.close()
				except Exception:
					pass

	def put(self, changes: _Changes) -> None:
		if self.error is not None:
			self.finish()
		if self.can_load:
			changes.prepare_load()
		self.queue.put(changes)

	def finish(self) -> int:
		for thread in self.threads:
			if thread.is_alive():
				self.queue.put(None)
		for thread in self.threads:
			thread.join()
		if self.error is not None:
			raise self.error
		return self.written


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
	writer = None
	if commit:
		frappe.db.commit()  # nothing of the caller's is held while the writer's connection writes
		writer = _Writer()
	try:
		for profiles in profile_batches:
			stored = _stored([p.name for p in profiles], item_names)
			entries = _match_rows(profiles, items, today, counts) if items else []
			changes = _Changes(entries, stored, _RowText(profiles, items, stamp))
			if writer is None:
				counts["written"] += _write(changes)
			else:
				writer.put(changes)
			counts["enterprises"] += len(profiles)
	finally:
		if writer is not None:
			counts["written"] += writer.finish()
	if commit:
		frappe.db.commit()  # a new snapshot: what the writer stored is seen from here on
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
	attributes = {condition.attribute for item in items for condition in item.compiled.conditions}
	counts = _run(enterprise_profiles(attributes=attributes), items, today, commit, every_item=False)
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
