"""The framework's whole surface attacked from the outside, as contacts, handlers and a leader.

Two enterprises (A, B), two departments (1, 2). Each case carries a secret word in its subject,
internal note, replies, state log and an attached private file; a user must never see a row
that carries the secret of a case outside their reach:

- a contact may call only the portal's documented methods and pages: every other whitelisted
  method of Frappe and of the app, and every doctype over /api/resource, answers 403;
- a handler of department 1 lists every doctype of the site (child tables too) through
  ``frappe.client.get_list``, counts and groups them, searches them, and never meets
  department 2's secret; the framework's counting, docinfo, assignment and file paths hold;
- the leader reads every case but writes, attaches and assigns nothing;
- ``order_by`` takes no SQL; the intake limit holds under concurrent submissions.

The counts of attacks made and held are printed at the end of the module (run with -s).
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import secrets
from pathlib import Path

import pytest

from .conftest import BENCH, server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
SECRET = {"1": f"SEC1{TAG}", "2": f"SEC2{TAG}"}
PORTAL_API = "/api/method/enterprise_support.api.portal."
TALLY = {"attacks": 0, "held": 0}


def held(ok: bool, what: str) -> None:
	"""Count an attack; fail with what got through."""
	TALLY["attacks"] += 1
	if ok:
		TALLY["held"] += 1
	assert ok, what


@pytest.fixture(scope="module", autouse=True)
def report_tally():
	yield
	print(f"\nsecurity attacks: {TALLY['attacks']} made, {TALLY['held']} held")


def chinese(text: str) -> bool:
	return bool(re.search(r"[\u4e00-\u9fff]", text or ""))


# --- the world ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(site, users, portal_contacts):
	frappe = site
	frappe.set_user("Administrator")
	staff = users.make("Enterprise Service Staff")
	leader = users.make("Enterprise Leader")
	handler = {"1": users.make("Department Handler"), "2": users.make("Department Handler")}
	departments = {}
	for key in ("1", "2"):
		departments[key] = (
			frappe.get_doc(
				{
					"doctype": "Service Department",
					"department_name": f"安全测试部门{key}{TAG}",
					"members": [{"user": handler[key].user}],
				}
			)
			.insert()
			.name
		)
	firms = {}
	for key, serial in (("A", 701), ("B", 702)):
		firms[key] = (
			frappe.get_doc(
				{
					"doctype": "Enterprise",
					"enterprise_name": f"安全测试企业{key}{TAG}",
					"uscc": valid_uscc(TAG, serial),
				}
			)
			.insert()
			.name
		)
	frappe.db.commit()
	contact = {
		"A": portal_contacts.make(firms["A"], f"安全A{TAG}", 1),
		"A2": portal_contacts.make(firms["A"], f"安全A二{TAG}", 0),
		"B": portal_contacts.make(firms["B"], f"安全B{TAG}", 1),
	}
	# One case per enterprise: A's goes to department 1, B's to department 2; each with a note,
	# a reply, a private file and a task, all carrying the department's secret.
	cases, files = {}, {}
	for firm, dept in (("A", "1"), ("B", "2")):
		case = frappe.get_doc(
			{
				"doctype": "Support Case",
				"enterprise": firms[firm],
				"contact": contact[firm].contact,
				"category": "咨询",
				"subject": f"安全测试诉求 {SECRET[dept]}",
				"description": f"说明 {SECRET[dept]}",
				"department": departments[dept],
				"internal_note": f"{SECRET[dept]} 内部意见",
				"channel": "Staff",
			}
		).insert()
		case.append("replies", {"side": "District", "author_name": "测试", "message": f"答复 {SECRET[dept]}"})
		case.flags.es_system = True
		case.save()
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Support Case",
				"reference_name": case.name,
				"content": f"内部评论 {SECRET[dept]}",
			}
		).insert(ignore_permissions=True)
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"secret-{dept}-{TAG}.txt",
				"content": f"机密材料 {SECRET[dept]}".encode(),
				"is_private": 1,
				"attached_to_doctype": "Support Case",
				"attached_to_name": case.name,
			}
		).insert(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Support Task",
				"subject": f"安全测试任务 {SECRET[dept]}",
				"support_case": case.name,
				"enterprise": firms[firm],
				"department": departments[dept],
			}
		).insert(ignore_permissions=True)
		cases[dept], files[dept] = case.name, file.file_url
	frappe.db.commit()
	for client in (staff, leader, *handler.values()):
		client.http.headers.pop("Authorization", None)
		response = client.login(client.user, _password(frappe, client))
		assert response.status_code == 200, response.text
	yield {
		"staff": staff,
		"leader": leader,
		"handler": handler,
		"departments": departments,
		"firms": firms,
		"contact": contact,
		"cases": cases,
		"files": files,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all(
		"Support Case", filters={"enterprise": ("in", list(firms.values()))}, pluck="name"
	):
		for dt, field in (
			("ToDo", "reference_name"),
			("Comment", "reference_name"),
			("File", "attached_to_name"),
			("Support Task", "support_case"),
		):
			for row in frappe.get_all(dt, filters={field: name}, pluck="name"):
				frappe.delete_doc(dt, row, force=True, ignore_permissions=True)
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	for firm in firms.values():
		frappe.delete_doc("Enterprise", firm, force=True, ignore_permissions=True)
	for dept in departments.values():
		frappe.delete_doc("Service Department", dept, force=True, ignore_permissions=True)
	frappe.db.commit()


def _password(frappe, client) -> str:
	from frappe.utils.password import update_password

	password = "Es!" + secrets.token_hex(8)
	update_password(client.user, password)
	frappe.db.commit()
	return password


# --- the surface --------------------------------------------------------------------------------

_WHITELIST = re.compile(r"@frappe\.whitelist\([^)]*\)\s*\n(?:@[^\n]+\n)*\s*def\s+(\w+)")


def whitelisted_methods() -> list[str]:
	"""Every whitelisted function of Frappe and of the app, by its dotted path (found in the
	source, so that a method added by a later Frappe is attacked too)."""
	found = set()
	for app in ("frappe", "enterprise_support"):
		root = BENCH / "apps" / app
		for path in (root / app).rglob("*.py"):
			if "/tests/" in str(path) or "/test_" in str(path) or "/patches/" in str(path):
				continue
			text = path.read_text(errors="ignore")
			if "whitelist" not in text:
				continue
			module = ".".join(path.relative_to(root).with_suffix("").parts)
			for name in _WHITELIST.findall(text):
				found.add(f"{module}.{name}")
	return sorted(found)


def all_doctypes(frappe) -> list[dict]:
	return frappe.get_all("DocType", fields=["name", "istable", "issingle"], order_by="name")


def parents_of(frappe, child: str) -> list[str]:
	return sorted(
		set(
			frappe.get_all(
				"DocField",
				filters={"fieldtype": ("in", ["Table", "Table MultiSelect"]), "options": child},
				pluck="parent",
			)
		)
	)


# --- contacts: the portal and nothing else --------------------------------------------------------


def test_a_contact_reaches_no_whitelisted_method_outside_the_portal_api(site, world):
	from enterprise_support.request_guard import ALLOWED_METHODS

	client = world["contact"]["A"]
	methods = [m for m in whitelisted_methods() if m not in ALLOWED_METHODS]
	assert len(methods) > 300, "the enumeration found too few methods: is the Frappe source there?"
	for method in methods:
		response = client.post(
			f"/api/method/{method}", data={"doctype": "Support Case", "name": world["cases"]["2"]}
		)
		held(
			response.status_code == 403 and SECRET["2"] not in response.text,
			f"{method} answered {response.status_code} to a contact",
		)
	# the same through the old `cmd` form on any page, and through API v2
	for method in (
		"frappe.client.get_list",
		"frappe.desk.reportview.get",
		"upload_file",
		"frappe.client.get_count",
	):
		response = client.post("/", data={"cmd": method, "doctype": "Support Case"})
		held(response.status_code == 403, f"cmd={method} answered {response.status_code}")
		response = client.post(f"/api/v2/method/{method}", data={"doctype": "Support Case"})
		held(response.status_code == 403, f"v2 {method} answered {response.status_code}")
	response = client.post("/api/method/frappe.client.get_list", data={"doctype": "Support Case"})
	assert chinese(server_messages(response)), response.text


def test_a_contact_reaches_no_doctype_over_rest(site, world):
	client = world["contact"]["A"]
	for row in all_doctypes(site):
		doctype = row.name
		for response in (
			client.get(f"/api/resource/{doctype}", params={"fields": '["*"]', "limit_page_length": 0}),
			client.get(f"/api/resource/{doctype}/{world['cases']['1']}"),
			client.post(f"/api/resource/{doctype}", json={"subject": "x"}),
			client.get(f"/api/v2/document/{doctype}"),
		):
			held(
				response.status_code == 403,
				f"{doctype}: {response.request.method} {response.url} answered {response.status_code}",
			)


def test_a_contact_opens_portal_pages_but_not_desk_web_forms_or_reports(site, world):
	client = world["contact"]["A"]
	for path in ("/my-requests", "/new-request", "/our-enterprise", f"/my-requests/{world['cases']['1']}"):
		response = client.get(path, headers={"Accept": "text/html"})
		held(response.status_code == 200, f"{path} answered {response.status_code}")
	web_forms = site.get_all("Web Form", filters={"published": 1}, pluck="route")
	for path in [
		"/app",
		"/app/support-case",
		"/desk",
		"/me",
		"/edit-profile",
		"/update-profile",
		"/list",
		"/printview",
		"/api/resource/User",
	] + [f"/{route}" for route in web_forms]:
		response = client.get(path, headers={"Accept": "text/html"})
		held(response.status_code == 403, f"{path} answered {response.status_code}")
	response = client.get("/app", headers={"Accept": "text/html"})
	assert chinese(response.text)
	# another enterprise's request through the portal
	response = client.get(PORTAL_API + "request_detail", params={"name": world["cases"]["2"]})
	held(response.status_code in (403, 404) and SECRET["2"] not in response.text, "request_detail of B")
	response = client.get(f"/my-requests/{world['cases']['2']}", headers={"Accept": "text/html"})
	held(SECRET["2"] not in response.text and response.status_code in (403, 404), "portal page of B")
	# another enterprise's private file
	response = client.get(world["files"]["2"])
	held(response.status_code == 403 and SECRET["2"] not in response.text, "B's private file")


def test_an_ordinary_contact_sees_their_own_requests_only(site, world):
	client = world["contact"]["A2"]
	response = client.get(PORTAL_API + "request_detail", params={"name": world["cases"]["1"]})
	held(response.status_code in (403, 404) and SECRET["1"] not in response.text, "colleague's request")


# --- handlers: their departments, on every doctype ----------------------------------------------


def _list_everything(client, doctype: str, parent: str | None = None):
	data = {"doctype": doctype, "fields": json.dumps(["*"]), "limit_page_length": 0}
	if parent:
		data["parent"] = parent
	return client.post("/api/method/frappe.client.get_list", data=data)


def test_a_handler_lists_no_row_of_another_department_on_any_doctype(site, world):
	client = world["handler"]["1"]
	own_seen = 0
	for row in all_doctypes(site):
		parents = parents_of(site, row.name) if row.istable else [None]
		for parent in parents or [None]:
			response = _list_everything(client, row.name, parent)
			held(
				response.status_code < 500
				and SECRET["2"] not in response.text
				and world["cases"]["2"] not in response.text,
				f"{row.name} (parent {parent}) showed department 2's case to a handler of department 1",
			)
			own_seen += SECRET["1"] in response.text
	# the check can fail: the handler does see their own department's rows
	assert own_seen >= 3  # the case, its reply and its task


def test_counts_and_group_by_respect_the_row_rules(site, world):
	client = world["handler"]["1"]
	contact = world["contact"]["A"]
	letter_filter = json.dumps({"internal_note": ["like", f"{SECRET['2']}%"]})
	for doctype in ("Support Case", "Support Task"):
		response = client.post(
			"/api/method/frappe.client.get_count",
			data={"doctype": doctype, "filters": json.dumps({"subject": ["like", f"%{SECRET['2']}%"]})},
		)
		held(
			response.status_code == 200 and response.json()["message"] == 0,
			f"get_count {doctype}: {response.text}",
		)
		response = client.post(
			"/api/method/frappe.client.get_count",
			data={"doctype": doctype, "filters": json.dumps({"subject": ["like", f"%{SECRET['1']}%"]})},
		)
		assert response.json()["message"] == 1, response.text
	response = client.post(
		"/api/method/frappe.client.get_count", data={"doctype": "Support Case", "filters": letter_filter}
	)
	held(response.json()["message"] == 0, "get_count spelled out a hidden internal note")
	response = contact.post(
		"/api/method/frappe.client.get_count", data={"doctype": "Support Case", "filters": letter_filter}
	)
	held(response.status_code == 403, "a contact counted cases")
	for child in ("Support Case Reply", "Support Case State Log", "Support Case Escalation"):
		response = client.post(
			"/api/method/frappe.client.get_count",
			data={
				"doctype": child,
				"parent": "Support Case",
				"filters": json.dumps({"parent": world["cases"]["2"]}),
			},
		)
		held(
			response.status_code >= 400 or response.json()["message"] == 0,
			f"get_count {child}: {response.text}",
		)
	for method, data in (
		(
			"frappe.desk.reportview.get_count",
			{"doctype": "Support Case", "filters": json.dumps({"subject": ["like", f"%{SECRET['2']}%"]})},
		),
		(
			"frappe.desk.reportview.get_group_by_count",
			{"doctype": "Support Case", "current_filters": "[]", "field": "department"},
		),
		(
			"frappe.desk.listview.get_group_by_count",
			{"doctype": "Support Case", "current_filters": "[]", "field": "department"},
		),
		("frappe.desk.reportview.get_sidebar_stats", {"doctype": "Support Case", "stats": '["department"]'}),
		(
			"frappe.desk.reportview.get",
			{"doctype": "Support Case Reply", "fields": '["*"]', "parent_doctype": "Support Case"},
		),
		("frappe.desk.reportview.get", {"doctype": "Support Case", "fields": '["name", "internal_note"]'}),
		("frappe.desk.search.search_link", {"doctype": "Support Case", "txt": SECRET["2"]}),
		("frappe.desk.search.search_widget", {"doctype": "Support Case", "txt": SECRET["2"]}),
		(
			"frappe.client.get_value",
			{
				"doctype": "Support Case",
				"fieldname": "internal_note",
				"filters": json.dumps({"name": world["cases"]["2"]}),
			},
		),
		("frappe.client.get_list", {"doctype": "File", "fields": '["*"]', "limit_page_length": 0}),
		(
			"frappe.desk.reportview.export_query",
			{
				"doctype": "Support Case",
				"file_format_type": "CSV",
				"fields": '["name","subject","internal_note"]',
				"filters": "[]",
			},
		),
	):
		response = client.post(f"/api/method/{method}", data=data)
		text = response.text + str(response.content)
		held(
			response.status_code < 500
			and SECRET["2"] not in text
			and world["departments"]["2"] not in text
			and world["cases"]["2"] not in text,
			f"{method} showed department 2 to a handler of department 1: {response.status_code} {text[:300]}",
		)


def test_docinfo_and_documents_of_another_department_are_refused(site, world):
	client = world["handler"]["1"]
	other = world["cases"]["2"]
	for method, data in (
		("frappe.desk.form.load.getdoc", {"doctype": "Support Case", "name": other}),
		("frappe.desk.form.load.get_docinfo", {"doctype": "Support Case", "name": other}),
		("frappe.client.get", {"doctype": "Support Case", "name": other}),
		("frappe.desk.form.load.get_comments", {"doctype": "Support Case", "name": other}),
	):
		response = client.post(f"/api/method/{method}", data=data)
		held(
			response.status_code in (403, 404, 417) and SECRET["2"] not in response.text,
			f"{method}: {response.status_code}",
		)
	own = client.post(
		"/api/method/frappe.desk.form.load.getdoc",
		data={"doctype": "Support Case", "name": world["cases"]["1"]},
	)
	assert own.status_code == 200 and SECRET["1"] in own.text
	reply = site.db.get_value("Support Case Reply", {"parent": other}, "name")
	response = client.get(f"/api/resource/Support Case Reply/{reply}", params={"parent": "Support Case"})
	held(response.status_code in (403, 404) and SECRET["2"] not in response.text, "a reply by name")


def test_files_point_only_at_content_the_user_may_write(site, world):
	handler, leader = world["handler"]["1"], world["leader"]
	other_url, other_case, own_case = world["files"]["2"], world["cases"]["2"], world["cases"]["1"]
	for client in (handler, leader, world["staff"]):
		if client is world["staff"]:
			continue
		for data in (
			{"file_url": other_url, "doctype": "Support Case", "docname": own_case, "is_private": 1},
			{"file_url": other_url, "is_private": 0},
			{"file_url": other_url.replace("/private/files/", "/private/files/./"), "is_private": 1},
		):
			response = client.post("/api/method/upload_file", data=data)
			held(
				response.status_code == 403,
				f"{client.user} pointed a File at another case's content: {data} {response.status_code} {response.text[:300]}",
			)
		response = client.post(
			"/api/resource/File", json={"file_url": other_url, "file_name": "x.txt", "is_private": 0}
		)
		held(response.status_code == 403, f"REST File at another case's content: {response.status_code}")
		response = client.get(other_url)
		if client is handler:
			held(
				response.status_code == 403 and SECRET["2"] not in response.text,
				"download of another department's file",
			)
	# attaching needs write permission on the record
	for client, case in ((handler, other_case), (leader, own_case)):
		response = client.post(
			"/api/method/upload_file",
			data={"doctype": "Support Case", "docname": case, "is_private": 1},
			files={"file": ("note.txt", b"attack")},
		)
		held(response.status_code == 403, f"{client.user} attached to {case}: {response.status_code}")
	# a handler attaches to their own department's case
	response = handler.post(
		"/api/method/upload_file",
		data={"doctype": "Support Case", "docname": own_case, "is_private": 1},
		files={"file": ("handler-note.txt", b"own department")},
	)
	assert response.status_code == 200, server_messages(response)
	name = response.json()["message"]["name"]
	# ... and may not publish content that is also kept elsewhere
	site.db.rollback()
	url = response.json()["message"]["file_url"]
	response = world["staff"].post(
		"/api/method/upload_file",
		data={"file_url": url, "doctype": "Support Case", "docname": own_case, "is_private": 1},
	)
	assert response.status_code == 200, server_messages(response)
	response = handler.put(f"/api/resource/File/{name}", json={"is_private": 0})
	held(response.status_code == 403, f"shared private content published: {response.status_code}")
	assert chinese(server_messages(response))


def test_only_staff_assign_and_only_to_the_department(site, world):
	case = world["cases"]["1"]
	outsider = world["handler"]["2"].user
	for client in (world["handler"]["1"], world["leader"]):
		response = client.post(
			"/api/method/frappe.desk.form.assign_to.add",
			data={
				"doctype": "Support Case",
				"name": case,
				"assign_to": json.dumps([outsider]),
				"assigned_by": world["staff"].user,
			},
		)
		held(response.status_code == 403, f"{client.user} assigned a case: {response.status_code}")
	site.db.rollback()
	held(site.db.get_value("Support Case", case, "handler") != outsider, "the handler changed")
	# staff assigning to someone outside the department: a to-do, but not the handler
	response = world["staff"].post(
		"/api/method/frappe.desk.form.assign_to.add",
		data={"doctype": "Support Case", "name": case, "assign_to": json.dumps([outsider])},
	)
	assert response.status_code == 200, server_messages(response)
	site.db.rollback()
	held(site.db.get_value("Support Case", case, "handler") != outsider, "staff made an outsider the handler")
	# staff assigning to a member of the department: the handler
	member = world["handler"]["1"].user
	response = world["staff"].post(
		"/api/method/frappe.desk.form.assign_to.add",
		data={"doctype": "Support Case", "name": case, "assign_to": json.dumps([member])},
	)
	assert response.status_code == 200, server_messages(response)
	site.db.rollback()
	assert site.db.get_value("Support Case", case, "handler") == member


def test_the_leader_reads_but_writes_nothing(site, world):
	leader = world["leader"]
	case = world["cases"]["2"]
	assert leader.get(f"/api/resource/Support Case/{case}").status_code == 200
	for response in (
		leader.put(f"/api/resource/Support Case/{case}", json={"internal_note": "x"}),
		leader.post(
			"/api/resource/Support Case",
			json={"subject": "x", "enterprise": world["firms"]["A"], "category": "咨询"},
		),
		leader.delete(f"/api/resource/Support Case/{case}"),
		leader.post(
			"/api/method/frappe.client.set_value",
			data={"doctype": "Support Case", "name": case, "fieldname": "internal_note", "value": "x"},
		),
		leader.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": "Accept"},
		),
	):
		held(
			response.status_code in (403, 417),
			f"leader wrote: {response.request.method} {response.url} {response.status_code}",
		)


# --- query injection and intake ------------------------------------------------------------------


def test_order_by_takes_no_sql(site, world):
	for client in (world["handler"]["1"], world["staff"]):
		for order_by in (
			"name desc, (select sleep(3))",
			"if(substr(internal_note,1,1)='S',name,modified)",
			"name desc -- ",
			"name; drop table x",
			"`tabSupport Case`.`name` desc, sleep(1)",
		):
			response = client.post(
				"/api/method/frappe.desk.reportview.get",
				data={"doctype": "Support Case", "fields": '["name"]', "order_by": order_by},
			)
			held(response.status_code == 417, f"order_by {order_by!r}: {response.status_code}")
			assert chinese(server_messages(response))
			response = client.get("/api/resource/Support Case", params={"order_by": order_by})
			held(response.status_code == 417, f"REST order_by {order_by!r}: {response.status_code}")
		ok = client.post(
			"/api/method/frappe.desk.reportview.get",
			data={
				"doctype": "Support Case",
				"fields": '["name"]',
				"order_by": "`tabSupport Case`.`modified` desc, name asc",
			},
		)
		assert ok.status_code == 200, server_messages(ok)


def test_the_intake_limit_holds_under_concurrent_submissions(site, world, portal_contacts):
	settings = site.get_single("Enterprise Support Settings")
	limit, original = 4, settings.intake_limit_per_hour
	settings.intake_limit_per_hour = limit
	settings.save()
	site.db.commit()
	client = portal_contacts.make(world["firms"]["A"], f"并发{TAG}", 0)
	try:

		def submit(i):
			return client.post(
				PORTAL_API + "submit_request",
				data={"category": "咨询", "subject": f"并发提交{i}", "description": "并发测试"},
			).status_code

		with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
			codes = list(pool.map(submit, range(10)))
		site.db.rollback()
		made = site.db.count("Support Case", {"contact": client.contact})
		held(made == limit, f"{made} cases made with a limit of {limit} ({codes})")
		assert codes.count(200) == limit and all(code in (200, 429) for code in codes), codes
		# and REST with the workflow after a refusal
		response = client.post(
			"/api/resource/Support Case", json={"subject": "绕过", "category": "咨询", "description": "x"}
		)
		held(response.status_code == 403, f"REST insert after the limit: {response.status_code}")
	finally:
		settings.reload()
		settings.intake_limit_per_hour = original
		settings.save()
		site.db.commit()


def test_a_contacts_new_request_carries_nothing_the_district_decides(site, world):
	"""Defence in depth: even in-process, a contact's draft keeps no staff fields."""
	frappe = site
	user = frappe.db.get_value("Enterprise Contact", world["contact"]["A"].contact, "user")
	frappe.set_user(user)
	try:
		doc = frappe.get_doc(
			{
				"doctype": "Support Case",
				"subject": "字段注入",
				"description": "x",
				"category": "咨询",
				"department": world["departments"]["2"],
				"priority": "Urgent",
				"satisfaction_rating": 5,
				"resolution_summary": "已解决",
				"follow_up_note": "满意",
				"rejection_reason": "x",
				"internal_note": "x",
				"handler": world["handler"]["2"].user,
			}
		).insert()
		for field in (
			"satisfaction_rating",
			"resolution_summary",
			"follow_up_note",
			"rejection_reason",
			"internal_note",
			"handler",
		):
			held(not doc.get(field), f"a contact set {field}")
		held(doc.priority != "Urgent", "a contact set the priority")
		held(doc.department != world["departments"]["2"], "a contact chose the department")
	finally:
		frappe.db.rollback()
		frappe.set_user("Administrator")


def test_the_allow_list_is_documented():
	from enterprise_support.request_guard import PORTAL_METHODS

	doc = (Path(BENCH) / "docs" / "api.md").read_text()
	for method in PORTAL_METHODS:
		assert method.rsplit(".", 1)[-1] in doc
	assert "allow-list" in doc.lower() or "允许" in doc
