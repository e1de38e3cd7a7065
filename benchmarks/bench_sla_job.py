"""Benchmark: the scheduled SLA sweep over N open support cases.

    env/bin/python benchmarks/bench_sla_job.py --cases 100000

Bulk-inserts N open cases (spread over the active states, due dates from four weeks ago to
four weeks ahead, on the demo site's enterprises and departments), runs the sweep — the first
run sets every case's SLA status, warns and escalates whatever is due, the second takes the
long-overdue cases to the second level — and prints the seconds of each (a third run shows the
steady state, nothing left to do). The cases, their escalation rows and the notices are
deleted afterwards. Before the sweeps it waits (and says how long) until InnoDB has purged what
earlier transactions left, such as the previous run's deleted cases.

The floor, from the same run, right after the sweeps: one bare ``UPDATE`` (with its commit)
that changes the SLA status of exactly the case rows the first sweep changed (every case it
took off On Track, escalated or warned), best of two; the ratios divide each sweep by it. The
first sweep is the one to hold against it: it writes those rows, plus an escalation row for
each escalated case and the notices; the second writes the second level of about half of them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import secrets
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--cases", type=int, default=100_000)
	parser.add_argument("--site")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	site = args.site or json.loads((sites / "common_site_config.json").read_text())["default_site"]
	os.chdir(sites)
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")

	from frappe.utils import now_datetime

	from enterprise_support.domain import case_workflow as wf
	from enterprise_support.support_cases.sla_job import ACTIVE_STATES, sweep

	tag = f"SLA{secrets.token_hex(3).upper()}"
	rng = random.Random(2026)
	enterprises = frappe.get_all("Enterprise", fields=["name", "enterprise_name"], limit=500)
	departments = frappe.get_all("Service Department", pluck="name")
	if not enterprises or not departments:
		print("bench_sla_job: load the demo data first (bench --site SITE setup-demo)")
		return 1
	now = now_datetime().replace(microsecond=0)
	started = now
	states = [s for s in ACTIVE_STATES if s != wf.SUBMITTED] + [wf.SUBMITTED]
	fields = [
		"name",
		"subject",
		"enterprise",
		"enterprise_name",
		"category",
		"description",
		"department",
		"workflow_state",
		"received_on",
		"response_due",
		"resolution_due",
		"sla_status",
		"escalation_level",
		"paused_working_days",
		"priority",
		"channel",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
	]
	names = []
	try:
		t0 = time.perf_counter()
		batch = []
		for i in range(args.cases):
			enterprise = enterprises[i % len(enterprises)]
			due = now + dt.timedelta(days=rng.randint(-28, 28), hours=rng.randint(0, 23))
			due = due.replace(hour=23, minute=59, second=59)
			name = f"{tag}-{i:07d}"
			names.append(name)
			batch.append(
				(
					name,
					f"压测诉求 {i}",
					enterprise.name,
					enterprise.enterprise_name,
					"求助",
					"压测",
					departments[i % len(departments)],
					states[i % len(states)],
					due - dt.timedelta(days=10),
					due - dt.timedelta(days=9),
					due,
					"On Track",
					0,
					0,
					"Normal",
					"Phone",
					now,
					now,
					"Administrator",
					"Administrator",
					0,
				)
			)
			if len(batch) == 10_000:
				frappe.db.bulk_insert("Support Case", fields=fields, values=batch)
				batch = []
		if batch:
			frappe.db.bulk_insert("Support Case", fields=fields, values=batch)
		frappe.db.commit()
		load = time.perf_counter() - t0
		waited = wait_for_purge(frappe)
		t1 = time.perf_counter()
		first = sweep(now)
		first_seconds = time.perf_counter() - t1
		first_notices = run_notices_job(frappe, first)
		t2 = time.perf_counter()
		second = sweep(now)
		second_seconds = time.perf_counter() - t2
		second_notices = run_notices_job(frappe, second)
		t3 = time.perf_counter()
		third = sweep(now)
		third_seconds = time.perf_counter() - t3
		run_notices_job(frappe, third)
		floor_rows, floor_runs = update_floor(frappe, tag)
		floor = min(floor_runs)
		print(
			f"bench_sla_job: open_cases={args.cases} load_seconds={load:.1f} "
			f"waited_for_purge_seconds={waited:.1f} load_average={os.getloadavg()[0]:.2f}\n"
			f"  first_sweep_seconds={first_seconds:.2f} ({counts(first)})\n"
			f"    its notices job: {first_notices}\n"
			f"  second_sweep_seconds={second_seconds:.2f} ({counts(second)})\n"
			f"    its notices job: {second_notices}\n"
			f"  steady_sweep_seconds={third_seconds:.2f} ({counts(third)})\n"
			f"  floor_update_seconds={floor:.2f} (one bare UPDATE + commit of the {floor_rows} case rows "
			f"the first sweep changed; best of {', '.join(f'{x:.2f}' for x in floor_runs)})\n"
			f"  ratio first/floor={first_seconds / floor:.2f} second/floor={second_seconds / floor:.2f} "
			f"steady/floor={third_seconds / floor:.2f}"
		)
	finally:
		frappe.db.rollback()
		for start in range(0, len(names), 10_000):
			chunk = names[start : start + 10_000]
			frappe.db.delete("Support Case Escalation", {"parent": ("in", chunk)})
			frappe.db.delete("Support Case", {"name": ("in", chunk)})
		frappe.db.delete(
			"Notification Log",
			{
				"document_type": "Support Case",
				"creation": (">=", started),
				"document_name": ("like", f"{tag}%"),
			},
		)
		frappe.db.commit()
		frappe.destroy()
	return 0


def wait_for_purge(frappe, most: int = 5_000, timeout: float = 300.0) -> float:
	"""Seconds waited for InnoDB to purge what earlier transactions left (a previous run deletes
	its 100,000 cases at the end; purging them takes a core for a minute or more), so that the
	sweeps are not timed against that cleanup."""
	import pymysql

	started = time.perf_counter()
	conf = frappe.conf
	if not conf.get("root_login"):
		return 0.0  # the site's own account may not read InnoDB's status (PROCESS privilege)
	admin = pymysql.connect(
		host=conf.get("db_host") or "127.0.0.1",
		port=int(conf.get("db_port") or 3306),
		user=conf.root_login,
		password=conf.get("root_password") or "",
	)
	try:
		with admin.cursor() as cursor:
			while time.perf_counter() - started < timeout:
				cursor.execute("show engine innodb status")
				match = re.search(r"History list length (\d+)", cursor.fetchone()[2])
				if not match or int(match[1]) <= most:
					break
				time.sleep(2)
	finally:
		admin.close()
	return time.perf_counter() - started


def counts(result: dict) -> dict:
	return {key: value for key, value in result.items() if key.startswith(("escalated", "warned"))}


def run_notices_job(frappe, result: dict) -> str:
	"""The notices job the sweep queued, taken off the queue and run here (so that no worker
	sends notices about the benchmark's cases): its seconds and how many notices it wrote."""
	from frappe.utils.background_jobs import get_job

	from enterprise_support.support_cases.sla_job import send_notices

	if not result.get("notices_job"):
		return "none queued"
	job = get_job(result["notices_job"])
	if job is None:
		return "queued, but already taken by a worker"
	kwargs = job.kwargs["kwargs"]
	job.delete()
	before = frappe.db.count("Notification Log")
	t0 = time.perf_counter()
	send_notices(**kwargs)
	seconds = time.perf_counter() - t0
	return f"{seconds:.2f} s, {frappe.db.count('Notification Log') - before} notices"


def update_floor(frappe, tag: str) -> tuple[int, list[float]]:
	"""The rows the first sweep changed (every benchmark case it took off On Track, escalated or
	warned: the later sweeps change only some of these again), and the seconds of two bare
	UPDATEs changing one column of exactly those rows, each with its commit as the sweep has."""
	where = """name between %(first)s and %(last)s
		and (sla_status != 'On Track' or escalation_level > 0 or warned_on is not null)"""
	bounds = {"first": f"{tag}-", "last": f"{tag}-9999999"}
	frappe.db.commit()
	rows = frappe.db.sql(f"select count(*) from `tabSupport Case` where {where}", bounds)[0][0]
	seconds = []
	# After the first of these the rows are Paused, so the same condition finds them again.
	for status in ("Paused", "On Track"):
		t0 = time.perf_counter()
		frappe.db.sql(
			f"update `tabSupport Case` set sla_status = %(status)s where {where}",
			{**bounds, "status": status},
		)
		frappe.db.commit()
		seconds.append(time.perf_counter() - t0)
	return rows, seconds


if __name__ == "__main__":
	sys.exit(main())
