"""Pinyin search on the site: link fields, the list's filter and the awesome bar find a firm by the
pinyin or the initials of its name, the key follows a change of name, and nobody finds a record
they could not read before."""

from __future__ import annotations

import json
import secrets

import pytest

from .conftest import server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
LAIFUDE = "四川莱福德科技有限公司"


@pytest.fixture(scope="module")
def world(site, users, portal_contacts):
	"""Staff, a handler, the demo firm 莱福德, a test firm with polyphones in its name and a
	contact of the test firm; the test firm is removed afterwards."""
	frappe = site
	laifude = frappe.db.get_value("Enterprise", {"enterprise_name": LAIFUDE})
	if not laifude:
		pytest.skip(f"the demo firm {LAIFUDE} is not on this site (bin/setup loads it)")
	staff = users.make("Enterprise Service Staff")
	response = staff.post(
		"/api/resource/Enterprise",
		json={
			"enterprise_name": f"重庆长安银行测试{TAG}有限公司",
			"short_name": f"长安银行{TAG}",
			"uscc": valid_uscc(TAG, 1),
		},
	)
	assert response.status_code == 200, server_messages(response)
	mine = response.json()["data"]["name"]
	contact = portal_contacts.make(mine, full_name="拼音测试联系人")
	yield {
		"staff": staff,
		"handler": users.make("Department Handler"),
		"laifude": laifude,
		"mine": mine,
		"contact": contact,
	}
	frappe.set_user("Administrator")
	frappe.db.rollback()
	frappe.delete_doc("Enterprise Contact", contact.contact, force=True, ignore_permissions=True)
	frappe.delete_doc("Enterprise", mine, force=True, ignore_permissions=True)
	frappe.db.commit()


def link_search(client, doctype: str, txt: str, **args) -> list[dict]:
	response = client.post(
		"/api/method/frappe.desk.search.search_link",
		data={"doctype": doctype, "txt": txt, "page_length": 20, **args},
	)
	assert response.status_code == 200, server_messages(response)
	return response.json()["message"]


def found(results: list[dict]) -> list[str]:
	return [row["value"] for row in results]


@pytest.mark.parametrize("typed", ["lfd", "laifude", "LFD", "lai fu de", "莱福德"])
def test_staff_find_laifude_in_an_enterprise_link_field(world, typed):
	results = link_search(world["staff"], "Enterprise", typed, reference_doctype="Support Case")
	assert world["laifude"] in found(results)
	row = next(r for r in results if r["value"] == world["laifude"])
	# the dropdown reads as before: the firm's name, then its code, short name, street and chain
	assert row["label"] == LAIFUDE
	assert row["description"].startswith(world["laifude"])
	assert "lfd" not in row["description"] and "laifude" not in row["description"]


def test_tongwei_by_its_initials_comes_first(world, site):
	results = link_search(world["staff"], "Enterprise", "tw")
	assert "通威" in results[0]["label"]


def test_a_polyphonic_name_is_found_and_the_key_follows_a_new_name(world, site):
	staff, mine = world["staff"], world["mine"]
	# 重庆 chongqing, 长安 chang'an, 银行 yinhang
	for typed in ("chongqingchanganyinhang", "cqcayh", "changan", f"cayh{TAG.lower()}"):
		assert mine in found(link_search(staff, "Enterprise", typed)), typed
	response = staff.put(
		f"/api/resource/Enterprise/{mine}",
		json={"enterprise_name": f"厦门行政测试{TAG}有限公司", "short_name": f"厦门行政{TAG}"},
	)
	assert response.status_code == 200, server_messages(response)
	# 厦门 xiamen, 行政 xingzheng
	assert mine in found(link_search(staff, "Enterprise", "xiamenxingzheng"))
	assert mine in found(link_search(staff, "Enterprise", "xmxz"))
	assert mine not in found(link_search(staff, "Enterprise", "chongqingchanganyinhang"))


def test_a_report_filter_on_a_link_finds_by_pinyin_and_keeps_its_filters(world, site):
	"""The Industry Chain Report's chain filter asks for chains only (node_type Chain)."""
	chain = site.db.get_value("Industry Chain", {"node_type": "Chain"}, ["name", "pinyin_key"], as_dict=True)
	initials = chain.pinyin_key.split()[1]
	results = link_search(
		world["staff"], "Industry Chain", initials, filters=json.dumps({"node_type": "Chain"})
	)
	assert chain.name in found(results)
	assert all(site.db.get_value("Industry Chain", name, "node_type") == "Chain" for name in found(results))


def test_streets_and_policies_by_pinyin(world, site):
	for doctype in ("Street", "Policy", "Policy Item"):
		name, key = site.db.get_value(doctype, {}, ["name", "pinyin_key"])
		assert key, f"{doctype} {name} has no pinyin key"
		assert name in found(link_search(world["staff"], doctype, key.split()[1])), doctype


def test_the_list_filters_by_pinyin(world):
	"""What the list view's 拼音检索码 filter sends: the key like %lfd%."""
	response = world["staff"].post(
		"/api/method/frappe.desk.reportview.get",
		data={
			"doctype": "Enterprise",
			"fields": json.dumps(["`tabEnterprise`.`name`", "`tabEnterprise`.`enterprise_name`"]),
			"filters": json.dumps([["Enterprise", "pinyin_key", "like", "%lfd%"]]),
			"page_length": 50,
		},
	)
	assert response.status_code == 200, server_messages(response)
	message = response.json()["message"]
	names = [row[message["keys"].index("enterprise_name")] for row in message["values"]]
	assert LAIFUDE in names
	# Chinese typed into that box is no error, only no match (the key holds pinyin)
	response = world["staff"].post(
		"/api/method/frappe.desk.reportview.get",
		data={
			"doctype": "Enterprise",
			"fields": json.dumps(["`tabEnterprise`.`name`"]),
			"filters": json.dumps([["Enterprise", "pinyin_key", "like", "%莱福德%"]]),
		},
	)
	assert response.status_code == 200, server_messages(response)


def test_the_awesome_bar_search_finds_laifude_by_pinyin(world):
	for typed in ("lfd", "laifude"):
		response = world["staff"].post(
			"/api/method/frappe.utils.global_search.search", data={"text": typed, "limit": 20}
		)
		assert response.status_code == 200, server_messages(response)
		rows = response.json()["message"]
		row = next(r for r in rows if r["doctype"] == "Enterprise" and r["name"] == world["laifude"])
		# the search dialog shows the firm's name next to what matched
		assert row["content"].startswith(f"{LAIFUDE} &&& ")
		assert typed in row["content"].split(" ||| ")[0].split(" &&& ")[1]


def test_a_contact_reaches_no_desk_search(world):
	contact = world["contact"]
	for method, data in (
		("frappe.desk.search.search_link", {"doctype": "Enterprise", "txt": "lfd"}),
		("frappe.utils.global_search.search", {"text": "lfd"}),
		("enterprise_support.pinyin_search.link_query", {"doctype": "Enterprise", "txt": "lfd"}),
	):
		response = contact.post(f"/api/method/{method}", data=data)
		assert response.status_code == 403, (method, response.status_code)
		assert LAIFUDE not in response.text


def test_a_contacts_search_shows_only_their_own_enterprise(world, site):
	"""Behind the request guard, the query itself keeps the row rules: as the contact, the firm's
	pinyin finds nothing of another enterprise, and its own firm is found."""
	from enterprise_support.pinyin_search import find, global_search

	try:
		site.set_user(world["contact"].user)
		assert find("Enterprise", "lfd") == []
		assert [row[0] for row in find("Enterprise", TAG.lower())] == [world["mine"]]
		assert not [row for row in global_search("lfd") if row.name == world["laifude"]]
	finally:
		site.set_user("Administrator")


def test_a_handler_searches_as_before_and_only_searchable_doctypes(world):
	handler = world["handler"]
	# handlers read the register: they find the firm by pinyin as by its Chinese name
	assert found(link_search(handler, "Enterprise", "lfd")) == found(
		link_search(handler, "Enterprise", "莱福德")
	)
	# the query is no way round the row rules of other doctypes: it serves only its five
	response = handler.post(
		"/api/method/enterprise_support.pinyin_search.link_query",
		data={
			"doctype": "Support Case",
			"txt": "a",
			"searchfield": "name",
			"start": 0,
			"page_len": 10,
			"filters": "{}",
		},
	)
	assert response.status_code == 417, response.status_code
	assert "不支持拼音检索" in server_messages(response)
	rows = handler.post("/api/method/frappe.utils.global_search.search", data={"text": "lfd"}).json()[
		"message"
	]
	assert {row["doctype"] for row in rows} <= {
		"Enterprise",
		"Street",
		"Industry Chain",
		"Policy",
		"Policy Item",
	}
