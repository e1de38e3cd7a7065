"""End to end in headless Chromium: a contact logs in, submits a request on the portal, sees it
in "my requests", and rates it once staff have resolved it. Screenshots of the Chinese pages
are kept in test-output/screenshots/.

Needs Debian's chromium (/usr/bin/chromium, or ES_CHROMIUM) and the playwright package; the
test is skipped with the reason when either is missing.
"""

import json
import os
import secrets
import shutil
from pathlib import Path

import pytest

from .conftest import BASE_URL, BENCH, server_messages, valid_uscc

CHROMIUM = os.environ.get("ES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = BENCH / "test-output" / "screenshots"
TAG = secrets.token_hex(3).upper()

sync_api = pytest.importorskip(
	"playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
)
if not Path(CHROMIUM).exists():
	pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)


@pytest.fixture(scope="module")
def browser():
	SHOTS.mkdir(parents=True, exist_ok=True)
	with sync_api.sync_playwright() as p:
		chromium = p.chromium.launch(
			executable_path=CHROMIUM,
			headless=True,
			args=[
				"--no-sandbox",
				"--disable-gpu",
				"--disable-quic",
				"--no-first-run",
				"--disable-background-networking",
				"--disable-component-update",
				"--disable-sync",
			],
		)
		yield chromium
		chromium.close()


@pytest.fixture(scope="module")
def contact_account(site, users, portal_contacts):
	frappe = site
	staff = users.make("Enterprise Service Staff")
	handler = users.make("Department Handler")
	dept = frappe.get_doc(
		{
			"doctype": "Service Department",
			"department_name": f"浏览器测试部门{TAG}",
			"members": [{"user": handler.user}],
		}
	).insert()
	firm = frappe.get_doc(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"眉山浏览器测试科技有限公司{TAG}",
			"uscc": valid_uscc(TAG, 601),
		}
	).insert()
	frappe.db.commit()
	person = portal_contacts.make(firm.name, "李娜", 1)
	yield {
		"email": person.user,
		"password": person.password,
		"staff": staff,
		"handler": handler,
		"department": dept.name,
		"enterprise": firm.name,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": firm.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		for file in frappe.get_all("File", filters={"attached_to_name": name}, pluck="name"):
			frappe.delete_doc("File", file, force=True, ignore_permissions=True)
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise Contact", person.contact, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", firm.name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Department", dept.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_contact_submits_follows_and_rates_a_request(browser, contact_account, tmp_path):
	account = contact_account
	context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	page.goto(f"{BASE_URL}/login")
	page.fill("#login_email", account["email"])
	page.fill("#login_password", account["password"])
	page.click(".btn-login")
	page.wait_for_url("**/my-requests", timeout=30_000)
	assert "我的诉求" in page.content()

	page.goto(f"{BASE_URL}/new-request")
	page.select_option("#es-category", "水电气保障")
	page.fill("#es-subject", "园区二期厂房临时用电申请")
	page.fill("#es-description", "新建生产线需要临时用电 800kVA，请协调供电公司尽快接入。")
	attachment = tmp_path / "用电负荷说明.txt"
	attachment.write_text("生产线用电负荷说明：800kVA", encoding="utf-8")
	page.set_input_files("#es-files", str(attachment))
	page.screenshot(path=str(SHOTS / "01-new-request.png"), full_page=True)
	page.click("#es-submit")
	page.wait_for_url("**/my-requests/SC-*", timeout=30_000)
	case = page.url.rsplit("/", 1)[-1]
	assert "园区二期厂房临时用电申请" in page.content()
	assert "已提交" in page.inner_text(".es-state")
	page.screenshot(path=str(SHOTS / "02-request-detail.png"), full_page=True)

	page.goto(f"{BASE_URL}/my-requests")
	row = page.locator(f"tr[data-name='{case}']")
	assert row.count() == 1
	assert "园区二期厂房临时用电申请" in row.inner_text()
	page.screenshot(path=str(SHOTS / "03-my-requests.png"), full_page=True)

	# Staff accept and dispatch; the department handles and resolves.
	staff, handler = account["staff"], account["handler"]

	def act(client, action):
		response = client.post(
			"/api/method/frappe.model.workflow.apply_workflow",
			data={"doc": json.dumps({"doctype": "Support Case", "name": case}), "action": action},
		)
		assert response.status_code == 200, (action, server_messages(response))

	act(staff, "Accept")
	assert (
		staff.put(
			f"/api/resource/Support Case/{case}", json={"department": account["department"]}
		).status_code
		== 200
	)
	act(staff, "Dispatch")
	act(handler, "Start")
	reply = handler.post(
		"/api/method/enterprise_support.api.cases.reply",
		data={"case": case, "message": "已与供电公司对接，将于三个工作日内完成临时接电。"},
	)
	assert reply.status_code == 200
	assert (
		handler.put(
			f"/api/resource/Support Case/{case}", json={"resolution_summary": "供电公司已完成临时接电。"}
		).status_code
		== 200
	)
	act(handler, "Resolve")

	page.goto(f"{BASE_URL}/my-requests/{case}")
	assert "已办结" in page.inner_text(".es-state")
	assert "供电公司已完成临时接电。" in page.inner_text(".es-resolution")
	assert "已与供电公司对接" in page.inner_text(".es-timeline")
	page.screenshot(path=str(SHOTS / "04-resolved.png"), full_page=True)
	page.check("#es-rate-form input[name=rating][value='5']")
	page.fill("#es-rate-form textarea[name=comment]", "响应迅速，非常满意！")
	page.click("#es-rate-form button[type=submit]")
	page.wait_for_selector(".es-rating", timeout=30_000)
	assert page.inner_text(".es-rating") == "5"
	assert "已结案" in page.inner_text(".es-state")
	page.screenshot(path=str(SHOTS / "05-rated.png"), full_page=True)

	page.goto(f"{BASE_URL}/our-enterprise")
	assert f"眉山浏览器测试科技有限公司{TAG}" in page.content()
	page.screenshot(path=str(SHOTS / "06-our-enterprise.png"), full_page=True)
	context.close()
