"""How often the routing suggestion names the department that handled a case (read-only).

    env/bin/python benchmarks/routing_accuracy.py [--site SITE] [--demo-only]

Reads the site's dispatched cases (those the model learns from: domain.routing.LEARNED_STATES)
and measures the suggestion two ways, with the model built in memory from the same counts the
site keeps (nothing on the site is written):

* time split: learn from the first 80 % of the cases by time of receipt, suggest for the last
  20 %;
* leave-one-out: every case against the counts of all the others.

For each it prints how many cases got a suggestion (coverage), how many of those were right,
and, beside it, the floor a district has without the model: each category's default
department (Case Category.default_department). ``--demo-only`` keeps the demo's cases
(fixtures/demo_cases.json, by subject), leaving out what tests left on a development site.
Also prints the share of cases staff dispatched to the suggested department (routing_followed),
among cases that carried a suggestion when dispatched.
"""

from __future__ import annotations

import argparse
import json
import os
from collections import Counter
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site")
	parser.add_argument("--demo-only", action="store_true")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	site = args.site or json.loads((sites / "common_site_config.json").read_text())["default_site"]
	os.chdir(sites)
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	try:
		return run(frappe, args.demo_only)
	finally:
		frappe.destroy()


def run(frappe, demo_only: bool) -> int:
	from enterprise_support.domain import routing
	from enterprise_support.support_cases.routing import case_words, followed_share

	cases = frappe.db.sql(
		"""select `name`, `received_on`, `workflow_state`, `department`, `category`, `subject`, `description`
		from `tabSupport Case` where `workflow_state` in %s and ifnull(`department`, '') != ''
		order by `received_on`, `name`""",
		(tuple(sorted(routing.LEARNED_STATES)),),
		as_dict=True,
	)
	if demo_only:
		records = json.loads((BENCH / "fixtures" / "demo_cases.json").read_text(encoding="utf-8"))["records"]
		subjects = {r["subject"] for r in records}
		cases = [c for c in cases if c.subject in subjects]
	if len(cases) < 5:
		print(f"routing_accuracy: {len(cases)} dispatched cases on {frappe.local.site}: too few to measure")
		return 1
	defaults = dict(frappe.get_all("Case Category", fields=["name", "default_department"], as_list=True))
	category_count = len(defaults)
	for case in cases:
		case.words = case_words(case.subject, case.description)
		case.counts = routing.learned_counts(case.workflow_state, case.department, case.category, case.words)

	def model_of(counts: Counter) -> routing.Model:
		rows = [(d, kind, term, n) for (d, kind, term), n in counts.items() if n > 0]
		vocabulary = len({term for (_, kind, term), n in counts.items() if kind == routing.WORD and n > 0})
		return routing.model_from_counts(rows, vocabulary, category_count)

	def score(tested, model_for) -> dict:
		suggested = right = default_right = 0
		for case in tested:
			found = routing.suggest(model_for(case), case.category, case.words)
			if found.department:
				suggested += 1
				right += found.department == case.department
			default_right += defaults.get(case.category) == case.department
		return {"cases": len(tested), "suggested": suggested, "right": right, "default_right": default_right}

	cut = int(len(cases) * 0.8)
	train = Counter()
	for case in cases[:cut]:
		train.update(case.counts)
	split_model = model_of(train)
	split = score(cases[cut:], lambda case: split_model)

	everything = Counter()
	for case in cases:
		everything.update(case.counts)

	def without(case):
		rest = everything.copy()
		rest.subtract(case.counts)
		return model_of(rest)

	loo = score(cases, without)

	scope = "demo cases" if demo_only else "dispatched cases"
	print(f"site {frappe.local.site}: {len(cases)} {scope}, {len({c.department for c in cases})} departments")
	for label, figures in (("time split 80/20", split), ("leave-one-out", loo)):
		n, s, r, d = figures["cases"], figures["suggested"], figures["right"], figures["default_right"]
		print(
			f"  {label:<17} tested {n:>5}  suggested {s:>5} ({_pct(s, n)})"
			f"  right {r:>5} ({_pct(r, s)} of suggested, {_pct(r, n)} of all)"
			f"  | category default right {d:>5} ({_pct(d, n)})"
		)
	with_suggestion, followed = followed_share()
	print(
		f"  staff dispatched to the suggested department: {followed} of {with_suggestion} cases"
		f" that carried a suggestion ({_pct(followed, with_suggestion)})"
	)
	return 0


def _pct(part: int, whole: int) -> str:
	return f"{100 * part / whole:.1f} %" if whole else "–"


if __name__ == "__main__":
	raise SystemExit(main())
