"""Where the time of one case intake over REST goes: statements and milliseconds per part.

    env/bin/python benchmarks/profile_case_insert.py            # 30 measured inserts
    env/bin/python benchmarks/profile_case_insert.py -n 50 --cprofile 40

Runs the whole request in this process (Frappe's WSGI application, werkzeug's test client: the
same code gunicorn runs, without the network) as a throwaway staff user, with the payload of
``bench_case_api.py`` (benchmarks/case_payload.json), and a bare ToDo insert for comparison.
Every SQL statement is attributed to the part of the request that made it (the innermost
known caller on the stack), and each part's own Python time is measured with timers around
its entry points; each round trip to Redis (a pipeline is one) is counted the same way.
Prints per-insert means: statements, SQL ms, wall ms and Redis round trips per part. Attributing
costs a stack walk per statement, which the parts' wall times include: --walls-only times the
parts without it. With --cprofile N it instead profiles the case inserts and prints the N most
expensive functions (--sort tottime for their own time).
Everything made is deleted afterwards.
"""

from __future__ import annotations

import argparse
import collections
import cProfile
import io
import json
import pstats
import secrets
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_case_api import PAYLOAD, clean_up, connect, make_staff_user, payload_for

# (part, substring of a stack frame's "file:function"), innermost match wins.
PARTS = [
	("request: auth, session, roles", ("frappe/auth.py", "frappe/sessions.py", "frappe/app.py")),
	("request guard (auth hook)", ("enterprise_support/request_guard.py",)),
	("permissions", ("frappe/permissions.py", "enterprise_support/permissions.py")),
	("new doc, defaults", ("frappe/model/create_new.py",)),
	("link validation (Frappe)", ("base_document.py:get_invalid_links",)),
	("naming series", ("frappe/model/naming.py",)),
	("case validate (ours)", ("support_case.py:validate", "support_cases/deadlines.py")),
	("insert rows", ("base_document.py:db_insert",)),
	("workflow (Frappe)", ("frappe/model/workflow.py",)),
	("workflow actions (Frappe)", ("workflow_action.py",)),
	("assignment rules (Frappe)", ("assignment_rule.py",)),
	("notifications (Frappe)", ("notification/notification.py",)),
	("follow / global search / version", ("document_follow", "global_search", "version.py")),
	("ToDo hooks (ours)", ("support_cases/assignment.py",)),
	("commit", ("database.py:commit",)),
]


def part_of(stack) -> str:
	names = [f"{f.filename}:{f.name}" for f in stack]
	for name in reversed(names):
		for part, needles in reversed(PARTS):
			if any(n in name for n in needles):
				return part
	return "other"


class Recorder:
	def __init__(self):
		self.on = False
		self.count = collections.Counter()
		self.sql_ms = collections.Counter()
		self.samples = []
		self.redis = collections.Counter()  # round trips to Redis (a pipeline is one)

	def install(self):
		import redis.connection

		recorder = self
		send = redis.connection.AbstractConnection.send_packed_command

		def send_packed_command(connection, command, check_health=True):
			if recorder.on:
				part = part_of(traceback.extract_stack()[:-1])
				recorder.redis[part] += 1
				first = command[0] if isinstance(command, list | tuple) and command else command
				words = bytes(first)[:80].split(b"\r\n")
				name = words[2].decode(errors="replace") if len(words) > 2 else "?"
				recorder.samples.append((part, f"redis: {name}"))
			return send(connection, command, check_health=check_health)

		redis.connection.AbstractConnection.send_packed_command = send_packed_command

		from frappe.database.database import Database

		original = Database.sql

		def sql(db, query, *args, **kwargs):
			if not recorder.on:
				return original(db, query, *args, **kwargs)
			part = part_of(traceback.extract_stack()[:-1])
			if str(query).strip().lower() in ("commit", "start transaction", "rollback"):
				part = "commit"
			start = time.perf_counter()
			try:
				return original(db, query, *args, **kwargs)
			finally:
				recorder.count[part] += 1
				recorder.sql_ms[part] += (time.perf_counter() - start) * 1000
				recorder.samples.append((part, str(query)[:110].replace("\n", " ").replace("\t", "")))

		Database.sql = sql


def wall_timers(recorder: Recorder):
	"""Wrap the entry points of each part to measure its wall time (inclusive of its SQL)."""
	import frappe.automation.doctype.assignment_rule.assignment_rule as ar
	import frappe.model.document as document
	import frappe.model.naming as naming
	import frappe.workflow.doctype.workflow_action.workflow_action as wa

	from enterprise_support.support_cases.doctype.support_case import support_case as sc

	wall = collections.Counter()

	def timed(owner, attr, part):
		original = getattr(owner, attr)

		def wrapper(*args, **kwargs):
			if not recorder.on:
				return original(*args, **kwargs)
			start = time.perf_counter()
			try:
				return original(*args, **kwargs)
			finally:
				wall[part] += (time.perf_counter() - start) * 1000

		setattr(owner, attr, wrapper)

	timed(sc.SupportCase, "validate", "case validate (ours)")
	timed(naming, "make_autoname", "naming series")
	timed(wa, "process_workflow_actions", "workflow actions (Frappe)")
	timed(ar, "apply", "assignment rules (Frappe)")
	timed(ar, "update_due_date", "assignment rules (Frappe)")
	timed(document.Document, "run_notifications", "notifications (Frappe)")
	timed(document.Document, "_validate_links", "link validation (Frappe)")
	timed(document.Document, "db_insert", "insert rows")
	return wall


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", default="enterprise.localhost")
	parser.add_argument("-n", type=int, default=30)
	parser.add_argument("--warmup", type=int, default=5)
	parser.add_argument("--cprofile", type=int, default=0, help="print the top N functions")
	parser.add_argument(
		"--sort", default="cumulative", help="with --cprofile: the order (cumulative, tottime, calls, …)"
	)
	parser.add_argument("--callers", help="with --cprofile: print the callers of functions matching this")
	parser.add_argument("--callees", help="with --cprofile: print what functions matching this call")
	parser.add_argument("--statements", action="store_true", help="list the statements of one insert")
	parser.add_argument(
		"--walls-only",
		action="store_true",
		help="time the parts only: no statement or Redis attribution (whose stack walks cost time)",
	)
	args = parser.parse_args()

	recorder = Recorder()
	if not args.walls_only:
		recorder.install()
	wall = wall_timers(recorder)
	frappe = connect(args.site)
	tag = secrets.token_hex(4)
	email, password = f"bench-intake-{tag}@example.com", f"Bench-{secrets.token_urlsafe(12)}"
	make_staff_user(frappe, email, password)
	payload = payload_for(frappe, json.loads(PAYLOAD.read_text()))
	frappe.db.commit()
	frappe.destroy()

	from frappe.app import application
	from werkzeug.test import Client

	client = Client(application)
	headers = {"Host": args.site, "Accept": "application/json"}

	marker = f"profile-{tag}"

	def post(doctype, body):
		start = time.perf_counter()
		response = client.post(f"/api/resource/{doctype}", json=body, headers=headers)
		elapsed = (time.perf_counter() - start) * 1000
		assert response.status_code == 200, response.get_data(as_text=True)[:500]
		return elapsed

	def case(i):
		return {k: v.replace("{marker}", marker).replace("{i}", str(i)) for k, v in payload.items()}

	def todo(i):
		return {"description": f"{marker} #{i}"}

	results = {}
	profile = cProfile.Profile() if args.cprofile else None
	try:
		r = client.post("/api/method/login", data={"usr": email, "pwd": password}, headers=headers)
		assert r.status_code == 200, r.get_data(as_text=True)[:300]
		for label, doctype, body in (("ToDo", "ToDo", todo), ("Support Case", "Support Case", case)):
			for i in range(args.warmup):
				post(doctype, body(i))
			recorder.count.clear(), recorder.sql_ms.clear(), wall.clear(), recorder.samples.clear()
			recorder.redis.clear()
			recorder.on = not profile  # attributing statements costs time: not while profiling
			total, cpu0, per_request = 0.0, time.process_time(), []
			for i in range(args.n):
				if profile and label == "Support Case":
					profile.enable()
				last_start = len(recorder.samples)
				total += post(doctype, body(args.warmup + i))
				sent = recorder.samples[last_start:]
				per_request.append(len([1 for _part, text in sent if not text.startswith("redis: ")]))
				if profile and label == "Support Case":
					profile.disable()
			cpu = (time.process_time() - cpu0) * 1000 / args.n
			recorder.on = False
			results[label] = (
				total / args.n,
				cpu,
				dict(recorder.count),
				dict(recorder.sql_ms),
				dict(wall),
				dict(recorder.redis),
			)
			if not profile:
				# More than the fewest means a cache was rebuilt in that request (a metadata or
				# document cache cleared by a migrate, a test or a save elsewhere on the site).
				print(
					f"{label}: statements per insert: fewest {min(per_request)}, median "
					f"{sorted(per_request)[len(per_request) // 2]}, most {max(per_request)}"
				)
			if args.statements and label == "Support Case":
				print(f"statements of one {label} insert:")
				for part, query in recorder.samples[last_start:]:
					print(f"  [{part}] {query}")
	finally:
		frappe = connect(args.site)
		clean_up(frappe, email)
		frappe.destroy()

	for label, (mean_ms, cpu_ms, count, sql_ms, wall_ms, redis_trips) in results.items():
		n = args.n
		print(
			f"\n{label}: {mean_ms:.1f} ms per insert (this process's CPU {cpu_ms:.1f} ms), "
			f"{sum(count.values()) / n:.1f} statements, {sum(sql_ms.values()) / n:.1f} ms in SQL, "
			f"{sum(redis_trips.values()) / n:.1f} round trips to Redis"
		)
		print(f"  {'part':<36} {'stmts':>6} {'sql ms':>7} {'wall ms':>8} {'redis':>6}")
		for part, _ in [*PARTS, ("other", ())]:
			if part in count or part in wall_ms or part in redis_trips:
				print(
					f"  {part:<36} {count.get(part, 0) / n:>6.1f} {sql_ms.get(part, 0) / n:>7.2f} "
					f"{(wall_ms.get(part, 0) / n) if part in wall_ms else float('nan'):>8.2f} "
					f"{redis_trips.get(part, 0) / n:>6.1f}"
				)
	if "ToDo" in results and "Support Case" in results:
		print(
			f"\nprofile_case_insert: n={args.n} case_ms={results['Support Case'][0]:.1f} "
			f"todo_ms={results['ToDo'][0]:.1f} ratio={results['Support Case'][0] / results['ToDo'][0]:.2f}x "
			f"case_statements={sum(results['Support Case'][2].values()) / args.n:.1f} "
			f"todo_statements={sum(results['ToDo'][2].values()) / args.n:.1f} "
			f"case_redis={sum(results['Support Case'][5].values()) / args.n:.1f} "
			f"todo_redis={sum(results['ToDo'][5].values()) / args.n:.1f}"
		)
	if profile:
		out = io.StringIO()
		stats = pstats.Stats(profile, stream=out).sort_stats(args.sort)
		stats.print_stats(args.cprofile)
		if args.callers:
			stats.print_callers(args.callers)
		if args.callees:
			stats.print_callees(args.callees)
		print(out.getvalue())
	return 0


if __name__ == "__main__":
	sys.exit(main())
