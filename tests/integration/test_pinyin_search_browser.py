"""Pinyin search as staff see it, in headless Chromium at a desktop (1440×900) and a phone
(390×844) width: typing "lfd" into the Enterprise field of a new 企业诉求 offers 四川莱福德科技有限公司
in the dropdown (its name, not the pinyin key), and the awesome bar's search finds it by "laifude".
Screenshots: test-output/screenshots/pinyin-*.png.

Needs Debian's chromium (/usr/bin/chromium, or ES_CHROMIUM), the playwright package and the demo
site (bin/setup): the demo staff log-in and the firm 莱福德.
"""

from __future__ import annotations

import pytest

from .conftest import BASE_URL
from .test_first_hour_browser import (
	CONSOLE_NOISE,
	DEMO_PASSWORD,
	SHOTS,
	STAFF_USERS,
	WIDTHS,
	browser,
	log_in,
)

LAIFUDE = "四川莱福德科技有限公司"
ENTERPRISE_FIELD = '.frappe-control[data-fieldname="enterprise"]'


@pytest.fixture(scope="module")
def demo(site):
	if not site.db.exists("Enterprise", {"enterprise_name": LAIFUDE}) or not site.db.exists(
		"User", STAFF_USERS["staff"]
	):
		pytest.skip("the demo site's staff log-in and 莱福德 are needed (bin/setup)")


def errors_of(page) -> list[str]:
	errors: list[str] = []

	def console(message):
		text = f"{message.text} ({message.location.get('url', '')})"
		if message.type == "error" and not any(noise in text for noise in CONSOLE_NOISE):
			errors.append(text)

	page.on("console", console)
	page.on("pageerror", lambda exc: errors.append(f"page error: {exc}"))
	return errors


@pytest.mark.parametrize("width", list(WIDTHS))
def test_lfd_in_the_enterprise_field_of_a_new_case_offers_laifude(browser, demo, width):  # noqa: F811
	context, page = log_in(browser, STAFF_USERS["staff"], DEMO_PASSWORD, width)
	try:
		errors = errors_of(page)
		page.goto(f"{BASE_URL}/app/support-case/new", wait_until="load")
		field = page.locator(f"{ENTERPRISE_FIELD} input").first
		field.wait_for(state="visible")
		field.click()
		field.press_sequentially("lfd", delay=80)
		option = page.locator(f"{ENTERPRISE_FIELD} [role=option]", has_text="莱福德").first
		try:
			option.wait_for(state="visible", timeout=30_000)
		finally:
			page.screenshot(path=str(SHOTS / f"pinyin-link-field-{width}.png"))
		page.wait_for_timeout(300)
		page.screenshot(path=str(SHOTS / f"pinyin-link-field-{width}.png"))
		text = option.inner_text()
		assert LAIFUDE in text
		# the dropdown shows the firm as before, never its pinyin key
		dropdown = page.locator(f"{ENTERPRISE_FIELD} ul[role=listbox]:not([hidden])").inner_text()
		assert "sclfd" not in dropdown and "laifude" not in dropdown
		option.click()
		page.wait_for_timeout(800)
		# chosen: the field shows the firm's name (its title)
		assert field.input_value() == LAIFUDE
		widths = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
		assert widths[0] <= widths[1] + 1, f"page is {widths[0]} px wide on a {widths[1]} px screen"
		assert not errors, errors
	finally:
		context.close()


def test_the_awesome_bar_offers_laifude_by_its_pinyin(browser, demo):  # noqa: F811
	context, page = log_in(browser, STAFF_USERS["staff"], DEMO_PASSWORD, 1440)
	try:
		errors = errors_of(page)
		page.goto(f"{BASE_URL}/app/support-case", wait_until="load")
		page.wait_for_selector(".frappe-list .result, .frappe-list .no-result")
		page.wait_for_load_state("networkidle")
		bar = page.locator("#navbar-search")
		bar.click()
		bar.press_sequentially("lfd", delay=80)
		option = page.locator(".search-bar [role=option], .search-bar li", has_text="莱福德").first
		try:
			option.wait_for(state="visible", timeout=30_000)
		finally:
			page.screenshot(path=str(SHOTS / "pinyin-awesome-bar-1440.png"))
		# the firm by its name and what it is (企业), never its pinyin key
		assert LAIFUDE in option.inner_text() and "企业" in option.inner_text()
		assert "sclfd" not in page.locator(".search-bar").inner_text()
		# "Search for laifude" (global search) lists it too, without Frappe's "undefined" label
		page.keyboard.press("Escape")
		page.evaluate("() => frappe.searchdialog.search.init_search('laifude', 'global_search')")
		result = page.locator(".search-dialog .result", has_text="莱福德").first
		try:
			result.wait_for(state="visible", timeout=30_000)
		finally:
			page.screenshot(path=str(SHOTS / "pinyin-global-search-1440.png"))
		assert LAIFUDE in result.inner_text()
		assert "undefined" not in page.locator(".search-dialog").inner_text()
		# choosing the firm in the bar opens its form (once the search dialog has closed: its
		# fade-out would otherwise take the click meant for the bar)
		page.keyboard.press("Escape")
		dialog = page.locator(".search-dialog")
		try:
			dialog.wait_for(state="hidden", timeout=5_000)
		except Exception:
			page.evaluate("() => frappe.searchdialog.search.search_dialog.hide()")
			dialog.wait_for(state="hidden", timeout=10_000)
		bar.fill("")
		bar.click()
		bar.press_sequentially("lfd", delay=80)
		option.wait_for(state="visible", timeout=30_000)
		option.click()
		page.wait_for_url("**/app/enterprise/**", timeout=30_000)
		page.wait_for_selector(".form-layout")
		assert not errors, errors
	finally:
		context.close()


def test_the_enterprise_list_filters_by_pinyin(browser, demo):  # noqa: F811
	context, page = log_in(browser, STAFF_USERS["staff"], DEMO_PASSWORD, 1440)
	try:
		errors = errors_of(page)
		page.goto(f"{BASE_URL}/app/enterprise", wait_until="load")
		page.wait_for_selector(".frappe-list .result, .frappe-list .no-result")
		box = page.locator('.standard-filter-section [data-fieldname="pinyin_key"] input').first
		assert box.get_attribute("placeholder") == "拼音检索码"
		box.fill("lfd")
		row = page.locator(".frappe-list .list-row", has_text=LAIFUDE).first
		try:
			row.wait_for(state="visible", timeout=30_000)
		finally:
			page.wait_for_load_state("networkidle")
			page.screenshot(path=str(SHOTS / "pinyin-list-filter-1440.png"))
		names = page.locator(".frappe-list .list-row .list-subject").all_inner_texts()
		assert LAIFUDE in " ".join(names)
		assert not errors, errors
	finally:
		context.close()
