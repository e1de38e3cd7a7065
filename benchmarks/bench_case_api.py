"""Benchmark: case intake over REST against the framework's floor (a bare ToDo), same server, same run.

    env/bin/python benchmarks/bench_case_api.py              # serve, measure, stop
    env/bin/python benchmarks/bench_case_api.py -n 100 --duration 10

Starts a production-like gunicorn (``../shared/perf/serve.sh``, 2 workers, on --port, default 8011
so that it does not meet another engineer's server on 8001), runs ``../shared/perf/floor.py``
with ``--compare-doctype "Support Case" --payload-file benchmarks/case_payload.json`` and stops
the server (``stop.sh``) again. The requests are made by a throwaway enterprise-service staff
user (logged in with a password, as floor.py does), registering a phone request of a demo
enterprise with its contact, category, priority and description, as the service centre does.
``{contact}`` in the payload is filled in with an active contact of the payload's enterprise.

Everything it made is deleted afterwards, in this process (floor.py runs with --keep: its
deletions over REST take minutes). Prints floor.py's table and its ``compare:`` line (insert p50 and 8-thread inserts/s for
Support Case and ToDo, and their ratios) last.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]
PERF = Path(os.environ.get("PERF_TOOLS", BENCH.parent / "shared" / "perf"))
PAYLOAD = Path(__file__).resolve().parent / "case_payload.json"
STAFF_ROLES = ("Enterprise Service Staff", "System Manager")


def connect(site: str):
	import frappe

	os.chdir(BENCH / "sites")
	frappe.init(site=site, sites_path=str(BENCH / "sites"))
	frappe.connect()
	frappe.set_user("Administrator")
	return frappe


def make_staff_user(frappe, email: str, password: str) -> None:
	from frappe.utils.password import update_password

	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": "压测受理员",
			"username": email.split("@")[0],  # Frappe would derive the same one for every run
			"send_welcome_email": 0,
			"user_type": "System User",
		}
	)
	user.flags.no_welcome_mail = True
	user.insert(ignore_permissions=True)
	# Like the service centre's head in the demo data: staff, and System Manager (floor.py reads
	# the doctype's definition over REST before it starts).
	user.add_roles(*STAFF_ROLES)
	update_password(email, password)


def payload_for(frappe, template: dict) -> dict:
	contact = frappe.db.get_value(
		"Enterprise Contact", {"enterprise": template["enterprise"], "status": "Active"}, "name"
	)
	if not contact:
		sys.exit(
			f"no active contact of {template['enterprise']} on this site: load the demo data (bin/setup)"
		)
	return {k: (contact if v == "{contact}" else v) for k, v in template.items()}


def clean_up(frappe, email: str) -> None:
	frappe.set_user("Administrator")
	frappe.flags.in_test = True  # no background jobs for the deletions
	cases = frappe.get_all("Support Case", filters={"owner": email}, pluck="name")
	for name in cases:
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True, delete_permanently=True)
	for doctype in ("ToDo", "Comment", "Version", "Activity Log", "Access Log"):
		frappe.db.delete(doctype, {"owner": email})
	frappe.flags.in_test = False
	frappe.db.delete("Has Role", {"parent": email})
	frappe.delete_doc("User", email, force=True, ignore_permissions=True, delete_permanently=True)
	frappe.db.commit()
	print(f"bench_case_api: removed the bench user and its {len(cases)} cases")


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", default=os.environ.get("SITE", "enterprise.localhost"))
	parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8011)))
	parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS", 2)))
	parser.add_argument("-n", type=int, default=300, help="measured requests per sequential phase")
	parser.add_argument("--duration", type=float, default=15.0, help="seconds of concurrent inserts")
	parser.add_argument("--threads", type=int, default=8)
	parser.add_argument("--json", dest="json_out", help="also write floor.py's results here")
	args = parser.parse_args()

	frappe = connect(args.site)
	tag = secrets.token_hex(4)
	email, password = f"bench-intake-{tag}@example.com", f"Bench-{secrets.token_urlsafe(12)}"
	env = {
		**os.environ,
		"BENCH": str(BENCH),
		"SITE": args.site,
		"PORT": str(args.port),
		"WORKERS": str(args.workers),
		"PIDFILE": os.path.join(tempfile.gettempdir(), f"es-gunicorn-{args.port}.pid"),
		"LOG": os.path.join(tempfile.gettempdir(), f"es-gunicorn-{args.port}.log"),
	}
	served = False
	try:
		make_staff_user(frappe, email, password)
		payload = payload_for(frappe, json.loads(PAYLOAD.read_text()))
		frappe.db.commit()
		with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
			json.dump(payload, f, ensure_ascii=False)
			payload_file = f.name
		subprocess.run([str(PERF / "serve.sh")], env=env, check=True)
		served = True
		command = [
			sys.executable,
			str(PERF / "floor.py"),
			"--base-url",
			f"http://127.0.0.1:{args.port}",
			"--site",
			args.site,
			"--user",
			email,
			"--password",
			password,
			"-n",
			str(args.n),
			"--threads",
			str(args.threads),
			"--duration",
			str(args.duration),
			"--compare-doctype",
			"Support Case",
			"--payload-file",
			payload_file,
			"--keep",  # deleted here, in this process: over REST it takes minutes
		]
		if args.json_out:
			command += ["--json", args.json_out]
		result = subprocess.run(command, env=env, capture_output=True, text=True)
		compare = [line for line in result.stdout.splitlines() if line.startswith("compare:")]
		print(result.stdout, end="")
		print(result.stderr, end="", file=sys.stderr)
		os.unlink(payload_file)
		if result.returncode or not compare:
			print("bench_case_api: floor.py did not finish the comparison", file=sys.stderr)
			return 1
	finally:
		if served:
			subprocess.run([str(PERF / "stop.sh")], env=env)
		frappe.db.rollback()
		clean_up(frappe, email)
		frappe.destroy()
	print(compare[0])
	return 0


if __name__ == "__main__":
	sys.exit(main())
