"""Benchmark: the Industry Chain Report on a district-sized data set, against one hand-written
GROUP BY query that returns the same figures.

    env/bin/python benchmarks/bench_reports.py            # make/fill the site if needed, time
    env/bin/python benchmarks/bench_reports.py --reload   # regenerate the data first
    env/bin/python benchmarks/bench_reports.py --drop     # ... and drop the site afterwards

The data lives in a site of its own, ``bench-reports.localhost``, so the demo site stays small.
The first run makes it with ``bench new-site`` and the MariaDB admin account of
common_site_config.json; when MariaDB refuses that account's password (another bench on the
machine may have reset it), the site's database and user are made over MariaDB's root socket,
as bin/setup does, and ``bench new-site --no-setup-db`` installs into them. Its scheduler is
paused. The site is kept between runs (loading takes about seven minutes) and migrated at the
start of each; ``--drop`` removes it. The bench's Redis is started for the run when it is not
running (making the site and loading the demo data enqueue jobs) and stopped afterwards.

Data: the demo data set (chains, streets, departments, users), then 100,000 enterprises,
300,000 patents and 30,000 designations from ``setup/scale_data.generate()`` and 1,000,000
support cases generated here, deterministically from ``--seed``, with deadlines, SLA outcomes,
resolution times and ratings counted on the site's work calendar. Rows go in with
LOAD DATA LOCAL INFILE, 100,000 at a time (no document inserts).

Timing: the report's ``execute()`` (this year so far, no other filter), one hand-written
statement (the four families stacked with UNION ALL and summed up the chain tree once; it joins
each case, patent and designation to its enterprise by primary key, as the report's first
design did) and the SQL floor's statement (``../shared/perf/sql_floor.py``, on its own
database, which the script builds or reuses and times first) run alternately ``--repeat`` times
after a warm-up, so that the box's slow and quick moments fall on each alike; the medians and
their ratios are printed with the figures of every chain, after checking that the report and
the hand-written statement give the same figures for every node of the tree. Also printed: the
indexes on the tables the report reads.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
SITES = BENCH / "sites"
SITE = "bench-reports.localhost"
CHUNK = 100_000
STAMP = "2026-11-26 00:00:00"


def log(message: str) -> None:
	print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


# --- the site ------------------------------------------------------------------------------------


def bench_cli() -> str:
	"""The bench command bin/setup used (config/bench-cli), else its cache venv's, else PATH's."""
	recorded = BENCH / "config" / "bench-cli"
	cache = Path(os.environ.get("ES_CACHE_DIR") or Path.home() / ".cache" / "enterprise_support")
	for candidate in (
		Path(recorded.read_text().strip()) if recorded.exists() else None,
		cache / "bench-cli" / "bin" / "bench",
	):
		if candidate and candidate.is_file():
			return str(candidate)
	return "bench"


def bench_env() -> dict:
	env = dict(os.environ)
	env["PATH"] = f"{Path(bench_cli()).parent}:{env.get('PATH', '')}"
	return env


def _redis_answers(port: int) -> bool:
	ping = subprocess.run(["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True)
	return ping.stdout.strip() == "PONG"


def start_redis() -> list[int]:
	"""Start the bench's Redis cache and queue when they are not running (a new site and the
	demo data enqueue jobs); return the ports started here, for ``stop_redis``."""
	started = []
	for name in ("redis_cache.conf", "redis_queue.conf"):
		conf = BENCH / "config" / name
		if not conf.exists():
			raise SystemExit(f"no {conf}: run bin/setup first")
		lines = conf.read_text().splitlines()
		port = int(next(line.split()[1] for line in lines if line.startswith("port ")))
		if not _redis_answers(port):
			subprocess.run(["redis-server", name, "--daemonize", "yes"], cwd=conf.parent, check=True)
			started.append(port)
	for port in started:
		for _ in range(50):
			if _redis_answers(port):
				break
			time.sleep(0.1)
	if started:
		log(f"started the bench's Redis on ports {started}")
	return started


def stop_redis(ports: list[int]) -> None:
	for port in ports:
		subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], capture_output=True)


def _root_login_works(config: dict) -> bool:
	"""Whether the bench's MariaDB admin account (common_site_config) accepts its password."""
	import pymysql

	try:
		pymysql.connect(
			host="localhost", user=config.get("root_login", "root"), password=config.get("root_password", "")
		).close()
		return True
	except pymysql.err.OperationalError:
		return False


def _run(command: list[str], what: str, **kw) -> None:
	# The command line carries passwords: say what failed, not how it was called.
	result = subprocess.run(command, cwd=kw.pop("cwd", BENCH), env=bench_env(), **kw)
	if result.returncode:
		raise SystemExit(f"{what} failed (exit {result.returncode}): see the output above")


def _socket_sql(sql: str) -> None:
	"""Run SQL as MariaDB's root over the local socket, as bin/setup does (OS root only)."""
	_run(["mariadb", "-e", sql], "MariaDB (root over the socket)")


def make_site(site: str) -> None:
	"""``bench new-site`` with the bench's MariaDB admin account; when that account no longer
	accepts the password in common_site_config.json (another bench on this machine may have
	reset it), the site's database and user are made over MariaDB's root socket instead and
	``bench new-site --no-setup-db`` installs into them."""
	import secrets

	config = json.loads((SITES / "common_site_config.json").read_text())
	log(f"creating the site {site}")
	started = time.perf_counter()
	if _root_login_works(config):
		_run(
			[
				bench_cli(),
				"new-site",
				site,
				"--db-root-username",
				config.get("root_login", "root"),
				"--db-root-password",
				config["root_password"],
				"--admin-password",
				"admin",
				"--install-app",
				"enterprise_support",
			],
			"bench new-site",
			stdout=subprocess.DEVNULL,
		)
	else:
		log("the bench's MariaDB admin password is refused: making the database over the root socket")
		db_name = "_bench_reports_" + secrets.token_hex(4)
		password = secrets.token_urlsafe(18)
		_socket_sql(
			f"create database `{db_name}` character set utf8mb4 collate utf8mb4_unicode_ci;"
			f"create user '{db_name}'@'localhost' identified by '{password}';"
			f"grant all privileges on `{db_name}`.* to '{db_name}'@'localhost';"
			"flush privileges;"
		)
		_run(
			[
				bench_cli(),
				"new-site",
				site,
				"--db-name",
				db_name,
				"--db-password",
				password,
				"--no-setup-db",
				"--admin-password",
				"admin",
				"--install-app",
				"enterprise_support",
			],
			"bench new-site",
			stdout=subprocess.DEVNULL,
		)
	# Nothing scheduled may touch the data between runs (the hourly SLA sweep would).
	_run(
		[bench_cli(), "--site", site, "set-config", "pause_scheduler", "1"],
		"bench set-config",
		stdout=subprocess.DEVNULL,
	)
	log(f"site created in {time.perf_counter() - started:.0f}s")


def drop_site(site: str) -> None:
	import shutil

	config = json.loads((SITES / "common_site_config.json").read_text())
	if _root_login_works(config):
		_run(
			[
				bench_cli(),
				"drop-site",
				site,
				"--db-root-username",
				config.get("root_login", "root"),
				"--db-root-password",
				config["root_password"],
				"--no-backup",
				"--force",
			],
			"bench drop-site",
			stdout=subprocess.DEVNULL,
		)
	else:
		db_name = json.loads((SITES / site / "site_config.json").read_text())["db_name"]
		_socket_sql(f"drop database if exists `{db_name}`; drop user if exists '{db_name}'@'localhost';")
		shutil.rmtree(SITES / site)
	log(f"dropped the site {site}")


# --- loading -------------------------------------------------------------------------------------


def _cell(value) -> str:
	if value is None:
		return "\\N"
	if isinstance(value, bool):
		return "1" if value else "0"
	if isinstance(value, dt.datetime):
		return value.strftime("%Y-%m-%d %H:%M:%S")
	if isinstance(value, dt.date):
		return value.isoformat()
	text = str(value)
	return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def load(frappe, doctype: str, columns: list[str], rows) -> int:
	"""LOAD DATA the rows (tuples in ``columns`` order) into the doctype's table, in chunks."""
	table = f"tab{doctype}"
	count = 0
	with tempfile.TemporaryDirectory() as tmp:
		path = Path(tmp) / "rows.tsv"

		def flush(lines):
			path.write_text("".join(lines), encoding="utf-8")
			frappe.db.sql(
				f"""load data local infile %s into table `{table}` character set utf8mb4
				fields terminated by '\\t' escaped by '\\\\' lines terminated by '\\n'
				({", ".join(f"`{c}`" for c in columns)})""",
				str(path),
			)
			frappe.db.commit()

		lines = []
		for row in rows:
			lines.append("\t".join(_cell(v) for v in row) + "\n")
			if len(lines) == CHUNK:
				flush(lines)
				count += len(lines)
				lines = []
		if lines:
			flush(lines)
			count += len(lines)
	return count


STANDARD = ["creation", "modified", "owner", "modified_by"]


def standard(moment=None) -> tuple:
	moment = moment or STAMP
	return (moment, moment, "Administrator", "Administrator")


def load_register(frappe, args) -> list[tuple[str, str]]:
	"""Enterprises, patents and designations from the scale generator; returns (uscc, name)."""
	from enterprise_support.domain import designations as designation_rules
	from enterprise_support.domain import enterprise_size as es
	from enterprise_support.setup.scale_data import ENTERPRISE_FIELDS, TODAY, generate

	data = generate(args.enterprises, args.patents, args.designations, seed=args.seed)
	standards = es.load_standards(es.DEFAULT_STANDARDS_PATH)
	enterprises: list[tuple[str, str]] = []
	fields = list(ENTERPRISE_FIELDS)
	statuses = {7: "Deregistered", 13: "Relocated"}  # one in 20 is no longer operating

	def enterprise_rows():
		for i, row in enumerate(data["enterprises"]):
			measures = {"employees": row["employees"], "operating_revenue": row["annual_revenue"]}
			size = es.classify_enterprise(row["industry_code"], measures, standards).size_class
			enterprises.append((row["uscc"], row["enterprise_name"]))
			yield (
				row["uscc"],
				*(row[f] for f in fields),
				size,
				statuses.get(i % 40, "Operating"),
				*standard(),
			)

	n = load(frappe, "Enterprise", ["name", *fields, "size_class", "status", *STANDARD], enterprise_rows())
	log(f"enterprises: {n}")

	def patent_rows():
		for row in data["patents"]:
			yield (
				row["application_number"],
				row["application_number"],
				row["publication_number"],
				row["patent_type"],
				"I" if row["patent_type"] == "Invention" else "II",
				row["title"],
				row["status"],
				row["application_date"],
				row["grant_date"],
				row["enterprise"],
				row["inventors"],
				*standard(),
			)

	patent_fields = [
		"name",
		"application_number",
		"publication_number",
		"patent_type",
		"ip_class",
		"title",
		"status",
		"application_date",
		"grant_date",
		"enterprise",
		"inventors",
		*STANDARD,
	]
	log(f"patents: {load(frappe, 'Patent', patent_fields, patent_rows())}")

	types = {
		r.name: (int(r.tier_rank or 0), int(r.validity_years or 3))
		for r in frappe.get_all("Designation Type", fields=["name", "tier_rank", "validity_years"])
	}
	names = dict(enterprises)

	def designation_rows():
		for i, row in enumerate(data["designations"]):
			rank, years = types[row["designation_type"]]
			valid_from = dt.date.fromisoformat(row["valid_from"])
			valid_to = designation_rules.valid_to(valid_from, years)
			yield (
				f"SD-BENCH-{i:07d}",
				row["enterprise"],
				names.get(row["enterprise"]),
				row["designation_type"],
				rank,
				row["certificate_number"],
				row["batch"],
				valid_from,
				valid_to,
				designation_rules.status_on(valid_from, valid_to, TODAY, 90),
				*standard(),
			)

	designation_fields = [
		"name",
		"enterprise",
		"enterprise_name",
		"designation_type",
		"tier_rank",
		"certificate_number",
		"batch",
		"valid_from",
		"valid_to",
		"status",
		*STANDARD,
	]
	log(f"designations: {load(frappe, 'Specialist Designation', designation_fields, designation_rows())}")
	return enterprises


CASE_FIELDS = [
	"name",
	"subject",
	"enterprise",
	"enterprise_name",
	"category",
	"priority",
	"channel",
	"received_on",
	"description",
	"department",
	"handler",
	"workflow_state",
	"response_due",
	"resolution_due",
	"responded_on",
	"response_status",
	"resolved_on",
	"closed_on",
	"resolution_working_days",
	"sla_status",
	"satisfaction_rating",
	"rated_on",
	"paused_working_days",
	"escalation_level",
	*STANDARD,
]
OPEN_MIX = (
	("Submitted", 10),
	("Accepted", 8),
	("Dispatched", 25),
	("In Progress", 35),
	("Awaiting Enterprise", 10),
	("Returned", 5),
	("Reopened", 7),
)
RATINGS = ((5, 55), (4, 25), (3, 10), (2, 6), (1, 4))


def _weighted(pairs):
	table = []
	for value, weight in pairs:
		table += [value] * weight
	return table


def case_rows(frappe, enterprises, n_cases: int, seed: int, now: dt.datetime):
	"""1,000,000 cases over 2024-01-02 .. now, older ones mostly closed, recent ones open."""
	from enterprise_support.domain import sla
	from enterprise_support.support_cases.deadlines import get_work_calendar

	rng = random.Random(f"cases:{seed}")
	rand = rng.random
	calendar = get_work_calendar()
	categories = frappe.get_all(
		"Case Category",
		filters={"is_active": 1},
		fields=["name", "time_limit_days", "response_limit_days", "default_department"],
		order_by="name",
	)
	members: dict[str, list[str]] = {}
	for row in frappe.get_all(
		"Service Department Member", filters={"parenttype": "Service Department"}, fields=["parent", "user"]
	):
		members.setdefault(row.parent, []).append(row.user)
	open_mix, ratings = _weighted(OPEN_MIX), _weighted(RATINGS)
	channels = ("Portal", "Phone", "Visit", "12345 Transfer", "Staff")
	first = dt.date(2024, 1, 2).toordinal()
	today = now.date()
	span = today.toordinal() - first
	cut = sla.thresholds(calendar, now, 1)
	n = len(enterprises)
	for i in range(n_cases):
		uscc, enterprise_name = enterprises[int(n * rand() ** 1.7)]
		category = categories[int(rand() * len(categories))]
		day = dt.date.fromordinal(first + int(span * rand() ** 0.8))
		if not calendar.is_working_day(day) and rand() < 0.8:
			day = calendar.add_working_days(day, 0)
			if day > today:
				day = today
		received = dt.datetime.combine(day, dt.time(8 + int(rand() * 10), int(rand() * 60), int(rand() * 60)))
		if received > now:
			received = now - dt.timedelta(hours=1)
		age = (today - day).days
		due = sla.deadlines(
			calendar, received, int(category.response_limit_days or 1), int(category.time_limit_days)
		)
		department = category.default_department
		handlers = members.get(department) or [None]
		handler = handlers[int(rand() * len(handlers))]
		r = rand()
		if r < 0.005:
			state = "Draft"
		elif age > 60:  # nearly all finished; a few stragglers still open
			state = "Closed" if r < 0.947 else "Rejected" if r < 0.977 else "Merged" if r < 0.997 else None
		elif age > 15:
			state = "Closed" if r < 0.80 else "Resolved" if r < 0.90 else "Rejected" if r < 0.95 else None
		else:
			state = "Closed" if r < 0.12 else "Resolved" if r < 0.22 else None
		if state is None:
			state = open_mix[int(rand() * len(open_mix))]
		responded = response_status = resolved = closed = rated_on = None
		working_days, rating, status = 0.0, 0, None
		if state not in ("Draft", "Submitted"):
			responded = received + dt.timedelta(minutes=20 + int(rand() * 2400))
			if responded > now:
				responded = now
			response_status = "Missed" if responded > due.response_due else "Met"
		elif state == "Submitted":
			response_status = "Overdue" if now > due.response_due else "On Track"
		if state in ("Resolved", "Closed"):
			limit = int(category.time_limit_days)
			spent = max(0, int(limit * (0.15 + 1.2 * rand() ** 1.5)))
			resolved_day = calendar.add_working_days(day, spent)
			resolved = dt.datetime.combine(resolved_day, dt.time(9 + int(rand() * 9), int(rand() * 60)))
			if resolved <= received:
				resolved = received + dt.timedelta(hours=2)
			if resolved > now:
				resolved = now
			working_days = sla.working_days_spent(calendar, received, resolved)
			status = sla.sla_status(calendar, now, due.resolution_due, resolved)
			if state == "Closed":
				closed = resolved + dt.timedelta(days=1 + int(rand() * 3))
				closed = min(closed, now)
				if rand() < 0.7:
					rating = ratings[int(rand() * len(ratings))]
					rated_on = closed
		elif state in ("Rejected", "Merged"):
			# Not accepted, or handled under another case: no resolution deadline (no SLA status).
			closed = responded or received + dt.timedelta(hours=3)
		elif state == "Awaiting Enterprise":
			status = "Paused"
		elif state != "Draft":
			if due.resolution_due < cut.overdue_before:
				status = "Overdue"
			elif due.resolution_due.date() <= cut.due_soon_until:
				status = "Due Soon"
			else:
				status = "On Track"
		dispatched = state not in ("Draft", "Submitted", "Accepted", "Rejected")
		yield (
			f"SC-{day.year}-B{i:07d}",
			f"企业诉求（压测）{i}",
			uscc,
			enterprise_name,
			category.name,
			"Normal",
			channels[i % len(channels)],
			received,
			"压测数据",
			department if dispatched else None,
			handler if dispatched else None,
			state,
			due.response_due,
			due.resolution_due,
			responded,
			response_status,
			resolved,
			closed,
			working_days,
			status,
			rating,
			rated_on,
			0,
			1 if status == "Overdue" and rand() < 0.5 else 0,
			*standard(received),
		)


def fill_kept_current(frappe) -> None:
	"""The rows went in without their documents' events: bring in what those keep current,
	set-wise, as the patch cases_carry_enterprise_position does on an existing site (only rows
	that differ are written, so on a filled site this only reads)."""
	from enterprise_support.enterprise_registry.rollups import recount_all_patent_counts
	from enterprise_support.support_cases.enterprise_position import sync_cases

	started = time.perf_counter()
	recount_all_patent_counts(commit=True)
	frappe.db.commit()
	moved = sync_cases(commit=True)
	frappe.db.commit()
	log(
		f"patent counts and case positions in step ({moved} cases moved) in {time.perf_counter() - started:.0f}s"
	)


def ensure_data(frappe, args) -> None:
	counts = {
		doctype: frappe.db.count(doctype)
		for doctype in ("Enterprise", "Patent", "Specialist Designation", "Support Case")
	}
	loaded = (
		counts["Enterprise"] >= args.enterprises
		and counts["Patent"] >= args.patents
		and counts["Support Case"] >= args.cases
	)
	if loaded and not args.reload:
		log(f"data already loaded: {counts}")
		fill_kept_current(frappe)
		return
	from frappe.utils import now_datetime

	from enterprise_support.setup import demo

	started = time.perf_counter()
	for doctype in ("Support Case", "Specialist Designation", "Patent", "Enterprise"):
		frappe.db.sql(f"delete from `tab{doctype}`")
	frappe.db.commit()
	demo.load_demo_data()  # chains, streets, departments, users, categories (and a few firms)
	frappe.db.sql("delete from `tabSupport Case`")
	frappe.db.sql("delete from `tabSpecialist Designation`")
	frappe.db.sql("delete from `tabPatent`")
	frappe.db.sql("delete from `tabEnterprise`")
	frappe.db.commit()
	frappe.db.sql("set session unique_checks = 0")
	enterprises = load_register(frappe, args)
	now = now_datetime().replace(microsecond=0)
	n = load(frappe, "Support Case", CASE_FIELDS, case_rows(frappe, enterprises, args.cases, args.seed, now))
	log(f"support cases: {n}")
	frappe.db.sql("set session unique_checks = 1")
	for doctype in ("Enterprise", "Patent", "Specialist Designation", "Support Case"):
		frappe.db.sql(f"analyze table `tab{doctype}`")
	fill_kept_current(frappe)
	log(f"data loaded in {time.perf_counter() - started:.0f}s")


# --- the hand-written query ---------------------------------------------------------------------

POSITION = "coalesce(nullif(e.chain_link, ''), e.industry_chain)"
IN_PERIOD = "c.received_on >= %(start)s and c.received_on < %(end)s"
# Resolved (or closed) now, and resolved in the period.
RESOLVED = (
	"c.workflow_state in ('Resolved', 'Closed') and c.resolved_on >= %(start)s and c.resolved_on < %(end)s"
)
# A designation counts while it is valid today (active or expiring), whatever its stored status.
VALID_TODAY = "(sd.valid_from is null or sd.valid_from <= %(today)s) and (sd.valid_to is null or sd.valid_to >= %(today)s)"
OPEN = "c.workflow_state in %(open)s"


def hand_written_sql(designation_types: list[str]) -> str:
	"""One statement: each family grouped by where the enterprise sits, the four stacked with
	UNION ALL, then summed up the chain tree. Written independently of the report's code, with
	the same join order (STRAIGHT_JOIN from the big table to Enterprise: see chain_figures)."""
	designations = [f"d{i}" for i in range(len(designation_types))]
	columns = {
		"enterprise": {
			"enterprises": "count(*)",
			"size_large": "sum(e.size_class = 'Large')",
			"size_medium": "sum(e.size_class = 'Medium')",
			"size_small": "sum(e.size_class = 'Small')",
			"size_micro": "sum(e.size_class = 'Micro')",
		},
		"designation": {d: f"sum(sd.designation_type = %(type_{i})s)" for i, d in enumerate(designations)},
		"patent": {
			"invention": "sum(pt.patent_type = 'Invention')",
			"utility_model": "sum(pt.patent_type = 'Utility Model')",
			"design": "sum(pt.patent_type = 'Design')",
			"class_i": "sum(pt.ip_class = 'I' and pt.status = 'Granted')",
		},
		"case": {
			"open_cases": f"sum({OPEN})",
			"overdue_now": f"sum({OPEN} and c.sla_status = 'Overdue')",
			"received": f"sum({IN_PERIOD})",
			"resolved": f"sum({RESOLVED})",
			"resolution_days": f"sum(case when {RESOLVED} then c.resolution_working_days end)",
			"timed": f"sum({RESOLVED} and c.resolution_working_days is not null)",
			"met": f"sum({RESOLVED} and c.sla_status = 'Met')",
			"judged": f"sum({RESOLVED} and c.sla_status in ('Met', 'Missed'))",
			"rating_sum": f"sum(case when {RESOLVED} and c.satisfaction_rating > 0 then c.satisfaction_rating end)",
			"rated": f"sum({RESOLVED} and c.satisfaction_rating > 0)",
		},
	}
	every = [name for family in columns.values() for name in family]
	sources = {
		"enterprise": """from `tabEnterprise` e
			where e.status = 'Operating' and ifnull(e.industry_chain, '') != ''""",
		"designation": f"""from `tabSpecialist Designation` sd
			straight_join `tabEnterprise` e on e.name = sd.enterprise
			where {VALID_TODAY} and sd.designation_type in %(types)s
				and e.status = 'Operating' and ifnull(e.industry_chain, '') != ''""",
		"patent": """from `tabPatent` pt straight_join `tabEnterprise` e on e.name = pt.enterprise
			where e.status = 'Operating' and ifnull(e.industry_chain, '') != ''""",
		"case": f"""from `tabSupport Case` c straight_join `tabEnterprise` e on e.name = c.enterprise
			where c.workflow_state != 'Draft' and ({OPEN} or {IN_PERIOD} or ({RESOLVED}))
				and ifnull(e.industry_chain, '') != ''""",
	}
	branches = []
	for family, own in columns.items():
		select = ", ".join(f"{own.get(name, '0')} as {name}" for name in every)
		branches.append(f"select {POSITION} as position, {select} {sources[family]} group by position")
	union = "\n\t\tunion all\n\t\t".join(branches)
	sums = ", ".join(f"sum(x.{name}) as {name}" for name in every)
	return f"""select anc.name as node, {sums}
	from ({union}) x
	join `tabIndustry Chain` p on p.name = x.position
	join `tabIndustry Chain` anc on anc.lft <= p.lft and anc.rgt >= p.rgt
	group by anc.name"""


def hand_written(frappe, designation_types, start: dt.date, end: dt.date):
	from enterprise_support.industry_reports.chain_figures import OPEN_STATES

	params = {
		"open": OPEN_STATES,
		"start": start,
		"end": end + dt.timedelta(days=1),
		"types": tuple(designation_types),
		"today": end,
	}
	params.update({f"type_{i}": t for i, t in enumerate(designation_types)})
	return frappe.db.sql(hand_written_sql(designation_types), params, as_dict=True)


def figures_from_hand(row, designation_types) -> dict:
	from enterprise_support.domain.report_math import mean, share

	out = {
		k: int(row[k] or 0)
		for k in (
			"enterprises",
			"size_large",
			"size_medium",
			"size_small",
			"size_micro",
			"invention",
			"utility_model",
			"design",
			"class_i",
			"received",
			"open_cases",
			"resolved",
			"overdue_now",
		)
	}
	for i, _name in enumerate(designation_types):
		out[f"designation_{i + 1}"] = int(row[f"d{i}"] or 0)
	out["resolution_time"] = mean(row["resolution_days"], row["timed"])
	out["within_deadline"] = share(row["met"], row["judged"])
	out["satisfaction"] = mean(row["rating_sum"], row["rated"])
	return out


def sql_floor(script: str) -> tuple[float, float] | None:
	"""Run the SQL floor (a bare GROUP BY over 100,000 enterprises and 1,000,000 cases with a
	covering index, and with the foreign key only) as the bench's MariaDB admin; its medians in ms."""
	if not Path(script).is_file():
		print(f"bench_reports: no SQL floor at {script}: ratio not measured")
		return None
	config = json.loads((SITES / "common_site_config.json").read_text())
	log("measuring the SQL floor (sql_floor.py --reuse)")
	done = subprocess.run(
		[
			sys.executable,
			script,
			"--reuse",
			"--user",
			config.get("root_login", "root"),
			"--password",
			config.get("root_password", ""),
		],
		capture_output=True,
		text=True,
	)
	line = next((x for x in done.stdout.splitlines() if x.startswith("sql_floor:")), None)
	if done.returncode or not line:
		print(f"bench_reports: sql_floor.py failed (exit {done.returncode}): {done.stderr[-500:]}")
		return None
	values = dict(part.split("=", 1) for part in line.split()[1:])
	return float(values["chain_report_ms"]), float(values["fk_index_only_ms"])


class FloorStatement:
	"""The SQL floor's statement (sql_floor.py's ``REPORT_SQL`` with its covering index), run on
	its database by the bench's MariaDB admin, so that it can be timed between the report's runs."""

	def __init__(self, connection, sql: str):
		self.connection, self.sql = connection, sql

	@classmethod
	def open(cls, script: str) -> FloorStatement | None:
		import importlib.util

		import pymysql

		spec = importlib.util.spec_from_file_location("sql_floor", script)
		module = importlib.util.module_from_spec(spec)
		spec.loader.exec_module(module)
		config = json.loads((SITES / "common_site_config.json").read_text())
		connection = pymysql.connect(
			host="127.0.0.1",
			user=config.get("root_login", "root"),
			password=config.get("root_password", ""),
			database="perf_floor",
			autocommit=True,
		)
		return cls(connection, module.REPORT_SQL.format(hint=""))

	def run(self) -> float:
		with self.connection.cursor() as cursor:
			started = time.perf_counter()
			cursor.execute(self.sql)
			cursor.fetchall()
			return time.perf_counter() - started

	def close(self) -> None:
		self.connection.close()


# --- main ----------------------------------------------------------------------------------------


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", default=SITE)
	parser.add_argument("--enterprises", type=int, default=100_000)
	parser.add_argument("--patents", type=int, default=300_000)
	parser.add_argument("--designations", type=int, default=30_000)
	parser.add_argument("--cases", type=int, default=1_000_000)
	parser.add_argument("--seed", type=int, default=2026)
	parser.add_argument("--repeat", type=int, default=5)
	parser.add_argument("--reload", action="store_true", help="regenerate and reload the data")
	parser.add_argument("--drop", action="store_true", help="drop the benchmark site afterwards")
	parser.add_argument(
		"--floor-script",
		default=str(BENCH.parent / "shared" / "perf" / "sql_floor.py"),
		help="the SQL floor to measure in the same run (skipped when the file is missing)",
	)
	parser.add_argument("--drop-only", action="store_true", help="only drop the benchmark site")
	args = parser.parse_args()
	started_redis = start_redis()
	try:
		return run(args)
	finally:
		stop_redis(started_redis)


def run(args) -> int:
	if args.drop_only:
		if (SITES / args.site / "site_config.json").exists():
			drop_site(args.site)
		return 0

	if not (SITES / args.site / "site_config.json").exists():
		make_site(args.site)
		args.reload = True
	else:
		# The site is kept between runs: bring it up to the app's current doctypes and reports.
		started = time.perf_counter()
		_run([bench_cli(), "--site", args.site, "migrate"], "bench migrate", stdout=subprocess.DEVNULL)
		log(f"site migrated in {time.perf_counter() - started:.0f}s")

	import frappe

	os.chdir(SITES)
	frappe.init(site=args.site, sites_path=str(SITES))
	frappe.conf.local_infile = 1  # LOAD DATA LOCAL INFILE on this connection
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		ensure_data(frappe, args)
		from frappe.utils import getdate, nowdate

		from enterprise_support.industry_reports import chain_figures as cf
		from enterprise_support.industry_reports.report.industry_chain_report import industry_chain_report

		today = getdate(nowdate())
		start = dt.date(today.year, 1, 1)
		filters = frappe._dict(from_date=start, to_date=today)
		designation_types = cf.reported_designation_types()

		def run_report():
			return industry_chain_report.execute(filters)

		def run_hand():
			return hand_written(frappe, designation_types, start, today)

		# Warm-up (and the figures to compare).
		_columns, data, _message, _chart = run_report()
		hand = run_hand()
		report_rows = {row["node"]: row for row in data if row["kind"] != "Total"}
		hand_rows = {row["node"]: row for row in hand}
		empty = frappe._dict({k: None for k in (hand[0] if hand else {})})
		mismatches = 0
		for node, report_row in report_rows.items():
			want = figures_from_hand(hand_rows.get(node, empty), designation_types)
			got = {k: report_row[k] for k in want}
			if got != want:
				mismatches += 1
				print("MISMATCH", node, got, want)
		assert hand and not mismatches and set(hand_rows) <= set(report_rows), (
			"the report and the query disagree"
		)

		# The floor's database must exist before the loop: sql_floor.py builds it (or --reuse
		# finds it) and prints its own median, measured here just before the loop.
		floor_ms = sql_floor(args.floor_script)
		floor_statement = FloorStatement.open(args.floor_script) if floor_ms else None

		report_times, hand_times, floor_times = [], [], []
		for _ in range(args.repeat):
			# The three alternate, so that the box's slow and quick moments fall on each alike.
			started = time.perf_counter()
			run_report()
			report_times.append(time.perf_counter() - started)
			started = time.perf_counter()
			run_hand()
			hand_times.append(time.perf_counter() - started)
			if floor_statement:
				floor_times.append(floor_statement.run())
		report_s, hand_s = statistics.median(report_times), statistics.median(hand_times)

		counts = {
			doctype: frappe.db.count(doctype)
			for doctype in ("Enterprise", "Patent", "Specialist Designation", "Support Case")
		}
		print()
		print(f"data: {counts}")
		print(f"filters: received {start} .. {today}; all streets, chains and categories")
		print("figures per chain (as the report shows them):")
		header = [
			"enterprises",
			"size_large",
			"size_medium",
			"size_small",
			"size_micro",
			*[f"designation_{i + 1}" for i in range(len(designation_types))],
			"invention",
			"utility_model",
			"design",
			"class_i",
			"received",
			"open_cases",
			"resolved",
			"resolution_time",
			"within_deadline",
			"satisfaction",
			"overdue_now",
		]
		print(
			"  designation columns: "
			+ ", ".join(f"designation_{i + 1}={t}" for i, t in enumerate(designation_types))
		)
		for row in data:
			if row["kind"] in ("Chain", "Total"):
				print(f"  {row['node']}: " + ", ".join(f"{k}={row[k]}" for k in header))
		print(f"rows in the tree: {len(report_rows)}; identical figures in both: yes")
		print("indexes on the tables the report reads (besides PRIMARY):")
		for table, index, column in frappe.db.sql(
			"""select table_name, index_name, group_concat(column_name order by seq_in_index)
			from information_schema.statistics
			where table_schema = database() and index_name != 'PRIMARY'
				and table_name in ('tabEnterprise', 'tabPatent', 'tabSpecialist Designation', 'tabSupport Case')
			group by table_name, index_name order by table_name, index_name"""
		):
			print(f"  {table}.{index} ({column})")
		if floor_ms:
			print(
				f"bench_reports: floor (sql_floor.py, same run, just before): chain_report_ms={floor_ms[0]:.0f} "
				f"fk_index_only_ms={floor_ms[1]:.0f}; report / floor = {report_s * 1000 / floor_ms[0]:.2f} "
				f"(the earlier design, the hand-written join, / floor = {hand_s * 1000 / floor_ms[0]:.2f})"
			)
		if floor_times:
			floor_s = statistics.median(floor_times)
			print(
				f"bench_reports: floor statement run between the report's runs: median {floor_s * 1000:.0f} ms "
				f"(runs: {', '.join(f'{t * 1000:.0f}' for t in floor_times)}); "
				f"report / floor = {report_s / floor_s:.2f}"
			)
			floor_statement.close()
		print(
			f"bench_reports: report_s={report_s:.3f} group_by_s={hand_s:.3f} "
			f"ratio={report_s / hand_s:.2f} repeat={args.repeat} "
			f"(report runs: {', '.join(f'{t:.2f}' for t in report_times)}; "
			f"query runs: {', '.join(f'{t:.2f}' for t in hand_times)})"
		)
		return 0
	finally:
		frappe.destroy()
		if args.drop:
			drop_site(args.site)


if __name__ == "__main__":
	sys.exit(main())
