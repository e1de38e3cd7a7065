"""Pauses, the status history and the escalation job under a frozen clock (in-process)."""

import secrets

import pytest
from freezegun import freeze_time

from enterprise_support.domain import case_workflow as wf

from .conftest import valid_uscc

TAG = secrets.token_hex(3).upper()


@pytest.fixture(scope="module")
def setting(site, users):
	frappe = site
	staff = users.make("Enterprise Service Staff")
	handler = users.make("Department Handler")
	head = users.make("Department Handler", first_name=f"负责人{TAG}")
	officer = users.make("Enterprise Service Staff", first_name=f"专员{TAG}")
	leader = users.make("Enterprise Leader", first_name=f"领导{TAG}")
	dept = frappe.get_doc(
		{
			"doctype": "Service Department",
			"department_name": f"时限测试部门{TAG}",
			"head": head.user,
			"members": [{"user": handler.user}],
		}
	).insert()
	enterprise = frappe.get_doc(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"时限测试企业{TAG}",
			"uscc": valid_uscc(TAG, 777),
			"service_officer": officer.user,
			"responsible_leader": leader.user,
		}
	).insert()
	frappe.db.commit()
	yield {
		"staff": staff.user,
		"handler": handler.user,
		"head": head.user,
		"officer": officer.user,
		"leader": leader.user,
		"department": dept.name,
		"enterprise": enterprise.name,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": enterprise.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", enterprise.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Department", dept.name, force=True, ignore_permissions=True)
	frappe.db.commit()


@pytest.fixture(scope="module", autouse=True)
def sweep_again_at_the_real_time(site):
	"""The tests run the site-wide sweep at frozen past moments and it commits: every other open
	case on the site (the demo's) is then marked as of that past day. Sweep once more at the
	real time afterwards, as the hourly job would, so later tests and users see today's state."""
	yield
	from enterprise_support.support_cases.sla_job import sweep

	site.set_user("Administrator")
	site.db.rollback()
	sweep()


def act(frappe, user, case, action):
	from frappe.model.workflow import apply_workflow

	frappe.set_user(user)
	try:
		return apply_workflow(frappe.get_doc("Support Case", case).as_dict(), action)
	finally:
		frappe.set_user("Administrator")


def test_pause_history_and_escalation(site, setting):
	from enterprise_support.support_cases.sla_job import sweep

	frappe = site
	s = setting
	with freeze_time("2026-03-02 09:00:00"):  # Monday
		frappe.set_user(s["staff"])
		case = frappe.get_doc(
			{
				"doctype": "Support Case",
				"subject": f"时限测试{TAG}",
				"enterprise": s["enterprise"],
				"category": "求助",  # 7 working days
				"description": "测试",
				"department": s["department"],
				"channel": "Phone",
			}
		).insert()
		frappe.set_user("Administrator")
		assert str(case.resolution_due) == "2026-03-11 23:59:59"
		act(frappe, s["staff"], case.name, wf.SUBMIT)
		act(frappe, s["staff"], case.name, wf.ACCEPT)
		act(frappe, s["staff"], case.name, wf.DISPATCH)
		frappe.db.commit()
	# The department's Assignment Rule picked its handler.
	assert frappe.db.get_value("Support Case", case.name, "handler") == s["handler"]
	with freeze_time("2026-03-03 10:00:00"):
		act(frappe, s["handler"], case.name, wf.START)
	with freeze_time("2026-03-04 10:00:00"):
		frappe.db.set_value("Support Case", case.name, "information_requested", "请补充近三年用地合同。")
		act(frappe, s["handler"], case.name, wf.REQUEST_INFORMATION)
	assert frappe.db.get_value("Support Case", case.name, "sla_status") == "Paused"
	with freeze_time("2026-03-06 15:00:00"):  # Friday: paused 03-05 and 03-06 -> 2 working days
		frappe.set_user(s["staff"])
		doc = frappe.get_doc("Support Case", case.name)
		frappe.set_user("Administrator")
		act(frappe, s["staff"], case.name, wf.PROVIDE_INFORMATION)
		frappe.db.commit()
	doc = frappe.get_doc("Support Case", case.name)
	assert doc.paused_working_days == 2
	assert str(doc.resolution_due) == "2026-03-13 23:59:59"
	history = [(row.state, row.action) for row in doc.state_log]
	assert history == [
		(wf.DRAFT, None),
		(wf.SUBMITTED, wf.SUBMIT),
		(wf.ACCEPTED, wf.ACCEPT),
		(wf.DISPATCHED, wf.DISPATCH),
		(wf.IN_PROGRESS, wf.START),
		(wf.AWAITING_ENTERPRISE, wf.REQUEST_INFORMATION),
		(wf.IN_PROGRESS, wf.PROVIDE_INFORMATION),
	]
	by_state = {row.state: row for row in doc.state_log}
	# In Progress from Tue 10:00 to Wed 10:00: one working day; awaiting Wed 10:00 -> Fri 15:00.
	assert doc.state_log[4].working_days_spent == 1.0
	assert by_state[wf.AWAITING_ENTERPRISE].working_days_spent == 2.21

	def run(moment):
		with freeze_time(moment):
			sweep(notices_now=True)
		frappe.db.rollback()
		return frappe.get_doc("Support Case", case.name)

	def notices(user):
		# Our notices are alerts; Frappe's own "assigned to you" notice is of type Assignment.
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": "Support Case", "type": "Alert"},
			pluck="subject",
		)

	doc = run("2026-03-11 10:00:00")
	assert doc.sla_status == "On Track" and not doc.warned_on
	doc = run("2026-03-12 10:00:00")  # the working day before the deadline
	assert doc.warned_on and doc.sla_status == "Due Soon"
	assert len(notices(s["handler"])) == 1
	doc = run("2026-03-12 16:00:00")
	assert len(notices(s["handler"])) == 1  # warned once
	doc = run("2026-03-16 09:00:00")  # Monday after the Friday deadline
	assert doc.sla_status == "Overdue" and doc.escalation_level == 1
	assert [row.level for row in doc.escalations] == [1]
	# the people told, by name (never an e-mail address), and why, in Chinese
	assert set(doc.escalations[0].notified.split("、")) == {f"负责人{TAG}", f"专员{TAG}"}
	assert doc.escalations[0].reason == "已超过办理时限：由承办部门负责人和服务专员督办"
	assert notices(s["head"]) and notices(s["officer"])
	assert not notices(s["leader"])
	doc = run("2026-03-16 15:00:00")
	assert [row.level for row in doc.escalations] == [1]  # not again
	doc = run("2026-03-17 09:00:00")  # two more working days after the due date
	assert doc.escalation_level == 2
	assert [row.level for row in doc.escalations] == [1, 2]
	assert doc.escalations[1].notified == f"领导{TAG}"
	assert len(notices(s["leader"])) == 1


def test_a_case_in_a_year_without_calendar_is_refused_clearly(site, setting):
	frappe = site
	with freeze_time("2095-03-02 09:00:00"):
		frappe.set_user(setting["staff"])
		try:
			doc = frappe.get_doc(
				{
					"doctype": "Support Case",
					"subject": "无日历",
					"enterprise": setting["enterprise"],
					"category": "咨询",
					"description": "测试",
				}
			)
			with pytest.raises(frappe.ValidationError, match="2095"):
				doc.insert()
		finally:
			frappe.set_user("Administrator")
			frappe.db.rollback()
	assert not frappe.db.exists("Support Case", {"subject": "无日历"})
