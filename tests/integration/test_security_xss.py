"""Every value a user typed is escaped where it is shown (issue 10).

Script payloads (unclosed tags, attribute break-outs, <base href>, <img onerror>, <script>,
"><svg onload>, javascript: URLs) are put into every user-typed field that a page shows: the
plain-text rule must refuse them where it applies (with a Chinese message); where a value gets
in anyway (data from before the rule, names, file names, enterprise data entered by staff) it is
written into the database directly, and every portal page and every Script Report is then opened
in headless Chromium and checked for executed script: a flag the payloads set, dialogs, requests
to a foreign host, <base> elements, event-handler attributes. Screenshots go to
test-output/screenshots/.

Needs Debian's chromium (/usr/bin/chromium, or ES_CHROMIUM) and playwright, like
test_portal_browser.py; skipped with the reason when either is missing.
"""

from __future__ import annotations

import os
import secrets
import shutil
import urllib.parse
from pathlib import Path

import pytest

from .conftest import BASE_URL, BENCH, server_messages, valid_uscc

CHROMIUM = os.environ.get("ES_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = BENCH / "test-output" / "screenshots"
TAG = secrets.token_hex(3).upper()
EVIL = "evil.example"

# Each payload, if it ran, would set window.__xss, open a dialog or load from EVIL.
PAYLOADS = {
	"unclosed_base": f"<base href=//{EVIL}/ ",
	"base": f"<base href='//{EVIL}/'>",
	"img": "<img src=x onerror=window.__xss=1;alert(1)>",
	"unclosed_img": "<img src=x onerror=window.__xss=1;alert(1) ",
	"script": "<script>window.__xss=1;alert(1)</script>",
	"svg_breakout": "\"'><svg onload=window.__xss=1;alert(1)>",
	"attr_breakout": 'q" onfocus="window.__xss=1" autofocus x="',
	"js_url": "javascript:window.__xss=1;alert(1)//",
	"close_textarea": "</textarea></title><script>window.__xss=1</script>",
}
# A multi-line text with payloads: shown as text, its lines kept.
MULTILINE = "第一行：情况说明\n" + PAYLOADS["unclosed_base"] + "\n第三行" + PAYLOADS["img"]
FILE_NAME = 'q" onfocus="window.__xss=1" autofocus x=".txt'

sync_api = pytest.importorskip(
	"playwright.sync_api", reason="playwright is not installed (pip install -e .[test])"
)
if not Path(CHROMIUM).exists():
	pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium", allow_module_level=True)

# In the page: the verdict on what the payloads did, and a check of a formatter on every payload.
VERDICT_JS = """(scope) => {
	const root = document.querySelector(scope) || document.body;
	const bad = [];
	for (const el of root.querySelectorAll("*")) {
		const tag = el.tagName.toLowerCase();
		// Elements only a payload would make (the page's own scripts do not mention __xss).
		if (["base", "iframe", "object", "embed"].includes(tag)) bad.push(tag);
		if (tag === "script" && /__xss/.test(el.textContent)) bad.push("script:" + el.textContent.slice(0, 60));
		if (tag === "img" && el.getAttribute("src") === "x") bad.push("img src=x");
		for (const attr of el.attributes) {
			if (/__xss|alert\\(/.test(attr.value) && (attr.name.startsWith("on") || attr.name === "autofocus")) {
				bad.push(tag + "@" + attr.name);
			}
			if (["href", "src", "action", "formaction"].includes(attr.name) && /^\\s*javascript:/i.test(attr.value)) {
				bad.push(tag + "@" + attr.name + "=" + attr.value.slice(0, 40));
			}
		}
	}
	const bases = [...document.querySelectorAll("base")].map((b) => b.getAttribute("href"));
	return { xss: !!window.__xss, bad, bases };
}"""

FORMATTER_JS = """async ([name, payloads]) => {
	const report = frappe.query_reports[name];
	const columns = (frappe.query_report.columns && frappe.query_report.columns.length)
		? frappe.query_report.columns
		: [{ fieldname: "x", fieldtype: "Data" }];
	const sample = Object.assign({}, (frappe.query_report.data || [])[0] || {});
	const box = document.createElement("div");
	box.id = "es-formatter-check";
	document.body.appendChild(box);
	const cells = [];
	for (const column of columns) {
		for (const payload of payloads) {
			const data = Object.assign({}, sample, { [column.fieldname]: payload });
			// A User link shows the user's full name (its title field): that is typed too.
			if (column.title_field) data[column.title_field] = payload;
			const html = report.formatter
				? report.formatter(payload, 0, column, data, (v, r, c, d) => frappe.format(v, c, {}, d))
				: frappe.format(payload, column, {}, data);
			const cell = document.createElement("div");
			cell.innerHTML = html == null ? "" : String(html);
			box.appendChild(cell);
			cells.push([column.fieldname, column.fieldtype, payload, cell.textContent]);
		}
	}
	await new Promise((resolve) => setTimeout(resolve, 800));
	return { has_formatter: !!report.formatter, cells };
}"""


class Watch:
	"""What a page did: dialogs opened, requests to hosts other than the site's."""

	def __init__(self, page):
		self.dialogs: list[str] = []
		self.foreign: list[str] = []
		own = urllib.parse.urlsplit(BASE_URL).hostname
		page.add_init_script("window.__xss = 0;")

		def on_dialog(dialog):
			self.dialogs.append(dialog.message)
			dialog.dismiss()

		def on_request(request):
			host = urllib.parse.urlsplit(request.url).hostname
			if request.url.startswith(("http:", "https:")) and host not in (own, "localhost", "127.0.0.1"):
				self.foreign.append(request.url)

		page.on("dialog", on_dialog)
		page.on("request", on_request)

	def assert_clean(self, page, scope="body", what=""):
		page.wait_for_timeout(700)
		verdict = page.evaluate(VERDICT_JS, scope)
		assert not verdict["xss"], f"{what}: a payload ran (window.__xss set)"
		assert not self.dialogs, f"{what}: dialogs opened: {self.dialogs}"
		assert not self.foreign, f"{what}: requests to another host: {self.foreign}"
		assert not any(EVIL in (b or "") for b in verdict["bases"]), (
			f"{what}: <base> injected: {verdict['bases']}"
		)
		assert not verdict["bad"], f"{what}: markup from user values in the page: {verdict['bad']}"


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


def _password(frappe, email: str) -> str:
	from frappe.utils.password import update_password

	password = "Es!" + secrets.token_hex(8)
	update_password(email, password)
	frappe.db.commit()
	return password


@pytest.fixture(scope="module")
def world(site, users, portal_contacts):
	"""An enterprise, a contact and a case whose every shown value is a payload."""
	from frappe.utils import add_days, add_to_date, add_years, getdate, now_datetime, nowdate

	frappe = site
	staff = users.make("Enterprise Service Staff")
	leader = users.make("Enterprise Leader")
	handler = users.make("Department Handler")
	created: list[tuple[str, str]] = []

	def insert(doc):
		doc = frappe.get_doc(doc).insert(ignore_permissions=True)
		created.append((doc.doctype, doc.name))
		return doc

	dept = insert(
		{
			"doctype": "Service Department",
			"department_name": f"安全测试部门{TAG}",
			"members": [{"user": handler.user}],
		}
	)
	chain = insert({"doctype": "Industry Chain", "node_name": f"安全测试链{TAG}", "node_type": "Chain"})
	link = insert(
		{
			"doctype": "Industry Chain",
			"node_name": f"安全测试环节{TAG}",
			"node_type": "Chain Link",
			"segment": "Upstream",
			"parent_industry_chain": chain.name,
		}
	)
	firm = insert(
		{
			"doctype": "Enterprise",
			"enterprise_name": f"眉山安全测试有限公司{TAG}",
			"uscc": valid_uscc(TAG, 801),
			"industry_chain": chain.name,
			"chain_link": link.name,
			"service_officer": staff.user,
		}
	)
	designation = insert(
		{
			"doctype": "Specialist Designation",
			"enterprise": firm.name,
			"designation_type": "创新型中小企业",
			"certificate_number": f"安全测试{TAG}",
			"valid_from": add_days(add_years(getdate(nowdate()), -3), 31),  # expiring in 30 days
		}
	)
	frappe.db.commit()
	person = portal_contacts.make(firm.name, "李娜", 1)

	# A request filed on the portal, with an attachment whose name breaks out of an attribute.
	submitted = person.post(
		"/api/method/enterprise_support.api.portal.submit_request",
		data={"category": "咨询", "subject": f"安全测试诉求{TAG}", "description": "说明"},
		files={"file": (FILE_NAME, b"hello", "text/plain")},
	)
	assert submitted.status_code == 200, server_messages(submitted)
	case = submitted.json()["message"]["name"]
	# The request carries its enterprise's place in the chain (counted in the chain figures).
	assert frappe.db.get_value("Support Case", case, ["industry_chain", "chain_link"]) == (
		chain.name,
		link.name,
	)

	# Values that got in before the plain-text rule (or through staff's hands) are written
	# directly: the pages must show them as text all the same.
	frappe.db.set_value("Enterprise", firm.name, "enterprise_name", PAYLOADS["svg_breakout"] + TAG)
	frappe.db.set_value("Industry Chain", link.name, "description", PAYLOADS["unclosed_img"])
	frappe.db.set_value(
		"Specialist Designation", designation.name, "certificate_number", PAYLOADS["attr_breakout"]
	)
	frappe.db.set_value(
		"Support Case",
		case,
		{
			"subject": PAYLOADS["unclosed_base"] + TAG,
			"description": MULTILINE,
			"enterprise_name": PAYLOADS["svg_breakout"] + TAG,
			"contact_name": PAYLOADS["img"],
			"department": dept.name,
			"handler": handler.user,
			"workflow_state": "Resolved",
			"resolution_summary": PAYLOADS["script"] + "\n" + PAYLOADS["close_textarea"],
			"resolved_on": now_datetime(),
			"resolution_due": add_to_date(now_datetime(), days=-2),
			"sla_status": "Overdue",
		},
		update_modified=False,
	)
	doc = frappe.get_doc("Support Case", case)
	doc.append(
		"replies",
		{
			"posted_on": now_datetime(),
			"side": "District",
			"author": handler.user,
			"author_name": PAYLOADS["unclosed_img"],
			"message": PAYLOADS["base"] + "\n" + PAYLOADS["js_url"],
		},
	)
	doc.replies[-1].db_insert()
	# A file record whose URL is a script URL: shown as a name, never a link.
	bad_file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "bad.txt",
			"attached_to_doctype": "Support Case",
			"attached_to_name": case,
			# content of its own: Frappe shares a file between records of equal content
			"content": f"x {TAG} {secrets.token_hex(8)}".encode(),
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	frappe.db.set_value("File", bad_file.name, {"file_url": PAYLOADS["js_url"], "file_name": PAYLOADS["img"]})
	# The handler's name as it was before names were cleaned (written past the hook).
	frappe.db.set_value("User", handler.user, "full_name", PAYLOADS["unclosed_img"])
	frappe.db.commit()

	world = {
		"staff": staff,
		"leader": leader,
		"handler": handler,
		"contact": person,
		"firm": firm.name,
		"chain": chain.name,
		"link": link.name,
		"department": dept.name,
		"case": case,
		"passwords": {
			"staff": _password(frappe, staff.user),
			"leader": _password(frappe, leader.user),
			"handler": _password(frappe, handler.user),
		},
	}
	yield world

	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": firm.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		for file in frappe.get_all("File", filters={"attached_to_name": name}, pluck="name"):
			try:
				frappe.delete_doc("File", file, force=True, ignore_permissions=True)
			except Exception:
				frappe.db.delete("File", file)  # the record with a script URL has no file on disk
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise Contact", person.contact, force=True, ignore_permissions=True)
	for doctype, name in reversed(created):
		if frappe.db.exists(doctype, name):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	frappe.db.commit()


# --- what the rules let in ------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(PAYLOADS))
@pytest.mark.parametrize("field", ["subject", "description"])
def test_portal_refuses_markup_in_a_request(world, key, field):
	data = {"category": "咨询", "subject": "标题", "description": "说明", field: PAYLOADS[key]}
	if key == "attr_breakout":
		pytest.skip("no tag or script URL: harmless as text once escaped, and accepted")
	response = world["contact"].post("/api/method/enterprise_support.api.portal.submit_request", data=data)
	assert 400 <= response.status_code < 500, (key, response.status_code)
	message = server_messages(response)
	assert "脚本或网页代码" in message, message


def test_replies_with_markup_are_refused(world):
	response = world["staff"].post(
		"/api/method/enterprise_support.api.cases.reply",
		data={"case": world["case"], "message": PAYLOADS["unclosed_base"]},
	)
	assert 400 <= response.status_code < 500, response.status_code
	assert "脚本或网页代码" in server_messages(response), server_messages(response)


def test_plain_text_with_angle_brackets_is_still_accepted(world, site):
	from enterprise_support.domain.plain_text import contains_markup

	assert not contains_markup("补贴<10万元，产值 a < b")


def test_user_names_are_cleaned_on_save(site, users):
	frappe = site
	client = users.make("Enterprise Contact", desk=False, first_name="王")
	user = frappe.get_doc("User", client.user)
	user.first_name = PAYLOADS["unclosed_img"]
	user.last_name = "<b>芳</b>"
	user.save(ignore_permissions=True)
	frappe.db.commit()
	user.reload()
	for value in (user.first_name, user.last_name, user.full_name):
		assert "<" not in value and ">" not in value, value
	assert user.last_name == "芳"
	user.first_name, user.last_name = "欧阳", "娜娜"
	user.save(ignore_permissions=True)
	assert user.full_name == "欧阳 娜娜"


def test_contact_names_are_cleaned_on_save(world, site):
	frappe = site
	contact = frappe.get_doc("Enterprise Contact", world["contact"].contact)
	contact.full_name = PAYLOADS["svg_breakout"] + "李娜"
	contact.save(ignore_permissions=True)
	assert "<" not in contact.full_name and ">" not in contact.full_name
	assert contact.full_name.endswith("李娜")
	frappe.db.rollback()


# --- the portal -----------------------------------------------------------------------------


def _login(context, email, password):
	response = context.request.post(f"{BASE_URL}/api/method/login", form={"usr": email, "pwd": password})
	assert response.ok, response.text()


@pytest.mark.parametrize(
	"path, shot",
	[
		("/my-requests", "xss-01-my-requests"),
		("/my-requests/{case}", "xss-02-request"),
		("/new-request", "xss-03-new-request"),
		("/our-enterprise", "xss-04-our-enterprise"),
	],
)
def test_portal_pages_show_payloads_as_text(browser, world, path, shot):
	context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
	page = context.new_page()
	watch = Watch(page)
	_login(context, world["contact"].user, world["contact"].password)
	response = page.goto(BASE_URL + path.format(case=world["case"]))
	assert response.status == 200, path
	page.wait_for_load_state("networkidle")
	page.keyboard.press("Tab")  # an autofocus/onfocus break-out would fire on focus
	page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
	watch.assert_clean(page, ".page_content", path)
	text = page.inner_text(".page_content")
	title = page.title()
	assert EVIL not in title or "<base" in title  # the subject is shown as text in the title
	if path == "/my-requests":
		assert f"<base href=//{EVIL}/ {TAG}" in text
		assert PAYLOADS["img"] in text  # contact name (a manager sees who filed it)
	if path.startswith("/my-requests/"):
		assert f"<base href=//{EVIL}/ {TAG}" in page.inner_text(".es-request-subject")
		assert f"<base href=//{EVIL}/ {TAG}" in title
		assert "第一行：情况说明" in text and "第三行" in text
		assert "<script>window.__xss=1;alert(1)</script>" in page.inner_text(".es-resolution")
		timeline = page.inner_text(".es-timeline")
		assert PAYLOADS["unclosed_img"].strip() in timeline and PAYLOADS["js_url"] in timeline
		links = page.eval_on_selector_all(".es-files a", "(els) => els.map((a) => a.getAttribute('href'))")
		assert links and all(h.startswith(("/files/", "/private/files/")) for h in links), links
		files = page.inner_text(".es-files")
		assert 'onfocus="window.__xss=1"' in files  # the uploaded file's name, as text
		assert PAYLOADS["img"] in files  # the record with a script URL: its name, no link
	if path == "/our-enterprise":
		assert PAYLOADS["svg_breakout"] + TAG in text
		assert PAYLOADS["attr_breakout"] in text
	context.close()


# --- the reports ----------------------------------------------------------------------------

REPORTS = [
	# (report, who runs it, filters, text that must be shown)
	("Industry Chain Details", "leader", {"figure": "open_cases", "node": "{chain}"}, None),
	("Industry Chain Details", "leader", {"figure": "resolved", "node": "{chain}"}, "subject"),
	("Industry Chain Details", "leader", {"figure": "designations", "node": "{chain}"}, "enterprise"),
	("Industry Chain Report", "leader", {"chain": "{chain}"}, None),
	("Chain Gaps", "leader", {"chain": "{chain}"}, "link_description"),
	("Designation Expiry", "staff", {"service_officer": "{staff}"}, "certificate"),
	("Cases Breaching Soon", "staff", {"department": "{department}"}, None),
	("My Work", "handler", {}, None),
	("Service Performance", "leader", {"group_by": "Handler", "department": "{department}"}, "handler"),
	("Deadline Compliance", "leader", {"department": "{department}"}, None),
	("Designation Readiness", "leader", {"enterprise": "{firm}"}, "enterprise"),
]
SHOWN = {
	"subject": f"<base href=//{EVIL}/ {TAG}",
	"enterprise": PAYLOADS["svg_breakout"] + TAG,
	"link_description": PAYLOADS["unclosed_img"].strip(),
	"certificate": PAYLOADS["attr_breakout"],
	"handler": PAYLOADS["unclosed_img"].strip(),
}


@pytest.mark.parametrize(
	"report, who, filters, shown", REPORTS, ids=[f"{r[0]}-{i}" for i, r in enumerate(REPORTS)]
)
def test_reports_show_payloads_as_text(browser, world, report, who, filters, shown):
	context = browser.new_context(locale="zh-CN", viewport={"width": 1600, "height": 1000})
	page = context.new_page()
	watch = Watch(page)
	email = world[who].user
	_login(context, email, world["passwords"][who])
	values = {
		key: value.format(
			chain=world["chain"],
			staff=world["staff"].user,
			department=world["department"],
			firm=world["firm"],
		)
		for key, value in filters.items()
	}
	url = f"{BASE_URL}/app/query-report/{urllib.parse.quote(report)}"
	if values:
		url += "?" + urllib.parse.urlencode(values)
	page.goto(url)
	page.wait_for_function(
		"""(name) => window.frappe && frappe.query_report && frappe.query_report.report_name === name
			&& frappe.query_report.data !== undefined && !frappe.query_report.loading""",
		arg=report,
		timeout=60_000,
	)
	page.wait_for_timeout(1500)
	slug = report.lower().replace(" ", "-")
	page.screenshot(path=str(SHOTS / f"xss-report-{slug}-{who}.png"), full_page=True)
	watch.assert_clean(page, ".page-container:not([style*='display: none'])", report)
	if shown:
		assert SHOWN[shown] in page.inner_text(".report-wrapper"), (report, shown)

	# Every column of the report, formatted with every payload, is text in the page.
	result = page.evaluate(FORMATTER_JS, [report, list(PAYLOADS.values())])
	assert result["has_formatter"], f"{report} has no escaping formatter"
	watch.assert_clean(page, "#es-formatter-check", f"{report} formatter")
	for fieldname, fieldtype, payload, text in result["cells"]:
		if fieldtype in ("Data", "Small Text", "Text", "Link", "Dynamic Link", None, ""):
			assert payload.strip() in text or payload.replace("\n", " ").strip() in text, (
				report,
				fieldname,
				payload,
				text,
			)
	context.close()
