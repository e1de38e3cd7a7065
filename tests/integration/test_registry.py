"""Enterprise register over REST: credit codes, size classes, patents, designations, contacts."""

import datetime as dt
import secrets

import pytest

from enterprise_support.domain import uscc as uscc_rules
from enterprise_support.domain.patents import check_character

from .conftest import Client, server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()


def make_uscc(serial: int) -> str:
	return valid_uscc(TAG, serial)


def wrong_check(code: str) -> str:
	alphabet = uscc_rules.ALPHABET
	return code[:17] + alphabet[(alphabet.index(code[17]) + 1) % 31]


@pytest.fixture(scope="module")
def world(site, users):
	"""A street, a chain with two links, and staff; removed again afterwards."""
	frappe = site
	street = frappe.get_doc(
		{"doctype": "Street", "street_name": f"测试街道{TAG}", "area_type": "Street"}
	).insert()
	chain = frappe.get_doc(
		{"doctype": "Industry Chain", "node_name": f"测试链{TAG}", "node_type": "Chain"}
	).insert()
	link = frappe.get_doc(
		{
			"doctype": "Industry Chain",
			"node_name": f"测试链{TAG}·上游",
			"node_type": "Chain Link",
			"segment": "Upstream",
			"parent_industry_chain": chain.name,
		}
	).insert()
	other_chain = frappe.get_doc(
		{"doctype": "Industry Chain", "node_name": f"另一链{TAG}", "node_type": "Chain"}
	).insert()
	frappe.db.commit()
	staff = users.make("Enterprise Service Staff")
	data = {
		"street": street.name,
		"chain": chain.name,
		"link": link.name,
		"other_chain": other_chain.name,
		"staff": staff,
	}
	yield data
	frappe.set_user("Administrator")
	enterprises = frappe.get_all(
		"Enterprise", filters={"enterprise_name": ("like", f"%{TAG}%")}, pluck="name"
	)
	for doctype in ("Specialist Designation", "Patent", "Enterprise Contact"):
		for name in frappe.get_all(
			doctype, filters={"enterprise": ("in", enterprises or [""])}, pluck="name"
		):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for name in enterprises:
		frappe.delete_doc("Enterprise", name, force=True, ignore_permissions=True)
	for name in (link.name, chain.name, other_chain.name):
		frappe.delete_doc("Industry Chain", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Street", street.name, force=True, ignore_permissions=True)
	frappe.db.commit()


def enterprise_payload(world, serial, **fields):
	return {
		"enterprise_name": f"测试企业{TAG}-{serial}",
		"uscc": make_uscc(serial),
		"industry_code": "C3879",
		"industry_chain": world["chain"],
		"chain_link": world["link"],
		"street": world["street"],
		"employees": 120,
		"annual_revenue": 8000,
		**fields,
	}


def create(client: Client, doctype: str, payload: dict):
	return client.post(f"/api/resource/{doctype}", json=payload)


def stored(site, doctype, filters) -> bool:
	site.db.rollback()  # see what other connections committed
	return bool(site.db.exists(doctype, filters))


# --- credit codes -----------------------------------------------------------------------------


def test_valid_code_is_created_and_normalised(site, world):
	staff = world["staff"]
	code = make_uscc(1)
	messy = " " + code[:6].lower() + "-" + code[6:] + " "
	response = create(staff, "Enterprise", enterprise_payload(world, 1, uscc=messy))
	assert response.status_code == 200, server_messages(response)
	data = response.json()["data"]
	assert data["name"] == code and data["uscc"] == code
	assert not data.get("uscc_check_warning")


@pytest.mark.parametrize(
	("bad", "message"),
	[
		("91512081MA62K0260", "18 位"),  # 17 characters
		("91512081MA62K0260EE", "18 位"),
		("91512081MA62K026OE", "不允许的字符：O"),  # letter O
		("9151208IMA62K0260E", "不允许的字符：I"),
	],
)
def test_wrong_length_or_characters_is_a_hard_error(site, world, bad, message):
	response = create(world["staff"], "Enterprise", enterprise_payload(world, 2, uscc=bad))
	assert response.status_code == 417
	assert message in server_messages(response)
	assert not stored(site, "Enterprise", {"enterprise_name": f"测试企业{TAG}-2"})


def test_wrong_check_character_is_refused_unless_overridden_with_a_reason(site, world):
	staff = world["staff"]
	good = make_uscc(3)
	bad = wrong_check(good)
	response = create(staff, "Enterprise", enterprise_payload(world, 3, uscc=bad))
	assert response.status_code == 417
	text = server_messages(response)
	assert f"应为 {good[17]}" in text
	assert not stored(site, "Enterprise", bad)

	response = create(staff, "Enterprise", enterprise_payload(world, 3, uscc=bad, uscc_check_override=1))
	assert response.status_code == 417
	assert "原因" in server_messages(response)
	assert not stored(site, "Enterprise", bad)

	reason = "2016年前核发的存量代码，经市场监管部门核实真实有效"
	response = create(
		staff,
		"Enterprise",
		enterprise_payload(world, 3, uscc=bad, uscc_check_override=1, uscc_override_reason=reason),
	)
	assert response.status_code == 200, server_messages(response)
	data = response.json()["data"]
	assert data["uscc_override_reason"] == reason
	assert f"应为 {good[17]}" in data["uscc_check_warning"]
	# ... and the override stays on record in the document's history.
	assert staff.get(f"/api/resource/Enterprise/{bad}").json()["data"]["uscc_check_override"] == 1


def test_a_code_is_registered_once(site, world):
	staff = world["staff"]
	payload = enterprise_payload(world, 4)
	assert create(staff, "Enterprise", payload).status_code == 200
	again = create(staff, "Enterprise", {**payload, "enterprise_name": f"测试企业{TAG}-4b"})
	assert again.status_code == 409
	assert "已登记" in server_messages(again)
	assert not stored(site, "Enterprise", {"enterprise_name": f"测试企业{TAG}-4b"})


# --- size classes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
	("serial", "employees", "revenue", "size"),
	[
		(10, 1000, 40000, "Large"),
		(11, 999, 40000, "Medium"),
		(12, 1000, 39999.99, "Medium"),
		(13, 1200, 30000, "Medium"),
		(14, 300, 2000, "Medium"),
		(15, 299, 2000, "Small"),
		(16, 250, 50000, "Small"),
		(17, 20, 300, "Small"),
		(18, 20, 299.99, "Micro"),
		(19, 19, 100000, "Micro"),
	],
)
def test_size_class_at_the_thresholds(world, serial, employees, revenue, size):
	response = create(
		world["staff"],
		"Enterprise",
		enterprise_payload(world, serial, employees=employees, annual_revenue=revenue),
	)
	assert response.status_code == 200, server_messages(response)
	assert response.json()["data"]["size_class"] == size


def test_size_unknown_without_figures_and_recomputed_on_change(world):
	staff = world["staff"]
	response = create(staff, "Enterprise", enterprise_payload(world, 20, employees=0, annual_revenue=0))
	data = response.json()["data"]
	assert data["size_class"] in ("", None)
	assert "无法划型" in data["size_basis"]
	updated = staff.put(
		f"/api/resource/Enterprise/{data['name']}", json={"employees": 1500, "annual_revenue": 60000}
	)
	assert updated.json()["data"]["size_class"] == "Large"


def test_negative_figures_and_future_dates_are_refused(site, world):
	response = create(world["staff"], "Enterprise", enterprise_payload(world, 21, employees=-5))
	assert response.status_code == 417
	response = create(
		world["staff"], "Enterprise", enterprise_payload(world, 22, established_on="2999-01-01")
	)
	assert response.status_code == 417
	assert "成立日期不能晚于今天" in server_messages(response)
	assert not stored(
		site, "Enterprise", {"enterprise_name": ("in", [f"测试企业{TAG}-21", f"测试企业{TAG}-22"])}
	)


def test_chain_link_must_belong_to_the_chain(site, world):
	response = create(
		world["staff"], "Enterprise", enterprise_payload(world, 23, industry_chain=world["other_chain"])
	)
	assert response.status_code == 417
	assert world["link"] in server_messages(response)


# --- patents -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def patent_owner(world):
	response = create(world["staff"], "Enterprise", enterprise_payload(world, 30))
	assert response.status_code == 200, server_messages(response)
	return response.json()["data"]["name"]


def test_patents_are_normalised_checked_and_counted(site, world, patent_owner):
	staff = world["staff"]
	# The standard's two example numbers: remove them if a crashed earlier run left them behind.
	for number in ("201710601862.3", "201220687633.0"):
		if (site.db.get_value("Patent", number, "enterprise_name") or "").startswith("测试企业"):
			site.delete_doc("Patent", number, force=True, ignore_permissions=True)
	site.db.commit()
	ok = create(
		staff,
		"Patent",
		{
			"application_number": "CN 2017 1060 1862.3",
			"title": "一种LED驱动电源",
			"patent_type": "Invention",
			"status": "Granted",
			"application_date": "2017-08-01",
			"grant_date": "2019-05-10",
			"enterprise": patent_owner,
		},
	)
	assert ok.status_code == 200, server_messages(ok)
	data = ok.json()["data"]
	assert data["name"] == "201710601862.3"
	assert data["ip_class"] == "I"
	utility = create(
		staff,
		"Patent",
		{
			"application_number": "ZL201220687633.0",
			"title": "一种散热外壳",
			"status": "Granted",
			"enterprise": patent_owner,
		},
	)
	assert utility.status_code == 200, server_messages(utility)
	assert utility.json()["data"]["patent_type"] == "Utility Model"
	assert utility.json()["data"]["ip_class"] == "II"
	enterprise = staff.get(f"/api/resource/Enterprise/{patent_owner}").json()["data"]
	assert enterprise["patent_count"] == 2
	assert enterprise["invention_patent_count"] == 1
	assert enterprise["utility_model_count"] == 1
	assert enterprise["class_i_ip_count"] == 1
	# Deleting a patent recounts.
	assert staff.delete("/api/resource/Patent/201220687633.0").status_code == 202
	enterprise = staff.get(f"/api/resource/Enterprise/{patent_owner}").json()["data"]
	assert enterprise["patent_count"] == 1 and enterprise["utility_model_count"] == 0


@pytest.mark.parametrize(
	("number", "patent_type", "message"),
	[
		("201710601862.4", "Invention", "应为 3"),  # wrong check character
		("201710601862", "Invention", "校验"),  # missing check character
		("20171060186.3", "Invention", "12"),  # too short
		("201720687633.X", "Invention", None),  # check fails (and type says utility model)
		("201220687633.0", "Invention", "实用新型"),  # type digit 2 vs invention
	],
)
def test_bad_patent_numbers_are_refused_and_nothing_is_stored(
	site, world, patent_owner, number, patent_type, message
):
	response = create(
		world["staff"],
		"Patent",
		{
			"application_number": number,
			"title": "测试",
			"patent_type": patent_type,
			"enterprise": patent_owner,
		},
	)
	assert response.status_code == 417, response.text
	if message:
		assert message in server_messages(response)
	assert not stored(site, "Patent", {"enterprise": patent_owner, "title": "测试"})


# --- designations --------------------------------------------------------------------------------


def test_designation_validity_and_the_daily_job_under_a_frozen_clock(site, world, patent_owner):
	from freezegun import freeze_time

	from enterprise_support.enterprise_registry.designations import update_designation_statuses

	frappe = site
	frappe.db.set_value("Enterprise", patent_owner, "service_officer", world["staff"].user)
	little_giant = "国家级专精特新\u201c小巨人\u201d企业"
	with freeze_time("2026-01-10"):
		doc = frappe.get_doc(
			{
				"doctype": "Specialist Designation",
				"enterprise": patent_owner,
				"designation_type": little_giant,
				"certificate_number": f"T{TAG}",
				"valid_from": "2024-03-01",
			}
		).insert()
		frappe.db.commit()
		assert str(doc.valid_to) == "2027-02-28"
		assert doc.status == "Active"
		assert frappe.db.get_value("Enterprise", patent_owner, "highest_designation") == little_giant

	def status_on(day):
		# Only this designation: the job run on another day must leave the site's others alone.
		with freeze_time(day):
			update_designation_statuses(names=[doc.name])
		return frappe.db.get_value("Specialist Designation", doc.name, "status")

	def notices():
		return frappe.get_all(
			"Notification Log",
			filters={"document_name": doc.name, "for_user": world["staff"].user},
			pluck="subject",
		)

	assert status_on("2026-11-29") == "Active"  # 91 days before expiry
	assert notices() == []
	assert status_on("2026-11-30") == "Expiring"  # exactly 90 days before
	assert len(notices()) == 1 and "2027-02-28" in notices()[0]
	assert status_on("2026-12-15") == "Expiring"
	assert len(notices()) == 1  # told once, not every day
	assert status_on("2027-02-28") == "Expiring"  # last valid day
	assert status_on("2027-03-01") == "Expired"
	assert frappe.db.get_value("Enterprise", patent_owner, "highest_designation") is None


# --- a contact's login ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_contacts(site, world, portal_contacts):
	"""Two enterprises, each with a patent and an invited contact who has a password."""
	staff = world["staff"]
	out = []
	for serial in (40, 41):
		ent = create(staff, "Enterprise", enterprise_payload(world, serial)).json()["data"]["name"]
		number = f"20242{int(TAG[:4], 16) % 1000:03d}{serial:04d}"  # unique per run
		number = f"{number}.{check_character(number)}"
		assert (
			create(
				staff, "Patent", {"application_number": number, "title": f"专利{serial}", "enterprise": ent}
			).status_code
			== 200
		)
		# The same office number for both: a mobile number shared by contacts is allowed.
		client = portal_contacts.make(ent, f"联系人{serial}", 1, mobile="13800138000")
		out.append(
			{
				"enterprise": ent,
				"client": client,
				"email": client.user,
				"patent": number,
				"contact": client.contact,
			}
		)
	return out


def test_a_contact_sees_only_its_own_enterprise(site, two_contacts):
	mine, theirs = two_contacts
	me = mine["client"]
	# the portal shows the contact's own enterprise
	response = me.get("/api/method/enterprise_support.api.portal.our_enterprise")
	assert response.status_code == 200
	assert response.json()["message"]["name"] == mine["enterprise"]
	assert theirs["enterprise"] not in response.text
	# every framework path to the register is closed to a contact (the portal is their interface)
	for response in (
		me.get("/api/resource/Enterprise", params={"limit_page_length": 0}),
		me.get("/api/resource/Patent", params={"limit_page_length": 0}),
		me.get(f"/api/resource/Enterprise/{mine['enterprise']}"),
		me.get(f"/api/resource/Enterprise/{theirs['enterprise']}"),
		me.get(f"/api/resource/Patent/{theirs['patent']}"),
		me.get(f"/api/resource/Enterprise Contact/{theirs['contact']}"),
		me.post(
			"/api/method/frappe.desk.reportview.get",
			data={"doctype": "Enterprise", "fields": '["name","enterprise_name"]', "page_length": 500},
		),
		me.get(
			"/api/method/frappe.desk.search.search_link",
			params={"doctype": "Enterprise", "txt": f"测试企业{TAG}"},
		),
		me.put(f"/api/resource/Enterprise/{mine['enterprise']}", json={"employees": 1}),
	):
		assert response.status_code == 403, (response.url, response.status_code)
		assert theirs["enterprise"] not in response.text
	# behind the guard the row rules still hold (defence in depth), in-process as the contact
	site.set_user(mine["email"])
	try:
		assert site.get_list("Enterprise", pluck="name") == [mine["enterprise"]]
		assert site.get_list("Patent", pluck="name") == [mine["patent"]]
		assert not site.has_permission("Enterprise", doc=theirs["enterprise"])
		assert not site.has_permission("Enterprise", "write", doc=mine["enterprise"])
	finally:
		site.set_user("Administrator")


def test_contacts_cannot_invite_or_register_themselves(two_contacts):
	mine, _theirs = two_contacts
	response = mine["client"].post(
		"/api/method/enterprise_support.enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite",
		json={"contact": mine["contact"]},
	)
	assert response.status_code == 403


def test_a_contact_cannot_download_another_enterprises_files(site, two_contacts):
	frappe = site
	mine, theirs = two_contacts
	urls, files = {}, []
	for item in (mine, theirs):
		designation = frappe.get_doc(
			{
				"doctype": "Specialist Designation",
				"enterprise": item["enterprise"],
				"designation_type": "高新技术企业",
				"valid_from": "2025-01-01",
			}
		).insert()
		file_doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"certificate-{secrets.token_hex(4)}.txt",
				# Distinct content: Frappe stores identical content once, under one URL.
				"content": f"高新技术企业证书 {item['enterprise']}".encode(),
				"is_private": 1,
				"attached_to_doctype": "Specialist Designation",
				"attached_to_name": designation.name,
				"attached_to_field": "evidence",
			}
		).insert()
		designation.db_set("evidence", file_doc.file_url)
		urls[item["enterprise"]] = file_doc.file_url
		files.append(file_doc.name)
	frappe.db.commit()
	try:
		me = mine["client"]
		own = me.get(urls[mine["enterprise"]])
		assert own.status_code == 200 and mine["enterprise"] in own.content.decode()
		assert me.get(urls[theirs["enterprise"]]).status_code == 403
		# Nor can a visitor who is not logged in.
		assert Client().get(urls[mine["enterprise"]]).status_code in (403, 401)
	finally:
		for name in files:
			frappe.delete_doc("File", name, force=True, ignore_permissions=True)
		frappe.db.commit()


def test_staff_invite_a_contact_to_the_portal(site, world, outbox):
	staff = world["staff"]
	ent = create(staff, "Enterprise", enterprise_payload(world, 50)).json()["data"]["name"]
	email = f"invitee-{TAG.lower()}@example.com"
	contact = create(
		staff, "Enterprise Contact", {"full_name": "受邀联系人", "enterprise": ent, "email": email}
	).json()["data"]["name"]
	invite = "/api/method/enterprise_support.enterprise_registry.doctype.enterprise_contact.enterprise_contact.invite"
	try:
		response = staff.post(invite, json={"contact": contact})
		assert response.status_code == 200, server_messages(response)
		site.db.rollback()
		user = site.get_doc("User", email)
		assert user.user_type == "Website User"
		assert "Enterprise Contact" in [r.role for r in user.roles]
		assert site.db.get_value("Enterprise Contact", contact, "user") == email
		# Frappe's welcome mail goes to the contact to set a password.
		assert site.db.exists("Email Queue Recipient", {"recipient": email})
		# Inviting again changes nothing.
		assert staff.post(invite, json={"contact": contact}).json()["message"] == email
	finally:
		site.db.rollback()
		site.db.delete("Has Role", {"parent": email})
		site.delete_doc("User", email, force=True, ignore_permissions=True)
		site.db.commit()
