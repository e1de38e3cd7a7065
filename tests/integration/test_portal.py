"""The enterprise portal and client API, over HTTP, as contacts of two enterprises and staff.

Every read and write path (portal pages, REST resources, whitelisted methods, report
endpoints, file URLs) must refuse the other enterprise's data; bad input gets a clear error
and stores nothing; a 12345 ticket sent twice makes one case.
"""

import json
import secrets

import pytest

from .conftest import Client, server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
API = "/api/method/enterprise_support.api.portal."


@pytest.fixture(scope="module")
def two_firms(site, users, portal_contacts):
	"""Enterprises A and B; A has a manager contact and an ordinary contact, B one contact."""
	frappe = site
	staff = users.make("Enterprise Service Staff")
	handler = users.make("Department Handler")
	dept = frappe.get_doc(
		{
			"doctype": "Service Department",
			"department_name": f"门户测试部门{TAG}",
			"members": [{"user": handler.user}],
		}
	).insert()
	firms = {}
	for key, serial in (("A", 501), ("B", 502)):
		firms[key] = frappe.get_doc(
			{
				"doctype": "Enterprise",
				"enterprise_name": f"门户测试企业{key}{TAG}",
				"uscc": valid_uscc(TAG, serial),
			}
		).insert()
	frappe.db.commit()
	people = {
		key: portal_contacts.make(firms[firm].name, f"门户{key}", manager)
		for key, firm, manager in (("manager", "A", 1), ("plain", "A", 0), ("other", "B", 1))
	}
	yield {
		"staff": staff,
		"handler": handler,
		"department": dept.name,
		"A": firms["A"].name,
		"B": firms["B"].name,
		**people,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for firm in firms.values():
		for name in frappe.get_all("Support Case", filters={"enterprise": firm.name}, pluck="name"):
			frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
			for file in frappe.get_all("File", filters={"attached_to_name": name}, pluck="name"):
				frappe.delete_doc("File", file, force=True, ignore_permissions=True)
			frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	for person in people.values():
		frappe.delete_doc("Enterprise Contact", person.contact, force=True, ignore_permissions=True)
	for firm in firms.values():
		frappe.delete_doc("Enterprise", firm.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Department", dept.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def submit(
	client,
	subject="厂区道路破损影响物流",
	category="物流运输",
	description="厂区外道路破损，货车无法通行。",
	files=None,
):
	return client.post(
		API + "submit_request",
		data={"category": category, "subject": subject, "description": description},
		files=files,
	)


def count_cases(site, **filters):
	site.db.rollback()
	return site.db.count("Support Case", filters)


@pytest.fixture(scope="module")
def filed(two_firms):
	"""One request of each contact, with an attachment on A's manager's request."""
	out = {}
	for key in ("manager", "plain", "other"):
		files = (
			{"file": (f"photo-{key}.txt", f"现场照片说明 {key} {TAG}".encode())} if key == "manager" else None
		)
		response = submit(two_firms[key], subject=f"{key}的诉求{TAG}", files=files)
		assert response.status_code == 200, server_messages(response)
		out[key] = response.json()["message"]["name"]
	return out


def test_submitting_files_a_case_for_the_contacts_own_enterprise(site, two_firms, filed):
	detail = (
		two_firms["manager"].get(API + "request_detail", params={"name": filed["manager"]}).json()["message"]
	)
	assert detail["enterprise"] == two_firms["A"]
	assert detail["workflow_state"] == "Submitted"
	assert detail["channel"] == "Portal"
	assert detail["resolution_due"]
	assert len(detail["files"]) == 1
	assert detail["files"][0]["file_name"].startswith("photo-manager") and detail["files"][0][
		"file_name"
	].endswith(".txt")
	assert detail["files"][0]["file_url"].startswith("/private/files/")


def test_my_requests_manager_sees_all_others_their_own(two_firms, filed):
	def names(client):
		return {r["name"] for r in client.get(API + "my_requests").json()["message"]}

	assert names(two_firms["manager"]) >= {filed["manager"], filed["plain"]}
	assert filed["other"] not in names(two_firms["manager"])
	assert names(two_firms["plain"]) == {filed["plain"]}
	assert names(two_firms["other"]) == {filed["other"]}


def test_every_path_refuses_the_other_enterprises_data(site, two_firms, filed):
	me = two_firms["other"]  # enterprise B looks at enterprise A
	case_a = filed["manager"]
	# portal pages
	assert me.get(f"/my-requests/{case_a}", headers={"Accept": "text/html"}).status_code in (403, 404)
	page = me.get("/my-requests", headers={"Accept": "text/html"})
	assert page.status_code == 200 and case_a not in page.text
	page = me.get("/our-enterprise", headers={"Accept": "text/html"})
	assert page.status_code == 200 and f"门户测试企业A{TAG}" not in page.text
	# REST resources
	assert me.get(f"/api/resource/Support Case/{case_a}").status_code == 403
	assert me.get(f"/api/resource/Enterprise/{two_firms['A']}").status_code == 403
	# a contact lists nothing over REST at all (the portal API is their interface)
	listed = me.get("/api/resource/Support Case", params={"limit_page_length": 0})
	assert listed.status_code == 403 and case_a not in listed.text
	assert me.put(f"/api/resource/Support Case/{case_a}", json={"subject": "篡改"}).status_code == 403
	assert me.delete(f"/api/resource/Support Case/{case_a}").status_code == 403
	# whitelisted methods
	for method, payload in (
		("request_detail", {"name": case_a}),
		("add_information", {"name": case_a, "text": "越权补充"}),
		("rate", {"name": case_a, "rating": 1}),
		("reopen", {"name": case_a, "reason": "越权"}),
	):
		call = me.get if method == "request_detail" else me.post
		response = (
			call(API + method, params=payload)
			if method == "request_detail"
			else call(API + method, data=payload)
		)
		assert response.status_code == 403, (method, response.status_code)
	response = me.post("/api/method/frappe.client.get", data={"doctype": "Support Case", "name": case_a})
	assert response.status_code == 403
	response = me.post(
		"/api/method/frappe.desk.reportview.get",
		data={"doctype": "Support Case", "fields": '["name","subject"]'},
	)
	assert response.status_code == 403 and case_a not in json.dumps(response.json())
	# report endpoints
	response = me.post(
		"/api/method/frappe.desk.query_report.run",
		data={"report_name": "Industry Chain Report", "filters": "{}"},
	)
	assert response.status_code in (403, 404, 417)
	assert case_a not in response.text
	# file URLs
	detail = two_firms["manager"].get(API + "request_detail", params={"name": case_a}).json()["message"]
	url = detail["files"][0]["file_url"]
	assert two_firms["manager"].get(url).status_code == 200
	assert me.get(url).status_code == 403
	assert two_firms["plain"].get(url).status_code == 403  # same enterprise, not their request
	assert Client().get(url).status_code in (401, 403)
	# ... and nothing of A's changed
	site.db.rollback()
	assert site.db.get_value("Support Case", case_a, "subject") == f"manager的诉求{TAG}"


def test_contacts_cannot_file_for_another_enterprise_or_reach_staff_tools(site, two_firms):
	me = two_firms["other"]
	before = count_cases(site, enterprise=two_firms["A"])
	response = me.post(
		"/api/resource/Support Case",
		json={"subject": "冒名", "category": "咨询", "description": "冒名提交", "enterprise": two_firms["A"]},
	)
	assert response.status_code == 403
	response = me.post(
		API + "submit_request",
		data={"category": "咨询", "subject": "冒名", "description": "冒名提交", "enterprise": two_firms["A"]},
	)
	# The enterprise parameter is not part of the API: refused, or ignored and filed for B.
	if response.status_code == 200:
		assert response.json()["message"]["name"] and count_cases(site, enterprise=two_firms["A"]) == before
	else:
		assert response.status_code in (403, 417)
	assert count_cases(site, enterprise=two_firms["A"]) == before
	response = me.post(
		API + "create_from_12345",
		data={
			"ticket_id": "X1",
			"enterprise": two_firms["B"],
			"category": "咨询",
			"subject": "s",
			"description": "d",
		},
	)
	assert response.status_code == 403
	assert me.get("/app/support-case").status_code in (403, 200)  # the desk shell never shows data to them
	assert me.get("/api/resource/Support Task").status_code == 403


@pytest.mark.parametrize(
	("data", "files", "needle"),
	[
		({"category": "咨询", "subject": "", "description": "说明"}, None, "诉求标题"),
		({"category": "咨询", "subject": "标题"}, None, None),  # description missing
		({"category": "不存在的类别", "subject": "标题", "description": "说明"}, None, "不存在的类别"),
		({"category": "咨询", "subject": "<script>alert(1)</script>", "description": "说明"}, None, "脚本"),
		(
			{"category": "咨询", "subject": "标题", "description": "<img src=x onerror=alert(1)>"},
			None,
			"脚本",
		),
		({"category": "咨询", "subject": "标题", "description": "长" * (10 * 1024 * 1024 // 3)}, None, None),
		({"category": "咨询", "subject": "标" * 141, "description": "说明"}, None, "140"),
		({"category": ["咨询", "求助"], "subject": "标题", "description": "说明"}, None, None),
		({"category": "咨询", "subject": "标题", "description": "说明"}, {"file": ("run.exe", b"MZ")}, "exe"),
	],
)
def test_bad_input_is_refused_clearly_and_stores_nothing(site, two_firms, data, files, needle):
	me = two_firms["plain"]
	before = count_cases(site, enterprise=two_firms["A"])
	if isinstance(data.get("category"), list):
		response = me.post(API + "submit_request", json=data)
	else:
		response = me.post(API + "submit_request", data=data, files=files)
	assert 400 <= response.status_code < 500, response.status_code
	text = server_messages(response)
	assert text.strip(), "a clear message"
	assert "Traceback" not in text
	if needle:
		assert needle in text
	assert count_cases(site, enterprise=two_firms["A"]) == before


def test_attachments_have_a_size_limit(site, two_firms):
	me = two_firms["plain"]
	before = count_cases(site, enterprise=two_firms["A"])
	big = b"0" * (11 * 1024 * 1024)
	response = me.post(
		API + "submit_request",
		data={"category": "咨询", "subject": "大附件", "description": "说明"},
		files={"file": ("big.pdf", big)},
	)
	assert response.status_code in (413, 417)
	assert count_cases(site, enterprise=two_firms["A"]) == before


def test_intake_is_rate_limited(site, two_firms):
	from enterprise_support.support_cases import settings

	frappe = site
	frappe.db.set_single_value("Enterprise Support Settings", "intake_limit_per_hour", 2)
	frappe.db.commit()
	settings.clear()
	try:
		me = two_firms["other"]
		made = 0
		statuses = []
		for i in range(4):
			response = submit(me, subject=f"频繁提交{i}")
			statuses.append(response.status_code)
			made += response.status_code == 200
		assert 429 in statuses
		assert made <= 2
		assert "请稍后" in server_messages(response) or "小时" in server_messages(response)
	finally:
		frappe.db.set_single_value("Enterprise Support Settings", "intake_limit_per_hour", 10)
		frappe.db.commit()


def test_the_same_12345_ticket_twice_makes_one_case(site, two_firms):
	staff = two_firms["staff"]
	ticket = f"12345-{TAG}-0001"
	payload = {
		"ticket_id": ticket,
		"enterprise": two_firms["B"],
		"category": "投诉举报",
		"subject": "12345转办：噪音扰民",
		"description": "群众反映企业夜间施工噪音。",
		"received_on": "2026-11-20 20:15:00",
	}
	first = staff.post(API + "create_from_12345", data=payload)
	assert first.status_code == 200, server_messages(first)
	second = staff.post(API + "create_from_12345", data=payload)
	assert second.status_code == 200
	assert first.json()["message"]["created"] is True
	assert second.json()["message"]["created"] is False
	assert first.json()["message"]["name"] == second.json()["message"]["name"]
	assert count_cases(site, external_ticket_id=ticket) == 1
	data = staff.get(f"/api/resource/Support Case/{first.json()['message']['name']}").json()["data"]
	assert data["channel"] == "12345 Transfer" and data["received_on"].startswith("2026-11-20 20:15")


def test_the_request_loop_through_the_api(site, two_firms, filed):
	"""Staff accept and dispatch; the handler asks for information; the contact adds it; the
	handler resolves; the contact sees the reply and rates (which closes the case)."""
	staff, handler, me = two_firms["staff"], two_firms["handler"], two_firms["plain"]
	case = filed["plain"]
	apply = "/api/method/frappe.model.workflow.apply_workflow"

	def act(client, action):
		response = client.post(
			apply, data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": action}
		)
		assert response.status_code == 200, (action, server_messages(response))

	act(staff, "Accept")
	assert (
		staff.put(
			f"/api/resource/Support Case/{case}", json={"department": two_firms["department"]}
		).status_code
		== 200
	)
	act(staff, "Dispatch")
	act(handler, "Start")
	# 要求补充材料 says what is needed: refused without it, shown on the portal with it.
	response = handler.post(
		"/api/method/frappe.model.workflow.apply_workflow",
		data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": "Request Information"},
	)
	assert response.status_code == 417, server_messages(response)
	assert "需补充的材料" in server_messages(response)
	asked = handler.post(
		"/api/method/enterprise_support.api.cases.request_information",
		data={"case": case, "needed": "请补充破损路段的照片和长度。"},
	)
	assert asked.status_code == 200, server_messages(asked)
	act(handler, "Request Information")
	detail = me.get(API + "request_detail", params={"name": case}).json()["message"]
	assert detail["can_add_information"] is True
	assert detail["information_requested"] == "请补充破损路段的照片和长度。"
	assert any("请补充破损路段的照片和长度。" in (i.get("message") or "") for i in detail["timeline"])
	response = me.post(API + "add_information", data={"name": case, "text": "补充：破损路段约200米。"})
	assert response.status_code == 200, server_messages(response)
	assert response.json()["message"]["workflow_state"] == "In Progress"
	reply = handler.post(
		"/api/method/enterprise_support.api.cases.reply",
		data={"case": case, "message": "已联系交通部门，本周修复。"},
	)
	assert reply.status_code == 200, server_messages(reply)
	assert (
		handler.put(
			f"/api/resource/Support Case/{case}",
			json={"resolution_summary": "道路已修复。", "internal_note": "内部备注：费用由区财政承担"},
		).status_code
		== 200
	)
	act(handler, "Resolve")
	mine = {r["name"]: r for r in me.get(API + "my_requests").json()["message"]}
	assert mine[case]["workflow_state"] == "Resolved"
	assert mine[case]["latest_reply"]["message"] == "已联系交通部门，本周修复。"
	detail = me.get(API + "request_detail", params={"name": case}).json()["message"]
	assert "内部备注" not in json.dumps(detail, ensure_ascii=False)
	assert detail["resolution_summary"] == "道路已修复。"
	assert [i["state"] for i in detail["timeline"] if i["kind"] == "step"][-1] == "Resolved"
	assert detail["can_rate"] and detail["can_reopen"]
	bad = me.post(API + "rate", data={"name": case, "rating": 7})
	assert bad.status_code == 417
	rated = me.post(API + "rate", data={"name": case, "rating": 5, "comment": "处理及时"})
	assert rated.status_code == 200, server_messages(rated)
	assert rated.json()["message"]["workflow_state"] == "Closed"
	site.db.rollback()
	assert site.db.get_value("Support Case", case, ["satisfaction_rating", "satisfaction_comment"]) == (
		5,
		"处理及时",
	)


def test_nobody_registers_themselves(site):
	response = Client().post(
		"/api/method/frappe.core.doctype.user.user.sign_up",
		data={"email": f"self-{TAG.lower()}@example.com", "full_name": "自助注册", "redirect_to": ""},
	)
	site.db.rollback()
	assert not site.db.exists("User", f"self-{TAG.lower()}@example.com")
	assert response.status_code in (200, 403, 417)
	if response.status_code == 200:
		assert response.json()["message"][0] == 0  # Frappe's "Sign Up is disabled"
