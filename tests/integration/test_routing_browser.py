"""Staff choosing where to dispatch an accepted request see the suggested department and why, on a
desk (1440 px) and on a phone (390 px), and 采用建议部门 fills it in.

Photographs: test-output/screenshots/routing-suggestion-<width>.png. Needs Debian's chromium
(/usr/bin/chromium, or ES_CHROMIUM) and the playwright package.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
from pathlib import Path

import pytest

from enterprise_support.domain import case_workflow as wf

from .conftest import BASE_URL, BENCH, server_messages, valid_uscc, wait_for

CHROMIUM = os.environ.get("ES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TAG = secrets.token_hex(3).upper()
SHOTS = BENCH / "test-output" / "screenshots"
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
TRAINING = (
	"园区光伏屋顶并网验收，需要协调供电公司办理并网手续。",
	"分布式光伏项目备案和并网接入申请办理。",
)

sync_api = pytest.importorskip(
	"playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
)
if not Path(CHROMIUM).exists():
	pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def desk(site, users, bench_services):
	"""Staff with a password; two departments of the test's own, a category, and the counts of
	two photovoltaic cases the first department handled."""
	from frappe.utils.password import update_password

	from enterprise_support.domain import routing
	from enterprise_support.support_cases.routing import apply_changes, case_words

	frappe = site
	staff = users.make("Enterprise Service Staff", first_name="派单专员")
	password = "Es!" + secrets.token_hex(8)
	update_password(staff.user, password)
	departments = [
		frappe.get_doc({"doctype": "Service Department", "department_name": f"光伏服务科{TAG}"})
		.insert()
		.name,
		frappe.get_doc({"doctype": "Service Department", "department_name": f"综合协调科{TAG}"})
		.insert()
		.name,
	]
	category = (
		frappe.get_doc(
			{
				"doctype": "Case Category",
				"category_name": f"派单界面类别{TAG}",
				"time_limit_days": 7,
				"default_department": departments[1],
				"show_on_portal": 0,
			}
		)
		.insert()
		.name
	)
	# One firm per photographed case, so that the duplicate check at intake leaves them alone.
	firms = [
		frappe.get_doc(
			{
				"doctype": "Enterprise",
				"enterprise_name": f"派单界面企业{TAG}-{n}",
				"uscc": valid_uscc(TAG, 733 + n),
			}
		)
		.insert()
		.name
		for n in range(2)
	]
	for text in TRAINING:
		apply_changes(routing.learned_counts(wf.CLOSED, departments[0], category, case_words(text, "")))
	frappe.db.commit()
	yield {
		"staff": staff,
		"password": password,
		"departments": departments,
		"category": category,
		"firms": firms,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": ("in", firms)}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	for firm in firms:
		frappe.delete_doc("Enterprise", firm, force=True, ignore_permissions=True)
	frappe.delete_doc("Case Category", category, force=True, ignore_permissions=True)
	for department in departments:
		frappe.delete_doc("Service Department", department, force=True, ignore_permissions=True)
	frappe.db.commit()


def accepted_case(site, desk, firm):
	"""A photovoltaic request, submitted and accepted, still with its category's default department."""
	staff = desk["staff"]
	response = staff.post(
		"/api/resource/Support Case",
		json={
			"subject": "屋顶光伏并网",
			"description": "新建屋顶分布式光伏，申请并网验收。",
			"enterprise": firm,
			"category": desk["category"],
		},
	)
	assert response.status_code == 200, server_messages(response)
	case = response.json()["data"]["name"]
	response = staff.post(
		APPLY, data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": wf.SUBMIT}
	)
	assert response.status_code == 200, server_messages(response)
	assert wait_for(lambda: site.db.get_value("Support Case", case, "routing_reason"), timeout=60)
	response = staff.post(
		APPLY, data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": wf.ACCEPT}
	)
	assert response.status_code == 200, server_messages(response)
	site.db.rollback()
	assert site.db.get_value("Support Case", case, "department") == desk["departments"][1]
	assert site.db.get_value("Support Case", case, "suggested_department") == desk["departments"][0]
	return case


@pytest.mark.parametrize("width", [1440, 390])
def test_staff_see_the_suggestion_and_take_it(site, desk, width):
	case = accepted_case(site, desk, desk["firms"][0 if width > 1000 else 1])
	suggested = desk["departments"][0]
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
		page.fill("#login_email", desk["staff"].user)
		page.fill("#login_password", desk["password"])
		page.click(".btn-login")
		page.wait_for_url(lambda url: "/login" not in url)
		page.goto(f"{BASE_URL}/app/support-case/{case}")
		page.wait_for_selector(".form-layout")
		page.wait_for_load_state("networkidle")
		box = page.locator(".routing-suggestion:visible")
		box.wait_for()
		text = box.inner_text()
		assert f"建议承办部门：{suggested}" in text
		assert "关键词：" in text and "光伏" in text and "并网" in text
		box.scroll_into_view_if_needed()
		SHOTS.mkdir(parents=True, exist_ok=True)
		page.screenshot(path=str(SHOTS / f"routing-suggestion-{width}.png"), full_page=width < 1000)
		widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
		assert widths[0] <= widths[1] + 1, widths
		box.locator("button:has-text('采用建议部门')").click()
		# Filled in and saved: the button goes, the case is ready for 派单 to that department.
		page.wait_for_function(
			"() => ![...document.querySelectorAll('.routing-suggestion button')].some((b) => b.offsetParent)"
		)
		assert wait_for(
			lambda: site.db.get_value("Support Case", case, "department") == suggested, timeout=30
		)
		assert not errors, errors
		browser.close()
