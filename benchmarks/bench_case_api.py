"""Benchmark: creating a Support Case over REST against creating a bare ToDo, same server, same run.

    env/bin/python benchmarks/bench_case_api.py --requests 200

Needs the bench's site served (bench start, or any server at --url). A throwaway staff user
with API keys makes the requests; the two kinds alternate so that both see the same server
state. Prints p50 and p95 in milliseconds for each and the ratio. Everything created is
deleted afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import time
from pathlib import Path

import requests

BENCH = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
	ordered = sorted(values)
	index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
	return ordered[index]


def main() -> int:
	parser = argparse.ArgumentParser()
	parser.add_argument("--requests", type=int, default=200)
	parser.add_argument("--url")
	parser.add_argument("--site")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	config = json.loads((sites / "common_site_config.json").read_text())
	site = args.site or config["default_site"]
	url = (args.url or f"http://127.0.0.1:{config.get('webserver_port', 8000)}").rstrip("/")
	os.chdir(sites)
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")
	tag = secrets.token_hex(3)
	email = f"bench-{tag}@example.com"
	try:
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": "压测",
				"send_welcome_email": 0,
				"user_type": "System User",
			}
		)
		frappe.flags.in_test = True
		user.insert(ignore_permissions=True)
		user.add_roles("Enterprise Service Staff", "System Manager")
		secret = frappe.generate_hash(length=15)
		user.api_key, user.api_secret = frappe.generate_hash(length=15), secret
		user.save(ignore_permissions=True)
		frappe.flags.in_test = False
		enterprise = frappe.get_all("Enterprise", limit=1, pluck="name")[0]
		frappe.db.commit()

		http = requests.Session()
		http.headers.update({"Authorization": f"token {user.api_key}:{secret}", "Accept": "application/json"})
		case_times, todo_times, cases, todos = [], [], [], []
		for i in range(args.requests):
			start = time.perf_counter()
			r = http.post(
				f"{url}/api/resource/Support Case",
				json={
					"subject": f"压测诉求 {tag} {i}",
					"enterprise": enterprise,
					"category": "咨询",
					"channel": "Phone",
					"description": "压测：企业来电咨询政策。",
				},
				timeout=60,
			)
			case_times.append((time.perf_counter() - start) * 1000)
			r.raise_for_status()
			cases.append(r.json()["data"]["name"])
			start = time.perf_counter()
			r = http.post(f"{url}/api/resource/ToDo", json={"description": f"压测待办 {tag} {i}"}, timeout=60)
			todo_times.append((time.perf_counter() - start) * 1000)
			r.raise_for_status()
			todos.append(r.json()["data"]["name"])
		c50, c95 = statistics.median(case_times), percentile(case_times, 0.95)
		t50, t95 = statistics.median(todo_times), percentile(todo_times, 0.95)
		print(
			f"bench_case_api: requests={args.requests} "
			f"support_case_p50_ms={c50:.1f} support_case_p95_ms={c95:.1f} "
			f"todo_p50_ms={t50:.1f} todo_p95_ms={t95:.1f} "
			f"ratio_p50={c50 / t50:.2f} ratio_p95={c95 / t95:.2f}"
		)
	finally:
		frappe.db.rollback()
		frappe.db.delete("Support Case", {"subject": ("like", f"压测诉求 {tag}%")})
		frappe.db.delete("ToDo", {"description": ("like", f"%压测待办 {tag}%")})
		frappe.db.delete("Has Role", {"parent": email})
		frappe.db.delete("User", email)
		frappe.db.commit()
		frappe.destroy()
	return 0


if __name__ == "__main__":
	sys.exit(main())
