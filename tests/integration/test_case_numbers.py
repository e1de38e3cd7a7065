"""Case numbers: SC-<year>-<number> from a sequence, so that two intakes never wait for each other."""

from __future__ import annotations

import re
import secrets
import time

import pytest

from .conftest import server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
NAME = re.compile(r"^SC-(\d{4})-(\d{5,})$")


@pytest.fixture(scope="module")
def desk(site, users):
	frappe = site
	staff = users.make("Enterprise Service Staff")
	enterprise = frappe.get_doc(
		{"doctype": "Enterprise", "enterprise_name": f"编号测试企业{TAG}", "uscc": valid_uscc(TAG, 977)}
	).insert()
	frappe.db.commit()
	yield {"staff": staff, "enterprise": enterprise.name}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	for name in frappe.get_all("Support Case", filters={"enterprise": enterprise.name}, pluck="name"):
		frappe.db.delete("ToDo", {"reference_type": "Support Case", "reference_name": name})
		frappe.delete_doc("Support Case", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", enterprise.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def payload(desk, subject):
	return {
		"subject": subject,
		"enterprise": desk["enterprise"],
		"category": "求助",
		"channel": "Phone",
		"description": "企业来电反映用电负荷不足，请协调扩容。",
	}


def test_cases_are_numbered_by_year_and_in_order(site, desk):
	names = []
	for index in range(3):
		response = desk["staff"].post("/api/resource/Support Case", json=payload(desk, f"编号{TAG}-{index}"))
		assert response.status_code == 200, server_messages(response)
		names.append(response.json()["data"]["name"])
	year = str(site.utils.now_datetime().year)
	numbers = []
	for name in names:
		match = NAME.match(name)
		assert match, name
		assert match[1] == year
		numbers.append(int(match[2]))
	assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_the_next_number_comes_after_every_number_given(site, desk):
	from enterprise_support.support_cases.case_number import SEQUENCE, ensure_sequence, last_number_given

	ensure_sequence()  # idempotent: the sequence exists and is left as it is
	highest = last_number_given()
	assert highest > 0
	following = site.db.sql(f"select nextval(`{SEQUENCE}`)")[0][0]
	assert following > highest


def test_an_intake_does_not_wait_for_another_still_in_progress(site, desk):
	"""Frappe's naming series would lock its counter row until this process's insert commits, and
	the request over HTTP would wait for it (until the lock wait timeout)."""
	frappe = site
	held = frappe.get_doc({"doctype": "Support Case", **payload(desk, f"未提交{TAG}")})
	held.insert()  # not committed: its transaction stays open while the request below runs
	try:
		started = time.monotonic()
		staff = desk["staff"]
		response = staff.http.post(
			staff.url("/api/resource/Support Case"), json=payload(desk, f"同时受理{TAG}"), timeout=20
		)
		elapsed = time.monotonic() - started
		assert response.status_code == 200, server_messages(response)
		assert elapsed < 15, f"the intake waited {elapsed:.1f} s for the other one"
		assert NAME.match(response.json()["data"]["name"])
		assert response.json()["data"]["name"] != held.name
	finally:
		frappe.db.rollback()
	assert not frappe.db.exists("Support Case", held.name)


def test_the_sequence_takes_numbers_ahead_and_an_uncached_one_is_brought_to_it(site):
	"""Without a cache every number durably writes the sequence's row on the intake's path."""
	frappe = site
	from enterprise_support.support_cases.case_number import CACHE, SEQUENCE, ensure_sequence

	def cache_size() -> int:
		return int(frappe.db.sql(f"select `cache_size` from `{SEQUENCE}`")[0][0])

	assert CACHE > 1 and cache_size() == CACHE
	frappe.db.sql_ddl(f"alter sequence `{SEQUENCE}` nocache")  # as made before the cache
	try:
		assert cache_size() == 0
		before = frappe.db.sql(f"select nextval(`{SEQUENCE}`)")[0][0]
		ensure_sequence()  # the patch's and every migrate's call
		assert cache_size() == CACHE
		# Numbering goes on after the last number handed out, in order.
		after = [frappe.db.sql(f"select nextval(`{SEQUENCE}`)")[0][0] for _ in range(CACHE + 2)]
		assert after[0] > before and after == sorted(set(after))
	finally:
		ensure_sequence()
	assert cache_size() == CACHE
