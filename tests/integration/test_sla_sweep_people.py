"""The SLA sweep's escalation rows and notices as people read them, for the cases the set-based
sweep has to get right in SQL: one person in two roles, nobody set, a person whose account is
disabled, and a notice listing more than 20 cases (in-process, under a frozen clock)."""

import re
import secrets
import time

import pytest
from frappe.model.workflow import apply_workflow
from freezegun import freeze_time

from enterprise_support.domain import case_workflow as wf

from .conftest import valid_uscc

TAG = secrets.token_hex(3).upper()
CASES = 21  # one more than a notice lists


@pytest.fixture(scope="module")
def world(site, users):
	frappe = site
	staff = users.make("Enterprise Service Staff")
	head = users.make("Department Handler", first_name=f"主任{TAG}")  # also the service officer
	leader = users.make("Enterprise Leader", first_name=f"离任领导{TAG}")
	frappe.db.set_value("User", leader.user, "enabled", 0)
	made = []

	def insert(doc):
		doc = frappe.get_doc(doc).insert(ignore_permissions=True)
		made.append(doc)
		return doc.name

	busy = insert(
		{"doctype": "Service Department", "department_name": f"督办测试部门{TAG}", "head": head.user}
	)
	headless = insert({"doctype": "Service Department", "department_name": f"无负责人部门{TAG}"})
	enterprise = insert(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"督办测试企业{TAG}",
			"uscc": valid_uscc(TAG, 881),
			"service_officer": head.user,
			"responsible_leader": leader.user,
		}
	)
	alone = insert(
		{"doctype": "Enterprise", "enterprise_name": f"无人负责企业{TAG}", "uscc": valid_uscc(TAG, 882)}
	)
	cases = []
	with freeze_time("2026-03-02 09:00:00"):  # Monday: 求助 is due in 7 working days, 03-11
		frappe.set_user(staff.user)
		try:
			for i in range(CASES + 1):
				doc = frappe.get_doc(
					{
						"doctype": "Support Case",
						"subject": f"督办测试{TAG}-{i:02d}",
						"enterprise": enterprise if i < CASES else alone,
						"department": busy if i < CASES else headless,
						"category": "求助",
						"description": "测试",
						"channel": "Phone",
					}
				).insert()
				apply_workflow(frappe.get_doc("Support Case", doc.name).as_dict(), wf.SUBMIT)
				cases.append(doc.name)
		finally:
			frappe.set_user("Administrator")
	frappe.db.commit()
	yield frappe._dict(
		staff=staff.user,
		busy=busy,
		enterprise=enterprise,
		head=head.user,
		leader=leader.user,
		shared=sorted(cases[:CASES]),
		nobodys=cases[CASES],
		enterprise_name=f"督办测试企业{TAG}",
	)
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in cases:
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.db.delete("Notification Log", {"document_type": "Support Case", "document_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	for doc in reversed(made):
		frappe.delete_doc(doc.doctype, doc.name, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(scope="module", autouse=True)
def sweep_again_at_the_real_time(site):
	"""The frozen-time sweeps below commit for every open case on the site: sweep once more at
	the real time afterwards, as the hourly job would."""
	yield
	from enterprise_support.support_cases.sla_job import sweep

	site.set_user("Administrator")
	site.db.rollback()
	sweep()


def test_escalation_rows_and_notices_name_each_person_once(site, world):
	from enterprise_support.support_cases.sla_job import sweep

	frappe = site

	def run(moment):
		with freeze_time(moment):
			sweep(notices_now=True)
		frappe.db.rollback()

	def notices(user):
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "Support Case", "type": "Alert"},
			fields=["subject", "email_content", "document_name"],
		)

	def rows(case):
		return [
			(row.level, row.notified, row.reason) for row in frappe.get_doc("Support Case", case).escalations
		]

	run("2026-03-12 10:00:00")  # the day after the deadline
	level_1 = "已超过办理时限：由承办部门负责人和服务专员督办"
	# The department head is also the enterprise's service officer: named once, told once.
	for case in world.shared:
		assert rows(case) == [(1, f"主任{TAG}", level_1)]
	told = notices(world.head)
	assert len(told) == 1
	assert told[0].subject == f"1级督办：{CASES} 件诉求已超期"
	# The first 20 cases by name, each once, with its enterprise and due date; then the rest.
	listed = re.findall(r"<li>(\S+) 督办测试", told[0].email_content)
	assert listed == world.shared[:20]
	assert f"（{world.enterprise_name}，办结期限 2026-03-11）" in told[0].email_content
	assert "另有 1 件" in told[0].email_content
	assert told[0].document_name == world.shared[0]
	# A case whose department has no head and whose enterprise has no officer or leader.
	nobody = "无：未设置部门负责人、服务专员或包联领导"
	assert rows(world.nobodys) == [(1, nobody, level_1)]

	run("2026-03-16 09:00:00")  # Monday: three working days after the Wednesday deadline
	level_2 = "超过办理时限两个工作日仍未办结：由包联领导督办"
	# The leader's account is disabled: the row still names the leader, nobody is sent a notice.
	for case in world.shared:
		assert rows(case) == [(1, f"主任{TAG}", level_1), (2, f"离任领导{TAG}", level_2)]
	assert rows(world.nobodys) == [(1, nobody, level_1), (2, nobody, level_2)]
	assert not notices(world.leader)
	assert len(notices(world.head)) == 1  # level 2 is not theirs
	statuses = frappe.get_all(
		"Support Case",
		filters={"name": ("in", world.shared)},
		fields=["sla_status", "escalation_level"],
		distinct=True,
	)
	assert statuses == [{"sla_status": "Overdue", "escalation_level": 2}]

	run("2026-03-16 15:00:00")  # nothing more to do: no row, no notice
	assert len(rows(world.nobodys)) == 2
	assert len(notices(world.head)) == 1


def test_the_scheduled_sweep_sends_its_notices_from_a_job(site, world):
	"""As the scheduler runs it, the sweep commits the cases and their escalation rows, then
	queues the notices: the background worker writes them (bin/test starts one)."""
	from enterprise_support.support_cases.sla_job import sweep

	frappe = site
	with freeze_time("2026-03-02 09:00:00"):
		frappe.set_user(world.staff)
		try:
			case = frappe.get_doc(
				{
					"doctype": "Support Case",
					"subject": f"队列督办{TAG}",
					"enterprise": world.enterprise,
					"department": world.busy,
					"category": "求助",
					"description": "测试",
					"channel": "Phone",
				}
			).insert()
			apply_workflow(frappe.get_doc("Support Case", case.name).as_dict(), wf.SUBMIT)
		finally:
			frappe.set_user("Administrator")
	frappe.db.commit()
	try:
		with freeze_time("2026-03-13 10:00:00"):  # Friday, two days after the deadline
			result = sweep()
		assert result["escalated_1"] >= 1
		# named after the run's time (on the site's clock) and the one step it took
		assert re.fullmatch(r"sla-notices-20260313\d{6}-1", result["notices_job"])
		# The case is escalated when the sweep returns; its notice comes from the worker.
		frappe.db.rollback()
		doc = frappe.get_doc("Support Case", case.name)
		assert doc.escalation_level == 1 and doc.sla_status == "Overdue"
		assert [row.notified for row in doc.escalations] == [f"主任{TAG}"]
		filters = {"for_user": world.head, "document_name": case.name, "type": "Alert"}
		deadline = time.monotonic() + 120
		while not frappe.db.exists("Notification Log", filters):
			assert time.monotonic() < deadline, "no notice 120 s after the sweep: is a worker running?"
			time.sleep(1)
			frappe.db.rollback()
		told = frappe.get_all("Notification Log", filters=filters, fields=["subject", "email_content"])
		assert [row.subject for row in told] == ["1级督办：1 件诉求已超期"]
		assert f"{case.name} 队列督办{TAG}（督办测试企业{TAG}，办结期限 2026-03-11）" in told[0].email_content
	finally:
		frappe.db.rollback()
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": case.name})
		frappe.db.delete("Notification Log", {"document_type": "Support Case", "document_name": case.name})
		frappe.delete_doc("Support Case", case.name, force=True, ignore_permissions=True)
		frappe.db.commit()
