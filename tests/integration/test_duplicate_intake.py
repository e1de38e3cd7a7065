"""Duplicate suggestions at intake, over HTTP: a contact re-words an open request on the portal,
the intake job suggests the open one to staff with its score and reason, staff merge (并单) or
dismiss (不是重复); a different request of the firm is not suggested; a 12345 transfer matching
an open request is flagged before acceptance; several firms of one street on one topic are a
cluster, not mergeable; handlers and contacts read nothing of it. A browser check shows the
panel and the banner to staff at 1440 and 390 px.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pytest

from .conftest import BASE_URL, server_messages, valid_uscc, wait_for

TAG = secrets.token_hex(3).upper()
PORTAL = "/api/method/enterprise_support.api.portal."
DUP = "/api/method/enterprise_support.api.duplicates."
SUGGESTION = "Case Duplicate Suggestion"

POWER = ("变压器容量不足申请扩容", "现有变压器容量不足，新上生产线无法投产，请求协调供电公司扩容。")
POWER_REWORDED = (
	"厂区变压器需要增容",
	"新建生产线后用电负荷增加，原有变压器容量不够，希望协调电力公司尽快增容。",
)
POWER_AGAIN = ("用电扩容申请", "变压器容量不足，生产线投产需要供电公司扩容，请协调。")
HOUSING = ("申请人才公寓", "公司新引进的三名博士需要人才公寓，请协调房源。")
FLOOD = [
	("门前道路积水", "下雨后门前道路积水严重，货车进出困难。"),
	("道路积水严重", "厂区外道路一下雨就积水，员工上下班困难。"),
	("园区道路积水", "一下雨园区道路就积水，货车无法进出厂区。"),
]


@pytest.fixture(scope="module")
def world(site, users, portal_contacts):
	"""A street with four firms; firm A has a portal contact; staff, a leader and a handler."""
	frappe = site
	street = frappe.get_doc(
		{"doctype": "Street", "street_name": f"重复测试街道{TAG}", "area_type": "Street"}
	).insert()
	portal_categories = frappe.get_all(
		"Case Category", filters={"is_active": 1, "show_on_portal": 1}, pluck="name", order_by="name"
	)
	power = "水电气保障" if "水电气保障" in portal_categories else portal_categories[0]
	firms = {
		key: frappe.get_doc(
			{
				"doctype": "Enterprise",
				"enterprise_name": f"重复测试企业{key}{TAG}",
				"uscc": valid_uscc(TAG, 600 + i),
				"street": street.name,
			}
		).insert()
		for i, key in enumerate("ABCD")
	}
	frappe.db.commit()
	world = {
		"street": street.name,
		"power": power,
		"firms": {key: firm.name for key, firm in firms.items()},
		"staff": users.make("Enterprise Service Staff"),
		"leader": users.make("Enterprise Leader"),
		"handler": users.make("Department Handler"),
		"contact": portal_contacts.make(firms["A"].name, "重复测试联系人"),
	}
	yield world
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for firm in firms.values():
		for name in frappe.get_all("Support Case", filters={"enterprise": firm.name}, pluck="name"):
			frappe.db.delete(SUGGESTION, {"case": name})
			frappe.db.delete(SUGGESTION, {"other_case": name})
			frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
			frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.db.commit()
	for firm in firms.values():
		frappe.delete_doc("Enterprise", firm.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Street", street.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def _submit(world, subject, description, category=None) -> str:
	response = world["contact"].post(
		PORTAL + "submit_request",
		data={"category": category or world["power"], "subject": subject, "description": description},
	)
	assert response.status_code == 200, response.text
	return response.json()["message"]["name"]


def _transfer(world, firm, subject, description, category=None) -> str:
	response = world["staff"].post(
		PORTAL + "create_from_12345",
		data={
			"ticket_id": f"DUP-{TAG}-{secrets.token_hex(3)}",
			"enterprise": world["firms"][firm],
			"category": category or world["power"],
			"subject": subject,
			"description": description,
		},
	)
	assert response.status_code == 200, response.text
	return response.json()["message"]["name"]


def _suggestions_of(world, case, who="staff") -> dict:
	response = world[who].get(DUP + "case_suggestions", params={"case": case})
	assert response.status_code == 200, response.text
	return response.json()["message"]


def _wait_for_suggestions(site, case, timeout=90):
	"""The intake job runs on the worker after the intake commits."""
	found = wait_for(lambda: site.get_all(SUGGESTION, filters={"case": case}, pluck="name"), timeout)
	assert found, f"no duplicate suggestion for {case} {timeout} s after intake: is a worker running?"
	return found


@pytest.fixture(scope="module")
def open_request(site, world):
	"""Firm A's open request about its transformer, filed on the portal."""
	return _submit(world, *POWER)


def test_a_reworded_portal_request_shows_the_open_one_to_staff(site, world, open_request):
	new = _submit(world, *POWER_REWORDED)
	_wait_for_suggestions(site, new)
	data = _suggestions_of(world, new)
	assert data["allowed"] and data["can_decide"]
	[row] = data["suggestions"]
	assert row["other_case"] == open_request
	assert row["other_subject"] == POWER[0]
	assert row["kind"] == "Same Enterprise" and row["mergeable"]
	assert row["score"] >= 50
	assert row["reason"].startswith("同一企业；主题相近（")
	assert "共同关键词：" in row["reason"] and "变压器" in row["reason"]
	# The form's record says so too (the list can be filtered by it) ...
	doc = world["staff"].get(f"/api/resource/Support Case/{new}").json()["data"]
	assert doc["possible_duplicate"] == 1
	# ... a leader reads the suggestion without the buttons ...
	seen = _suggestions_of(world, new, "leader")
	assert seen["allowed"] and not seen["can_decide"]
	assert [r["other_case"] for r in seen["suggestions"]] == [open_request]
	assert not seen["suggestions"][0]["mergeable"]
	# ... and the enterprise's own page shows nothing of it.
	detail = world["contact"].get(PORTAL + "request_detail", params={"name": new}).json()["message"]
	assert "possible_duplicate" not in detail and "同一企业" not in str(detail)

	# 并单 from the suggestion: the new request is merged into the open one.
	name = row["name"]
	response = world["staff"].post(DUP + "merge", data={"suggestion": name})
	assert response.status_code == 200, response.text
	site.db.rollback()
	assert site.db.get_value(
		"Support Case", new, ["workflow_state", "merged_into", "possible_duplicate"]
	) == (
		"Merged",
		open_request,
		0,
	)
	assert site.db.get_value(SUGGESTION, name, ["status", "decided_by"]) == ("Merged", world["staff"].user)
	assert site.db.get_value("Support Case", open_request, "workflow_state") == "Submitted"
	# Decided once: a second merge is refused with a clear message, not a 500.
	again = world["staff"].post(DUP + "merge", data={"suggestion": name})
	assert again.status_code == 417 and "该提示已处理：已并单" in server_messages(again)


def test_dismissing_a_suggestion(site, world, open_request):
	new = _submit(world, *POWER_AGAIN)
	_wait_for_suggestions(site, new)
	[row] = _suggestions_of(world, new)["suggestions"]
	assert row["other_case"] == open_request
	# A leader may read, not decide; GET is not a way to decide.
	refused = world["leader"].post(DUP + "dismiss", data={"suggestion": row["name"]})
	assert refused.status_code == 403 and "只有企业服务专员可以处理疑似重复提示" in server_messages(refused)
	assert world["staff"].get(DUP + "dismiss", params={"suggestion": row["name"]}).status_code in (403, 405)
	response = world["staff"].post(DUP + "dismiss", data={"suggestion": row["name"]})
	assert response.status_code == 200, response.text
	assert response.json()["message"] == {"name": row["name"], "status": "Dismissed", "possible_duplicate": 0}
	site.db.rollback()
	assert site.db.get_value(SUGGESTION, row["name"], ["status", "decided_by"]) == (
		"Dismissed",
		world["staff"].user,
	)
	assert site.db.get_value("Support Case", new, ["workflow_state", "possible_duplicate"]) == (
		"Submitted",
		0,
	)
	assert _suggestions_of(world, new)["suggestions"] == []
	# Checking the request again does not bring a dismissed pair back.
	from enterprise_support.support_cases.duplicate_check import check_case

	check_case(new)
	site.db.commit()
	assert site.get_all(SUGGESTION, filters={"case": new}, pluck="status") == ["Dismissed"]


def test_merging_by_hand_into_the_suggested_request_decides_the_suggestion(site, world, open_request):
	new = _submit(world, "变压器扩容", "新生产线投产，现有变压器容量不足，需要供电公司扩容。")
	_wait_for_suggestions(site, new)
	assert site.db.get_value("Support Case", new, "possible_duplicate") == 1
	# 并入其他诉求 on the form, not from the suggestion
	response = world["staff"].post(
		"/api/method/enterprise_support.api.cases.merge", data={"duplicate": new, "survivor": open_request}
	)
	assert response.status_code == 200, response.text
	site.db.rollback()
	assert site.db.get_value("Support Case", new, ["workflow_state", "possible_duplicate"]) == ("Merged", 0)
	assert site.db.get_value(
		SUGGESTION, {"case": new, "other_case": open_request}, ["status", "decided_by"]
	) == ("Merged", world["staff"].user)


def test_bad_input_gets_a_clear_error(world):
	staff = world["staff"]
	missing = staff.post(DUP + "dismiss", data={"suggestion": "DUP-0000-000000"})
	assert missing.status_code == 404 and "疑似重复提示 DUP-0000-000000 不存在" in server_messages(missing)
	as_list = staff.post(DUP + "merge", json={"suggestion": ["x"]})
	assert as_list.status_code == 404 and "不存在" in server_messages(as_list)
	no_case = staff.get(DUP + "case_suggestions", params={"case": "SC-NOPE"})
	assert no_case.status_code == 404 and "SC-NOPE" in server_messages(no_case)


def test_a_different_request_of_the_firm_gets_no_suggestion(site, world, open_request):
	from enterprise_support.support_cases.duplicate_check import check_case

	other = _submit(world, *HOUSING, category=world["power"])
	check_case(other)
	site.db.commit()
	assert site.get_all(SUGGESTION, filters={"case": other}) == []
	assert _suggestions_of(world, other)["suggestions"] == []
	assert site.db.get_value("Support Case", other, "possible_duplicate") == 0


def test_a_12345_transfer_matching_an_open_request_is_flagged_before_acceptance(site, world, open_request):
	transfer = _transfer(world, "A", *POWER_REWORDED)
	_wait_for_suggestions(site, transfer)
	doc = world["staff"].get(f"/api/resource/Support Case/{transfer}").json()["data"]
	assert (doc["channel"], doc["workflow_state"], doc["possible_duplicate"]) == (
		"12345 Transfer",
		"Submitted",
		1,
	)
	data = _suggestions_of(world, transfer)
	assert data["channel"] == "12345 Transfer"
	# The open request first (the firm's other open ones may follow, e.g. a dismissed re-wording).
	assert open_request in [r["other_case"] for r in data["suggestions"] if r["kind"] == "Same Enterprise"]
	world["transfer"] = transfer
	world["open_request"] = open_request


def test_one_topic_from_several_firms_of_a_street_is_a_cluster(site, world):
	first = _transfer(world, "B", *FLOOD[0], category="其他诉求")
	second = _transfer(world, "C", *FLOOD[1], category="其他诉求")
	new = _transfer(world, "D", *FLOOD[2], category="其他诉求")
	_wait_for_suggestions(site, new)
	rows = _suggestions_of(world, new)["suggestions"]
	assert {r["other_case"] for r in rows} == {first, second}
	assert all(r["kind"] == "Same Street Topic" and not r["mergeable"] for r in rows)
	assert rows[0]["reason"].startswith(f"同一街道/园区（{world['street']}） 3 家企业近 30 天反映同类问题")
	# Not a duplicate of the firm's own request: no flag, and merging is refused.
	site.db.rollback()
	assert site.db.get_value("Support Case", new, "possible_duplicate") == 0
	refused = world["staff"].post(DUP + "merge", data={"suggestion": rows[0]["name"]})
	assert refused.status_code == 417 and "不同企业反映的同类问题不能并单" in server_messages(refused)


def test_handlers_and_contacts_read_no_suggestion(site, world):
	assert site.db.count(SUGGESTION, {"case": ["like", "%"]}) > 0
	name = site.get_all(SUGGESTION, pluck="name", limit=1)[0]
	for who in ("handler", "contact"):
		client = world[who]
		assert client.get(f"/api/resource/{SUGGESTION}").status_code == 403, who
		assert client.get(f"/api/resource/{SUGGESTION}/{name}").status_code == 403, who
		listed = client.get(
			"/api/method/frappe.client.get_list",
			params={"doctype": SUGGESTION, "fields": '["name","reason"]'},
		)
		assert listed.status_code == 403 or listed.json().get("message") == [], (who, listed.text)
		report = client.post(
			"/api/method/frappe.desk.reportview.get", data={"doctype": SUGGESTION, "fields": '["name"]'}
		)
		assert report.status_code == 403 or not report.json().get("message"), (who, report.text)
		assert "reason" not in report.text
		case = world.get("transfer") or name
		panel = client.get(DUP + "case_suggestions", params={"case": case})
		assert panel.status_code in (403, 404) or panel.json()["message"] == {"allowed": False}, who


def test_settings_refuse_out_of_range_thresholds(site):
	frappe = site
	lang, frappe.local.lang = frappe.local.lang, "zh"
	try:
		for field, value, message in (
			("duplicate_threshold", 0, "疑似重复分数线须在 1 至 100 之间"),
			("cluster_threshold", 101, "同类问题分数线须在 1 至 100 之间"),
			("cluster_min_enterprises", 1, "同类问题最少企业数须在 2 至 100 之间"),
		):
			doc = frappe.get_single("Enterprise Support Settings")
			doc.set(field, value)
			with pytest.raises(frappe.ValidationError) as error:
				doc.save()
			assert message in str(error.value), str(error.value)
			frappe.db.rollback()
	finally:
		frappe.local.lang = lang
		frappe.db.rollback()


# --- the panel in a browser ------------------------------------------------------------------

CHROMIUM = os.environ.get("ES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.mark.parametrize("width", [1440, 390])
def test_staff_see_the_panel_and_the_banner_in_a_browser(site, world, width):
	sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
	if not Path(CHROMIUM).exists():
		pytest.skip(f"no Chromium at {CHROMIUM}")
	from frappe.utils.password import update_password

	transfer = world.get("transfer")
	assert transfer, "the 12345 test makes the transfer this test opens"
	password = world.setdefault("staff_password", "Es!" + secrets.token_hex(8))
	update_password(world["staff"].user, password)
	site.db.commit()
	with sync_api.sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
		)
		context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
		context.set_default_timeout(90_000)
		page = context.new_page()
		errors = []
		page.on("pageerror", lambda exc: errors.append(str(exc)))
		page.goto(f"{BASE_URL}/login")
		page.fill("#login_email", world["staff"].user)
		page.fill("#login_password", password)
		page.click(".btn-login")
		page.wait_for_url(lambda url: "/login" not in url)
		page.goto(f"{BASE_URL}/app/support-case/{transfer}")
		page.wait_for_selector(".es-duplicates")
		page.wait_for_load_state("networkidle")
		banner = page.locator(".form-message:visible")
		assert "受理前请核对" in banner.inner_text() and "疑似重复" in banner.inner_text()
		panel = page.locator(".es-duplicates")
		text = panel.inner_text()
		assert "同一企业重复" in text and "同一企业；主题相近" in text and POWER[0] in text
		assert panel.locator(f"button:has-text('并单至 {world['open_request']}')").count() == 1
		assert panel.locator("button:has-text('不是重复')").count() >= 1
		assert "Same Enterprise" not in text
		widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
		assert widths[0] <= widths[1] + 1, widths
		shots = Path(os.environ.get("ES_SCREENSHOTS", "/tmp"))
		page.screenshot(path=str(shots / f"duplicate-panel-{width}.png"), full_page=True)
		if width == 1440:
			# 受理 asks first; answering 否 leaves the request as it was.
			page.locator(".page-actions button:has-text('操作'):visible").first.click()
			page.locator(".dropdown-menu:visible a:has-text('受理')").first.click()
			dialog = page.locator(".modal.show:has-text('确定直接受理而不并单吗')")
			dialog.wait_for()
			assert world["open_request"] in dialog.inner_text()
			dialog.locator("button:has-text('否')").click()
			page.wait_for_timeout(1000)
			site.db.rollback()
			assert site.db.get_value("Support Case", transfer, "workflow_state") == "Submitted"
		assert not errors, errors
		browser.close()
