"""Work Frappe repeats on every save for nothing: pure functions remembered, no-ops skipped.

Measured on a case intake (benchmarks/profile_case_insert.py), Frappe spent about a third of the
request in places that recompute the same result from the same text every time:

- ``safe_eval`` parses each condition to refuse forbidden syntax, then compiles it with
  RestrictedPython, before evaluating it. Every Assignment Rule's conditions (assign, unassign,
  close) are parsed and compiled on every save of a case, one rule per service department:
  about 1 ms a condition.
- The query builder's ``get_value`` cleans every field name with ``sqlparse.format`` (to strip
  comments) before it builds the statement: about 0.7 ms a call, some 30 calls an intake.

One more is work that can find nothing to do:

- After every save of a document under a workflow, Frappe's ``process_workflow_actions`` keeps
  the approvals inbox (Workflow Action rows): it looks for the document's actions, marks them
  done, and makes new ones for each next state that is not "optional" (about 20 ms, 5 statements
  and a dozen cached reads a save). When every state of the workflow is optional, as in the
  support-case workflow (cases reach people by assignment and queues, not by that inbox), no
  action is ever made, so there is none to find or complete. ``install`` skips that work for such
  workflows only; any other workflow, and deleting a document, go through Frappe's code.

Three more ask the database, or make a document, for an answer the request already holds or can
do without:

- Making a new document's defaults asks ``is_single`` of its doctype with a query (``SELECT
  issingle FROM tabDocType``), uncached: once for the document and once for each child table, on
  every insert (five statements for a case). The doctype's metadata, which making the document has
  just loaded, says the same; ``is_single`` reads it there (and asks the database during install,
  migrate and patches, when a doctype may be changing, or when there is no metadata).
- Inserting a document makes a template of defaults for every child table to fill in its new rows,
  also for tables that have no rows (a new case has no replies and no escalations yet). The
  template is made only for tables that have new rows; rows get the same defaults.
- Every save of a document with Assignment Rules reads its open assignments twice through
  ``frappe.get_all`` (ToDo rows of the document, not cancelled, newest first, five at most): before
  the rules unassign or assign, and again after. The same statement is sent as plain SQL, without
  building it anew each time, and the second read is the first one's rows when no ToDo was
  inserted, changed or deleted in between (every such write goes through a ToDo document, whose
  ``on_change`` and ``on_trash`` events mark it: ``todo_written``); after a write it is read again.
- Each rule asks for today's weekday (``is_rule_not_applicable_today``: does the rule work today?)
  through the system time zone, once per rule and pass. While the rules are applied, Frappe's own
  ``frappe.flags.assignment_day`` holds the weekday read once; a day already set there is kept.

- ``frappe.db.get_value(doctype, name, fields)`` builds its statement with the query builder
  (pypika), about 0.45 ms of Python for ``select <fields> from <table> where name = %s order by
  modified desc limit 1``; link validation asks it once per link field. When the fields are plain
  column names, the doctype's name plain letters, and nothing else is asked (no locking, no
  distinct, no other order), the same statement is written directly; anything else goes to
  Frappe's builder.

And two are work every request repeats for the same bytes:

- Frappe keeps metadata and cached documents in Redis, pickled, and unpickles each once per
  request. A case intake unpickles a dozen doctypes' metadata (the case's alone is 33 kB, about
  2 ms) and all thirteen Assignment Rules, the same bytes every time. ``install`` remembers, per
  process, the object unpickled from given bytes for three kinds only: metadata (``Meta``, not the
  desk's ``FormMeta``), Assignment Rules and Workflows, which Frappe reads and does not change. The
  bytes are still read from Redis on every request, so a change anywhere (a customised field, an
  edited rule, a cleared cache) gives new bytes and a fresh object at once; the same bytes give
  the object they gave before.
- Before Frappe applies a doctype's Assignment Rules, their cached documents are read from Redis
  in one round trip (MGET) instead of one each; Frappe then finds them in the request's cache.
- Frappe reads each cached value from Redis when the request first needs it, one round trip at a
  time: some forty for a case intake (metadata, hooks, maps, settings). The keys a request read
  are remembered per kind of request (method and the first three parts of the path); the next
  request of that kind reads them all at its start in one pipelined round trip and puts them in
  its own request cache, exactly where Frappe's first read would have put them. Frappe's reads
  then find them there; anything else is read as before, and a key deleted or changed during the
  request is dropped from the request cache by Frappe as always.

The first three are pure functions of their text. ``install`` wraps each in a bounded LRU cache:
the code object RestrictedPython returns is immutable and evaluated afresh each time, with the
globals of that call; the syntax check returns nothing or raises (an exception is not cached, so
a refused condition is refused every time); the cleaned field name is a string. Nothing else
changes: the same conditions are checked by the same code against the same document, and the
same statements are sent.
"""

from __future__ import annotations

import functools
import re
import types

_installed = False
# Frappe's own functions that install() replaced, by name (the tests compare against them).
ORIGINALS: dict = {}


def _every_state_optional(doctype: str) -> bool:
	"""The doctype's active workflow has states, all of them optional (so it makes no Workflow Action)."""
	import frappe
	from frappe.model.workflow import get_workflow_name

	workflow = get_workflow_name(doctype)
	if not workflow:
		return False
	states = frappe.get_cached_doc("Workflow", workflow).states
	return bool(states) and all(state.is_optional_state for state in states)


def install() -> None:
	"""Wrap Frappe's recomputed functions in caches (once per process)."""
	global _installed
	if _installed:
		return
	import frappe.database.query as query
	import frappe.utils.safe_exec as safe_exec

	safe_exec.compile_restricted = functools.lru_cache(maxsize=1024)(safe_exec.compile_restricted)
	safe_exec._validate_safe_eval_syntax = functools.lru_cache(maxsize=1024)(
		safe_exec._validate_safe_eval_syntax
	)
	original = query.sqlparse

	@functools.lru_cache(maxsize=4096)
	def _format(sql, **options):
		return original.format(sql, **options)

	def format(sql, **options):
		return _format(sql, **options) if isinstance(sql, str) else original.format(sql, **options)

	# query.py uses sqlparse for this one call only.
	query.sqlparse = types.SimpleNamespace(format=format)

	import frappe.workflow.doctype.workflow_action.workflow_action as workflow_action

	process = workflow_action.process_workflow_actions

	@functools.wraps(process)
	def process_workflow_actions(doc, state):
		if state != "on_trash" and _every_state_optional(doc.get("doctype")):
			return
		return process(doc, state)

	# Frappe's doc_events name the function by its path, so they find this one.
	workflow_action.process_workflow_actions = process_workflow_actions

	import frappe.model.meta as meta

	ORIGINALS["is_single"] = meta.is_single
	meta.is_single = _is_single(meta.is_single)  # create_new calls it through the module

	from frappe.model.document import Document

	ORIGINALS["_set_defaults"] = Document._set_defaults
	Document._set_defaults = _set_defaults

	import frappe.automation.doctype.assignment_rule.assignment_rule as assignment_rule

	ORIGINALS["get_assignments"] = assignment_rule.get_assignments
	assignment_rule.get_assignments = get_assignments  # apply() calls it through the module

	ORIGINALS["apply"] = assignment_rule.apply
	assignment_rule.apply = _apply(assignment_rule.apply)  # doc_events name it by its path

	from frappe.database.database import Database

	ORIGINALS["_get_values_from_table"] = Database._get_values_from_table
	Database._get_values_from_table = _get_values_from_table(Database._get_values_from_table)

	import frappe.utils.redis_wrapper as redis_wrapper

	ORIGINALS["get_value"] = redis_wrapper.RedisWrapper.get_value
	ORIGINALS["hget"] = redis_wrapper.RedisWrapper.hget
	redis_wrapper.RedisWrapper.get_value = _recorded_get_value(redis_wrapper.RedisWrapper.get_value)
	redis_wrapper.RedisWrapper.hget = _recorded_hget(redis_wrapper.RedisWrapper.hget)
	ORIGINALS["pickle"] = redis_wrapper.pickle
	redis_wrapper.pickle = types.SimpleNamespace(loads=loads, dumps=redis_wrapper.pickle.dumps)
	_installed = True


# Classes whose unpickled objects one process may share between requests: (module, class name).
SHARED_CLASSES = {
	("frappe.model.meta", "Meta"),
	("frappe.automation.doctype.assignment_rule.assignment_rule", "AssignmentRule"),
	("frappe.workflow.doctype.workflow.workflow", "Workflow"),
}


def _pickled_class(raw: bytes) -> tuple[str, str] | None:
	"""(module, class) of a protocol-4 pickle of one object, read from its first opcodes."""
	# PROTO 4, FRAME <8 bytes>, SHORT_BINUNICODE module, MEMOIZE, SHORT_BINUNICODE name, MEMOIZE
	if len(raw) < 16 or raw[:3] != b"\x80\x04\x95" or raw[11] != 0x8C:
		return None
	end = 13 + raw[12]
	if raw[end : end + 2] != b"\x94\x8c":
		return None
	name_end = end + 3 + raw[end + 2]
	return raw[13:end].decode("ascii", "replace"), raw[end + 3 : name_end].decode("ascii", "replace")


@functools.lru_cache(maxsize=256)
def _shared(raw: bytes):
	import pickle

	return pickle.loads(raw)


def loads(raw):
	"""pickle.loads, remembering the object of the same bytes for the classes in SHARED_CLASSES."""
	import pickle

	if isinstance(raw, bytes) and _pickled_class(raw) in SHARED_CLASSES:
		value = _shared(raw)
		if f"{type(value).__module__}.{type(value).__name__}" in _SHARED_NAMES:
			return value
		_shared.cache_clear()  # not what the header said: never share it
	return pickle.loads(raw)


_SHARED_NAMES = {f"{module}.{name}" for module, name in SHARED_CLASSES}


def _is_single(original):
	@functools.wraps(original)
	def is_single(doctype):
		import frappe

		flags = frappe.flags
		if not (flags.in_install or flags.in_migrate or flags.in_patch or flags.in_install_app):
			try:
				return frappe.get_meta(doctype).issingle
			except frappe.DoesNotExistError:
				pass
		return original(doctype)

	return is_single


def _set_defaults(self) -> None:
	"""Frappe's Document._set_defaults, with the child-table template made only where rows need it."""
	import frappe

	if frappe.flags.in_import:
		return
	if self.is_new():
		self.update_if_missing(frappe.new_doc(self.doctype, as_dict=True))
	for df in self.meta.get_table_fields():
		rows = self.get(df.fieldname)
		new_rows = [row for row in rows if row.is_new()] if isinstance(rows, list) else []
		if not new_rows:
			continue
		template = frappe.new_doc(df.options, parent_doc=self, parentfield=df.fieldname, as_dict=True)
		for row in new_rows:
			row.update_if_missing(template)


def get_assignments(doc) -> list[dict]:
	"""The document's assignments (ToDo) that are not cancelled, newest first, five at most.

	Within one application of the Assignment Rules (``_apply``), a second read for the same
	document gives the first read's rows when no ToDo was written in between (``todo_written``).
	"""
	import frappe

	key = (doc.get("doctype"), doc.get("name"))
	read = getattr(frappe.local, "es_assignments", None)
	writes = getattr(frappe.local, "es_todo_writes", 0)
	if read is not None and read.get(key, (None,))[0] == writes:
		return list(read[key][1])
	rows = frappe.db.sql(
		"""select `name`, `assignment_rule` from `tabToDo`
		where `reference_type` = %s and `reference_name` = %s and ifnull(`status`, '') != 'Cancelled'
		order by `modified` desc limit 5""",
		key,
		as_dict=True,
	)
	if read is not None:
		read[key] = (writes, list(rows))
	return rows


def todo_written(doc=None, method=None) -> None:
	"""doc_events of ToDo (on_change, on_trash): assignments read before this are not reused."""
	import frappe

	frappe.local.es_todo_writes = getattr(frappe.local, "es_todo_writes", 0) + 1


_COLUMN = re.compile(r"^[a-z_][a-z0-9_]*$")
_DOCTYPE = re.compile(r"^[A-Za-z][A-Za-z0-9 _-]*$")


def _get_values_from_table(original):
	@functools.wraps(original)
	def get_values_from_table(self, fields, filters, doctype, as_dict, **kwargs):
		order_by = kwargs.get("order_by")
		plain = (
			isinstance(filters, str)
			and filters
			and isinstance(doctype, str)
			and _DOCTYPE.match(doctype)
			and isinstance(fields, list | tuple)
			and fields
			and all(isinstance(field, str) and _COLUMN.match(field) for field in fields)
			and order_by in ("modified", None)
			and kwargs.get("limit") in (None, 1)
			and kwargs.get("run", True)
			and kwargs.get("wait", True)
			and not any(
				kwargs.get(option)
				for option in ("debug", "update", "for_update", "skip_locked", "pluck", "distinct")
			)
		)
		if not plain:
			return original(self, fields, filters, doctype, as_dict, **kwargs)
		columns = ", ".join(f"`{field}`" for field in fields)
		query = f"select {columns} from `tab{doctype}` where `name` = %s"
		if order_by:
			query += " order by `modified` desc"
		if kwargs.get("limit"):
			query += " limit 1"
		return self.sql(query, (filters,), as_dict=as_dict)

	return get_values_from_table


def _apply(original):
	@functools.wraps(original)
	def apply(doc=None, method=None, doctype=None, name=None):
		import frappe
		from frappe.model import log_types

		doctype_name = doctype or (doc.doctype if doc is not None else None)
		flags = frappe.flags
		if (
			doctype_name
			and doctype_name not in log_types
			and not (flags.in_patch or flags.in_install or flags.in_setup_wizard)
		):
			_prefetch_rules(doctype_name)
		outer = getattr(frappe.local, "es_assignments", None)
		frappe.local.es_assignments = {}  # the assignments read in this application only
		# Each rule asks for today's weekday (``is_rule_not_applicable_today``), through the
		# system time zone, once per rule and pass; Frappe's own flag answers them all at once.
		day_given = flags.assignment_day
		if not day_given:
			flags.assignment_day = frappe.utils.get_weekday()
		try:
			return original(doc=doc, method=method, doctype=doctype, name=name)
		finally:
			frappe.local.es_assignments = outer
			if not day_given:
				flags.assignment_day = day_given

	return apply


def _prefetch_rules(doctype: str) -> None:
	"""Put the doctype's enabled Assignment Rules, as cached in Redis, in the request's cache."""
	import frappe
	import redis
	from frappe.cache_manager import get_doctype_map

	# The same call, with the same arguments, as Frappe's apply (which then reads it locally).
	rules = get_doctype_map(
		"Assignment Rule",
		doctype,
		filters={"document_type": doctype, "disabled": 0},
		order_by="priority desc",
	)
	cache, local = frappe.cache, frappe.local.cache
	keys = [
		cache.make_key(frappe.get_document_cache_key("Assignment Rule", rule.get("name"))) for rule in rules
	]
	keys = [key for key in keys if key not in local]
	if len(keys) < 2:
		return
	try:
		raws = redis.Redis.mget(cache, keys)
	except redis.exceptions.ConnectionError:
		return
	for key, raw in zip(keys, raws, strict=True):
		if raw is not None:
			local[key] = loads(raw)


# Per kind of request, the Redis keys (and hash fields) its last request read: prefetched next time.
_learned: dict[str, tuple[list, list]] = {}
_MAX_ROUTES, _MAX_READS = 256, 300


def _route(request) -> str:
	return f"{request.method} {'/'.join(request.path.split('/')[:4])}"


def prefetch_request() -> None:
	"""before_request: read what this kind of request read last time, in one round trip."""
	import frappe

	install()
	request = getattr(frappe.local, "request", None)
	if request is None:
		return
	route = _route(request)
	frappe.local.es_cache_reads = ([], [], route)
	frappe.local.es_cache_seeded = set()  # what the prefetch put in: counted as read when read
	learned = _learned.get(route)
	if learned:
		_prefetch(*learned)


def learn_request(response=None, request=None) -> None:
	"""after_request: remember what this request read from Redis."""
	import frappe

	reads = getattr(frappe.local, "es_cache_reads", None)
	if not reads:
		return
	frappe.local.es_cache_reads = None
	keys, fields, route = reads
	if route in _learned or len(_learned) < _MAX_ROUTES:
		_learned[route] = (list(dict.fromkeys(keys))[:_MAX_READS], list(dict.fromkeys(fields))[:_MAX_READS])


def _recorded_get_value(original):
	@functools.wraps(original)
	def get_value(self, key, generator=None, user=None, expires=False, shared=False):
		import frappe

		reads = getattr(frappe.local, "es_cache_reads", None)
		if reads is not None and not expires:
			made = self.make_key(key, user, shared)
			seeded = frappe.local.es_cache_seeded
			if made not in frappe.local.cache:
				reads[0].append(made)
			elif made in seeded:
				seeded.discard(made)
				reads[0].append(made)
		return original(self, key, generator=generator, user=user, expires=expires, shared=shared)

	return get_value


def _recorded_hget(original):
	@functools.wraps(original)
	def hget(self, name, key, generator=None, shared=False):
		import frappe

		reads = getattr(frappe.local, "es_cache_reads", None)
		if reads is not None and key:
			made = self.make_key(name, shared=shared)
			seeded = frappe.local.es_cache_seeded
			if key not in frappe.local.cache.get(made, ()):
				reads[1].append((made, key))
			elif (made, key) in seeded:
				seeded.discard((made, key))
				reads[1].append((made, key))
		return original(self, name, key, generator=generator, shared=shared)

	return hget


def _prefetch(keys: list, fields: list) -> None:
	import frappe
	import redis

	local, seeded = frappe.local.cache, frappe.local.es_cache_seeded
	keys = [key for key in keys if key not in local]
	fields = [(name, key) for name, key in fields if key not in local.get(name, ())]
	if len(keys) + len(fields) < 2:
		return
	pipe = redis.Redis.pipeline(frappe.cache, transaction=False)
	for key in keys:
		pipe.get(key)
	for name, key in fields:
		pipe.hget(name, key)
	try:
		results = pipe.execute()
	except redis.exceptions.RedisError:
		return
	for key, raw in zip(keys, results[: len(keys)], strict=True):
		if raw is not None and key not in local:
			try:
				local[key] = loads(raw)
			except Exception:
				continue  # left for Frappe's own read
			seeded.add(key)
	for (name, key), raw in zip(fields, results[len(keys) :], strict=True):
		if raw is not None:
			values = local.setdefault(name, {})
			if key not in values:
				try:
					values[key] = loads(raw)
				except Exception:
					continue
				seeded.add((name, key))
