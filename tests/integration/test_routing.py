"""The routing suggestion: a submitted request is given the department its category and words
point to, with the reason; staff's dispatches feed back; only staff see the suggestion and counts.

The test brings its own two departments, category and words (无人机航拍 for one department, 冷链仓储
for the other), so what it asserts does not depend on the rest of the site's cases.
"""

from __future__ import annotations

import json
import secrets

import pytest

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import routing

from .conftest import server_messages, valid_uscc, wait_for

TAG = secrets.token_hex(3).upper()
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
DRONE = ("无人机航拍许可办理", "企业需要在园区开展无人机航拍测绘，请协调办理无人机飞行许可和空域申请。")
COLD = ("冷链仓储用地", "企业扩建冷链仓储中心，需要冷库建设用地和冷链物流配套。")


@pytest.fixture(scope="module")
def world(site, users, portal_contacts):
	"""Staff, a handler of each test department, an enterprise with a portal contact, two
	departments and a category of their own (its default department the first one)."""
	frappe = site
	staff = users.make("Enterprise Service Staff")
	handlers = [users.make("Department Handler"), users.make("Department Handler")]
	departments = [
		frappe.get_doc(
			{
				"doctype": "Service Department",
				"department_name": f"派单测试{name}{TAG}",
				"members": [{"user": handler.user}],
			}
		)
		.insert()
		.name
		for name, handler in zip(("航空科", "物流科"), handlers, strict=True)
	]
	category = (
		frappe.get_doc(
			{
				"doctype": "Case Category",
				"category_name": f"派单测试类别{TAG}",
				"time_limit_days": 7,
				"default_department": departments[0],
				"show_on_portal": 0,
			}
		)
		.insert()
		.name
	)
	enterprise = frappe.get_doc(
		{"doctype": "Enterprise", "enterprise_name": f"派单测试企业{TAG}", "uscc": valid_uscc(TAG, 717)}
	).insert()
	frappe.db.commit()
	contact = portal_contacts.make(enterprise.name, "派单联系人", 1)
	yield {
		"staff": staff,
		"handlers": handlers,
		"departments": departments,
		"category": category,
		"enterprise": enterprise.name,
		"contact": contact,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	firms = [enterprise.name, *FIRMS]
	for name in frappe.get_all("Support Case", filters={"enterprise": ("in", firms)}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise Contact", contact.contact, force=True, ignore_permissions=True)
	for firm in firms:
		frappe.delete_doc("Enterprise", firm, force=True, ignore_permissions=True)
	frappe.delete_doc("Case Category", category, force=True, ignore_permissions=True)
	for department in departments:
		frappe.delete_doc("Service Department", department, force=True, ignore_permissions=True)
	frappe.db.commit()


FIRMS = []


def submit(world, text, own_firm=False):
	"""A request submitted by staff; each from a firm of its own (unless ``own_firm``: the
	contact's), so that the duplicate check at intake leaves the test's alike requests alone."""
	subject, description = text
	if own_firm:
		firm = {"enterprise": world["enterprise"], "contact": world["contact"].contact}
	else:
		import frappe

		FIRMS.append(
			frappe.get_doc(
				{
					"doctype": "Enterprise",
					"enterprise_name": f"派单测试企业{TAG}-{len(FIRMS) + 1}",
					"uscc": valid_uscc(TAG, 720 + len(FIRMS)),
				}
			)
			.insert()
			.name
		)
		frappe.db.commit()
		firm = {"enterprise": FIRMS[-1]}
	response = world["staff"].post(
		"/api/resource/Support Case",
		json={"subject": subject, "description": description, "category": world["category"], **firm},
	)
	assert response.status_code == 200, server_messages(response)
	name = response.json()["data"]["name"]
	apply(world["staff"], name, wf.SUBMIT)
	return name


def apply(client, case, action):
	response = client.post(
		APPLY, data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": action}
	)
	assert response.status_code == 200, server_messages(response)


def dispatch(world, case, department):
	staff = world["staff"]
	apply(staff, case, wf.ACCEPT)
	response = staff.put(f"/api/resource/Support Case/{case}", json={"department": department})
	assert response.status_code == 200, server_messages(response)
	apply(staff, case, wf.DISPATCH)


def analysed(site, case):
	"""The case once the intake analysis (a background job) has written its routing reason."""
	found = wait_for(lambda: site.db.get_value("Support Case", case, "routing_reason"), timeout=60)
	assert found, f"no routing suggestion was written on {case} (is a worker running?)"
	return site.db.get_value(
		"Support Case", case, ["suggested_department", "routing_reason", "routing_followed"], as_dict=True
	)


def tally(site, department, term, kind=routing.WORD):
	site.db.rollback()
	return (
		site.db.get_value("Routing Term", {"department": department, "kind": kind, "term": term}, "tally")
		or 0
	)


@pytest.fixture(scope="module")
def learned(site, world):
	"""Two dispatched cases about drones for the first department, two about cold chains for the
	second: the model's knowledge of the test's words."""
	first, second = world["departments"]
	for text, department in ((DRONE, first), (DRONE, first), (COLD, second), (COLD, second)):
		dispatch(world, submit(world, text), department)
	# Two cases each, every one naming its key word three times (subject and description).
	assert tally(site, first, "无人机") == 6
	assert tally(site, second, "冷链") == 6
	assert tally(site, first, world["category"], routing.CATEGORY) == 2
	return world


def test_a_new_request_gets_the_department_its_words_point_to_with_the_reason(site, learned):
	first, _ = learned["departments"]
	case = submit(learned, DRONE)
	got = analysed(site, case)
	assert got.suggested_department == first
	assert f"同类别「{learned['category']}」的 4 件已派办诉求中 2 件由 {first} 办理" in got.routing_reason
	assert "关键词：" in got.routing_reason and "无人机" in got.routing_reason
	# Staff read it on the case; they cannot change it by hand.
	staff = learned["staff"]
	doc = staff.get(f"/api/resource/Support Case/{case}").json()["data"]
	assert doc["suggested_department"] == first and "无人机" in doc["routing_reason"]
	staff.put(f"/api/resource/Support Case/{case}", json={"suggested_department": learned["departments"][1]})
	site.db.rollback()
	assert site.db.get_value("Support Case", case, "suggested_department") == first
	# Taking the suggestion is recorded at dispatch.
	dispatch(learned, case, first)
	site.db.rollback()
	assert site.db.get_value("Support Case", case, "routing_followed") == 1


def test_dispatching_elsewhere_feeds_back_until_similar_requests_lean_there(site, learned):
	first, second = learned["departments"]
	before = tally(site, second, "无人机")
	# Staff send five drone requests to the logistics office instead of the suggested one.
	for n in range(5):
		case = submit(learned, DRONE)
		got = analysed(site, case)
		if n == 0:
			assert got.suggested_department == first
		dispatch(learned, case, second)
		assert tally(site, second, "无人机") == before + 3 * (n + 1)
		site.db.rollback()
		assert site.db.get_value("Support Case", case, "routing_followed") == int(
			got.suggested_department == second
		)
	# The next drone request now leans to where staff sent the last ones.
	got = analysed(site, submit(learned, DRONE))
	assert got.suggested_department == second
	assert "无人机" in got.routing_reason


def test_a_send_back_and_redispatch_move_the_counts(site, learned):
	first, second = learned["departments"]
	case = submit(learned, COLD)
	analysed(site, case)
	dispatch(learned, case, first)
	in_first = tally(site, first, "冷链")
	in_second = tally(site, second, "冷链")
	handler = learned["handlers"][0]
	response = handler.put(f"/api/resource/Support Case/{case}", json={"return_reason": "不属于本科职责"})
	assert response.status_code == 200, server_messages(response)
	apply(handler, case, wf.RETURN)
	# Sent back: it no longer counts for the department that returned it.
	assert tally(site, first, "冷链") == in_first - 3
	staff = learned["staff"]
	response = staff.put(f"/api/resource/Support Case/{case}", json={"department": second})
	assert response.status_code == 200, server_messages(response)
	apply(staff, case, wf.REDISPATCH)
	assert tally(site, first, "冷链") == in_first - 3
	assert tally(site, second, "冷链") == in_second + 3


def test_only_staff_read_the_counts_and_the_suggestion(site, learned, users):
	first, _ = learned["departments"]
	case = submit(learned, DRONE, own_firm=True)
	analysed(site, case)
	staff = learned["staff"]
	response = staff.get(
		"/api/resource/Routing Term",
		params={"filters": json.dumps({"department": first}), "fields": json.dumps(["term", "tally"])},
	)
	assert response.status_code == 200, server_messages(response)
	assert any(row["term"] == "无人机" and row["tally"] >= 6 for row in response.json()["data"])
	handler = learned["handlers"][0]
	contact = learned["contact"]
	for client in (handler, contact):
		assert client.get("/api/resource/Routing Term").status_code == 403
		listing = client.post(
			"/api/method/frappe.client.get_list", data={"doctype": "Routing Term", "fields": '["term"]'}
		)
		assert listing.status_code == 403
	# The enterprise reads its request (the portal's detail) without the district's routing
	# notes, and reaches the case by no other path.
	detail = contact.get("/api/method/enterprise_support.api.portal.request_detail", params={"name": case})
	assert detail.status_code == 200, server_messages(detail)
	data = detail.json()["message"]
	assert data["subject"] == DRONE[0]
	assert "suggested_department" not in data and "routing_reason" not in data
	assert "关键词" not in detail.text
	suggested = site.db.get_value("Support Case", case, "suggested_department")
	assert suggested
	for path in (
		f"/api/resource/Support Case/{case}",
		f"/api/method/frappe.desk.form.load.getdoc?doctype=Support%20Case&name={case}",
	):
		response = contact.get(path)
		assert response.status_code == 403 and "关键词" not in response.text
	other = next(d for d in learned["departments"] if d != suggested)
	response = contact.put(f"/api/resource/Support Case/{case}", json={"suggested_department": other})
	assert response.status_code == 403
	site.db.rollback()
	assert site.db.get_value("Support Case", case, "suggested_department") == suggested
