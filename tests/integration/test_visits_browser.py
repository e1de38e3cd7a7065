"""A service officer on a phone (390 px, headless Chromium) opens a visit and turns its problem
into a support case with the button 将问题转为诉求; the form then shows the case.

Needs Debian's chromium (/usr/bin/chromium, or ES_CHROMIUM) and the playwright package.
"""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

import pytest

from .conftest import BASE_URL, valid_uscc

CHROMIUM = os.environ.get("ES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
TAG = str(secrets.randbelow(900000) + 100000)

sync_api = pytest.importorskip(
	"playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
)
if not Path(CHROMIUM).exists():
	pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def visit(site, users, bench_services):
	"""An officer with a password, an enterprise of theirs and a visit with one open problem."""
	from frappe.utils.password import update_password

	frappe = site
	officer = users.make("Enterprise Service Staff", first_name="走访专员")
	password = "Es!" + secrets.token_hex(8)
	update_password(officer.user, password)
	firm = frappe.get_doc(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"走访按钮测试企业{TAG}",
			"uscc": valid_uscc(TAG, 811),
			"service_officer": officer.user,
		}
	).insert()
	category = frappe.get_all("Case Category", filters={"is_active": 1}, pluck="name", limit=1)[0]
	doc = frappe.get_doc(
		{
			"doctype": "Enterprise Visit",
			"enterprise": firm.name,
			"visit_date": "2026-11-02",
			"kind": "Routine Visit",
			"visitors": [{"user": officer.user}],
			"findings": "企业反映新厂房用电增容需求。",
			"problems": [{"subject": f"新厂房用电增容{TAG}", "category": category}],
		}
	).insert()
	frappe.db.commit()
	yield {"user": officer.user, "password": password, "visit": doc.name}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": firm.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise Visit", doc.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", firm.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_an_officer_on_a_phone_turns_a_problem_into_a_case(site, visit):
	with sync_api.sync_playwright() as p:
		browser = p.chromium.launch(
			executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
		)
		context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
		context.set_default_timeout(90_000)
		page = context.new_page()
		errors = []
		page.on("pageerror", lambda exc: errors.append(str(exc)))
		page.goto(f"{BASE_URL}/login")
		page.fill("#login_email", visit["user"])
		page.fill("#login_password", visit["password"])
		page.click(".btn-login")
		page.wait_for_url(lambda url: "/login" not in url)
		page.goto(f"{BASE_URL}/app/enterprise-visit/{visit['visit']}")
		page.wait_for_selector(".form-layout")
		page.wait_for_load_state("networkidle")
		# On a phone the form's buttons sit in the page's menu (…)
		button = page.locator("button:has-text('将问题转为诉求'):visible")
		if not button.count():
			page.locator(".page-head .menu-btn-group > button:visible").first.click()
			button = page.locator(".dropdown-menu :text('将问题转为诉求'):visible")
		button.first.click()
		page.locator(".modal.show .btn-primary:visible").click()  # 是 in the confirmation
		page.wait_for_selector("text=已生成 1 条诉求")
		site.db.rollback()
		case = site.db.get_value("Enterprise Visit Problem", {"parent": visit["visit"]}, "support_case")
		assert case and site.db.get_value("Support Case", case, "enterprise_visit") == visit["visit"]
		# the form is read again: its problem has a case, so the button is gone
		page.wait_for_function(
			"() => ![...document.querySelectorAll('button, a, .dropdown-item')]"
			".some((e) => e.textContent.includes('将问题转为诉求'))"
		)
		widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
		assert widths[0] <= widths[1] + 1, widths
		assert not errors, errors
		browser.close()
