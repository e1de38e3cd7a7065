"""Frappe's remembered pure functions (enterprise_support/speedups.py) give what Frappe gives."""

from __future__ import annotations

import pytest


def test_installed_before_every_request_and_job(site):
	import frappe.database.query as query
	import frappe.utils.safe_exec as safe_exec

	from enterprise_support import speedups

	assert "enterprise_support.speedups.prefetch_request" in site.get_hooks("before_request")
	assert "enterprise_support.speedups.learn_request" in site.get_hooks("after_request")
	assert "enterprise_support.speedups.install" in site.get_hooks("before_job")
	speedups.install()
	speedups.install()  # once per process, however often it is called

	assert hasattr(safe_exec.compile_restricted, "cache_info")
	assert not hasattr(safe_exec.compile_restricted.__wrapped__, "cache_info")
	assert hasattr(safe_exec._validate_safe_eval_syntax, "cache_info")
	assert callable(query.sqlparse.format) and query.sqlparse.__class__.__name__ == "SimpleNamespace"


def test_a_remembered_condition_is_evaluated_against_each_document(site):
	frappe = site
	condition = 'department == "甲" and workflow_state == "Dispatched"'
	assert frappe.safe_eval(condition, None, {"department": "甲", "workflow_state": "Dispatched"}) is True
	assert frappe.safe_eval(condition, None, {"department": "乙", "workflow_state": "Dispatched"}) is False
	assert frappe.safe_eval(condition, None, {"department": "甲", "workflow_state": "Dispatched"}) is True


def test_forbidden_syntax_is_refused_every_time(site):
	frappe = site
	for _ in range(3):
		with pytest.raises(SyntaxError):
			frappe.safe_eval("(x := 1)")
		with pytest.raises(SyntaxError):
			frappe.safe_eval("__import__('os').system('true')")


def test_field_names_are_still_cleaned(site):
	frappe = site
	# A comment smuggled into a field name is stripped before the statement is built, every time.
	for _ in range(2):
		sql = frappe.qb.get_query("ToDo", fields=["name /* x */"], filters={"name": "none"}).get_sql()
		assert "/*" not in sql
	assert frappe.db.get_value("DocType", "ToDo", "module") == "Desk"


def test_workflow_actions_skipped_only_where_none_can_exist(site):
	"""The case workflow has only optional states: Frappe would make no Workflow Action for it."""
	frappe = site
	from enterprise_support.speedups import _every_state_optional

	workflow = frappe.get_doc("Workflow", frappe.db.get_value("Workflow", {"document_type": "Support Case"}))
	assert workflow.is_active and workflow.states
	assert all(state.is_optional_state for state in workflow.states)
	assert _every_state_optional("Support Case") is True
	assert _every_state_optional("ToDo") is False  # no workflow: Frappe's code runs
	# And none exist for any case (the same as Frappe's own code would leave).
	assert not frappe.db.count("Workflow Action", {"reference_doctype": "Support Case"})


def _statements(frappe, monkeypatch) -> list[str]:
	sent: list[str] = []
	original = frappe.db.sql

	def sql(query, *args, **kwargs):
		sent.append(str(query))
		return original(query, *args, **kwargs)

	monkeypatch.setattr(frappe.db, "sql", sql)
	return sent


def test_is_single_reads_the_metadata_and_agrees_with_the_database(site, monkeypatch):
	frappe = site
	from enterprise_support import speedups

	speedups.install()
	import frappe.model.meta as meta

	from enterprise_support.speedups import ORIGINALS

	doctypes = [
		"Enterprise Support Settings",
		"Support Case",
		"Support Case Reply",
		"ToDo",
		"System Settings",
	]
	expected = {dt: ORIGINALS["is_single"](dt) for dt in doctypes}
	assert expected["Enterprise Support Settings"] == 1 and expected["Support Case"] == 0
	for doctype in doctypes:
		frappe.get_meta(doctype)  # as making a document has done before it asks
	sent = _statements(frappe, monkeypatch)
	assert {dt: meta.is_single(dt) for dt in doctypes} == expected
	assert not [q for q in sent if "issingle" in q]  # no query: the metadata answered
	# A doctype that does not exist is answered by the database, as before (no value).
	assert meta.is_single("No Such DocType 4711") is None
	# While a doctype may be changing (migrate), the database answers.
	monkeypatch.setattr(frappe.flags, "in_migrate", True)
	assert meta.is_single("Support Case") == 0
	assert [q for q in sent if "issingle" in q]


def test_new_rows_get_their_defaults_and_empty_tables_make_no_template(site, monkeypatch):
	frappe = site
	from enterprise_support import speedups

	speedups.install()
	made: list[str] = []
	original = frappe.new_doc

	def new_doc(doctype, *args, **kwargs):
		made.append(doctype)
		return original(doctype, *args, **kwargs)

	monkeypatch.setattr(frappe, "new_doc", new_doc)
	case = frappe.get_doc({"doctype": "Support Case", "subject": "默认值"})
	case.set("__islocal", True)  # as insert() marks it before setting defaults
	row = case.append("replies", {"content": "答复"})
	assert not row.side
	case._set_defaults()
	# The new reply row gets the same default as Frappe gives it: the first option.
	assert row.side == "District"
	assert row.parent == case.name and row.parentfield == "replies"
	# A template is made for the case and for the table with a new row, not for the empty ones.
	assert made == ["Support Case", "Support Case Reply"]
	# The case itself got its defaults as before.
	assert (case.priority, case.channel) == ("Normal", "Staff")


def test_assignments_read_as_frappe_reads_them(site):
	frappe = site
	from enterprise_support import speedups

	speedups.install()
	import frappe.automation.doctype.assignment_rule.assignment_rule as assignment_rule

	from enterprise_support.speedups import ORIGINALS, get_assignments

	assert assignment_rule.get_assignments is get_assignments
	case = frappe.get_all("Support Case", pluck="name", limit=1)[0]
	made = []
	try:
		for status in ("Open", "Cancelled", "Closed", "Open"):
			todo = frappe.get_doc(
				{
					"doctype": "ToDo",
					"description": "speedups test",
					"reference_type": "Support Case",
					"reference_name": case,
					"status": status,
				}
			)
			todo.db_insert()
			made.append(todo.name)
		doc = frappe._dict(doctype="Support Case", name=case)
		assert set(made) & {row.name for row in get_assignments(doc)}
		ours = get_assignments(doc)
		assert ours == ORIGINALS["get_assignments"](doc)
		assert all(frappe.db.get_value("ToDo", row.name, "status") != "Cancelled" for row in ours)
		assert get_assignments(frappe._dict(doctype="Support Case", name="no such case")) == []
	finally:
		frappe.db.rollback()


def test_plain_get_value_gives_what_the_query_builder_gives(site, monkeypatch):
	frappe = site
	from frappe.database.database import Database

	from enterprise_support import speedups

	speedups.install()
	original = speedups.ORIGINALS["_get_values_from_table"]
	firm = frappe.get_all("Enterprise", pluck="name", limit=1)[0]
	calls = [
		(["name", "enterprise_name", "street"], firm, "Enterprise", True),
		(["name"], firm, "Enterprise", False),
		(["name"], "x' or '1'='1", "Enterprise", False),  # a name is a value, never SQL
		(["name"], "不存在的企业", "Enterprise", True),
		(["name", "module"], "ToDo", "DocType", True),
	]
	for args in calls:
		for options in ({"order_by": "modified", "limit": 1}, {"order_by": None}, {"order_by": "modified"}):
			ours = Database._get_values_from_table(frappe.db, *args, **options)
			theirs = original(frappe.db, *args, **options)
			assert ours == theirs and type(ours) is type(theirs), (args, options)
	assert frappe.db.get_value("Enterprise", firm, "name") == firm
	assert frappe.db.get_value("Enterprise", "x' or '1'='1", "name") is None
	# Anything but plain columns, a plain order and no locking goes to Frappe's builder.
	sent = _statements(frappe, monkeypatch)
	frappe.db.get_value("Enterprise", firm, "count(name) as n")
	frappe.db.get_value("Enterprise", firm, "name", for_update=True)
	frappe.db.get_value("Enterprise", firm, "name", order_by="creation desc")
	assert not [q for q in sent if q.startswith("select `")]  # none written by the fast path
	sent.clear()
	frappe.db.get_value("Enterprise", firm, ["name", "street"])
	assert sent == [
		"select `name`, `street` from `tabEnterprise` where `name` = %s order by `modified` desc limit 1"
	]


def test_the_same_bytes_give_the_same_shared_object_and_new_bytes_a_new_one(site):
	frappe = site
	import pickle

	from frappe.model.meta import Meta

	from enterprise_support import speedups

	speedups.install()
	meta = frappe.get_meta("Support Case")
	raw = pickle.dumps(meta, protocol=4)
	assert speedups._pickled_class(raw) == ("frappe.model.meta", "Meta")
	first, second = speedups.loads(raw), speedups.loads(raw)
	assert first is second and type(first) is Meta and first.name == "Support Case"
	changed = pickle.loads(raw)
	changed.title_field = "subject_changed"
	other = speedups.loads(pickle.dumps(changed, protocol=4))
	assert (
		other is not first
		and other.title_field == "subject_changed"
		and first.title_field != "subject_changed"
	)
	# Any other class is unpickled afresh every time: documents a request may change stay its own.
	case_bytes = pickle.dumps(frappe._dict(a=1), protocol=4)
	assert speedups.loads(case_bytes) is not speedups.loads(case_bytes)
	todo = frappe.new_doc("ToDo")
	todo.description = "x"
	todo_bytes = pickle.dumps(todo, protocol=4)
	assert speedups._pickled_class(todo_bytes) not in speedups.SHARED_CLASSES
	assert speedups.loads(todo_bytes) is not speedups.loads(todo_bytes)
	# The desk's form metadata is not shared either.
	from frappe.desk.form.meta import FormMeta

	form_bytes = pickle.dumps(FormMeta("ToDo"), protocol=4)
	assert speedups.loads(form_bytes) is not speedups.loads(form_bytes)


def test_assignment_rules_are_read_in_one_round_trip_and_still_applied(site, monkeypatch):
	frappe = site
	import redis

	from enterprise_support import speedups

	speedups.install()
	rules = frappe.get_all(
		"Assignment Rule", filters={"document_type": "Support Case", "disabled": 0}, pluck="name"
	)
	assert len(rules) >= 2
	for rule in rules:
		frappe.get_cached_doc("Assignment Rule", rule)  # cached in Redis, as after any request
	frappe.local.cache.clear()
	single_reads, batched = [], []
	get, mget = redis.Redis.get, redis.Redis.mget
	monkeypatch.setattr(redis.Redis, "get", lambda self, key: single_reads.append(key) or get(self, key))
	monkeypatch.setattr(
		redis.Redis, "mget", lambda self, keys, *a: batched.append(keys) or mget(self, keys, *a)
	)
	speedups._prefetch_rules("Support Case")
	assert len(batched) == 1 and len(batched[0]) == len(rules)
	docs = [frappe.get_cached_doc("Assignment Rule", rule) for rule in rules]
	assert not [key for key in single_reads if b"Assignment Rule" in key]  # all found locally
	assert sorted(doc.name for doc in docs) == sorted(rules)
	assert all(doc.document_type == "Support Case" for doc in docs)


def test_a_request_reads_what_the_last_of_its_kind_read_in_one_round_trip(site, monkeypatch):
	frappe = site
	import redis

	from enterprise_support import speedups

	speedups.install()
	request = frappe._dict(method="POST", path="/api/resource/Support Case")
	monkeypatch.setattr(frappe.local, "request", request, raising=False)
	speedups._learned.pop(speedups._route(request), None)
	frappe.get_meta("Enterprise"), frappe.get_meta("Case Category")  # in Redis, as after any request
	frappe.get_cached_doc("Workflow", frappe.db.get_value("Workflow", {"document_type": "Support Case"}))

	def first_request():
		frappe.local.cache.clear()
		speedups.prefetch_request()
		return (
			frappe.get_meta("Enterprise"),
			frappe.get_meta("Case Category"),
			frappe.cache.get_value("app_hooks"),
		)

	before = first_request()
	speedups.learn_request()
	keys, fields = speedups._learned[speedups._route(request)]
	assert (frappe.cache.make_key("doctype_meta"), "Enterprise") in fields
	assert frappe.cache.make_key("app_hooks") in keys

	# The next request of the kind reads them all in one pipelined round trip, then not again.
	single, pipelined = [], []
	get, hget, execute = redis.Redis.get, redis.Redis.hget, redis.client.Pipeline.execute
	queued = redis.client.Pipeline  # a pipeline's get/hget only queue the command

	def spy_get(self, key):
		if not isinstance(self, queued):
			single.append(key)
		return get(self, key)

	def spy_hget(self, name, key):
		if not isinstance(self, queued):
			single.append((name, key))
		return hget(self, name, key)

	monkeypatch.setattr(redis.Redis, "get", spy_get)
	monkeypatch.setattr(redis.Redis, "hget", spy_hget)
	monkeypatch.setattr(
		redis.client.Pipeline,
		"execute",
		lambda self, *a, **k: pipelined.append(len(self.command_stack)) or execute(self, *a, **k),
	)
	after = first_request()
	speedups.learn_request()
	assert pipelined and pipelined[0] >= 3
	assert not single  # every read found in the request's cache
	assert after[0].name == "Enterprise" and after[1].name == "Case Category"
	assert after[2] == before[2]
	assert [df.fieldname for df in after[0].fields] == [df.fieldname for df in before[0].fields]
	# What it read from the prefetch is still learned (every request of the kind prefetches) ...
	meta_key = frappe.cache.make_key("doctype_meta")
	_, fields = speedups._learned[speedups._route(request)]
	assert (meta_key, "Enterprise") in fields and (meta_key, "Case Category") in fields
	# ... and what a request prefetched but never read is not asked for again.
	frappe.local.cache.clear()
	speedups.prefetch_request()
	frappe.get_meta("Enterprise")
	speedups.learn_request()
	_, fields = speedups._learned[speedups._route(request)]
	assert (meta_key, "Enterprise") in fields and (meta_key, "Case Category") not in fields

	# A value changed in Redis after the prefetch is what Frappe drops and reads again.
	frappe.cache.delete_value("app_hooks")
	assert frappe.cache.make_key("app_hooks") not in frappe.local.cache
	frappe.local.es_cache_reads = None


def test_a_request_of_another_kind_prefetches_nothing(site, monkeypatch):
	frappe = site
	from enterprise_support import speedups

	speedups.install()
	request = frappe._dict(method="GET", path="/api/method/some.kind.never.seen")
	monkeypatch.setattr(frappe.local, "request", request, raising=False)
	speedups._learned.pop(speedups._route(request), None)
	calls = []
	monkeypatch.setattr(speedups, "_prefetch", lambda *a: calls.append(a))
	speedups.prefetch_request()
	assert not calls
	frappe.local.es_cache_reads = None


def test_assignments_read_once_per_application_unless_a_todo_is_written(site, monkeypatch):
	"""Within one application of the rules, the second read of a document's assignments is the
	first read's rows, unless a ToDo was inserted, changed or deleted in between: then it is read
	again and sees the change."""
	frappe = site
	from enterprise_support import speedups

	speedups.install()
	case = frappe.get_all("Support Case", pluck="name", limit=1)[0]
	doc = frappe._dict(doctype="Support Case", name=case)
	frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": case})
	sent = _statements(frappe, monkeypatch)

	def reads() -> int:
		return len([q for q in sent if "`assignment_rule` from `tabToDo`" in q])

	frappe.local.es_assignments = {}  # as speedups._apply opens an application of the rules
	try:
		assert speedups.get_assignments(doc) == [] and reads() == 1
		assert speedups.get_assignments(doc) == [] and reads() == 1  # nothing written: not read again
		todo = frappe.get_doc(
			{
				"doctype": "ToDo",
				"description": "memo",
				"reference_type": "Support Case",
				"reference_name": case,
			}
		).insert(ignore_permissions=True)
		assert [row.name for row in speedups.get_assignments(doc)] == [todo.name] and reads() == 2
		assert [row.name for row in speedups.get_assignments(doc)] == [todo.name] and reads() == 2
		todo.db_set("status", "Cancelled")  # as assign_to clears an assignment
		assert speedups.get_assignments(doc) == [] and reads() == 3
		todo.db_set("status", "Open")
		assert len(speedups.get_assignments(doc)) == 1 and reads() == 4
		todo.delete(ignore_permissions=True)
		assert speedups.get_assignments(doc) == [] and reads() == 5
		# Another document is read for itself.
		other = frappe._dict(doctype="Support Case", name=f"{case}-none")
		assert speedups.get_assignments(other) == [] and reads() == 6
	finally:
		frappe.local.es_assignments = None
		frappe.db.rollback()
	# Outside an application of the rules every call reads.
	before = reads()
	speedups.get_assignments(doc), speedups.get_assignments(doc)
	assert reads() == before + 2


def test_applying_rules_reads_assignments_once_and_the_weekday_once(site, monkeypatch):
	frappe = site
	import frappe.automation.doctype.assignment_rule.assignment_rule as assignment_rule
	import frappe.utils as frappe_utils

	from enterprise_support import speedups

	speedups.install()
	case = frappe.get_doc("Support Case", frappe.get_all("Support Case", pluck="name", limit=1)[0])
	frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": case.name})
	rules = frappe.get_all("Assignment Rule", filters={"document_type": "Support Case", "disabled": 0})
	assert len(rules) >= 2
	weekdays, seen_days = [], []
	original_weekday = frappe_utils.get_weekday
	monkeypatch.setattr(frappe_utils, "get_weekday", lambda *a: weekdays.append(1) or original_weekday(*a))
	original_check = assignment_rule.AssignmentRule.is_rule_not_applicable_today

	def is_rule_not_applicable_today(rule):
		seen_days.append(frappe.flags.assignment_day)
		return original_check(rule)

	monkeypatch.setattr(
		assignment_rule.AssignmentRule, "is_rule_not_applicable_today", is_rule_not_applicable_today
	)
	sent = _statements(frappe, monkeypatch)
	try:
		case.workflow_state = "Draft"  # no rule assigns a draft: nothing is written
		assignment_rule.apply(case)
		assert len([q for q in sent if "`assignment_rule` from `tabToDo`" in q]) == 1  # Frappe: twice
		assert len(weekdays) == 1 and len(seen_days) >= len(rules)
		assert set(seen_days) == {original_weekday()}
		assert not frappe.flags.assignment_day  # given back as it was
		# A day set by the caller (as Frappe's tests do) is the one the rules see.
		frappe.flags.assignment_day = "Sunday"
		seen_days.clear()
		assignment_rule.apply(case)
		assert set(seen_days) == {"Sunday"} and frappe.flags.assignment_day == "Sunday"
	finally:
		frappe.flags.assignment_day = None
		frappe.db.rollback()
