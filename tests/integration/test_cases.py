"""Support cases: the role-gated workflow over REST, deadlines, pauses, escalation, tasks, merge."""

import json
import secrets
from collections import deque

import pytest

from enterprise_support.domain import case_workflow as wf

from .conftest import Client, mail_text, server_messages, valid_uscc, wait_for

TAG = secrets.token_hex(3).upper()
APPLY = "/api/method/frappe.model.workflow.apply_workflow"


@pytest.fixture(scope="module")
def office(site, users, portal_contacts):
	"""An enterprise with two portal contacts, two departments with handlers, staff and a leader."""
	frappe = site
	staff = users.make("Enterprise Service Staff")
	handler = users.make("Department Handler")
	other_handler = users.make("Department Handler")
	head = users.make("Department Handler")
	leader = users.make("Enterprise Leader")
	officer = users.make("Enterprise Service Staff")
	departments = []
	for index, member in enumerate((handler, other_handler)):
		dept = frappe.get_doc(
			{
				"doctype": "Service Department",
				"department_name": f"测试部门{TAG}-{index}",
				"head": head.user if index == 0 else None,
				"members": [{"user": member.user}],
			}
		).insert()
		departments.append(dept.name)
	enterprise = frappe.get_doc(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"诉求测试企业{TAG}",
			"uscc": valid_uscc(TAG, 901),
			"service_officer": officer.user,
			"responsible_leader": leader.user,
		}
	).insert()
	frappe.db.commit()
	manager_contact = portal_contacts.make(enterprise.name, "联系人0", 1)
	plain_contact = portal_contacts.make(enterprise.name, "联系人1", 0)
	frappe.db.commit()
	data = {
		"staff": staff,
		"handler": handler,
		"other_handler": other_handler,
		"head": head,
		"leader": leader,
		"officer": officer,
		"departments": departments,
		"enterprise": enterprise.name,
		"contact": manager_contact,
		"contact_name": manager_contact.contact,
		"plain_contact": plain_contact,
		"plain_contact_name": plain_contact.contact,
	}
	yield data
	frappe.set_user("Administrator")
	frappe.db.rollback()
	cases = frappe.get_all("Support Case", filters={"enterprise": enterprise.name}, pluck="name")
	for name in frappe.get_all("Support Task", filters={"support_case": ("in", cases or [""])}, pluck="name"):
		frappe.delete_doc("Support Task", name, force=True, ignore_permissions=True)
	for name in cases:
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	for person in (manager_contact, plain_contact):
		frappe.delete_doc("Enterprise Contact", person.contact, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", enterprise.name, force=True, ignore_permissions=True)
	for dept in departments:
		frappe.delete_doc("Service Department", dept, force=True, ignore_permissions=True)
	frappe.db.commit()


def actor_client(office, actor):
	return {wf.STAFF: office["staff"], wf.HANDLER: office["handler"], wf.CONTACT: office["contact"]}[actor]


def new_case(office, **fields):
	payload = {
		"subject": f"测试诉求{TAG}",
		"enterprise": office["enterprise"],
		"contact": office["contact_name"],
		"category": "求助",
		"description": "企业反映用电负荷不足，请协调扩容。",
		"department": office["departments"][0],
		# Everything a transition may ask for, so that a refusal is the workflow's, not a gap.
		"rejection_reason": "不属于受理范围",
		"return_reason": "不属于本部门职责",
		"resolution_summary": "已协调供电公司完成扩容。",
		"follow_up_note": "回访企业，表示满意。",
		**fields,
	}
	response = office["staff"].post("/api/resource/Support Case", json=payload)
	assert response.status_code == 200, server_messages(response)
	return response.json()["data"]["name"]


def apply(client, case, action):
	return client.post(
		APPLY, data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": action}
	)


PORTAL = "/api/method/enterprise_support.api.portal."
# A contact's workflow actions on an existing request, as the portal API offers them (a
# contact reaches nothing else: apply_workflow itself answers 403).
CONTACT_ROUTES = {
	wf.PROVIDE_INFORMATION: ("add_information", {"text": "补充材料：营业执照和用电申请表已上传"}),
	wf.RATE: ("rate", {"rating": 5, "comment": "办理及时"}),
	wf.REOPEN: ("reopen", {"reason": "问题仍未解决"}),
}


def act(client, case, action, actor):
	"""``actor`` takes ``action`` on ``case`` the way that actor can: staff and handlers through
	Frappe's workflow endpoint, contacts through the portal API."""
	if actor == wf.CONTACT and action in CONTACT_ROUTES:
		method, data = CONTACT_ROUTES[action]
		return client.post(PORTAL + method, data={"name": case, **data})
	if action == wf.REQUEST_INFORMATION:
		# 要求补充材料 says what is needed first (the desk's dialog does the same)
		response = client.post(
			"/api/method/enterprise_support.api.cases.request_information",
			data={"case": case, "needed": "请补充近三年用电量明细"},
		)
		if response.status_code != 200:
			return response
	return apply(client, case, action)


# Shortest path of (action, actor) from Draft to every state.
def _paths():
	paths = {wf.DRAFT: []}
	queue = deque([wf.DRAFT])
	while queue:
		state = queue.popleft()
		for t in wf.TRANSITIONS:
			if t.state == state and t.next_state not in paths and t.action != wf.MERGE:
				# staff where they may (a contact submits only new requests, on the portal)
				actor = wf.STAFF if wf.STAFF in t.actors else t.actors[0]
				paths[t.next_state] = [*paths[state], (t.action, actor)]
				queue.append(t.next_state)
	return paths


PATHS = _paths()
PATHS[wf.MERGED] = PATHS[wf.SUBMITTED]  # merged from Submitted by the merge action (see bring_to)


def bring_to(office, state):
	case = new_case(office)
	for action, actor in PATHS.get(state, []):
		response = act(actor_client(office, actor), case, action, actor)
		assert response.status_code == 200, (state, action, server_messages(response))
	if state == wf.MERGED:
		survivor = new_case(office)
		response = office["staff"].post(
			"/api/method/enterprise_support.api.cases.merge", data={"duplicate": case, "survivor": survivor}
		)
		assert response.status_code == 200, server_messages(response)
	return case


def snapshot(site, case):
	site.db.rollback()
	return site.db.get_value(
		"Support Case", case, ["workflow_state", "modified"], as_dict=True
	), site.db.count("Support Case State Log", {"parent": case})


@pytest.mark.parametrize("state", wf.STATES)
def test_every_action_in_every_state_as_every_role(site, office, state):
	"""Allowed (state, action, role) combinations succeed; every other one is refused and changes nothing."""
	assert state in PATHS or state == wf.MERGED
	refusal_case = bring_to(office, state)
	for action in wf.ACTIONS:
		for actor in wf.ACTORS:
			transition = wf.allowed(state, action, actor)
			client = actor_client(office, actor)
			if transition is None:
				before = snapshot(site, refusal_case)
				response = apply(client, refusal_case, action)
				assert response.status_code >= 400, (state, action, actor)
				assert snapshot(site, refusal_case) == before, (state, action, actor)
				continue
			if actor == wf.CONTACT and action not in CONTACT_ROUTES:
				# (Draft, Submit): the portal files and submits a new request in one step; an
				# existing draft made by staff is not the contact's to submit over the API.
				before = snapshot(site, refusal_case)
				assert apply(client, refusal_case, action).status_code == 403, (state, action, actor)
				assert snapshot(site, refusal_case) == before, (state, action, actor)
				response = client.post(
					PORTAL + "submit_request",
					data={
						"category": "求助",
						"subject": f"门户提交{TAG}",
						"description": "企业用电负荷不足。",
					},
				)
				assert response.status_code == 200, (state, action, actor, server_messages(response))
				site.db.rollback()
				made = response.json()["message"]["name"]
				assert site.db.get_value("Support Case", made, "workflow_state") == transition.next_state
				continue
			case = bring_to(office, state)
			if action == wf.MERGE:
				survivor = new_case(office)
				response = client.post(
					"/api/method/enterprise_support.api.cases.merge",
					data={"duplicate": case, "survivor": survivor},
				)
			else:
				response = act(client, case, action, actor)
			assert response.status_code == 200, (state, action, actor, server_messages(response))
			site.db.rollback()
			assert site.db.get_value("Support Case", case, "workflow_state") == transition.next_state


@pytest.mark.parametrize("state", [wf.SUBMITTED, wf.DISPATCHED, wf.IN_PROGRESS, wf.RESOLVED])
def test_setting_the_state_directly_is_refused_unless_it_is_a_listed_transition(site, office, state):
	case = bring_to(office, state)
	for actor in wf.ACTORS:
		client = actor_client(office, actor)
		for target in wf.STATES:
			if target == state or any(
				t.state == state and t.next_state == target and actor in t.actors for t in wf.TRANSITIONS
			):
				continue
			before = snapshot(site, case)
			response = client.put(f"/api/resource/Support Case/{case}", json={"workflow_state": target})
			assert response.status_code >= 400, (state, target, actor)
			assert snapshot(site, case) == before, (state, target, actor)


def test_reasons_are_required(site, office):
	case = new_case(office, rejection_reason="")
	assert apply(office["staff"], case, wf.SUBMIT).status_code == 200
	response = apply(office["staff"], case, wf.REJECT)
	assert response.status_code == 417
	assert "不予受理" in server_messages(response)
	site.db.rollback()
	assert site.db.get_value("Support Case", case, "workflow_state") == wf.SUBMITTED


def test_a_rejected_request_has_no_resolution_deadline_to_miss(site, office):
	case = new_case(office, received_on="2026-01-05 09:00:00")
	assert apply(office["staff"], case, wf.SUBMIT).status_code == 200
	assert apply(office["staff"], case, wf.REJECT).status_code == 200
	site.db.rollback()
	assert site.db.get_value("Support Case", case, ["workflow_state", "sla_status", "response_status"]) == (
		wf.REJECTED,
		None,
		"Missed",  # it was answered long after its response deadline
	)


def test_deadlines_on_the_2026_calendar(office):
	# 咨询: 3 working days; received Friday 2026-02-13, before the Spring Festival.
	case = new_case(office, category="咨询", received_on="2026-02-13 09:30:00")
	data = office["staff"].get(f"/api/resource/Support Case/{case}").json()["data"]
	assert data["resolution_due"] == "2026-02-25 23:59:59"
	assert data["response_due"] == "2026-02-14 23:59:59"  # Saturday 02-14 is a make-up working day
	# 投诉举报: 15 working days from 2026-09-28 (Mon) -> across National Day.
	case = new_case(office, category="投诉举报", received_on="2026-09-28 16:00:00")
	data = office["staff"].get(f"/api/resource/Support Case/{case}").json()["data"]
	assert data["resolution_due"] == "2026-10-23 23:59:59"


def test_contacts_cannot_backdate_or_file_for_another_enterprise(site, office):
	contact = office["contact"]
	other = site.db.get_value("Enterprise", {"name": ("!=", office["enterprise"])}, "name")
	for payload in (
		{"subject": "测试", "category": "咨询", "description": "说明", "enterprise": other},
		{
			"subject": "测试补记",
			"category": "咨询",
			"description": "说明",
			"received_on": "2026-01-05 10:00:00",
		},
	):
		assert contact.post("/api/resource/Support Case", json=payload).status_code == 403
	# the portal files for the contact's own enterprise, received now, whatever else is sent
	response = contact.post(
		PORTAL + "submit_request",
		data={
			"subject": "测试补记",
			"category": "咨询",
			"description": "说明",
			"received_on": "2026-01-05 10:00:00",
			"enterprise": other,
		},
	)
	assert response.status_code == 200, server_messages(response)
	site.db.rollback()
	data = site.db.get_value(
		"Support Case",
		response.json()["message"]["name"],
		["enterprise", "channel", "received_on"],
		as_dict=True,
	)
	assert data.enterprise == office["enterprise"]
	assert data.channel == "Portal"
	assert not str(data.received_on).startswith("2026-01-05")


def test_staff_cannot_set_future_receipt(office):
	response = office["staff"].post(
		"/api/resource/Support Case",
		json={
			"subject": "未来",
			"enterprise": office["enterprise"],
			"category": "咨询",
			"description": "说明",
			"received_on": "2099-01-01 10:00:00",
		},
	)
	assert response.status_code == 417
	assert "未来" in server_messages(response) or "晚于" in server_messages(response)


def test_nobody_sets_deadlines_by_hand(office):
	case = new_case(office)
	response = office["staff"].put(
		f"/api/resource/Support Case/{case}", json={"resolution_due": "2099-12-31 23:59:59"}
	)
	assert response.status_code == 403
	response = office["handler"].put(f"/api/resource/Support Case/{case}", json={"subject": "改标题"})
	assert response.status_code in (403, 417)


def test_open_tasks_block_resolution(site, office):
	case = bring_to(office, wf.IN_PROGRESS)
	handler = office["handler"]
	task = handler.post(
		"/api/resource/Support Task",
		json={"subject": "现场踏勘", "support_case": case, "assignee": handler.user, "working_days": 2},
	)
	assert task.status_code == 200, server_messages(task)
	task = task.json()["data"]
	assert task["due_date"]
	response = apply(handler, case, wf.RESOLVE)
	assert response.status_code == 417
	assert "任务" in server_messages(response)
	# Completing needs a note.
	response = handler.put(f"/api/resource/Support Task/{task['name']}", json={"status": "Completed"})
	assert response.status_code == 417
	response = handler.put(
		f"/api/resource/Support Task/{task['name']}",
		json={"status": "Completed", "completion_note": "已完成踏勘"},
	)
	assert response.status_code == 200, server_messages(response)
	response = apply(handler, case, wf.RESOLVE)
	assert response.status_code == 200, server_messages(response)


def test_merge_closes_the_duplicate_and_keeps_its_comments_and_files(site, office, outbox):
	frappe = site
	staff = office["staff"]
	duplicate, survivor = new_case(office), new_case(office)
	for case in (duplicate, survivor):
		assert apply(office["staff"], case, wf.SUBMIT).status_code == 200
	comment = staff.post(
		"/api/method/frappe.desk.form.utils.add_comment",
		data={
			"reference_doctype": "Support Case",
			"reference_name": duplicate,
			"content": "企业电话补充：同一事项",
			"comment_email": staff.user,
			"comment_by": "测试",
		},
	)
	assert comment.status_code == 200, server_messages(comment)
	upload = staff.post(
		"/api/method/upload_file",
		files={"file": (f"evidence-{TAG}.txt", f"证据 {TAG}".encode())},
		data={"doctype": "Support Case", "docname": duplicate, "is_private": 1},
	)
	assert upload.status_code == 200, server_messages(upload)
	response = staff.post(
		"/api/method/enterprise_support.api.cases.merge", data={"duplicate": duplicate, "survivor": survivor}
	)
	assert response.status_code == 200, server_messages(response)
	frappe.db.rollback()
	assert frappe.db.get_value("Support Case", duplicate, ["workflow_state", "merged_into"]) == (
		wf.MERGED,
		survivor,
	)
	comments = frappe.get_all(
		"Comment", filters={"reference_doctype": "Support Case", "reference_name": survivor}, pluck="content"
	)
	assert any("企业电话补充：同一事项" in c and duplicate in c for c in comments)
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Support Case", "attached_to_name": survivor},
		pluck="file_url",
	)
	assert upload.json()["message"]["file_url"] in files

	# The duplicate's contact is told (notifications are sent by a background job).
	def merged_mail():
		mails = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": "Support Case", "reference_name": duplicate},
			fields=["message"],
		)
		return [m for m in mails if survivor in mail_text(m.message) and "合并" in mail_text(m.message)]

	assert wait_for(merged_mail)


def test_handlers_see_only_their_departments_cases(office):
	mine = new_case(office)
	theirs = new_case(office, department=office["departments"][1])
	handler = office["handler"]
	names = {
		r["name"]
		for r in handler.get("/api/resource/Support Case", params={"limit_page_length": 0}).json()["data"]
	}
	assert mine in names and theirs not in names
	assert handler.get(f"/api/resource/Support Case/{theirs}").status_code == 403


def test_contacts_see_their_cases_and_no_internal_notes(office):
	case = new_case(office, internal_note="内部：企业信用有瑕疵")
	other = new_case(office, contact=office["plain_contact_name"])
	for name in (case, other):
		assert apply(office["staff"], name, wf.SUBMIT).status_code == 200
	manager, plain = office["contact"], office["plain_contact"]
	response = manager.get(PORTAL + "request_detail", params={"name": case})
	assert response.status_code == 200, server_messages(response)
	data = response.json()["message"]
	assert "internal_note" not in data and "handler" not in data
	assert "内部" not in json.dumps(data, ensure_ascii=False)
	# A manager contact sees all of the enterprise's cases; an ordinary contact its own.
	assert manager.get(PORTAL + "request_detail", params={"name": other}).status_code == 200
	assert plain.get(PORTAL + "request_detail", params={"name": case}).status_code == 403
	names = {r["name"] for r in plain.get(PORTAL + "my_requests", params={"limit": 200}).json()["message"]}
	assert other in names and case not in names
	# and no other way in: the REST resource is closed to contacts
	assert manager.get(f"/api/resource/Support Case/{case}").status_code == 403
