"""Enterprise visits (走访): problems raised on a visit become support cases with one click,
only for those who may; bad visits are refused in Chinese; the coverage report's figures on a
fixed data set."""

from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest

from .conftest import server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
VISIT_API = "/api/method/enterprise_support.enterprise_care.visits.make_cases"


@pytest.fixture(scope="module")
def world(site, users, portal_contacts):
	"""A street and a chain of our own, two officers, a leader, a handler, five enterprises
	(A and B with contacts; A's contact has a portal log-in); removed again afterwards."""
	frappe = site
	frappe.set_user("Administrator")
	street = frappe.get_doc(
		{"doctype": "Street", "street_name": f"走访测试街道{TAG}", "area_type": "Street"}
	).insert()
	chain = frappe.get_doc(
		{"doctype": "Industry Chain", "node_name": f"走访测试链{TAG}", "node_type": "Chain"}
	).insert()
	frappe.db.commit()
	officer = {"1": users.make("Enterprise Service Staff"), "2": users.make("Enterprise Service Staff")}
	leader = users.make("Enterprise Leader")
	handler = users.make("Department Handler")
	firms = {}
	for index, key in enumerate("ABCDE"):
		firms[key] = (
			frappe.get_doc(
				{
					"doctype": "Enterprise",
					"enterprise_name": f"走访测试企业{key}{TAG}",
					"uscc": valid_uscc(TAG, 801 + index),
					"street": street.name,
					"industry_chain": chain.name,
					"service_officer": officer["1" if key in "ABC" else "2"].user,
					"responsible_leader": leader.user if key == "A" else None,
					"is_key_enterprise": 1 if key in "AD" else 0,
				}
			)
			.insert()
			.name
		)
	contacts = {
		key: frappe.get_doc(
			{
				"doctype": "Enterprise Contact",
				"full_name": f"走访联系人{key}{TAG}",
				"enterprise": firms[key],
				"position": "总经理",
			}
		)
		.insert()
		.name
		for key in "AB"
	}
	frappe.db.commit()
	portal = portal_contacts.make(firms["A"], f"走访门户{TAG}", 1)
	category = frappe.get_all("Case Category", filters={"is_active": 1}, pluck="name", limit=1)[0]
	yield {
		"street": street.name,
		"chain": chain.name,
		"officer": officer,
		"leader": leader,
		"handler": handler,
		"portal": portal,
		"firms": firms,
		"contacts": contacts,
		"category": category,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	firm_names = list(firms.values())
	for name in frappe.get_all("Support Case", filters={"enterprise": ("in", firm_names)}, pluck="name"):
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	for name in frappe.get_all("Enterprise Visit", filters={"enterprise": ("in", firm_names)}, pluck="name"):
		frappe.delete_doc("Enterprise Visit", name, force=True, ignore_permissions=True)
	for name in contacts.values():
		frappe.delete_doc("Enterprise Contact", name, force=True, ignore_permissions=True)
	for name in firm_names:
		frappe.delete_doc("Enterprise", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Industry Chain", chain.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Street", street.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def visit_payload(world, firm="A", day="2026-11-10", officer="1", **fields) -> dict:
	return {
		"enterprise": world["firms"][firm],
		"visit_date": day,
		"kind": "Routine Visit",
		"visitors": [{"user": world["officer"][officer].user}],
		**fields,
	}


def post_visit(client, payload):
	return client.post("/api/resource/Enterprise Visit", json=payload)


def cases_of(site, visit) -> list[dict]:
	site.db.rollback()  # see what the web server committed
	return site.get_all(
		"Support Case",
		filters={"enterprise_visit": visit},
		fields=["name", "channel", "received_on", "enterprise", "subject", "category", "workflow_state"],
		order_by="creation asc, name asc",
	)


# --- problems become cases -----------------------------------------------------------------------


def test_a_visit_with_two_problems_makes_two_cases_linked_both_ways(site, world):
	officer = world["officer"]["1"]
	response = post_visit(
		officer,
		visit_payload(
			world,
			contacts_met=[{"contact": world["contacts"]["A"]}],
			findings="企业反映订单增长，用工紧张。",
			problems=[
				{
					"subject": f"甲 招工难{TAG}",
					"description": "一线工人缺口约50人",
					"category": world["category"],
				},
				{
					"subject": f"乙 用电增容{TAG}",
					"description": "新产线需增容至2000千伏安",
					"category": world["category"],
				},
			],
		),
	)
	assert response.status_code == 200, server_messages(response)
	visit = response.json()["data"]
	assert visit["enterprise_name"] == f"走访测试企业A{TAG}"
	assert visit["service_officer"] == officer.user and visit["street"] == world["street"]
	assert visit["contacts_met"][0]["full_name"] == f"走访联系人A{TAG}"

	response = officer.post(VISIT_API, data={"visit": visit["name"]})
	assert response.status_code == 200, server_messages(response)
	made = response.json()["message"]
	assert len(made) == 2
	cases = cases_of(site, visit["name"])
	assert sorted(made) == sorted(case.name for case in cases)
	for case in cases:
		assert case.channel == "Visit"
		assert case.received_on.date() == dt.date(2026, 11, 10)
		assert case.enterprise == world["firms"]["A"]
		assert case.workflow_state == "Submitted"
	# and back: each problem names its case
	rows = site.get_all(
		"Enterprise Visit Problem",
		filters={"parent": visit["name"]},
		fields=["subject", "support_case"],
		order_by="idx asc",
	)
	assert [row.support_case for row in rows] == [case.name for case in cases]
	assert site.db.get_value("Enterprise", world["firms"]["A"], "last_visit_on") == dt.date(2026, 11, 10)

	# a second click makes none
	response = officer.post(VISIT_API, data={"visit": visit["name"]})
	assert response.status_code == 200 and response.json()["message"] == []
	assert len(cases_of(site, visit["name"])) == 2

	# a problem whose case is made cannot be removed by hand
	doc = officer.get(f"/api/resource/Enterprise Visit/{visit['name']}").json()["data"]
	response = officer.put(
		f"/api/resource/Enterprise Visit/{visit['name']}", json={"problems": doc["problems"][:1]}
	)
	assert response.status_code == 417 and "已转为诉求" in server_messages(response)


def test_only_who_may_write_the_visit_and_create_cases_turns_problems_into_cases(site, world):
	response = post_visit(
		world["officer"]["1"],
		visit_payload(
			world,
			firm="B",
			day="2026-11-12",
			problems=[{"subject": f"丙 融资{TAG}", "category": world["category"]}],
		),
	)
	assert response.status_code == 200, server_messages(response)
	visit = response.json()["data"]["name"]
	for client in (world["handler"], world["portal"], world["leader"]):
		response = client.post(VISIT_API, data={"visit": visit})
		assert response.status_code == 403, (client.user, response.status_code, response.text[:300])
		# nor can they read the visit itself
		response = client.get(f"/api/resource/Enterprise Visit/{visit}")
		assert response.status_code == 403 or client is world["leader"]
	for client in (world["handler"], world["portal"]):
		response = client.get("/api/resource/Enterprise Visit", params={"fields": '["name"]'})
		assert response.status_code == 403 or response.json()["data"] == []
	assert cases_of(site, visit) == []
	assert not site.db.get_value("Enterprise Visit Problem", {"parent": visit}, "support_case")


def test_a_visit_in_the_future_or_with_another_firms_contact_is_refused_in_chinese(site, world):
	officer = world["officer"]["1"]
	tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
	before = site.db.count("Enterprise Visit", {"enterprise": world["firms"]["C"]})
	response = post_visit(officer, visit_payload(world, firm="C", day=tomorrow))
	assert response.status_code == 417 and "走访日期不能晚于今天" in server_messages(response)
	response = post_visit(
		officer, visit_payload(world, firm="C", contacts_met=[{"contact": world["contacts"]["B"]}])
	)
	assert response.status_code == 417
	assert "不属于" in server_messages(response), server_messages(response)
	response = post_visit(officer, visit_payload(world, firm="C", visitors=[{"user": world["portal"].user}]))
	assert response.status_code == 417 and "走访人员只能是" in server_messages(response)
	response = post_visit(officer, visit_payload(world, firm="C", kind="Leader Visit"))
	assert response.status_code == 417 and "包联领导走访" in server_messages(response)
	site.db.rollback()
	assert site.db.count("Enterprise Visit", {"enterprise": world["firms"]["C"]}) == before


def test_a_leader_among_the_visitors_makes_a_leader_visit(site, world):
	response = post_visit(
		world["officer"]["1"],
		visit_payload(
			world,
			firm="A",
			day="2026-10-20",
			kind="Leader Visit",
			visitors=[{"user": world["officer"]["1"].user}, {"user": world["leader"].user}],
		),
	)
	assert response.status_code == 200, server_messages(response)
	assert response.json()["data"]["leader_present"] == 1
	site.db.rollback()
	# the latest visit stays the enterprise's last one
	assert site.db.get_value("Enterprise", world["firms"]["A"], "last_visit_on") == dt.date(2026, 11, 10)


def test_photos_and_files_attach_to_a_visit_for_staff_only(site, world):
	officer = world["officer"]["1"]
	response = post_visit(officer, visit_payload(world, firm="C", day="2026-11-03"))
	assert response.status_code == 200, server_messages(response)
	visit = response.json()["data"]["name"]
	photo = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(64)
	response = officer.post(
		"/api/method/upload_file",
		data={"doctype": "Enterprise Visit", "docname": visit, "is_private": 1},
		files={"file": (f"photo-{TAG}.png", photo, "image/png")},
	)
	assert response.status_code == 200, server_messages(response)
	url = response.json()["message"]["file_url"]
	docinfo = officer.get(
		"/api/method/frappe.desk.form.load.getdoc", params={"doctype": "Enterprise Visit", "name": visit}
	)
	assert docinfo.status_code == 200
	assert [a["file_url"] for a in docinfo.json()["docinfo"]["attachments"]] == [url]
	assert officer.get(url).content == photo
	# neither a handler nor a contact sees it, lists it or attaches to the visit
	for client in (world["handler"], world["portal"]):
		assert client.get(url).status_code == 403
		response = client.post(
			"/api/method/frappe.client.get_list",
			data={"doctype": "File", "fields": json.dumps(["file_url"]), "limit_page_length": 0},
		)
		assert response.status_code == 403 or url not in response.text
		response = client.post(
			"/api/method/upload_file",
			data={"doctype": "Enterprise Visit", "docname": visit, "is_private": 1},
			files={"file": ("x.txt", b"x")},
		)
		assert response.status_code == 403


# --- coverage ----------------------------------------------------------------------------------


def run_report(client, name: str, **filters):
	response = client.get(
		"/api/method/frappe.desk.query_report.run",
		params={"report_name": name, "filters": json.dumps(filters)},
	)
	assert response.status_code == 200, server_messages(response)
	return response.json()["message"]["result"]


def test_the_coverage_report_counts_a_fixed_data_set(site, world):
	"""As of 2026-09-15 (the third quarter of 2026), under the default rules: A and D are key
	enterprises (every quarter), B, C and E every year.

	A visited 2026-08-01: visited. B visited 2025-06-01: due this year. C never: overdue.
	D visited 2026-05-10 (and again on 2026-10-01, after the day): due this quarter.
	E visited 2024-12-01: 2025 was missed, overdue."""
	from enterprise_support.domain import visit_coverage as vc
	from enterprise_support.enterprise_care.visits import coverage_rules

	assert sorted((r.applies_to, r.min_tier_rank, r.period, r.enabled) for r in coverage_rules()) == sorted(
		(r.applies_to, r.min_tier_rank, r.period, r.enabled) for r in vc.DEFAULT_RULES
	), "the site's coverage rules are not the defaults"
	frappe = site
	frappe.set_user("Administrator")
	for firm, day, officer in (
		("A", "2026-08-01", "1"),
		("B", "2025-06-01", "1"),
		("D", "2026-05-10", "2"),
		("D", "2026-10-01", "2"),
		("E", "2024-12-01", "2"),
	):
		frappe.get_doc({"doctype": "Enterprise Visit", **visit_payload(world, firm, day, officer)}).insert()
	frappe.db.commit()
	staff = world["officer"]["1"]
	rows = run_report(staff, "Visit Coverage", as_of="2026-09-15", street=world["street"])
	figures = {
		row["group"]: (row["total"], row["visited"], row["due"], row["overdue"], row["coverage"])
		for row in rows
	}
	assert figures == {
		world["officer"]["1"].user: (3, 1, 1, 1, 33.3),
		world["officer"]["2"].user: (2, 0, 1, 1, 0.0),
	}
	rows = run_report(
		staff, "Visit Coverage", as_of="2026-09-15", street=world["street"], group_by="Industry Chain"
	)
	assert [(r["group"], r["total"], r["visited"], r["due"], r["overdue"], r["coverage"]) for r in rows] == [
		(world["chain"], 5, 1, 2, 2, 20.0)
	]
	# the officer's own list: overdue first
	rows = run_report(
		staff, "Visits Due", as_of="2026-09-15", street=world["street"], service_officer=staff.user
	)
	assert [(r["enterprise"], r["status"], r["period"], r["due_by"]) for r in rows] == [
		(world["firms"]["C"], "逾期未走访", "2026年", "2026-12-31"),
		(world["firms"]["B"], "待走访", "2026年", "2026-12-31"),
	]
	# a handler has no business with visit coverage
	response = world["handler"].get(
		"/api/method/frappe.desk.query_report.run",
		params={"report_name": "Visit Coverage", "filters": json.dumps({"as_of": "2026-09-15"})},
	)
	assert response.status_code == 403


# --- the portal ----------------------------------------------------------------------------------


def test_a_contact_sees_their_service_officer_and_leader_on_our_enterprise(site, world):
	frappe = site
	officer, leader = world["officer"]["1"].user, world["leader"].user
	frappe.db.set_value("User", officer, {"first_name": f"专员{TAG}", "mobile_no": "13800000000"})
	frappe.db.set_value("User", leader, {"first_name": f"领导{TAG}"})
	frappe.db.set_value("User", officer, "full_name", f"专员{TAG}")
	frappe.db.set_value("User", leader, "full_name", f"领导{TAG}")
	frappe.db.commit()
	page = world["portal"].get("/our-enterprise", headers={"Accept": "text/html"})
	assert page.status_code == 200
	assert "您的服务专员" in page.text
	assert f"专员{TAG}" in page.text and "13800000000" in page.text and officer in page.text
	assert f"领导{TAG}" in page.text  # A is a key enterprise with a responsible leader
