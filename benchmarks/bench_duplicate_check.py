"""Benchmark: the duplicate check at intake against 100,000 open cases.

    env/bin/python benchmarks/bench_duplicate_check.py --site bench-reports.localhost --open 100000

Tops the site's open cases up to ``--open`` with generated ones (bulk-inserted, received within
the last 60 days, spread over the site's enterprises, streets and categories, their subjects
and descriptions drawn from a pool of real-sounding requests, so that the scoring compares real
text), then files ``--new`` new submitted cases and times ``duplicate_check.check_case`` on each,
with its commit, as the intake job runs it:

* a third in the busiest street and category, on a topic many of that street's firms raised
  (the largest candidate set: the street query's limit is reached; they get cluster suggestions),
* a third for enterprises that already have many open requests (same-enterprise duplicates),
* a third ordinary ones (an enterprise with one or two open requests).

Prints p50, p95 and the maximum in milliseconds per group and overall, the candidates read and
the suggestions written, and the plans of the two candidate queries. Everything generated
(cases and suggestions) is deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import statistics
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]

TOPICS = [
	("变压器容量不足申请扩容", "现有变压器容量不足，新上生产线无法投产，请求协调供电公司扩容"),
	("厂区频繁停电", "近一个月厂区停电五次，影响连续生产，请协调供电部门排查线路"),
	("申请人才公寓", "公司新引进的博士需要人才公寓，请协调房源"),
	("专利资助未到账", "去年申请的发明专利资助至今未到账，请帮忙催办"),
	("门前道路积水", "下雨后门前道路积水严重，货车进出困难"),
	("员工招聘困难", "一线技术工人招不到，希望组织专场招聘会"),
	("天然气压力不够", "冬季天然气供应压力不够，锅炉无法满负荷运行"),
	("污水管网接入", "新厂房污水管网尚未接通，无法办理排污许可"),
	("高新技术企业认定辅导", "准备申报高新技术企业，需要政策辅导和材料指导"),
	("厂房租金补贴兑现", "去年的厂房租金补贴已公示，尚未拨付到企业账户"),
	("物流车辆限行", "园区周边道路货车限行，原材料进厂受阻"),
	("融资贷款对接", "扩大生产需要流动资金，希望对接银行贷款产品"),
	("环评审批进度", "技改项目环评报告已提交两个月，审批进度缓慢"),
	("土地证办理", "新购工业用地的不动产权证迟迟未办下来"),
	("路灯不亮", "厂区周边道路路灯损坏，夜间员工下班不安全"),
	("噪音投诉", "周边工地夜间施工噪音大，影响员工休息"),
	("出口退税慢", "出口退税到账周期长，资金周转困难"),
	("子女入学", "引进人才的子女入学需要协调学位"),
	("网络信号差", "厂区内移动网络信号差，影响生产系统运行"),
	("消防验收", "新建仓库消防验收排队时间长，影响投用"),
]
EXTRA = ["", "，情况紧急", "，已多次反映", "，请尽快处理", "，影响订单交付", "，希望得到支持"]


def _text(rng: random.Random, topic: int) -> tuple[str, str]:
	subject, description = TOPICS[topic]
	return subject, description + rng.choice(EXTRA) + "。"


def _pct(values: list[float], q: float) -> float:
	ordered = sorted(values)
	return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--site", default="bench-reports.localhost")
	parser.add_argument("--open", type=int, default=100_000, help="open cases to check against")
	parser.add_argument("--new", type=int, default=60, help="new cases to check (at least 50)")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	os.chdir(sites)
	frappe.init(site=args.site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")

	from frappe.utils import add_days, now_datetime

	from enterprise_support.domain import duplicates
	from enterprise_support.support_cases import duplicate_check as check
	from enterprise_support.support_cases import settings

	states = list(check.OPEN_STATES)
	open_now = frappe.db.sql(
		"select count(*) from `tabSupport Case` where workflow_state in %(s)s", {"s": states}
	)[0][0]
	to_add = max(0, args.open - open_now)
	rng = random.Random(2026)
	categories = frappe.get_all("Case Category", filters={"is_active": 1}, pluck="name")
	enterprises = frappe.db.sql(
		"select name, enterprise_name, street from tabEnterprise where street is not null limit 20000",
		as_dict=True,
	)
	if not enterprises or not categories:
		print("bench_duplicate_check: the site has no enterprises with a street or no categories")
		return 1
	busy_street = max(
		{e.street for e in enterprises}, key=lambda s: sum(1 for e in enterprises if e.street == s)
	)
	busy_category = categories[0]
	in_busy_street = [e for e in enterprises if e.street == busy_street]
	# Firms with many open requests: the duplicates group files its new cases for them.
	crowded = rng.sample(enterprises, 20)
	tag = f"DUPB{secrets.token_hex(3).upper()}"
	now = now_datetime().replace(microsecond=0)
	fields = [
		"name",
		"subject",
		"description",
		"enterprise",
		"enterprise_name",
		"street",
		"category",
		"workflow_state",
		"received_on",
		"priority",
		"channel",
		"creation",
		"modified",
		"owner",
		"modified_by",
		"docstatus",
	]
	names: list[str] = []

	def row(name, firm, category, topic, state, received, created):
		subject, description = _text(rng, topic)
		return (
			name,
			subject,
			description,
			firm.name,
			firm.enterprise_name,
			firm.street,
			category,
			state,
			received,
			"Normal",
			"Phone",
			created,
			created,
			"Administrator",
			"Administrator",
			0,
		)

	try:
		t0 = time.perf_counter()
		batch = []
		for i in range(to_add):
			if i % 10 < 3:
				firm = rng.choice(in_busy_street)  # the busy street has a third of the load
			elif i % 10 == 3:
				firm = crowded[i % len(crowded)]
			else:
				firm = rng.choice(enterprises)
			category = busy_category if i % 4 == 0 else rng.choice(categories)
			received = now - dt.timedelta(minutes=rng.randint(60, 60 * 24 * 60))
			name = f"{tag}-{i:07d}"
			names.append(name)
			batch.append(
				row(
					name,
					firm,
					category,
					rng.randrange(len(TOPICS)),
					states[i % len(states)],
					received,
					received,
				)
			)
			if len(batch) == 10_000:
				frappe.db.bulk_insert("Support Case", fields=fields, values=batch)
				batch = []
		if batch:
			frappe.db.bulk_insert("Support Case", fields=fields, values=batch)
		frappe.db.commit()
		load = time.perf_counter() - t0
		total_open = frappe.db.sql(
			"select count(*) from `tabSupport Case` where workflow_state in %(s)s", {"s": states}
		)[0][0]

		# The new cases, filed now (submitted), in three groups.
		groups = {"busy street": [], "many open of the firm": [], "ordinary": []}
		new_rows = []
		for i in range(max(args.new, 50)):
			group = list(groups)[i % 3]
			if group == "busy street":
				firm, category, topic = rng.choice(in_busy_street), busy_category, 4
			elif group == "many open of the firm":
				firm, category, topic = (
					crowded[i % len(crowded)],
					rng.choice(categories),
					rng.randrange(len(TOPICS)),
				)
			else:
				firm, category, topic = (
					rng.choice(enterprises),
					rng.choice(categories),
					rng.randrange(len(TOPICS)),
				)
			name = f"{tag}-N{i:04d}"
			names.append(name)
			groups[group].append(name)
			new_rows.append(row(name, firm, category, topic, "Submitted", now, now + dt.timedelta(seconds=1)))
		frappe.db.bulk_insert("Support Case", fields=fields, values=new_rows)
		frappe.db.commit()

		conf = settings.get()
		plans = _plans(frappe, check, new_rows[0], conf)
		# One check untimed first: the worker that runs the job has its modules loaded.
		check.check_case(new_rows[0][0])
		frappe.db.rollback()
		timings: dict[str, list[float]] = {group: [] for group in groups}
		cpu_ms: list[float] = []  # this process's CPU time (the machine may be shared)
		commit_ms: list[float] = []
		for group, members in groups.items():
			for name in members:
				t, cpu = time.perf_counter(), time.process_time()
				check.check_case(name)
				before_commit = time.perf_counter()
				frappe.db.commit()
				done = time.perf_counter()
				timings[group].append((done - t) * 1000)
				commit_ms.append((done - before_commit) * 1000)
				cpu_ms.append((time.process_time() - cpu) * 1000)
		# Where the time goes: the two candidate queries and the scoring, per new case.
		parts: dict[str, list[float]] = {"same-enterprise query": [], "same-street query": [], "scoring": []}
		since_firm = add_days(now, -conf.duplicate_window_days)
		since_street = add_days(now, -conf.cluster_window_days)
		street_rows = []
		for values in new_rows:
			case = frappe.db.sql(
				f"select {check._FIELDS} from `tabSupport Case` where name = %s", values[0], as_dict=True
			)[0]
			t = time.perf_counter()
			firm_candidates = check._same_enterprise(case, since_firm)
			parts["same-enterprise query"].append((time.perf_counter() - t) * 1000)
			t = time.perf_counter()
			street_candidates = check._same_street_topic(case, since_street)
			parts["same-street query"].append((time.perf_counter() - t) * 1000)
			street_rows.append(len(street_candidates))
			t = time.perf_counter()
			new = check._request(case)
			duplicates.find_duplicates(new, map(check._request, firm_candidates), conf.duplicate_threshold)
			duplicates.find_cluster(new, map(check._request, street_candidates), conf.cluster_threshold)
			parts["scoring"].append((time.perf_counter() - t) * 1000)
		written = frappe.db.sql(
			"""select kind, count(*) from `tabCase Duplicate Suggestion`
			where `case` like %s group by kind""",
			f"{tag}-N%",
		)
		every = [ms for values in timings.values() for ms in values]
		print(
			f"bench_duplicate_check: site={args.site} open_cases={total_open} (generated {to_add}, "
			f"load {load:.1f} s) new_cases={len(every)} busy_street={busy_street} "
			f"load_average={os.getloadavg()[0]:.2f}"
		)
		print(
			f"  thresholds: duplicate {conf.duplicate_threshold} within {conf.duplicate_window_days} days; "
			f"same topic {conf.cluster_threshold} within {conf.cluster_window_days} days, "
			f"at least {conf.cluster_min_enterprises} firms"
		)
		for group, values in [*timings.items(), ("all", every)]:
			print(
				f"  check_case {group:<22} n={len(values):>3}  p50={statistics.median(values):6.1f} ms  "
				f"p95={_pct(values, 0.95):6.1f} ms  max={max(values):6.1f} ms"
			)
		print(
			f"  check_case CPU time of this process   p50={statistics.median(cpu_ms):6.1f} ms  "
			f"p95={_pct(cpu_ms, 0.95):6.1f} ms (the rest is the database and waiting for a core)"
		)
		print(f"  suggestions written: {dict(written) or 'none'}")
		parts["commit"] = commit_ms
		for part, values in parts.items():
			print(
				f"  of which {part:<22} p50={statistics.median(values):6.1f} ms  p95={_pct(values, 0.95):6.1f} ms"
			)
		print(
			f"  street candidates read per new case: median {statistics.median(street_rows)}, max {max(street_rows)}"
		)
		for label, plan in plans:
			print(f"  plan of the {label} query: {plan}")
	finally:
		frappe.db.rollback()
		for start in range(0, len(names), 10_000):
			chunk = names[start : start + 10_000]
			frappe.db.delete("Case Duplicate Suggestion", {"case": ("in", chunk)})
			frappe.db.delete("Support Case State Log", {"parent": ("in", chunk)})
			frappe.db.delete("Support Case", {"name": ("in", chunk)})
		frappe.db.commit()
		frappe.destroy()
	return 0


def _plans(frappe, check, new_row, conf) -> list[tuple[str, str]]:
	"""EXPLAIN of the two candidate queries for one new case: table, key and rows examined."""
	from frappe.utils import add_days, now_datetime

	case = frappe._dict(
		zip(
			["name", "subject", "description", "enterprise", "enterprise_name", "street", "category"],
			new_row,
			strict=False,
		)
	)
	case.creation = now_datetime()
	found = []
	for label, sql, values in (
		(
			"same enterprise",
			check._SAME_ENTERPRISE_SQL,
			check._same_enterprise_values(case, add_days(case.creation, -conf.duplicate_window_days)),
		),
		(
			"same street",
			check._SAME_STREET_SQL,
			check._same_street_values(case, add_days(case.creation, -conf.cluster_window_days)),
		),
	):
		rows = frappe.db.sql("explain " + sql, values, as_dict=True)
		found.append((label, "; ".join(f"key={r.key} rows={r.rows} {r.Extra or ''}".strip() for r in rows)))
	return found


if __name__ == "__main__":
	sys.exit(main())
