"""Benchmark: a full policy match of N enterprises x M policy items on the site, a newly
published policy matched against every enterprise, and one enterprise against every item,
through the app's own code path (policy_support/matching.py: profiles read by SQL in batches,
matched item by item over each batch, Eligible and Unknown pairs written by a writer thread on
its own connection while the next batch is matched — new rows by ``load data local infile``,
changed ones by multi-row upserts — the batch's other rows deleted set-wise, a commit per
batch).

    env/bin/python benchmarks/bench_matching.py --site bench-match.localhost --create-site
    env/bin/python benchmarks/bench_matching.py [--enterprises 10000 --items 200] [--tracemalloc]

Runs against this bench's default site (or --site). The scratch data set (enterprises from
the deterministic scale generator in a USCC range of its own, rolled-up patent counts,
designations, and policies, items and conditions named BENCH-MATCH-...) is bulk-inserted by
SQL, so no document event fires and no background job is queued; it is deleted again
afterwards (its match rows too) unless --keep is given.

On a machine where the bench's MariaDB account may create databases, a scratch site keeps the
demo site untouched: ``--site bench-match.localhost --create-site`` makes it (about a minute),
``--site bench-match.localhost --drop-site`` drops it.

Prints one line per measurement: seconds (wall, and the process's own CPU seconds: on a busy
machine the wall time also counts waiting for the CPU), the process's peak resident memory
(resource.getrusage) and how much it grew during the run, the Policy Match table's rows and
MiB (data and indexes, after ANALYZE TABLE) before and after, and the floor: the database
storing the same rows by ``insert ... select`` with no Python in between. --tracemalloc adds the
peak of Python's own allocations (a separate, slower run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
SITES = BENCH / "sites"
BENCH_CLI = (
	Path(os.environ.get("ES_CACHE_DIR", Path.home() / ".cache" / "enterprise_support")) / "bench-cli" / "bin"
)
TAG = "BENCH-MATCH"
USCC_CHARS = "WXY"  # a USCC range neither the demo data nor the other generators use
HIGH_TECH, PROVINCIAL, INNOVATIVE = "高新技术企业", "省级专精特新中小企业", "创新型中小企业"


def bench_cli(*args: str) -> None:
	env = {**os.environ, "PATH": f"{BENCH_CLI}:{os.environ.get('PATH', '')}"}
	subprocess.run(["bench", *args], cwd=BENCH, env=env, check=True)


def create_site(site: str) -> None:
	config = json.loads((SITES / "common_site_config.json").read_text())
	bench_cli(
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
	)
	bench_cli("--site", site, "disable-scheduler")  # no daily jobs on a scratch site


def drop_site(site: str) -> None:
	config = json.loads((SITES / "common_site_config.json").read_text())
	bench_cli(
		"drop-site",
		site,
		"--db-root-username",
		config.get("root_login", "root"),
		"--db-root-password",
		config["root_password"],
		"--force",
		"--no-backup",
	)


def rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# -- scratch data -------------------------------------------------------------------------------


def enterprise_rows(n: int, seed: int):
	from enterprise_support.setup.scale_data import enterprise_rows as generated

	return list(generated(n, seed, uscc_first_chars=USCC_CHARS, name_salt=seed))


def insert_enterprises(frappe, rows, seed: int) -> None:
	from frappe.utils import now

	from enterprise_support.enterprise_registry import sizing

	rng = random.Random(seed)
	stamp = now()
	fields = [
		"name",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"enterprise_name",
		"uscc",
		"status",
		"industry_code",
		"industry_chain",
		"chain_link",
		"street",
		"employees",
		"annual_revenue",
		"rd_expense",
		"registered_capital",
		"established_on",
		"is_key_enterprise",
		"size_class",
		"invention_patent_count",
		"utility_model_count",
		"design_patent_count",
		"class_i_ip_count",
		"granted_patent_count",
		"patent_count",
	]
	values, designations = [], []
	for row in rows:
		size = sizing.classify(frappe._dict(row)).size_class or ""
		inventions = rng.choice((0, 0, 0, 1, 1, 2, 3, 5, 8))
		utility = rng.choice((0, 0, 2, 5, 12, 30, 60))
		design = rng.choice((0, 0, 0, 1, 3))
		class_i = rng.randint(0, inventions)
		values.append(
			(
				row["uscc"],
				stamp,
				stamp,
				"Administrator",
				"Administrator",
				row["enterprise_name"],
				row["uscc"],
				"Operating",
				row["industry_code"],
				row["industry_chain"],
				row["chain_link"],
				row["street"],
				row["employees"],
				row["annual_revenue"] if rng.random() > 0.1 else 0,  # some figures not reported
				row["rd_expense"] if rng.random() > 0.2 else 0,
				row["registered_capital"],
				row["established_on"],
				row["is_key_enterprise"],
				size,
				inventions,
				utility,
				design,
				class_i,
				class_i + utility // 2 + design,
				inventions + utility + design,
			)
		)
		for designation, share in ((HIGH_TECH, 0.15), (PROVINCIAL, 0.06), (INNOVATIVE, 0.12)):
			if rng.random() < share:
				designations.append(
					(
						frappe.generate_hash(length=12),
						stamp,
						stamp,
						"Administrator",
						"Administrator",
						row["uscc"],
						row["enterprise_name"],
						designation,
						"2025-01-01",
						"2027-12-31",
						"Active",
					)
				)
	frappe.db.bulk_insert("Enterprise", fields, values, chunk_size=2000)
	frappe.db.bulk_insert(
		"Specialist Designation",
		[
			"name",
			"creation",
			"modified",
			"owner",
			"modified_by",
			"enterprise",
			"enterprise_name",
			"designation_type",
			"valid_from",
			"valid_to",
			"status",
		],
		designations,
		chunk_size=2000,
	)


def item_conditions(rng: random.Random, chains: list[str], streets: list[str]) -> list[tuple]:
	"""2 to 4 conditions drawn from the kinds a district's policies use."""
	pool = [
		lambda: (
			"industry_code",
			"starts with",
			rng.choice(("C38", "C39", "C", "C38、C39", "I65、M75", "C26")),
		),
		lambda: ("industry_chain", "=", rng.choice(chains)),
		lambda: ("street", "in", "、".join(rng.sample(streets, 2))),
		lambda: ("size_class", "in", rng.choice(("中型、小型", "小型、微型", "中型、小型、微型"))),
		lambda: ("designations", "holds", rng.choice((HIGH_TECH, PROVINCIAL))),
		lambda: ("designations", "holds any", f"{HIGH_TECH}、{PROVINCIAL}"),
		lambda: ("designations", "not holds", HIGH_TECH),
		lambda: ("patents.invention", ">=", str(rng.randint(1, 4))),
		lambda: ("patents.class_i", ">=", str(rng.randint(1, 3))),
		lambda: ("patents.utility_model", ">=", str(rng.choice((5, 10, 20)))),
		lambda: ("annual_revenue", ">=", str(rng.choice((500, 2000, 5000, 20000)))),
		lambda: ("rd_ratio", ">=", str(rng.choice((3, 4, 5, 6)))),
		lambda: ("employees", ">=", str(rng.choice((20, 50, 100, 300)))),
		lambda: ("years_established", ">=", str(rng.randint(2, 5))),
		lambda: ("is_key_enterprise", "=", "是"),
		lambda: ("debt_ratio", "<=", "70"),  # not in the register: always "data missing"
	]
	picked = rng.sample(pool, rng.randint(2, 4))
	return [make() for make in picked]


def insert_items(frappe, n_items: int, seed: int, rows, prefix: str = TAG) -> list[str]:
	from frappe.utils import now

	from enterprise_support.domain.policy_matching import compile_item

	rng = random.Random(seed + 1)
	stamp = now()
	chains = sorted({r["industry_chain"] for r in rows if r["industry_chain"]})
	streets = sorted({r["street"] for r in rows if r["street"]})
	policies, items, conditions = [], [], []
	n_policies = max(1, n_items // 10)
	for p in range(n_policies):
		name = f"{prefix}-P{p:03d}"
		policies.append(
			(
				name,
				stamp,
				stamp,
				"Administrator",
				"Administrator",
				f"{prefix} 政策{p}",
				"Subsidy",
				"2026-01-01",
				"In Force",
			)
		)
	for i in range(n_items):
		name = f"{prefix}-I{i:04d}"
		rows_of_item = item_conditions(rng, chains, streets)
		compile_item([dict(zip(("attribute", "operator", "value"), c, strict=True)) for c in rows_of_item])
		items.append(
			(
				name,
				stamp,
				stamp,
				"Administrator",
				"Administrator",
				f"{prefix} 事项{i}",
				policies[i % n_policies][0],
				1,
				int(rng.random() < 0.2),
			)
		)
		for idx, (attribute, operator, value) in enumerate(rows_of_item, start=1):
			conditions.append(
				(
					frappe.generate_hash(length=12),
					stamp,
					stamp,
					"Administrator",
					"Administrator",
					name,
					"Policy Item",
					"conditions",
					idx,
					attribute,
					operator,
					value,
				)
			)
	base = ["name", "creation", "modified", "owner", "modified_by"]
	frappe.db.bulk_insert("Policy", [*base, "title", "policy_type", "effective_date", "status"], policies)
	frappe.db.bulk_insert(
		"Policy Item", [*base, "item_title", "policy", "is_active", "grant_without_application"], items
	)
	frappe.db.bulk_insert(
		"Policy Condition",
		[*base, "parent", "parenttype", "parentfield", "idx", "attribute", "operator", "value"],
		conditions,
	)
	return [i[0] for i in items]


def remove_scratch_data(frappe, usccs: list[str]) -> None:
	items = frappe.get_all("Policy Item", filters={"name": ("like", f"{TAG}-%")}, pluck="name")
	for start in range(0, len(usccs), 2000):
		chunk = usccs[start : start + 2000]
		frappe.db.delete("Policy Match", {"enterprise": ("in", chunk)})
		frappe.db.delete("Specialist Designation", {"enterprise": ("in", chunk)})
		frappe.db.delete("Enterprise", {"name": ("in", chunk)})
		frappe.db.commit()
	if items:
		frappe.db.delete("Policy Match", {"policy_item": ("in", items)})
		frappe.db.delete("Policy Condition", {"parent": ("in", items), "parenttype": "Policy Item"})
		frappe.db.delete("Policy Item", {"name": ("in", items)})
	frappe.db.delete("Policy", {"name": ("like", f"{TAG}-%")})
	frappe.db.commit()


# -- measurements ---------------------------------------------------------------------------------


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", help="default: the bench's default site")
	parser.add_argument("--enterprises", type=int, default=10_000)
	parser.add_argument("--items", type=int, default=200)
	parser.add_argument("--seed", type=int, default=2031)
	parser.add_argument("--single-runs", type=int, default=20)
	parser.add_argument("--tracemalloc", action="store_true", help="also measure Python's allocation peak")
	parser.add_argument("--keep", action="store_true", help="keep the scratch data afterwards")
	parser.add_argument("--create-site", action="store_true", help="make the scratch site first")
	parser.add_argument("--drop-site", action="store_true", help="drop the scratch site and stop")
	args = parser.parse_args()

	default_site = json.loads((SITES / "common_site_config.json").read_text())["default_site"]
	if args.drop_site:
		if not args.site or args.site == default_site:
			print("--drop-site drops a scratch site named by --site, never the default site", file=sys.stderr)
			return 2
		drop_site(args.site)
		return 0
	args.site = args.site or default_site
	if args.create_site and not (SITES / args.site / "site_config.json").exists():
		create_site(args.site)
	if not (SITES / args.site / "site_config.json").exists():
		print(f"no site {args.site}: run with --create-site (or give --site)", file=sys.stderr)
		return 2

	import frappe

	os.chdir(SITES)
	frappe.init(site=args.site, sites_path=str(SITES))
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		from enterprise_support.policy_support import matching

		today = dt.date.today()
		rows = enterprise_rows(args.enterprises, args.seed)
		usccs = [r["uscc"] for r in rows]
		remove_scratch_data(frappe, usccs)
		try:
			return measure(frappe, matching, args, rows, usccs, today)
		finally:
			if not args.keep:
				frappe.db.rollback()
				remove_scratch_data(frappe, usccs)
	finally:
		frappe.destroy()


def table_size(frappe) -> tuple[int, float]:
	"""(rows, MiB of data and indexes) of Policy Match, after ANALYZE TABLE (InnoDB's figures are
	estimates until then)."""
	frappe.db.sql("analyze table `tabPolicy Match`")
	size = frappe.db.sql(
		"""select (data_length + index_length) / 1048576 from information_schema.tables
		where table_schema = database() and table_name = 'tabPolicy Match'"""
	)[0][0]
	return frappe.db.count("Policy Match"), float(size)


def write_floor(frappe) -> tuple[int, float]:
	"""The database's own cost of storing the rows the match stored: ``insert ... select`` of
	them into an empty copy of the table (same columns, indexes, binary log, commit), no Python
	in between. Returns (rows, seconds)."""
	frappe.db.sql("drop table if exists `_bench_match_floor`")
	frappe.db.sql("create table `_bench_match_floor` like `tabPolicy Match`")
	frappe.db.commit()
	started = time.perf_counter()
	frappe.db.sql("insert into `_bench_match_floor` select * from `tabPolicy Match`")
	frappe.db.commit()
	seconds = time.perf_counter() - started
	rows = frappe.db.sql("select count(*) from `_bench_match_floor`")[0][0]
	frappe.db.sql("drop table `_bench_match_floor`")
	frappe.db.commit()
	return rows, seconds


def new_policy(frappe, n_items: int, seed: int, rows) -> tuple[str, list[str]]:
	"""One more policy with ``n_items`` items, as staff would publish it (rows bulk-inserted, so
	that its rematch is timed alone, not the worker's queue)."""
	names = insert_items(frappe, n_items, seed + 7, rows, prefix=f"{TAG}-NEW")
	frappe.db.commit()
	return f"{TAG}-NEW-P000", names


def measure(frappe, matching, args, rows, usccs, today) -> int:
	started = time.perf_counter()
	insert_enterprises(frappe, rows, args.seed)
	insert_items(frappe, args.items, args.seed, rows)
	frappe.db.commit()
	print(
		f"bench_matching: scratch data enterprises={len(rows)} items={args.items} "
		f"seconds={time.perf_counter() - started:.1f}"
	)
	matched = frappe.db.count("Enterprise", {"status": ("!=", "Deregistered")})
	before_rows, before_mb = table_size(frappe)
	print(f"bench_matching: policy match table before rows={before_rows} size_mib={before_mb:.1f}")

	# the Python side alone: profiles read by SQL, matched item by item over each batch, the
	# rows to store made into the text the writer loads, nothing written
	from collections import Counter

	from frappe.utils import now_datetime

	started = time.perf_counter()
	items = matching.active_items(today=today)
	tally: Counter = Counter()
	made = 0
	stamp = now_datetime()
	for batch in matching.enterprise_profiles():
		entries = matching._match_rows(batch, items, today, tally)
		text = matching._RowText(batch, items, stamp)
		made += sum(1 for number, entry in enumerate(entries) if text.tsv(entry, number))
	print(
		f"bench_matching: match without writing pairs={sum(tally.values())} rows_to_store={made} "
		f"seconds={time.perf_counter() - started:.1f}"
	)

	# the full match, as the daily job runs it, into an empty table
	baseline = rss_mb()
	started, cpu = time.perf_counter(), time.process_time()
	counts = matching.rematch_all(today=today)
	seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
	pairs = sum(counts.get(k, 0) for k in ("Eligible", "Unknown", "Not Eligible"))
	print(
		f"bench_matching: full match enterprises={matched} items={counts['items']} pairs={pairs} "
		f"eligible={counts.get('Eligible', 0)} unknown={counts.get('Unknown', 0)} "
		f"not_eligible={counts.get('Not Eligible', 0)} (not stored) rows_written={counts.get('written', 0)} "
		f"seconds={seconds:.2f} python_cpu_seconds={cpu:.2f} pairs_per_second={pairs / seconds:,.0f} "
		f"peak_rss_mb={rss_mb():.0f} rss_above_start_mb={rss_mb() - baseline:.0f} "
		f"load_average={os.getloadavg()[0]:.1f}"
	)
	stored, size = table_size(frappe)
	print(f"bench_matching: policy match table after rows={stored} size_mib={size:.1f}")
	floor_rows, floor_seconds = write_floor(frappe)
	print(
		f"bench_matching: floor insert-select of the same rows={floor_rows} seconds={floor_seconds:.2f} "
		f"full_match_over_floor={seconds / floor_seconds:.1f}x"
	)

	# a second full run over a full table, as the daily job finds it: unchanged rows are read
	# and compared, not written again
	started, cpu = time.perf_counter(), time.process_time()
	again = matching.rematch_all(today=today)
	print(
		f"bench_matching: full rematch over existing rows rows_written={again.get('written', 0)} "
		f"seconds={time.perf_counter() - started:.2f} python_cpu_seconds={time.process_time() - cpu:.2f}"
	)

	# a newly published policy: its items against every enterprise, as its background job runs
	per_policy = max(1, args.items // max(1, args.items // 10))
	policy, new_items = new_policy(frappe, per_policy, args.seed, rows)
	started, cpu = time.perf_counter(), time.process_time()
	fresh = matching.rematch_policy(policy, today=today)
	seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
	print(
		f"bench_matching: new policy items={len(new_items)} enterprises={fresh.get('enterprises', 0)} "
		f"pairs={len(new_items) * fresh.get('enterprises', 0)} rows_written={fresh.get('written', 0)} "
		f"seconds={seconds:.2f} python_cpu_seconds={cpu:.2f} peak_rss_mb={rss_mb():.0f} "
		f"load_average={os.getloadavg()[0]:.1f}"
	)
	stored, size = table_size(frappe)
	print(f"bench_matching: policy match table with the new policy rows={stored} size_mib={size:.1f}")

	if args.tracemalloc:
		tracemalloc.start()
		started = time.perf_counter()
		matching.rematch_all(today=today)
		_current, peak = tracemalloc.get_traced_memory()
		tracemalloc.stop()
		print(
			f"bench_matching: full match under tracemalloc seconds={time.perf_counter() - started:.1f} "
			f"python_peak_mb={peak / 1048576:.1f}"
		)

	# one enterprise against every item: as the background job does it (read, match, write),
	# in memory only (as a plan's validation does), and as staff open its matches (every
	# active item explained, Not Eligible ones included)
	sample = random.Random(args.seed).sample(usccs, min(args.single_runs, len(usccs)))
	job_ms, memory_ms, open_ms = [], [], []
	for uscc in sample:
		started = time.perf_counter()
		matching.rematch_enterprise(uscc, today=today)
		frappe.db.commit()
		job_ms.append((time.perf_counter() - started) * 1000)
		started = time.perf_counter()
		matching.evaluate_items(uscc, today=today)
		memory_ms.append((time.perf_counter() - started) * 1000)
		started = time.perf_counter()
		matching.explain_matches(uscc)
		open_ms.append((time.perf_counter() - started) * 1000)
	print(
		f"bench_matching: one enterprise x {counts['items'] + len(new_items)} items runs={len(sample)} "
		f"rematch_enterprise_ms_median={statistics.median(job_ms):.1f} max={max(job_ms):.1f} "
		f"evaluate_in_memory_ms_median={statistics.median(memory_ms):.1f} "
		f"explain_matches_ms_median={statistics.median(open_ms):.1f}"
	)
	return 0


if __name__ == "__main__":
	sys.exit(main())
