"""Every role's first hour on the demo site (issue 12), in headless Chromium at a desktop
(1440×900) and a phone (390×844) width.

A new enterprise contact opens 我的诉求, a request, 提交诉求 (submitting it empty) and 我的企业;
the demo staff, handler and leader open their home workspace, the 企业诉求 list and one case.
Each page is photographed (test-output/screenshots/first-hour-<role>-<page>-<width>.png), its
first paint is printed, and it fails on

- horizontal overflow (the page is wider than the screen),
- console errors (except the known Frappe noise in ``CONSOLE_NOISE``),
- raw English workflow states (Draft, In Progress, ...) in the visible text,
- any other visible English word of three letters or more, apart from ``ALLOWED_WORDS``
  (proper nouns and abbreviations), e-mail addresses and case names (SC-2026-00001).

Needs Debian's chromium (/usr/bin/chromium, or ES_CHROMIUM) and the playwright package.
"""

import os
import re
import secrets
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest

from .conftest import BASE_URL, BENCH, valid_uscc

CHROMIUM = os.environ.get("ES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = BENCH / "test-output" / "screenshots"
TAG = str(secrets.randbelow(900000) + 100000)  # digits: no Latin letters in the names
DEMO_PASSWORD = "Demo@2026"
STAFF_USERS = {
	"staff": "wangfang@demo.gov.cn",
	"handler": "zhaolei@demo.gov.cn",
	"leader": "liujianguo@demo.gov.cn",
}
WIDTHS = {1440: 900, 390: 844}

sync_api = pytest.importorskip(
	"playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
)
if not Path(CHROMIUM).exists():
	pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)

WORKFLOW_STATES = (
	"Draft",
	"Submitted",
	"Accepted",
	"Dispatched",
	"In Progress",
	"Awaiting Enterprise",
	"Returned",
	"Reopened",
	"Resolved",
	"Closed",
	"Rejected",
	"Merged",
)
# English a Chinese user may see: abbreviations and proper nouns.
ALLOWED_WORDS = {"CNY", "PDF", "URL", "USCC", "SLA", "Frappe", "ERPNext", "kVA", "Ctrl", "Asia", "Shanghai"}
# File types named in the attachment hint (提交诉求): format names, read as such.
ALLOWED_WORDS |= {"doc", "docx", "jpeg", "jpg", "png", "txt", "xls", "xlsx", "zip", "pdf", "ofd", "wps"}
# Console messages that are Frappe's, not ours (checked by substring):
CONSOLE_NOISE = (
	# socket.io is not served on the dev web port (no nginx in front): the desk's realtime
	# client polls /socket.io/ and gets 404 until it gives up.
	"/socket.io/",
	"WebSocket connection",
	# Chromium reports a missing favicon or an aborted prefetch as a failed resource.
	"favicon",
	"net::ERR_ABORTED",
	# The shared dev server (bench serve) restarts whenever an engineer saves a Python file; a
	# request caught by the restart gets no answer at all. Not a fault of the page.
	"net::ERR_EMPTY_RESPONSE",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
CASE_NAME = re.compile(r"\b[A-Z]{2,5}-\d{4}-\d{3,6}\b")
FILE_NAME = re.compile(r"\b[\w-]+\.(pdf|png|jpe?g|docx?|xlsx?|txt|zip)\b", re.I)
WORD = re.compile(r"[A-Za-z]{3,}")

# Pages whose English check cannot be made clean yet (issue 12, left open). The test still
# fails there on overflow and console errors; the xfail reason lists the words it saw.
# - case-form: the form timeline shows Frappe's version diffs with raw field names and values
#   ("changed value of workflow_state from Draft to Submitted", "added rows for state_log",
#   "Notification ... sent"). Words seen on the demo site: Draft, Left, Notification, Submitted,
#   added, changed, enterprise, for, from, http, localhost, null, requests, row, rows, sent,
#   the, value, values.
# - leader home (产业链 workspace): the Group By charts cases_by_state / cases_by_month show raw
#   workflow states and English month names: Submitted, Resolved, Closed, Rejected, Awaiting
#   (Enterprise), Jul, Mar, Nov, and legend fragments Enterp, Rest.
KNOWN_ENGLISH = {(role, "case-form"): "Frappe version timeline" for role in ("staff", "handler", "leader")}
KNOWN_ENGLISH[("leader", "home")] = "Group By dashboard charts show raw values"


def english_words(text: str) -> list[str]:
	text = EMAIL.sub(" ", text)
	text = CASE_NAME.sub(" ", text)
	text = FILE_NAME.sub(" ", text)
	allowed = {w.lower() for w in ALLOWED_WORDS}
	return sorted({w for w in WORD.findall(text) if w.lower() not in allowed})


def raw_states(text: str) -> list[str]:
	return [s for s in WORKFLOW_STATES if re.search(rf"(?<![A-Za-z]){s}(?![A-Za-z])", text)]


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
def first_contact(site, portal_contacts):
	"""A new enterprise with a contact who has filed one request, and another enterprise's case."""
	frappe = site
	firm = frappe.get_doc(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"眉山首日体验科技有限公司{TAG}",
			"uscc": valid_uscc(TAG, 701),
		}
	).insert()
	frappe.db.commit()
	person = portal_contacts.make(firm.name, "陈静", 1)
	category = frappe.get_all(
		"Case Category", filters={"is_active": 1, "show_on_portal": 1}, pluck="name", limit=1
	)[0]
	response = person.post(
		"/api/method/enterprise_support.api.portal.submit_request",
		data={
			"category": category,
			"subject": "新建厂房施工许可办理进度咨询及园区道路临时占用审批协调",
			"description": "我公司二期厂房已完成规划许可，申请协调施工许可办理进度。",
		},
	)
	assert response.status_code == 200, response.text
	case = response.json()["message"]["name"]
	others = frappe.get_all(
		"Support Case", filters={"enterprise": ["!=", firm.name]}, pluck="name", limit=1
	) or [f"SC-2026-{secrets.randbelow(90000) + 10000}"]
	yield {"email": person.user, "password": person.password, "case": case, "other_case": others[0]}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": firm.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise Contact", person.contact, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", firm.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def log_in(browser, email: str, password: str, width: int):
	context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": WIDTHS[width]})
	# The shared dev server reloads when any engineer saves a Python file: be patient.
	context.set_default_timeout(90_000)
	page = context.new_page()
	page.goto(f"{BASE_URL}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url(lambda url: "/login" not in url, timeout=90_000)
	return context, page


class Visit:
	"""Opens pages in one logged-in tab and records what a user would have seen go wrong."""

	def __init__(self, page, role: str, width: int):
		self.page, self.role, self.width = page, role, width
		self.errors: list[str] = []
		self.problems: list[str] = []
		self.english: dict[str, list[str]] = {}
		page.on("console", self._console)
		self.cut_off: list[str] = []
		page.on("pageerror", self._page_error)

	def _page_error(self, exc):
		# frappe-charts (vendored by Frappe) removes a chart's old tooltip/legend node twice when
		# the 产业链 workspace's charts re-render at phone width (leader home @390): Frappe's
		# noise, reported as open in issue 12, not hidden anywhere else.
		if self.role == "leader" and "Failed to execute 'removeChild' on 'Node'" in str(exc):
			self.cut_off.append(str(exc))
			return
		# A desk call cut off by a server restart rejects with no reason ("undefined").
		if str(exc) == "undefined" and any("ERR_EMPTY_RESPONSE" in e for e in self.cut_off):
			return
		self.errors.append(f"page error: {exc}")

	def _console(self, message):
		if message.type != "error":
			return
		text = f"{message.text} ({message.location.get('url', '')})"
		if any(noise in text for noise in CONSOLE_NOISE):
			self.cut_off.append(text)
			return
		self.errors.append(text)

	def open(self, name: str, path: str, ready: str | None = None, goto: bool = True, status: int = 200):
		page = self.page
		before = len(self.errors)
		response = page.goto(f"{BASE_URL}{path}", wait_until="load") if goto else None
		if ready:
			page.wait_for_selector(ready, timeout=90_000)
		page.wait_for_load_state("networkidle", timeout=90_000)
		page.wait_for_timeout(300)
		if status != 200:
			# Chromium logs the page's own intended status (a refusal) as a failed resource.
			mine = f"status of {status}"
			self.errors[before:] = [e for e in self.errors[before:] if mine not in e]
		self.check(name)
		return response

	def check(self, name: str):
		page, label = self.page, f"{self.role}/{name}@{self.width}"
		paint = page.evaluate(
			"""() => {
				const fcp = performance.getEntriesByName("first-contentful-paint")[0];
				if (fcp) return Math.round(fcp.startTime);
				const nav = performance.getEntriesByType("navigation")[0];
				return nav ? Math.round(nav.domContentLoadedEventEnd) : null;
			}"""
		)
		print(f"first paint {label}: {paint} ms")
		page.screenshot(
			path=str(SHOTS / f"first-hour-{self.role}-{name}-{self.width}.png"), full_page=self.width < 1000
		)
		widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
		if widths[0] > widths[1] + 1:
			self.problems.append(f"{label}: page is {widths[0]} px wide on a {widths[1]} px screen")
		# Frappe's fieldname tooltips (.tooltip-content) are opacity 0, shown to developers only
		# on hover; innerText would count them, so they are taken out of the layout first.
		# The awesomplete library's screen-reader status ("Begin typing for results.") is
		# hard-coded English in Frappe's vendored copy, outside any translation: also left out.
		page.add_style_tag(
			content=".tooltip-content, .awesomplete [role=status] { display: none !important; }"
		)
		text = page.evaluate("() => document.body.innerText")
		states = raw_states(text)
		if states and (self.role, name) not in KNOWN_ENGLISH:
			self.problems.append(f"{label}: raw workflow states visible: {states}")
		words = english_words(text)
		if states and (self.role, name) in KNOWN_ENGLISH:
			words = sorted(set(words) | set(states))
		if words:
			self.english[name] = words

	def finish(self):
		problems = list(self.problems)
		if self.errors:
			problems.append(f"{self.role}@{self.width}: console errors: {self.errors}")
		for name, words in self.english.items():
			if (self.role, name) not in KNOWN_ENGLISH:
				problems.append(f"{self.role}/{name}@{self.width}: English words visible: {words}")
		assert not problems, "\n".join(problems)
		known = {name: words for name, words in self.english.items() if (self.role, name) in KNOWN_ENGLISH}
		if known:
			pytest.xfail(f"English still visible (known): {known}")


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
def test_contact_first_hour(browser, first_contact, width):
	account = first_contact
	context, page = log_in(browser, account["email"], account["password"], width)
	try:
		visit = Visit(page, "contact", width)
		page.wait_for_url("**/my-requests", timeout=90_000)
		visit.open("my-requests", "/my-requests", ready=f"tr[data-name='{account['case']}']")
		row = page.locator(f"tr[data-name='{account['case']}']")
		subject = row.locator("a").first.bounding_box()
		# The subject reads as a line of text, not one character per line.
		assert subject["width"] > 150, subject
		assert "已提交" in row.inner_text()

		visit.open("request", f"/my-requests/{account['case']}", ready=".es-request-subject")
		assert "诉求内容" in page.inner_text(".card-body")

		visit.open("new-request", "/new-request", ready="#es-request-form")
		page.click("#es-submit")
		page.wait_for_selector("#es-error:not(.d-none)")
		invalid = page.locator(".is-invalid")
		assert invalid.count() == 3, "every missing field is marked at once"
		feedback = page.locator(".is-invalid ~ .invalid-feedback").all_inner_texts()
		assert feedback == ["请选择诉求类别", "请填写诉求标题", "请填写诉求内容"], feedback
		visit.check("new-request-empty")

		visit.open("our-enterprise", "/our-enterprise")

		response = visit.open(
			"other-request", f"/my-requests/{account['other_case']}", ready=".es-refused", status=404
		)
		assert response.status in (403, 404), response.status
		assert "该诉求不存在或您无权查看" in page.inner_text(".es-refused")
		assert page.locator("a[href='/my-requests']").count() >= 1
		# No 登录 button for a logged-in user (Frappe's navbar keeps a hidden one for visitors).
		assert page.locator("a[href^='/login']:visible, .btn-login:visible").count() == 0
		# One navigation: our tabs, not Frappe's portal sidebar as well.
		assert page.locator(".web-sidebar .sidebar-item").count() == 0
		assert page.locator(".es-portal-nav").count() == 1
		visit.finish()
	finally:
		context.close()


@pytest.fixture(scope="module")
def demo_owner(site):
	"""Who filed the demo cases (all with Chinese subjects). Other tests leave cases with English
	or markup subjects on the shared site, so the list is filtered to the demo's cases."""
	frappe = site
	rows = frappe.db.sql(
		"""select owner from `tabSupport Case` where owner like '%%@demo.gov.cn'
		group by owner having sum(subject regexp '[A-Za-z<]') = 0 order by count(*) desc limit 1"""
	)
	if not rows:
		pytest.skip("no demo support cases on this site: bench --site enterprise.localhost setup-demo")
	return rows[0][0]


@pytest.mark.parametrize("width", sorted(WIDTHS, reverse=True))
@pytest.mark.parametrize("role", sorted(STAFF_USERS))
def test_staff_first_hour(browser, demo_owner, role, width):
	context, page = log_in(browser, STAFF_USERS[role], DEMO_PASSWORD, width)
	try:
		visit = Visit(page, role, width)
		visit.open("home", "/app", ready=".page-container[data-page-route] .page-head")
		visit.open(
			"case-list",
			f"/app/support-case?owner={quote(demo_owner)}",
			ready=".frappe-list .result, .frappe-list .no-result",
		)
		rows = page.locator(".list-row-container .list-row .level-left a.ellipsis")
		if rows.count():
			# The indicator is the workflow state, in Chinese.
			pill = page.locator(".list-row-container .indicator-pill").first.inner_text()
			assert pill not in ("正常", "已超期", "即将超期"), pill
			rows.first.click()
			page.wait_for_selector(".form-layout", timeout=90_000)
			visit.open("case-form", "", ready=".form-layout", goto=False)
			header = page.locator(".page-head .indicator-pill").first.inner_text()
			assert header not in ("正常", "已超期", "即将超期"), header
			assert page.locator(".form-dashboard .form-headline .alert, .form-headline .alert").count() <= 1
		visit.finish()
	finally:
		context.close()
