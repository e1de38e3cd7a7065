"""Benchmark: the daily watch-list job (企业预警) over every enterprise on a site.

    env/bin/python benchmarks/bench_watch_list.py --site bench-reports.localhost

On a site filled by the scale generator (setup/scale_data.py; bench_reports.py fills one with
100,000 enterprises and 1,000,000 cases) the cases and designations are already there; the
generator makes no figures history and no visits, so the benchmark adds them first, tagged:

* one earlier year of figures for every enterprise with latest figures (2024, the latest being
  2025): revenue and staff between 0.7 and 1.35 times the latest, so about a fifth of the
  enterprises show a drop of 20 % or more;
* one visit for 60 % of the enterprises, on a day in the last 400 days (only when the Enterprise
  Visit table exists; without visits the visit signal is not assessed).

Then it times the job: gathering and assessing (``evaluate``), writing the flags and scores
(``reconcile``) on the first run, and a second full run (the steady state: nothing changed).
Afterwards the added rows are deleted, and so are the flags and scores when the site had no
flags before. Prints seconds and counts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
CHUNK = 10_000


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site")
	parser.add_argument("--keep", action="store_true", help="keep the added figures, visits and flags")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	site = args.site or json.loads((sites / "common_site_config.json").read_text())["default_site"]
	os.chdir(sites)
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")

	from frappe.utils import add_days, getdate, now_datetime, nowdate

	from enterprise_support.enterprise_care import watchlist_job

	if not frappe.db.table_exists("Enterprise Watch Flag"):
		print("bench_watch_list: migrate the site first (the watch-list doctypes are missing)")
		return 1
	tag = f"WLB{secrets.token_hex(3).upper()}"
	rng = random.Random(2026)
	today = getdate(nowdate())
	now = now_datetime().replace(microsecond=0)
	flags_before = frappe.db.count("Enterprise Watch Flag")
	enterprises = frappe.db.sql(
		"""select name, annual_revenue, employees from `tabEnterprise`
		where status = 'Operating' and revenue_year = 2025 and not exists (
			select 1 from `tabEnterprise Annual Figure` f
			where f.parent = `tabEnterprise`.name and f.year = 2024)""",
	)
	counts = {
		"enterprises": frappe.db.count("Enterprise"),
		"cases": frappe.db.count("Support Case"),
		"designations": frappe.db.count("Specialist Designation"),
	}
	print(f"site {site}: " + ", ".join(f"{v:,} {k}" for k, v in counts.items()))
	has_visits = frappe.db.table_exists("Enterprise Visit")
	try:
		t0 = time.perf_counter()
		rows = []
		for i, (name, revenue, employees) in enumerate(enterprises):
			rows.append(
				(
					f"{tag}-F{i:07d}",
					name,
					"Enterprise",
					"annual_figures",
					1,
					2024,
					round((revenue or 0) * rng.uniform(0.7, 1.35), 2),
					int((employees or 0) * rng.uniform(0.7, 1.35)),
					now,
					now,
					"Administrator",
					"Administrator",
					0,
				)
			)
		frappe.db.bulk_insert(
			"Enterprise Annual Figure",
			fields=[
				"name",
				"parent",
				"parenttype",
				"parentfield",
				"idx",
				"year",
				"operating_revenue",
				"employees",
				"creation",
				"modified",
				"owner",
				"modified_by",
				"docstatus",
			],
			values=rows,
			chunk_size=CHUNK,
		)
		visits = 0
		if has_visits:
			values = []
			for i, (name, _revenue, _employees) in enumerate(enterprises):
				if rng.random() < 0.6:
					values.append(
						(
							f"{tag}-V{i:07d}",
							name,
							add_days(today, -rng.randint(0, 400)),
							"Routine Visit",
							"压测走访",
							now,
							now,
							"Administrator",
							"Administrator",
							0,
						)
					)
			frappe.db.bulk_insert(
				"Enterprise Visit",
				fields=[
					"name",
					"enterprise",
					"visit_date",
					"kind",
					"title",
					"creation",
					"modified",
					"owner",
					"modified_by",
					"docstatus",
				],
				values=values,
				chunk_size=CHUNK,
			)
			visits = len(values)
		frappe.db.commit()
		print(
			f"added {len(rows):,} figure rows and {visits:,} visits in {time.perf_counter() - t0:.1f} s"
			+ ("" if has_visits else " (no Enterprise Visit table: the visit signal is not assessed)")
		)

		t0 = time.perf_counter()
		result = watchlist_job.evaluate(today)
		t_evaluate = time.perf_counter() - t0
		t0 = time.perf_counter()
		written = watchlist_job.reconcile(result["assessments"], today)
		frappe.db.commit()
		t_reconcile = time.perf_counter() - t0
		assessed = len(result["assessments"])
		flagged = sum(1 for a in result["assessments"].values() if a.flagged)
		by_signal = dict(
			frappe.db.sql("select `signal`, count(*) from `tabEnterprise Watch Flag` group by `signal`")
		)
		print(f"first run: gather + assess {t_evaluate:.1f} s, flags and scores {t_reconcile:.1f} s")
		print(
			f"  {assessed:,} enterprises assessed, {flagged:,} flagged; flags written {written}; "
			f"visit data: {result['visit_data']}"
		)
		print("  flags by signal: " + ", ".join(f"{k} {v:,}" for k, v in sorted(by_signal.items())))
		t0 = time.perf_counter()
		again = watchlist_job.run(today)
		frappe.db.commit()
		print(f"second run (steady state, whole job): {time.perf_counter() - t0:.1f} s; {again}")
	finally:
		if not args.keep:
			frappe.db.rollback()
			frappe.db.sql("delete from `tabEnterprise Annual Figure` where name like %s", f"{tag}-F%")
			if has_visits:
				frappe.db.sql("delete from `tabEnterprise Visit` where name like %s", f"{tag}-V%")
			if not flags_before:
				frappe.db.sql("delete from `tabEnterprise Watch Flag`")
				frappe.db.sql("update `tabEnterprise` set watch_score = 0 where watch_score != 0")
			else:
				watchlist_job.run(today)
			frappe.db.commit()
			print("removed the added figures and visits" + ("" if flags_before else ", the flags and scores"))
		frappe.destroy()
	return 0


if __name__ == "__main__":
	sys.exit(main())
