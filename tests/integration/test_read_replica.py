"""Reports and exports on a read replica: a second MariaDB on this machine (``bin/replica``)
replicating the site's database from the primary, used through Frappe's ``read_from_replica``.

Where the statements go is read from the two servers' own general logs, switched on only
around the requests under test: each request carries a value no other traffic has (a random
date, a tag), and its SELECT statements are looked for in both logs. A control request that
Frappe keeps on the primary (the REST list) runs in the same window, so both logs are seen to
capture the web server's statements. Records written on the primary during the test are read
back through the replica, so replication is live.

The module starts the replica when it is not running and stops it again afterwards (and
removes it when it made it: a fresh clone keeps nothing of it); it turns
``read_from_replica`` on for the site and puts the site's setting back at the end. It needs
root (it starts a MariaDB server and reads the primary's log in the primary's data
directory) and a primary that keeps a binary log (bin/setup configures that); without either
it is skipped with one line saying why.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import re
import secrets
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from .conftest import BENCH, SITE, SITES, Client, server_messages, valid_uscc

TAG = secrets.token_hex(4).upper()
REPLICA = BENCH / "bin" / "replica"
LEADER = "liujianguo@demo.gov.cn"
PASSWORD = "Demo@2026"
RUN = "/api/method/frappe.desk.query_report.run"
REPORTS = (
	"Industry Chain Report",
	"Industry Chain Details",
	"Chain Gaps",
	"Designation Expiry",
	"Service Performance",
	"Deadline Compliance",
	"Cases Breaching Soon",
	"My Work",
)


def _port_free(port: int) -> bool:
	with socket.socket() as probe:
		try:
			probe.bind(("127.0.0.1", port))
		except OSError:
			return False
	return True


def _free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


if os.geteuid() != 0:
	pytest.skip(
		"read replica test skipped: it needs root (it starts a second MariaDB server and reads the primary's general log)",
		allow_module_level=True,
	)
if not (shutil.which("mariadbd") or Path("/usr/sbin/mariadbd").exists()):
	pytest.skip("read replica test skipped: no MariaDB server binary (mariadbd)", allow_module_level=True)

ENV = dict(os.environ, ES_REPLICA_SITES=SITE)


def replica_cmd(*args: str, check: bool = True) -> subprocess.CompletedProcess:
	done = subprocess.run(
		[str(REPLICA), *args], cwd=BENCH, env=ENV, capture_output=True, text=True, timeout=900
	)
	if check:
		assert done.returncode == 0, f"bin/replica {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
	return done


def on_primary(statement: str) -> str:
	return replica_cmd("sql", "--primary", statement).stdout.strip()


def on_replica(statement: str) -> str:
	return replica_cmd("sql", statement).stdout.strip()


def site_config() -> dict:
	return json.loads((SITES / SITE / "site_config.json").read_text())


@pytest.fixture(scope="module")
def replica(site):
	"""The replica running and the site reading from it; afterwards, as it was before."""
	was_running = replica_cmd("status", check=False).returncode == 0
	replica_dir = Path(os.environ.get("ES_REPLICA_DIR") or BENCH / "config" / "replica")
	was_made = (replica_dir / "data").exists()
	if not was_running and "ES_REPLICA_PORT" not in os.environ and not _port_free(3307):
		ENV["ES_REPLICA_PORT"] = str(_free_port())  # 3307 is another bench's replica
	if on_primary("select @@log_bin") != "1":
		pytest.skip(
			"read replica test skipped: the primary MariaDB keeps no binary log (run bin/setup and restart MariaDB)"
		)
	before = {key: site_config().get(key) for key in ("read_from_replica", "replica_host", "replica_db_port")}
	replica_cmd("start")
	try:
		replica_cmd("enable")
		config = site_config()
		assert config["read_from_replica"] == 1
		assert config["replica_host"] == "127.0.0.1"
		yield int(config["replica_db_port"])
	finally:
		if before["read_from_replica"]:
			replica_cmd("enable")
		else:
			replica_cmd("disable")
		if not was_made:  # a fresh clone (CI): leave no files nor replication account behind
			replica_cmd("remove")
		elif not was_running:
			replica_cmd("stop")


@pytest.fixture(scope="module")
def leader(site, replica):
	if not site.db.exists("User", LEADER):
		pytest.skip(f"the demo user {LEADER} is missing: this test needs bin/setup's demo data")
	client = Client(LEADER)
	response = client.login(LEADER, PASSWORD)
	assert response.status_code == 200, response.text[:300]
	return client


@pytest.fixture(scope="module")
def chain(site, replica):
	"""A chain and one enterprise on it, written on the primary; removed afterwards."""
	frappe = site
	created = []
	try:
		node = frappe.get_doc(
			{
				"doctype": "Industry Chain",
				"node_name": f"副本测试链{TAG}",
				"node_type": "Chain",
				"chain_chief": LEADER,
			}
		).insert(ignore_permissions=True)
		created.append(("Industry Chain", node.name))
		enterprise = frappe.get_doc(
			{
				"doctype": "Enterprise",
				"enterprise_name": f"副本测试企业{TAG}",
				"uscc": valid_uscc(TAG, 311),
				"industry_chain": node.name,
			}
		).insert(ignore_permissions=True)
		created.append(("Enterprise", enterprise.name))
		frappe.db.commit()
		yield frappe._dict(
			name=node.name, enterprise=enterprise.name, enterprise_name=enterprise.enterprise_name
		)
	finally:
		frappe.db.rollback()
		for doctype, name in reversed(created):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
		frappe.db.commit()


def caught_up():
	"""Wait until the replica has applied everything the primary has logged so far."""
	position = on_primary("select @@gtid_binlog_pos")
	assert on_replica(f"select master_gtid_wait('{position}', 120)") == "0", "the replica did not catch up"


# An entry of MariaDB's general log file: "[yymmdd hh:mm:ss]\t  <thread> <command>\t<argument>",
# the argument running on over lines until the next entry.
_ENTRY_HEAD = r"^(?:\d{6}\s+\d{1,2}:\d{2}:\d{2})?\t+\s*\d+ "
FILE_ENTRY = re.compile(_ENTRY_HEAD + r"(\w[\w ]*?)\t(.*?)(?=" + _ENTRY_HEAD + r"|\Z)", re.M | re.S)


class GeneralLogs:
	"""Both servers' general logs, on only inside ``with``: then ``selects(marker)`` gives the
	SELECT statements each server received that contain ``marker``."""

	def __enter__(self):
		self.saved = on_primary("select @@general_log_file")
		datadir = Path(on_primary("select @@datadir"))
		self.file = datadir / f"es-replica-test-{TAG}-{secrets.token_hex(3)}.log"
		on_replica("set global general_log = 0; truncate table mysql.general_log")
		on_primary(f"set global general_log_file = '{self.file}'; set global general_log = 1")
		try:
			on_replica("set global general_log = 1")
		except BaseException:
			self._primary_off()
			raise
		return self

	def _primary_off(self):
		on_primary(f"set global general_log = 0; set global general_log_file = '{self.saved}'")

	def __exit__(self, *exc):
		try:
			self._primary_off()  # the shared primary's log first, whatever happens next
		finally:
			on_replica("set global general_log = 0")
		self.primary = self.file.read_text(errors="replace") if self.file.exists() else ""
		self.file.unlink(missing_ok=True)
		rows = on_replica(
			"select concat(user_host, ' | ', replace(convert(argument using utf8mb4), '\\n', ' '))"
			" from mysql.general_log where command_type = 'Query'"
		)
		self.replica = rows.splitlines()
		on_replica("truncate table mysql.general_log")

	@staticmethod
	def _selects(lines, marker):
		return [line for line in lines if marker in line and "select" in line.lower()]

	def selects(self, marker: str) -> tuple[list[str], list[str]]:
		primary_statements = [
			" ".join(argument.split())
			for command, argument in FILE_ENTRY.findall(self.primary)
			if command == "Query"
		]
		return self._selects(self.replica, marker), self._selects(primary_statements, marker)


def a_date() -> str:
	"""A date no other traffic asks about (the general logs are searched for it)."""
	return (dt.date(1901, 1, 1) + dt.timedelta(days=random.randrange(36000))).isoformat()


def a_period() -> tuple[dict, str]:
	"""Report filters ending on such a date, and what the report's statements then carry: the
	day after it (the period ends before it). An end, not a start: the case figures leave out a
	bound no case lies beyond, and every site has cases received after 1999."""
	to_date = a_date()
	return {"to_date": to_date}, (dt.date.fromisoformat(to_date) + dt.timedelta(days=1)).isoformat()


def control_request(client, marker: str):
	"""A request Frappe runs on the primary (the REST list is not ``read_only``)."""
	response = client.get(
		"/api/resource/Support Case",
		params={"filters": json.dumps([["creation", ">=", marker]]), "fields": json.dumps(["name"])},
	)
	assert response.status_code == 200, response.text[:300]


def run_report(client, report: str, filters: dict):
	return client.get(RUN, params={"report_name": report, "filters": json.dumps(filters)})


def test_the_chain_report_reads_from_the_replica_and_not_the_primary(replica, leader, chain, site):
	caught_up()
	(period, marker), control = a_period(), a_date()
	with GeneralLogs() as logs:
		response = run_report(leader, "Industry Chain Report", {"chain": chain.name, **period})
		control_request(leader, control)
	assert response.status_code == 200, response.text[:500]
	rows = {row["node"]: row for row in response.json()["message"]["result"] if row.get("node")}
	# The enterprise written on the primary a moment ago is counted: replication is live.
	assert rows[chain.name]["enterprises"] == 1

	on_replica_, on_primary_ = logs.selects(marker)
	db_user = site.conf.db_name
	assert on_replica_, "the report's statements did not reach the replica"
	assert any("tabSupport Case" in line for line in on_replica_)
	assert all(db_user in line for line in on_replica_)  # the site's connection, not ours
	assert on_primary_ == [], f"the report's statements reached the primary: {on_primary_[:3]}"
	# The control request went to the primary, and only there: both logs were capturing.
	control_replica, control_primary = logs.selects(control)
	assert control_primary and not control_replica


def test_without_replica_configured_reports_read_from_the_primary(replica, leader, chain):
	replica_cmd("disable")
	try:
		assert "read_from_replica" not in site_config()
		period, marker = a_period()
		with GeneralLogs() as logs:
			response = run_report(leader, "Industry Chain Report", {"chain": chain.name, **period})
		assert response.status_code == 200, response.text[:500]
		on_replica_, on_primary_ = logs.selects(marker)
		assert on_primary_ and not on_replica_
	finally:
		replica_cmd("enable")


def test_every_script_report_runs_on_the_replica(replica, admin, chain):
	caught_up()
	filters = {"Industry Chain Details": {"node": chain.name, "figure": "designations"}}
	for report in REPORTS:
		with GeneralLogs() as logs:
			response = run_report(admin, report, filters.get(report, {}))
		assert response.status_code == 200, (report, response.text[:500])
		assert "result" in response.json()["message"], report
		tables = [line for line in logs.replica if "`tab" in line and "select" in line.lower()]
		assert tables, f"{report}: no statement reached the replica"


def test_a_refused_filter_is_still_a_clear_message_on_the_replica(replica, leader, chain):
	"""Frappe logs a report's failure as an Error Log: on the read-only replica that insert
	failed and the user got a server error instead of the report's own message."""
	response = run_report(leader, "Industry Chain Details", {"node": chain.name, "figure": "no-such-figure"})
	assert response.status_code == 417, response.text[:500]
	assert "no-such-figure" in server_messages(response)


def test_the_report_export_reads_from_the_replica(replica, leader, chain):
	caught_up()
	period, marker = a_period()
	with GeneralLogs() as logs:
		response = leader.post(
			"/api/method/frappe.desk.query_report.export_query",
			data={
				"report_name": "Industry Chain Report",
				"file_format_type": "CSV",
				"filters": json.dumps({"chain": chain.name, **period}),
				"visible_idx": "[]",
				"include_indentation": 0,
			},
		)
	assert response.status_code == 200, response.text[:500]
	assert chain.name in response.content.decode("utf-8-sig")
	on_replica_, on_primary_ = logs.selects(marker)
	assert on_replica_ and on_primary_ == [], on_primary_[:3]


def test_data_export_and_list_export_read_from_the_replica(replica, leader, chain):
	caught_up()
	marker = f"副本测试企业{TAG}"
	with GeneralLogs() as logs:
		data_export = leader.get(
			"/api/method/frappe.core.doctype.data_export.exporter.export_data",
			params={
				"doctype": "Enterprise",
				"select_columns": json.dumps({"Enterprise": ["name", "enterprise_name"]}),
				"filters": json.dumps({"enterprise_name": marker}),
				"with_data": 1,
				"all_doctypes": 0,
				"file_type": "CSV",
			},
		)
	assert data_export.status_code == 200, data_export.text[:500]
	assert marker in data_export.content.decode("utf-8-sig")
	on_replica_, on_primary_ = logs.selects(marker)
	assert on_replica_, "Data Export did not read from the replica"
	assert on_primary_ == [], on_primary_[:3]

	with GeneralLogs() as logs:
		list_export = leader.get(
			"/api/method/frappe.core.doctype.data_import.data_import.download_template",
			params={
				"doctype": "Enterprise",
				"export_fields": json.dumps({"Enterprise": ["name", "enterprise_name"]}),
				"export_records": "by_filter",
				"export_filters": json.dumps({"enterprise_name": marker}),
				"file_type": "CSV",
			},
		)
	assert list_export.status_code == 200, list_export.text[:500]
	assert marker in list_export.content.decode("utf-8-sig")
	on_replica_, on_primary_ = logs.selects(marker)
	assert on_replica_, "the list view's Export did not read from the replica"
	assert on_primary_ == [], on_primary_[:3]


def test_the_replica_refuses_writes_from_the_site(replica, site):
	"""The replica is read-only for the site's account: a stray write fails, never diverges."""
	import pymysql

	conf = site.conf
	connection = pymysql.connect(
		host="127.0.0.1", port=replica, user=conf.db_name, password=conf.db_password, database=conf.db_name
	)
	try:
		with connection.cursor() as cursor, pytest.raises(pymysql.err.OperationalError, match="read-only"):
			cursor.execute("update `tabEnterprise` set modified = modified limit 1")
	finally:
		connection.close()
