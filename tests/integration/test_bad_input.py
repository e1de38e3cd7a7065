"""Bad input gets a 4xx with a Chinese message, never a 500, and stores nothing (issue 10).

Every whitelisted method of the app and every Script Report's filters, called over HTTP as the
demo staff (wangfang), handler (zhaolei) and leader (liujianguo), and as a portal contact where
the method is the enterprise's, with wrong types: lists, dicts, numbers with junk, huge
strings, empty strings, records that do not exist, impossible dates, nulls. Each answer must
be a 4xx (417 for invalid input, 403 for a user the method is not for, 404 for a record that
does not exist), its message must be Chinese, and the caller must have stored nothing.

Also: My Work opens for the Department Handlers it was written for.
"""

from __future__ import annotations

import importlib
import json
import re
import secrets
from pathlib import Path

import pytest

from .conftest import Client, server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
PASSWORD = "Demo@2026"
DEMO = {
	"staff": "wangfang@demo.gov.cn",
	"handler": "zhaolei@demo.gov.cn",
	"leader": "liujianguo@demo.gov.cn",
}
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# What a caller may have stored: counted per owner before and after every call.
STORED = ("Support Case", "Enterprise Support Plan", "Support Task", "File", "Support Case Reply")

APP = "/api/method/enterprise_support."
RUN = "/api/method/frappe.desk.query_report.run"

HUGE = "长" * 100_000
LONG = "长" * 300
LIST = ["a", "b"]
DICT = {"a": 1}


@pytest.fixture(scope="module")
def demo(site):
	"""The demo users, logged in (the module is skipped on a site without the demo data)."""
	clients = {}
	for key, user in DEMO.items():
		if not site.db.exists("User", user):
			pytest.skip(f"the demo user {user} is missing: this test needs bin/setup's demo data")
		client = Client(user)
		response = client.login(user, PASSWORD)
		assert response.status_code == 200, (user, response.text[:300])
		clients[key] = client
	return clients


@pytest.fixture(scope="module")
def firm(site, demo, portal_contacts):
	"""An enterprise with a portal contact and one resolved case of theirs, filed by demo staff."""
	frappe = site
	enterprise = frappe.get_doc(
		{"doctype": "Enterprise", "enterprise_name": f"错误输入测试企业{TAG}", "uscc": valid_uscc(TAG, 733)}
	).insert()
	frappe.db.commit()
	contact = portal_contacts.make(enterprise.name, "错误输入联系人", 1)
	category = frappe.get_all(
		"Case Category", filters={"is_active": 1, "show_on_portal": 1}, pluck="name", limit=1
	)[0]
	response = demo["staff"].post(
		"/api/resource/Support Case",
		json={
			"subject": f"错误输入测试诉求{TAG}",
			"enterprise": enterprise.name,
			"contact": contact.contact,
			"category": category,
			"description": "用于错误输入测试的诉求。",
		},
	)
	assert response.status_code == 200, server_messages(response)
	case = response.json()["data"]["name"]
	# Straight to Resolved: these tests are about refusals, not the workflow.
	frappe.db.rollback()
	frappe.db.set_value(
		"Support Case",
		case,
		{"workflow_state": "Resolved", "resolved_on": frappe.utils.now_datetime()},
		update_modified=False,
	)
	frappe.db.commit()
	yield {"enterprise": enterprise.name, "contact": contact, "case": case, "category": category}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": enterprise.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	for name in frappe.get_all(
		"Enterprise Support Plan", filters={"enterprise": enterprise.name}, pluck="name"
	):
		frappe.delete_doc("Enterprise Support Plan", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	frappe.delete_doc("Enterprise Contact", contact.contact, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", enterprise.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def stored_by(site, user: str) -> dict[str, int]:
	site.db.rollback()
	return {doctype: site.db.count(doctype, {"owner": user}) for doctype in STORED}


def assert_refused(site, client, response, before, statuses=None):
	"""A 4xx (one of ``statuses`` when given) with a Chinese message, and nothing stored."""
	text = server_messages(response)
	assert 400 <= response.status_code < 500, (response.status_code, text[:600])
	if statuses:
		assert response.status_code in statuses, (response.status_code, text[:600])
	assert CHINESE.search(text), (response.status_code, text[:600])
	assert stored_by(site, client.user) == before, "something was stored"


def call(site, client, path, payload, method="post", statuses=None):
	before = stored_by(site, client.user)
	if method == "get":
		response = client.get(path, params=payload)
	else:
		response = client.post(path, json=payload)
	assert_refused(site, client, response, before, statuses)
	return response


# --- the 12345 intake ----------------------------------------------------------------------------


def ticket() -> str:
	return f"BAD{TAG}{secrets.token_hex(4)}"


BAD_RECEIVED_ON = [
	"2026-02-30",
	"2026-02-30 10:00:00",
	"2026-13-01",
	"2026-03-01 25:00",
	"2026-03-01abc",
	"昨天",
	"9999-99-99",
	"0000-00-00 00:00:00",
	"2026-03-01T10:00:00+08:00",
	20260301,
	["2026-03-01"],
	{"date": "2026-03-01"},
	HUGE,
]


@pytest.mark.parametrize("received_on", BAD_RECEIVED_ON, ids=range(len(BAD_RECEIVED_ON)))
def test_12345_intake_refuses_a_bad_time_of_receipt(site, demo, firm, received_on):
	payload = {
		"ticket_id": ticket(),
		"enterprise": firm["enterprise"],
		"category": firm["category"],
		"subject": "热线转办：道路破损",
		"description": "市民热线转来的企业诉求。",
		"received_on": received_on,
	}
	call(site, demo["staff"], APP + "api.portal.create_from_12345", payload, statuses={417})
	site.db.rollback()
	assert not site.db.exists("Support Case", {"external_ticket_id": payload["ticket_id"]})


BAD_INTAKE = [
	("ticket_id", LIST),
	("ticket_id", DICT),
	("ticket_id", ""),
	("ticket_id", None),
	("ticket_id", "9" * 65),
	("enterprise", LIST),
	("enterprise", DICT),
	("enterprise", ""),
	("enterprise", None),
	("enterprise", "不存在的企业"),
	("enterprise", LONG),
	("category", LIST),
	("category", ""),
	("category", None),
	("category", "不存在的类别"),
	("category", LONG),
	("subject", LIST),
	("subject", DICT),
	("subject", ""),
	("subject", None),
	("subject", LONG),
	("description", LIST),
	("description", ""),
	("description", None),
	("description", HUGE),
	("description", 12345),
]


@pytest.mark.parametrize("field,value", BAD_INTAKE, ids=[f"{f}-{i}" for i, (f, _v) in enumerate(BAD_INTAKE)])
def test_12345_intake_refuses_wrong_types(site, demo, firm, field, value):
	payload = {
		"ticket_id": ticket(),
		"enterprise": firm["enterprise"],
		"category": firm["category"],
		"subject": "热线转办：道路破损",
		"description": "市民热线转来的企业诉求。",
		field: value,
	}
	call(site, demo["staff"], APP + "api.portal.create_from_12345", payload, statuses={417})


@pytest.mark.parametrize("who", ["handler", "leader"])
def test_12345_intake_is_for_staff(site, demo, firm, who):
	payload = {
		"ticket_id": ticket(),
		"enterprise": firm["enterprise"],
		"category": firm["category"],
		"subject": "热线转办",
		"description": "市民热线转来的企业诉求。",
	}
	call(site, demo[who], APP + "api.portal.create_from_12345", payload, statuses={403})


def test_a_good_12345_ticket_still_goes_through(site, demo, firm):
	response = demo["staff"].post(
		APP + "api.portal.create_from_12345",
		json={
			"ticket_id": ticket(),
			"enterprise": firm["enterprise"],
			"category": firm["category"],
			"subject": "热线转办：道路破损",
			"description": "市民热线转来的企业诉求。",
			"received_on": "2026-03-02 09:30",
		},
	)
	assert response.status_code == 200, server_messages(response)
	name = response.json()["message"]["name"]
	site.db.rollback()
	assert str(site.db.get_value("Support Case", name, "received_on")) == "2026-03-02 09:30:00"


# --- rating ------------------------------------------------------------------------------------

BAD_RATINGS = ["4abc", "4.5", "0", "6", "-1", "", " ", None, True, 4.5, ["4"], {"r": 4}, "４", HUGE]


@pytest.mark.parametrize("rating", BAD_RATINGS, ids=range(len(BAD_RATINGS)))
@pytest.mark.parametrize("path", ["api.portal.rate", "api.cases.rate"])
def test_rating_refuses_anything_but_1_to_5(site, firm, path, rating):
	key = "name" if path == "api.portal.rate" else "case"
	# The desk's api.cases is not the portal's: a contact may be turned away from it (403).
	statuses = {417} if path == "api.portal.rate" else {403, 417}
	call(site, firm["contact"], APP + path, {key: firm["case"], "rating": rating}, statuses=statuses)
	site.db.rollback()
	case = site.db.get_value(
		"Support Case", firm["case"], ["workflow_state", "satisfaction_rating"], as_dict=True
	)
	assert (case.workflow_state, case.satisfaction_rating) == ("Resolved", 0)


@pytest.mark.parametrize("rating", ["4abc", "4.5", "6", "-1", ["4"], {"r": 4}, "４"])
def test_rating_through_rest_refuses_anything_but_1_to_5(site, firm, rating):
	contact = firm["contact"]
	before = stored_by(site, contact.user)
	response = contact.put(f"/api/resource/Support Case/{firm['case']}", json={"satisfaction_rating": rating})
	assert_refused(site, contact, response, before)
	site.db.rollback()
	assert site.db.get_value("Support Case", firm["case"], "satisfaction_rating") == 0


@pytest.mark.parametrize("comment", [LIST, DICT, 12345, "x" * 6000])
def test_rating_refuses_a_comment_that_is_not_text(site, firm, comment):
	call(
		site,
		firm["contact"],
		APP + "api.portal.rate",
		{"name": firm["case"], "rating": 5, "comment": comment},
		statuses={417},
	)


def test_rating_is_for_the_enterprise(site, demo, firm):
	for who in ("staff", "handler", "leader"):
		call(
			site, demo[who], APP + "api.cases.rate", {"case": firm["case"], "rating": 5}, statuses={403, 404}
		)
		call(site, demo[who], APP + "api.portal.rate", {"name": firm["case"], "rating": 5}, statuses={403})


# --- the other actions on cases --------------------------------------------------------------------

BAD_NAMES = [LIST, DICT, "", None, "不存在的诉求", LONG, 12345]


@pytest.mark.parametrize("name", BAD_NAMES, ids=range(len(BAD_NAMES)))
def test_case_actions_refuse_a_case_that_is_not_one(site, demo, firm, name):
	staff, contact = demo["staff"], firm["contact"]
	call(site, staff, APP + "api.cases.reply", {"case": name, "message": "您好"}, statuses={404, 417})
	call(
		site,
		staff,
		APP + "api.cases.merge",
		{"duplicate": name, "survivor": firm["case"]},
		statuses={404, 417},
	)
	call(
		site,
		staff,
		APP + "api.cases.merge",
		{"duplicate": firm["case"], "survivor": name},
		statuses={404, 417},
	)
	call(
		site,
		contact,
		APP + "api.cases.add_information",
		{"case": name, "text": "补充"},
		statuses={403, 404, 417},
	)
	call(site, contact, APP + "api.cases.rate", {"case": name, "rating": 5}, statuses={403, 404, 417})
	call(site, contact, APP + "api.portal.rate", {"name": name, "rating": 5}, statuses={404, 417})
	call(site, contact, APP + "api.portal.reopen", {"name": name, "reason": "未解决"}, statuses={404, 417})
	call(
		site, contact, APP + "api.portal.add_information", {"name": name, "text": "补充"}, statuses={404, 417}
	)
	if isinstance(name, str):
		call(site, contact, APP + "api.portal.request_detail", {"name": name}, "get", statuses={404, 417})


@pytest.mark.parametrize("message", [LIST, DICT, "", None, 12345, "x" * 6000, "<script>alert(1)</script>"])
def test_a_reply_must_be_plain_text(site, demo, firm, message):
	call(
		site,
		demo["staff"],
		APP + "api.cases.reply",
		{"case": firm["case"], "message": message},
		statuses={417},
	)


@pytest.mark.parametrize("reason", [LIST, DICT, "", None, 12345])
def test_a_reopening_reason_must_be_text(site, firm, reason):
	call(
		site,
		firm["contact"],
		APP + "api.portal.reopen",
		{"name": firm["case"], "reason": reason},
		statuses={417},
	)


def test_merging_a_case_into_itself_is_refused(site, demo, firm):
	call(
		site,
		demo["staff"],
		APP + "api.cases.merge",
		{"duplicate": firm["case"], "survivor": firm["case"]},
		statuses={417},
	)


def test_staff_tools_refuse_other_roles(site, demo, firm):
	call(
		site,
		demo["leader"],
		APP + "api.cases.reply",
		{"case": firm["case"], "message": "您好"},
		statuses={403},
	)
	for who in ("handler", "leader"):
		call(
			site,
			demo[who],
			APP + "api.cases.merge",
			{"duplicate": firm["case"], "survivor": firm["case"]},
			statuses={403},
		)


# --- the portal's own methods, as a contact and as district staff ---------------------------------

PORTAL = [
	("api.portal.submit_request", "post", {"category": LIST, "subject": "主题", "description": "说明"}),
	(
		"api.portal.submit_request",
		"post",
		{"category": "不存在的类别", "subject": "主题", "description": "说明"},
	),
	("api.portal.submit_request", "post", {"category": "", "subject": DICT, "description": "说明"}),
	("api.portal.submit_request", "post", {"category": None, "subject": "主题", "description": HUGE}),
	("api.portal.my_requests", "get", {"state": "不存在的状态"}),
	("api.portal.request_detail", "get", {"name": "不存在的诉求"}),
	("api.portal.our_enterprise", "get", {}),
]


@pytest.mark.parametrize("path,method,payload", PORTAL, ids=range(len(PORTAL)))
def test_portal_methods_refuse_bad_input(site, demo, firm, path, method, payload):
	if path != "api.portal.our_enterprise":
		call(site, firm["contact"], APP + path, payload, method, statuses={404, 417})
	for who in ("staff", "handler", "leader"):
		call(site, demo[who], APP + path, payload, method, statuses={403})


def test_policies_for_me_are_for_contacts(site, demo):
	for who in ("staff", "handler", "leader"):
		call(site, demo[who], APP + "policy_support.portal.matched_policies_for_me", {}, statuses={403})


# --- desk methods: the work calendar, contacts, plans, matching, readiness -------------------------

CALENDAR = [
	("due_date", {"received_on": "2026-02-30", "working_days": 5}),
	("due_date", {"received_on": LIST, "working_days": 5}),
	("due_date", {"received_on": DICT, "working_days": 5}),
	("due_date", {"received_on": "", "working_days": 5}),
	("due_date", {"received_on": "2026-03-02", "working_days": "5abc"}),
	("due_date", {"received_on": "2026-03-02", "working_days": [5]}),
	("due_date", {"received_on": "2026-03-02", "working_days": -1}),
	("due_date", {"received_on": "2026-03-02", "working_days": "9" * 40}),
	("due_date", {"received_on": "2026-03-02", "working_days": 5, "paused_working_days": "x"}),
	("due_date", {"received_on": "2126-03-02", "working_days": 5}),
	("working_days_between", {"start": "2026-02-30", "end": "2026-03-31"}),
	("working_days_between", {"start": "2026-03-01", "end": DICT}),
	("working_days_between", {"start": HUGE, "end": "2026-03-31"}),
	("working_days_between", {"start": None, "end": "2026-03-31"}),
]


@pytest.mark.parametrize("method,payload", CALENDAR, ids=range(len(CALENDAR)))
@pytest.mark.parametrize("who", ["staff", "handler", "leader"])
def test_work_calendar_refuses_bad_input(site, demo, who, method, payload):
	call(site, demo[who], APP + f"api.calendar.{method}", payload, statuses={417})


PLAN = "policy_support.doctype.enterprise_support_plan.enterprise_support_plan."
DESK = [
	("enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite", {"contact": LIST}),
	("enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite", {"contact": DICT}),
	(
		"enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite",
		{"contact": "不存在的联系人"},
	),
	("enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite", {"contact": ""}),
	(PLAN + "build_from_matches", {"enterprise": LIST}),
	(PLAN + "build_from_matches", {"enterprise": "不存在的企业"}),
	(PLAN + "build_from_matches", {"enterprise": None}),
	(PLAN + "build_from_matches", {"enterprise": "{firm}", "plan_year": "2026abc"}),
	(PLAN + "build_from_matches", {"enterprise": "{firm}", "plan_year": [2026]}),
	(PLAN + "build_from_matches", {"enterprise": "{firm}", "plan_year": "99999"}),
	(PLAN + "make_tasks", {"plan": LIST}),
	(PLAN + "make_tasks", {"plan": "不存在的方案"}),
	("policy_support.matching.rematch_now", {"enterprise": LIST}),
	("policy_support.matching.rematch_now", {"enterprise": "不存在的企业"}),
	("policy_support.matching.rematch_now", {"policy_item": DICT}),
	("policy_support.matching.rematch_now", {"policy_item": "不存在的条款"}),
	("policy_support.readiness.get_readiness", {"enterprise": LIST}),
	("policy_support.readiness.get_readiness", {"enterprise": "不存在的企业"}),
	("policy_support.readiness.get_readiness", {"enterprise": "{firm}", "designation": "不存在的称号"}),
	("policy_support.readiness.get_readiness", {"enterprise": "{firm}", "designation": LIST}),
	("enterprise_care.visits.make_cases", {"visit": LIST}),
	("enterprise_care.visits.make_cases", {"visit": DICT}),
	("enterprise_care.visits.make_cases", {"visit": "不存在的走访"}),
	("enterprise_care.visits.make_cases", {"visit": ""}),
	("enterprise_care.visits.make_cases", {"visit": LONG, "rows": DICT}),
	("enterprise_care.watchlist_actions.acknowledge", {"flag": LIST, "note": "已电话联系"}),
	("enterprise_care.watchlist_actions.acknowledge", {"flag": "不存在的预警", "note": "已电话联系"}),
	("enterprise_care.watchlist_actions.acknowledge", {"flag": "", "note": DICT}),
	("enterprise_care.watchlist_actions.acknowledge", {"flag": LONG, "note": LONG}),
	("enterprise_care.watchlist_actions.enterprise_watch_list", {"enterprise": LIST}),
	("enterprise_care.watchlist_actions.enterprise_watch_list", {"enterprise": "不存在的企业"}),
	("enterprise_care.watchlist_actions.enterprise_watch_list", {"enterprise": DICT}),
]


@pytest.mark.parametrize("path,payload", DESK, ids=range(len(DESK)))
@pytest.mark.parametrize("who", ["staff", "handler", "leader"])
def test_desk_methods_refuse_bad_input(site, demo, firm, who, path, payload):
	payload = {k: firm["enterprise"] if v == "{firm}" else v for k, v in payload.items()}
	call(site, demo[who], APP + path, payload, statuses={403, 404, 417})


def test_policy_item_search_refuses_bad_input(site, demo, firm):
	path = "/api/method/enterprise_support.policy_support.matching.matched_item_query"
	base = {"doctype": "Policy Item", "txt": "", "searchfield": "name", "start": 0, "page_len": 20}
	for payload in (
		{**base, "filters": "not json"},
		{**base, "filters": json.dumps(LIST)},
		{**base, "filters": json.dumps({"enterprise": LIST})},
		{**base, "filters": json.dumps({"enterprise": "不存在的企业"})},
	):
		call(site, demo["staff"], path, payload, statuses={403, 404, 417})


# --- Script Reports' filters ------------------------------------------------------------------------

APP_DIR = Path(__file__).resolve().parents[2] / "apps" / "enterprise_support" / "enterprise_support"


def _reports() -> list[tuple[str, str, dict]]:
	"""(report name, module, declared filters) of every Script Report of the app."""
	found = []
	for spec in sorted(APP_DIR.glob("*/report/*/*.json")):
		report = json.loads(spec.read_text())
		if report.get("report_type") != "Script Report":
			continue
		module = ".".join(spec.relative_to(APP_DIR.parent).with_suffix("").parts)
		found.append((report["name"], module))
	return found


REPORTS = _reports()


def bad_values(kind) -> list:
	name = type(kind).__name__
	common = [LIST, DICT, "junk<b>x</b>", LONG]
	if name == "Date":
		return [
			*common,
			"2026-02-30",
			"2026-13-01",
			"2026-01-01abc",
			"昨天",
			20260101,
			"9999-12-31",
			"0001-01-01",
		]
	if name == "Link":
		return [*common, "不存在的记录", 12345]
	if name == "Select":
		return [*common, "不存在的选项"]
	if name == "WholeNumber":
		return [*common, "2abc", "2.5", [2], -1, "99999999999", "１", True]
	if name == "Check":
		return [*common, "yes", 2, [1]]
	raise AssertionError(f"no bad values for {name}")


def report_cases() -> list:
	cases = []
	for report, module in REPORTS:
		filters = importlib.import_module(module).FILTERS
		for fieldname, kind in filters.items():
			for index, value in enumerate(bad_values(kind)):
				cases.append(pytest.param(report, {fieldname: value}, id=f"{report}-{fieldname}-{index}"))
		if "from_date" in filters and "to_date" in filters:
			cases.append(
				pytest.param(
					report, {"from_date": "2026-03-31", "to_date": "2026-03-01"}, id=f"{report}-backwards"
				)
			)
	return cases


def test_every_report_declares_its_filters():
	assert len(REPORTS) >= 9
	for _report, module in REPORTS:
		assert hasattr(importlib.import_module(module), "FILTERS"), module


def may_run(site, report: str, user: str) -> bool:
	roles = set(site.get_all("Has Role", filters={"parent": report, "parenttype": "Report"}, pluck="role"))
	return bool(roles & set(site.get_roles(user)))


@pytest.mark.parametrize("report,filters", report_cases())
def test_report_filters_of_the_wrong_kind_are_refused(site, demo, report, filters):
	ran = 0
	for _who, client in demo.items():
		if not may_run(site, report, client.user):
			continue
		ran += 1
		before = stored_by(site, client.user)
		response = client.post(RUN, json={"report_name": report, "filters": filters})
		assert_refused(site, client, response, before, statuses={417})
	assert ran, f"no demo user may run {report}"


@pytest.mark.parametrize("filters", ["not json", "[1, 2]", '"text"', "12"])
def test_report_filters_that_are_not_an_object_are_refused(site, demo, filters):
	# Frappe itself fails on these before a report runs: the app's before_request guard answers.
	client = demo["staff"]
	before = stored_by(site, client.user)
	response = client.post(RUN, data={"report_name": "Cases Breaching Soon", "filters": filters})
	assert_refused(site, client, response, before)


@pytest.mark.parametrize("report,_module", REPORTS, ids=[r for r, _m in REPORTS])
def test_every_report_still_runs_with_blank_filters(site, demo, report, _module):
	for _who, client in demo.items():
		if may_run(site, report, client.user):
			response = client.post(
				RUN, json={"report_name": report, "filters": {"from_date": None, "to_date": ""}}
			)
			assert response.status_code == 200, (report, client.user, server_messages(response)[:500])


def test_a_report_refuses_who_it_is_not_for(site, demo):
	for report, _module in REPORTS:
		for _who, client in demo.items():
			if not may_run(site, report, client.user):
				response = client.post(RUN, json={"report_name": report, "filters": {}})
				assert response.status_code == 403, (report, client.user, response.status_code)
				assert CHINESE.search(server_messages(response)), server_messages(response)


# --- My Work -----------------------------------------------------------------------------------------


def test_my_work_opens_for_a_department_handler_with_their_own_work(site, demo):
	handler = demo["handler"]
	for path, params in (
		("/api/method/frappe.desk.query_report.get_script", {"report_name": "My Work"}),
		(RUN, {"report_name": "My Work", "filters": "{}"}),
	):
		response = handler.get(path, params=params)
		assert response.status_code == 200, (path, response.status_code, server_messages(response)[:500])
	rows = response.json()["message"]["result"]
	site.db.rollback()
	from enterprise_support.industry_reports.chain_figures import OPEN_STATES

	own_cases = set(
		site.get_all(
			"Support Case",
			filters={"handler": DEMO["handler"], "workflow_state": ("in", OPEN_STATES)},
			pluck="name",
		)
	)
	own_tasks = set(
		site.get_all("Support Task", filters={"assignee": DEMO["handler"], "status": "Open"}, pluck="name")
	)
	listed_cases = {r["reference"] for r in rows if r["reference_doctype"] == "Support Case"}
	listed_tasks = {r["reference"] for r in rows if r["reference_doctype"] == "Support Task"}
	assert listed_cases == own_cases and listed_tasks == own_tasks
	assert own_cases, "the demo data gives zhaolei open cases to handle"
