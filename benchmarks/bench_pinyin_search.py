"""Benchmark: link search of enterprises by pinyin against plain Chinese name search.

    env/bin/python benchmarks/bench_pinyin_search.py --site bench-reports.localhost [--backfill]

On a site filled by the scale generator (100,000 enterprises on bench-reports.localhost; migrate
it first, the patch fills every pinyin key), it times ``frappe.desk.search.search_link`` for the
Enterprise doctype as an Enterprise Service Staff user (a throwaway user, removed afterwards),
in-process (no HTTP), as a link field asks it (10 results), for three kinds of terms, each a
different term per query, drawn from the names of randomly chosen enterprises:

* initials of a trade name ("lfd" for 四川莱福德科技有限公司),
* full pinyin of a trade name ("laifude"),
* a fragment of the Chinese name ("莱福德"), the plain search of before.

It prints p50 and p95 (ms) of each kind side by side with the ratio pinyin / plain, and the share
of queries whose own enterprise came back (pinyin and plain alike search the whole register;
common initials find many firms, so the drawn firm need not be among the first ten).

``--backfill`` also times the backfill (``pinyin_search.backfill``) of every enterprise's key,
after clearing the keys; it writes them all again, as the migrate patch did.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site")
	parser.add_argument("--queries", type=int, default=60, help="queries of each kind (>= 50)")
	parser.add_argument("--backfill", action="store_true", help="also time the backfill of every key")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	site = args.site or json.loads((sites / "common_site_config.json").read_text())["default_site"]
	os.chdir(sites)
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")

	from frappe.desk.search import search_link

	from enterprise_support.domain.pinyin import full_pinyin, initials, trade_names
	from enterprise_support.pinyin_search import backfill

	if not frappe.db.has_column("Enterprise", "pinyin_key"):
		print("bench_pinyin_search: migrate the site first (Enterprise has no pinyin key)")
		return 1
	count = frappe.db.count("Enterprise")
	missing = frappe.db.sql("select count(*) from `tabEnterprise` where ifnull(pinyin_key, '') = ''")[0][0]
	print(f"site {site}: {count:,} enterprises, {missing:,} without a pinyin key")

	if args.backfill:
		frappe.db.sql("update `tabEnterprise` set pinyin_key = null")
		frappe.db.commit()
		t0 = time.perf_counter()
		written = backfill("Enterprise")
		print(f"backfill: {written:,} enterprise keys written in {time.perf_counter() - t0:.1f} s")

	rng = random.Random(2026)
	names = frappe.db.sql_list("select enterprise_name from `tabEnterprise` order by name")
	terms: dict[str, list[tuple[str, str]]] = {"initials": [], "full pinyin": [], "plain": []}
	for name in rng.sample(names, min(len(names), args.queries * 5)):
		core = [t for t in trade_names(name) if len(t) >= 2]
		if not core:
			continue
		trade = core[-1]
		if len(terms["plain"]) < args.queries:
			start = rng.randrange(0, max(1, len(trade) - 2))
			terms["plain"].append((name, trade[start : start + 3]))
		if len(terms["initials"]) < args.queries and len(initials(trade)) >= 2:
			terms["initials"].append((name, initials(trade)))
		if len(terms["full pinyin"]) < args.queries:
			terms["full pinyin"].append((name, full_pinyin(trade)))

	email = f"bench-pinyin-{os.getpid()}@example.com"
	user = frappe.get_doc(
		{"doctype": "User", "email": email, "first_name": "拼音基准", "send_welcome_email": 0}
	)
	user.flags.no_welcome_mail = True
	frappe.flags.in_test = True  # Frappe makes the user's Contact now, not in a background job
	try:
		user.insert(ignore_permissions=True)
		user.add_roles("Enterprise Service Staff")
	finally:
		frappe.flags.in_test = False
	frappe.db.commit()
	results: dict[str, tuple[list[float], int]] = {}
	try:
		frappe.set_user(email)
		search_link("Enterprise", "预热", page_length=10)  # metadata and hooks cached
		for kind, pairs in terms.items():
			times, hits = [], 0
			for name, term in pairs:
				t0 = time.perf_counter()
				found = search_link("Enterprise", term, page_length=10, reference_doctype="Support Case")
				times.append((time.perf_counter() - t0) * 1000)
				hits += any(row.get("label") == name for row in found)
			results[kind] = (times, hits)
	finally:
		frappe.set_user("Administrator")
		# removed row by row: Frappe's User.on_trash asks for another System Manager, which a
		# generated site may not have
		for contact in frappe.get_all("Contact", filters={"email_id": email}, pluck="name"):
			frappe.delete_doc("Contact", contact, ignore_permissions=True, force=True)
		frappe.db.delete("Has Role", {"parent": email, "parenttype": "User"})
		frappe.db.delete("User", {"name": email})
		frappe.db.commit()

	plain = results["plain"][0]
	print(f"search_link Enterprise, {len(plain)} queries of each kind, different terms, 10 results:")
	print(
		f"{'terms':<13}{'p50 ms':>9}{'p95 ms':>9}{'mean ms':>9}{'p50/plain':>11}{'p95/plain':>11}  own firm found"
	)
	for kind, (times, hits) in results.items():
		print(
			f"{kind:<13}{statistics.median(times):>9.1f}{percentile(times, 0.95):>9.1f}"
			f"{statistics.fmean(times):>9.1f}"
			f"{statistics.median(times) / statistics.median(plain):>11.2f}"
			f"{percentile(times, 0.95) / percentile(plain, 0.95):>11.2f}  {hits}/{len(times)}"
		)
	print("examples: " + ", ".join(f"{kind} {pairs[0][1]!r}" for kind, pairs in terms.items()))
	frappe.destroy()
	return 0


if __name__ == "__main__":
	sys.exit(main())
