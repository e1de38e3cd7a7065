"""Policy matching and one-enterprise-one-policy plans: policies and conditions, the match table
kept current in the background, designation readiness, support plans through their
role-gated workflow, and what an enterprise's contact sees on the portal."""

import json
import secrets

import pytest

from enterprise_support.domain.patents import check_character
from enterprise_support.domain.policy_matching import ATTRIBUTES, OPERATORS
from enterprise_support.policy_support import plan_workflow as wf

from .conftest import Client, server_messages, valid_uscc, wait_for

TAG = secrets.token_hex(3).upper()
APPLY = "/api/method/frappe.model.workflow.apply_workflow"
PLAN = "enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan"
MINE = "/api/method/enterprise_support.policy_support.portal.matched_policies_for_me"
HIGH_TECH = "高新技术企业"
PROVINCIAL = "省级专精特新中小企业"
LITTLE_GIANT = "国家级专精特新“小巨人”企业"
SERIAL = 3_000_000 + int(TAG, 16) % 1_000_000  # invention application serials of this run


def invention_number(k: int) -> str:
	digits = f"20231{SERIAL + k:07d}"
	return f"{digits}.{check_character(digits)}"


def job_ids(world) -> list[str]:
	ids = [f"policy_match::enterprise::{e}" for e in world["enterprises"].values()]
	ids += [f"policy_match::item::{i}" for i in world["items"].values()]
	ids += [f"policy_match::policy::{p}" for p in world["policies"]]
	return ids + [f"{i}::again" for i in ids]


def settled(world, timeout=120) -> bool:
	"""Wait until no matching job of this test's records is queued or running."""
	from frappe.utils.background_jobs import get_job_status
	from rq.job import JobStatus

	busy = (JobStatus.QUEUED, JobStatus.STARTED)
	return bool(wait_for(lambda: all(get_job_status(j) not in busy for j in job_ids(world)), timeout=timeout))


def matches(frappe, enterprise, policies=None) -> dict:
	"""The enterprise's match rows, of the given policies only (the site's own policies, such
	as the demo's, are matched too), each as its form shows it: the stored outcome, and the
	explanation and missing data filled in when the row is opened (they are not stored)."""
	filters = {"enterprise": enterprise}
	if policies:
		filters["policy"] = ("in", list(policies))
	rows = frappe.get_all("Policy Match", filters=filters, fields=["name", "policy_item"])
	shown = {}
	for row in rows:
		doc = frappe.get_doc("Policy Match", row.name)
		shown[row.policy_item] = frappe._dict(
			{
				f: doc.get(f)
				for f in ("policy_item", "outcome", "explanation", "unknown_fields", "failed_count")
			}
		)
	return shown


EXPLAIN = "/api/method/enterprise_support.policy_support.matching.explain_matches"


def explained(client, enterprise, item=None):
	"""What staff read when they open an enterprise's matches (or one pair): computed now."""
	response = client.get(
		EXPLAIN, params={"enterprise": enterprise, **({"policy_item": item} if item else {})}
	)
	assert response.status_code == 200, server_messages(response)
	return {row["policy_item"]: row for row in response.json()["message"]}


@pytest.fixture(scope="module")
def world(site, users, outbox):
	"""Two policies (one in force, one expired) with items, three enterprises with patents and
	designations, staff, a leader, a department with a handler, and two invited contacts."""
	from frappe.utils.password import update_password

	from enterprise_support.enterprise_registry.doctype.enterprise_contact.enterprise_contact import invite

	frappe = site
	staff = users.make("Enterprise Service Staff")
	leader = users.make("Enterprise Leader")
	handler = users.make("Department Handler")
	department = frappe.get_doc(
		{
			"doctype": "Service Department",
			"department_name": f"科技局{TAG}",
			"head": handler.user,
			"members": [{"user": handler.user}],
		}
	).insert()
	policy = frappe.get_doc(
		{
			"doctype": "Policy",
			"title": f"促进科技创新若干政策{TAG}",
			"issuing_body": "新区管委会",
			"document_number": f"新管发〔2026〕{TAG}号",
			"policy_type": "Subsidy",
			"effective_date": "2026-01-01",
			"expiry_date": "2028-12-31",
		}
	).insert()
	expired = frappe.get_doc(
		{
			"doctype": "Policy",
			"title": f"已废止政策{TAG}",
			"policy_type": "Reduction",
			"effective_date": "2020-01-01",
			"expiry_date": "2025-12-31",
		}
	).insert()

	def item(title, conditions, policy=policy.name, **fields):
		return (
			frappe.get_doc(
				{
					"doctype": "Policy Item",
					"item_title": f"{title}{TAG}",
					"policy": policy,
					"benefit": f"{title}的奖补",
					"conditions": [
						dict(zip(("attribute", "operator", "value"), c, strict=True)) for c in conditions
					],
					**fields,
				}
			)
			.insert()
			.name
		)

	items = {
		"rd": item(
			"研发投入后补助",
			[
				("patents.invention", ">=", "2"),
				("size_class", "in", "中型、小型"),
				("annual_revenue", ">=", "1000"),
			],
			amount=50,
			manual_conditions=[{"requirement": "近三年无重大安全、环保事故", "evidence": "承诺书"}],
		),
		"high_tech": item(
			"高新技术企业认定奖励", [("designations", "holds", HIGH_TECH)], grant_without_application=1
		),
		"large": item("规上企业奖励", [("employees", ">=", "1000")]),
		"finance": item("融资担保贴息", [("debt_ratio", "<=", "70")]),
		"inactive": item("暂停的事项", [], is_active=0),
		"expired": item("过期政策的事项", [], policy=expired.name),
	}

	def enterprise(serial, name, inventions, **fields):
		doc = frappe.get_doc(
			{
				"doctype": "Enterprise",
				"enterprise_name": f"{name}{TAG}",
				"uscc": valid_uscc(TAG, serial),
				"industry_code": "C3879",
				"service_officer": staff.user,
				"responsible_leader": leader.user,
				"responsible_department": department.name,
				**fields,
			}
		).insert()
		for k in range(inventions):
			frappe.get_doc(
				{
					"doctype": "Patent",
					"application_number": invention_number(serial * 10 + k),
					"title": f"专利{serial}-{k}",
					"enterprise": doc.name,
					"status": "Granted",
				}
			).insert()
		return doc.name

	enterprises = {
		"ready": enterprise(501, "政策测试达标企业", 2, employees=120, annual_revenue=8000, rd_expense=400),
		"short": enterprise(502, "政策测试差一件企业", 1, employees=120, annual_revenue=8000),
		"unknown": enterprise(503, "政策测试缺数据企业", 2),
	}
	frappe.get_doc(
		{
			"doctype": "Specialist Designation",
			"enterprise": enterprises["ready"],
			"designation_type": HIGH_TECH,
			"valid_from": "2025-06-01",
		}
	).insert()
	frappe.db.commit()

	contacts = {}
	for key in ("ready", "short"):
		email = f"policy-{key}-{TAG.lower()}@example.com"
		contact = frappe.get_doc(
			{
				"doctype": "Enterprise Contact",
				"full_name": f"联系人{key}",
				"enterprise": enterprises[key],
				"email": email,
				"is_manager": 1,
			}
		).insert()
		frappe.db.commit()
		frappe.set_user(staff.user)
		invite(contact.name)
		frappe.set_user("Administrator")
		password = "Es!" + secrets.token_hex(8)
		update_password(email, password)
		frappe.db.commit()
		client = Client(email)
		assert client.login(email, password).status_code == 200
		contacts[key] = (contact.name, email, client)

	data = {
		"staff": staff,
		"leader": leader,
		"handler": handler,
		"department": department.name,
		"policies": [policy.name, expired.name],
		"items": items,
		"enterprises": enterprises,
		"contacts": contacts,
	}
	yield data

	frappe.set_user("Administrator")
	frappe.db.rollback()
	settled(data, timeout=60)
	names = list(enterprises.values())
	plans = frappe.get_all("Enterprise Support Plan", filters={"enterprise": ("in", names)}, pluck="name")
	for name in frappe.get_all(
		"Support Plan Review", filters={"support_plan": ("in", plans or [""])}, pluck="name"
	):
		frappe.delete_doc("Support Plan Review", name, force=True, ignore_permissions=True)
	for name in frappe.get_all("Support Task", filters={"support_plan": ("in", plans or [""])}, pluck="name"):
		frappe.delete_doc("Support Task", name, force=True, ignore_permissions=True)
	for name in plans:
		frappe.delete_doc("Enterprise Support Plan", name, force=True, ignore_permissions=True)
	for name, email, _client in contacts.values():
		frappe.delete_doc("Enterprise Contact", name, force=True, ignore_permissions=True)
		frappe.db.delete("Has Role", {"parent": email})
		frappe.delete_doc("User", email, force=True, ignore_permissions=True)
	for doctype in ("Specialist Designation", "Patent"):
		for name in frappe.get_all(doctype, filters={"enterprise": ("in", names)}, pluck="name"):
			frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
	for name in items.values():
		frappe.delete_doc("Policy Item", name, force=True, ignore_permissions=True)
	for name in data["policies"]:
		frappe.delete_doc("Policy", name, force=True, ignore_permissions=True)
	for name in names:
		frappe.delete_doc("Enterprise", name, force=True, ignore_permissions=True)
	frappe.delete_doc("Service Department", department.name, force=True, ignore_permissions=True)
	frappe.db.commit()
	# jobs queued by the deletions find nothing left to match; then nothing of ours remains
	settled(data, timeout=60)
	frappe.db.delete("Policy Match", {"enterprise": ("in", names)})
	frappe.db.delete("Policy Match", {"policy_item": ("in", list(items.values()))})
	frappe.db.commit()


@pytest.fixture(scope="module")
def matched(site, world):
	"""The background jobs queued by creating the records have run."""
	assert settled(world), "the matching jobs did not finish"
	site.db.rollback()
	return world


# --- policies and their conditions ---------------------------------------------------------------


def test_condition_choices_are_the_engines(site):
	meta = site.get_meta("Policy Condition")
	assert meta.get_field("attribute").options.split("\n")[1:] == list(ATTRIBUTES)
	assert meta.get_field("operator").options.split("\n")[1:] == list(OPERATORS)


@pytest.mark.parametrize(
	"row, needles",
	[
		({"attribute": "employees", "operator": ">=", "value": "abc"}, ("2", "从业人员", "abc")),
		({"attribute": "designations", "operator": ">=", "value": "2"}, ("2", "资质认定", "holds")),
		({"attribute": "designations", "operator": "holds", "value": "瞪羚企业"}, ("2", "瞪羚企业")),
		({"attribute": "annual_revenue", "operator": ">=", "value": ""}, ("2", "营业收入")),
		({"attribute": "street", "operator": "=", "value": "视高街道、青龙街道"}, ("2", "所属街道/园区")),
	],
)
def test_an_invalid_condition_row_is_refused_naming_the_row_and_nothing_is_stored(site, world, row, needles):
	title = f"错误条件{TAG}-{secrets.token_hex(2)}"
	response = world["staff"].post(
		"/api/resource/Policy Item",
		json={
			"item_title": title,
			"policy": world["policies"][0],
			"conditions": [{"attribute": "patents.invention", "operator": ">=", "value": "1"}, row],
		},
	)
	assert response.status_code == 417
	message = server_messages(response)
	for needle in needles:
		assert needle in message, message
	site.db.rollback()
	assert not site.db.exists("Policy Item", {"item_title": title})


def test_items_read_in_words_and_only_staff_write_policies(site, world):
	doc = site.get_doc("Policy Item", world["items"]["rd"])
	assert doc.condition_summary.split("\n") == [
		"发明专利 ≥ 2 件",
		"企业规模为中型、小型之一",
		"营业收入 ≥ 1000 万元",
	]
	assert doc.policy_title.startswith("促进科技创新若干政策")
	for client in (world["leader"], world["handler"]):
		response = client.post(
			"/api/resource/Policy",
			json={"title": f"越权{TAG}", "policy_type": "Subsidy", "effective_date": "2026-01-01"},
		)
		assert response.status_code == 403
		assert client.get(f"/api/resource/Policy Item/{world['items']['rd']}").status_code == 200
	assert site.db.get_value("Policy", world["policies"][1], "status") == "Expired"


# --- matching ----------------------------------------------------------------------------------


def test_each_enterprise_is_matched_with_the_reasons(site, matched):
	items, firms, ours = matched["items"], matched["enterprises"], matched["policies"]
	ready = matches(site, firms["ready"], ours)
	# active items of policies in force only, and of those the Eligible and Unknown pairs only
	assert set(ready) == {items["rd"], items["high_tech"], items["finance"]}
	rd = ready[items["rd"]]
	assert rd.outcome == "Eligible"
	assert rd.explanation.split("\n") == [
		"发明专利 2 件，符合要求（≥ 2 件）",
		"企业规模 小型，符合要求（为中型、小型之一）",
		"营业收入 8000 万元，符合要求（≥ 1000 万元）",
	]
	assert ready[items["high_tech"]].outcome == "Eligible"
	assert ready[items["high_tech"]].explanation == f"已持有{HIGH_TECH}"
	assert ready[items["finance"]].outcome == "Unknown"
	assert ready[items["finance"]].unknown_fields == "资产负债率"
	# a Not Eligible pair is not stored: staff who open it read its reasons all the same
	staff = matched["staff"]
	large = explained(staff, firms["ready"], items["large"])[items["large"]]
	assert (large["outcome"], large["outcome_label"], large["stored"]) == (
		"Not Eligible",
		"不符合条件",
		False,
	)
	assert large["explanation_lines"] == ["从业人员 120 人，需 ≥ 1000 人"]

	assert set(matches(site, firms["short"], ours)) == {items["finance"]}
	short = explained(staff, firms["short"])
	assert (short[items["rd"]]["outcome"], short[items["rd"]]["failed_count"]) == ("Not Eligible", 1)
	assert short[items["rd"]]["explanation_lines"][0] == "发明专利 1 件，需 ≥ 2 件"
	assert short[items["high_tech"]]["explanation"] == f"未持有{HIGH_TECH}，需持有{HIGH_TECH}"
	# every active item of a policy in force, Eligible first, then Unknown, then Not Eligible
	assert [row["outcome"] for row in short.values() if row["policy_item"] in set(items.values())] == [
		"Unknown",
		"Not Eligible",
		"Not Eligible",
		"Not Eligible",
	]
	assert items["inactive"] not in short and items["expired"] not in short

	unknown = matches(site, firms["unknown"], ours)[items["rd"]]
	assert unknown.outcome == "Unknown"
	assert unknown.explanation.split("\n") == [
		"发明专利 2 件，符合要求（≥ 2 件）",
		"企业规模：暂无数据，需为中型、小型之一",
		"营业收入：暂无数据，需 ≥ 1000 万元",
	]
	assert unknown.unknown_fields == "企业规模、营业收入"


def test_matching_one_enterprise_directly_gives_the_same_table(site, matched):
	from enterprise_support.policy_support import matching

	firm, ours = matched["enterprises"]["short"], matched["policies"]
	before = matches(site, firm, ours)
	stamps = dict(site.db.sql("select name, matched_on from `tabPolicy Match` where enterprise = %s", firm))
	counts = matching.rematch_enterprise(firm)
	site.db.commit()
	after = matches(site, firm, ours)
	assert [row.outcome for row in after.values()] == ["Unknown"]
	assert after == before
	# nothing changed, so nothing was written: the rows are those of the first match
	assert counts["written"] == 0 and counts["Not Eligible"] >= 3
	assert (
		dict(site.db.sql("select name, matched_on from `tabPolicy Match` where enterprise = %s", firm))
		== stamps
	)


def test_a_stored_row_opened_reads_as_any_pair_explained(site, matched):
	"""A stored row's form (over REST, as staff open it) and the explanation of any pair come
	from the same code: for every stored row of this test's enterprises they read the same,
	line for line (the table keeps the outcome only; the form's explanation is filled in when
	the row is loaded)."""
	staff, ours = matched["staff"], matched["policies"]
	compared = 0
	for firm in matched["enterprises"].values():
		now = explained(staff, firm)
		for item, row in matches(site, firm, ours).items():
			name = site.db.get_value("Policy Match", {"enterprise": firm, "policy_item": item}, "name")
			response = staff.get(f"/api/resource/Policy Match/{name}")
			assert response.status_code == 200, server_messages(response)
			form = response.json()["data"]
			assert now[item]["stored"] and now[item]["outcome"] == row.outcome == form["outcome"]
			assert now[item]["explanation"] == row.explanation == form["explanation"]
			assert form["explanation"].split("\n") == now[item]["explanation_lines"]
			assert now[item]["unknown_fields"] == (row.unknown_fields or "") == (form["unknown_fields"] or "")
			compared += 1
	assert compared == 7  # ready: 3, short: 1 (finance), unknown: 3 (rd, large, finance)


def test_only_who_may_read_policy_matches_may_have_them_explained(site, matched):
	"""Explanations on demand keep the table's permissions: staff and leaders read them; a
	department handler (who has no Policy Match access) and an enterprise's contact are refused,
	for their own enterprise too; a wrong name is a clear error, not a 500."""
	firms, items = matched["enterprises"], matched["items"]
	assert explained(matched["leader"], firms["short"], items["rd"])[items["rd"]]["outcome"] == "Not Eligible"
	for client in (matched["handler"], matched["contacts"]["short"][2], matched["contacts"]["ready"][2]):
		for params in (
			{"enterprise": firms["short"]},
			{"enterprise": firms["short"], "policy_item": items["rd"]},
			{"enterprise": firms["ready"]},
		):
			response = client.get(EXPLAIN, params=params)
			assert response.status_code == 403, (params, response.text[:200])
			assert "从业人员" not in response.text and "发明专利" not in response.text
	missing = matched["staff"].get(EXPLAIN, params={"enterprise": "9100000000NOSUCHXX"})
	assert missing.status_code == 404 and "不存在" in server_messages(missing)


def test_texts_with_quotes_backslashes_and_percent_signs_are_stored_as_written(site, matched):
	"""The match rows are written as ``load data`` input by the background jobs and as SQL text
	by a single enterprise's rematch (each escaped once per distinct text): odd characters in
	an item's title are stored as written (``\\N`` is not a null, a backslash stays one), and
	those in a label come back exactly as the engine explained them."""
	from enterprise_support.policy_support import matching

	firm = matched["enterprises"]["ready"]
	label = "资产负债率 'A\\B' (100%) \"自报\""
	title = f"转义测试{TAG} 'A\\B' \\N \\t 100% \"引号\""
	item = site.get_doc(
		{
			"doctype": "Policy Item",
			"item_title": title,
			"policy": matched["policies"][0],
			"conditions": [
				{"attribute": "debt_ratio", "operator": "<=", "value": "70", "label": label},
				{"attribute": "rd_ratio", "operator": ">=", "value": "3"},
			],
		}
	).insert()
	site.db.commit()
	try:
		name = wait_for(
			lambda: site.db.get_value("Policy Match", {"enterprise": firm, "policy_item": item.name}),
			timeout=120,
		)
		assert isinstance(name, int)  # named from the doctype's sequence
		opened = site.get_doc("Policy Match", name)
		assert (opened.item_title, opened.policy_item) == (title, item.name)
		stored = (opened.explanation, opened.unknown_fields)
		expected = matching.evaluate_items(firm, [item.name])[item.name]
		assert stored == (matching.explanation_of(expected), label)
		assert stored[0] == f"{label}：暂无数据，需 ≤ 70%\n研发费用占比 5%，符合要求（≥ 3%）"
		# the stored row reads as the engine's, odd characters and all: matching again finds
		# every row of the enterprise unchanged and writes none
		matched["items"]["escape"] = item.name
		assert settled(matched)
		assert matching.rematch_enterprise(firm)["written"] == 0
		assert matching.rematch_items([item.name])["written"] == 0
		site.db.commit()
	finally:
		matched["items"]["escape"] = item.name  # for the clean-up, and for settled()
		settled(matched)
		site.delete_doc("Policy Item", item.name, force=True)
		site.db.commit()


def test_where_the_server_refuses_load_data_a_full_rematch_inserts_the_same_rows(site, matched, monkeypatch):
	"""The background writer loads new rows with ``load data local``; a connection (or server)
	that does not allow it is refused with an error the writer knows, and the same rows are
	stored by ``insert`` instead."""
	from enterprise_support.policy_support import matching

	assert settled(matched)
	items = list(matched["items"].values())
	query = """select enterprise, policy_item, outcome, item_title, policy from `tabPolicy Match`
		where policy_item in %(items)s order by enterprise, policy_item"""
	before = site.db.sql(query, {"items": items})
	assert before
	site.db.delete("Policy Match", {"policy_item": ("in", items)})
	site.db.commit()
	monkeypatch.setattr(matching._Writer, "LOCAL_INFILE", False)
	counts = matching.rematch_items(items)
	assert counts["written"] == len(before)
	assert site.db.sql(query, {"items": items}) == before


def test_a_new_patent_rematches_the_enterprise_in_the_background(site, matched):
	"""Adding the missing invention patent over REST: the Patent hook queues the enterprise's
	rematch after commit, and the worker turns the item Eligible; deleting it turns it back."""
	staff, firm, item = matched["staff"], matched["enterprises"]["short"], matched["items"]["rd"]
	number = invention_number(5029)
	response = staff.post(
		"/api/resource/Patent",
		json={"application_number": number, "title": "新增发明专利", "enterprise": firm, "status": "Granted"},
	)
	assert response.status_code == 200, server_messages(response)

	def outcome():
		return site.db.get_value("Policy Match", {"enterprise": firm, "policy_item": item}, "outcome")

	assert wait_for(lambda: outcome() == "Eligible", timeout=120), outcome()
	opened = site.get_doc(
		"Policy Match", site.db.get_value("Policy Match", {"enterprise": firm, "policy_item": item})
	)
	assert "发明专利 2 件，符合要求" in opened.explanation
	assert staff.delete(f"/api/resource/Patent/{number}").status_code == 202
	# no longer eligible: its row goes, and staff opening the pair read why
	assert wait_for(lambda: outcome() is None, timeout=120), outcome()
	row = explained(staff, firm, item)[item]
	assert (row["outcome"], row["stored"]) == ("Not Eligible", False)
	assert row["explanation_lines"][0] == "发明专利 1 件，需 ≥ 2 件"


def test_a_changed_item_rematches_every_enterprise(site, matched):
	item, firms = matched["items"]["large"], matched["enterprises"]
	doc = site.get_doc("Policy Item", item)
	doc.conditions[0].value = "100"
	doc.save()
	site.db.commit()
	assert wait_for(
		lambda: (
			site.db.get_value("Policy Match", {"enterprise": firms["ready"], "policy_item": item}, "outcome")
			== "Eligible"
		),
		timeout=120,
	)
	assert settled(matched)
	doc.reload()
	doc.conditions[0].value = "1000"
	doc.save()
	site.db.commit()
	assert wait_for(
		lambda: (
			site.db.get_value("Policy Match", {"enterprise": firms["ready"], "policy_item": item}, "outcome")
			is None
		),
		timeout=120,
	)
	assert settled(matched)


# --- readiness -----------------------------------------------------------------------------------


def test_designation_readiness_names_the_next_tier_and_its_gaps(site, matched):
	firm = matched["enterprises"]["ready"]
	designation = site.get_doc(
		{
			"doctype": "Specialist Designation",
			"enterprise": firm,
			"designation_type": PROVINCIAL,
			"valid_from": "2025-03-01",
		}
	).insert()
	site.db.commit()
	try:
		response = matched["staff"].get(
			"/api/method/enterprise_support.policy_support.readiness.get_readiness",
			params={"enterprise": firm},
		)
		assert response.status_code == 200, server_messages(response)
		result = response.json()["message"]
		assert result["held_tier"] == PROVINCIAL
		assert result["next_tier"] == LITTLE_GIANT
		assert result["outcome"] == "not_eligible"
		assert "Ⅰ类知识产权 2 件，符合要求（≥ 2 件）" in result["met"]
		assert "资产负债率：暂无数据，需 ≤ 70%" in result["unknown"]
		assert result["gaps"] == [
			"上年度研发费用占营业收入比重 5%，需 ≥ 6%（适用于营业收入 ≥ 5000 万元且营业收入 < 10000 万元）"
		]

		from enterprise_support.policy_support.report.designation_readiness.designation_readiness import (
			execute,
		)

		site.set_user(matched["staff"].user)
		columns, rows = execute({"enterprise": firm})
		site.set_user("Administrator")
		assert [c["fieldname"] for c in columns][:4] == [
			"enterprise",
			"enterprise_name",
			"held_tier",
			"next_tier",
		]
		assert len(rows) == 1 and rows[0]["next_tier"] == LITTLE_GIANT and rows[0]["gap_count"] == 1
		# a contact may ask about their own enterprise only
		contact = matched["contacts"]["short"][2]
		other = contact.get(
			"/api/method/enterprise_support.policy_support.readiness.get_readiness",
			params={"enterprise": firm},
		)
		assert other.status_code == 403
	finally:
		site.set_user("Administrator")
		site.delete_doc("Specialist Designation", designation.name, force=True)
		site.db.commit()


# --- support plans -------------------------------------------------------------------------------


def apply(client, plan, action):
	return client.post(
		APPLY,
		data={"doc": json.dumps({"doctype": "Enterprise Support Plan", "name": plan}), "action": action},
	)


def plan_state(site, plan):
	site.db.rollback()
	return site.db.get_value(
		"Enterprise Support Plan",
		plan,
		["workflow_state", "progress", "task_count", "approved_by"],
		as_dict=True,
	)


def test_the_plan_workflow_is_set_up_from_its_table(site):
	workflow = site.get_doc("Workflow", wf.WORKFLOW_NAME)
	assert workflow.document_type == wf.DOCTYPE and workflow.is_active
	assert [(t.state, t.action, t.next_state, t.allowed) for t in workflow.transitions] == [
		(t.state, t.action, t.next_state, t.allowed) for t in wf.TRANSITIONS
	]
	from enterprise_support.policy_support.setup import ensure_support_plan_workflow

	modified = workflow.modified
	ensure_support_plan_workflow()  # idempotent: nothing to change
	assert site.db.get_value("Workflow", wf.WORKFLOW_NAME, "modified") == modified


def test_a_plan_from_matches_approved_by_a_leader_and_carried_out(site, matched):
	staff, leader, handler = matched["staff"], matched["leader"], matched["handler"]
	items, firm = matched["items"], matched["enterprises"]["ready"]

	built = staff.post(f"/api/method/{PLAN}.build_from_matches", data={"enterprise": firm, "plan_year": 2026})
	assert built.status_code == 200, server_messages(built)
	plan = built.json()["message"]
	doc = staff.get(f"/api/resource/Enterprise Support Plan/{plan}").json()["data"]
	assert doc["workflow_state"] == wf.DRAFT
	assert doc["responsible_leader"] == leader.user
	chosen = {row["policy_item"]: row for row in doc["policy_items"]}
	# its Eligible items: this test's two, and any of the site's other policies (the demo's)
	assert set(chosen) & set(items.values()) == {items["rd"], items["high_tech"]}
	outcomes = {
		row.policy_item: row.outcome
		for row in site.get_all(
			"Policy Match", filters={"enterprise": firm}, fields=["policy_item", "outcome"]
		)
	}
	assert all(outcomes.get(item) == "Eligible" for item in chosen), chosen
	assert chosen[items["rd"]]["application_status"] == "To Apply"
	assert chosen[items["high_tech"]]["grant_without_application"] == 1
	# a first goal: the next tier with criteria on file (创新型中小企业 has none), what it lacks
	assert PROVINCIAL in doc["goals"]
	assert "评价得分达60分以上或符合直通条件：暂无数据" in doc["goals"]

	# a second plan for the same enterprise and year is refused
	again = staff.post(f"/api/method/{PLAN}.build_from_matches", data={"enterprise": firm, "plan_year": 2026})
	assert again.status_code == 409, server_messages(again)

	# items: an Unknown one may be added, a Not Eligible one may not
	rows = [
		{"policy_item": r["policy_item"], "application_status": r["application_status"]}
		for r in doc["policy_items"]
	]
	refused = staff.put(
		f"/api/resource/Enterprise Support Plan/{plan}",
		json={"policy_items": [*rows, {"policy_item": items["large"]}]},
	)
	assert refused.status_code == 417
	assert "从业人员 120 人，需 ≥ 1000 人" in server_messages(refused)
	updated = staff.put(
		f"/api/resource/Enterprise Support Plan/{plan}",
		json={
			"policy_items": [*rows, {"policy_item": items["finance"]}],
			"measures": [
				{
					"measure": "协调科技局辅导申报研发投入后补助",
					"department": matched["department"],
					"responsible_leader": leader.user,
					"due_date": "2026-12-31",
				},
				{"measure": "组织高新技术企业复核培训", "department": matched["department"]},
			],
			"milestones": [{"milestone": "完成申报材料", "target_date": "2026-12-15"}],
		},
	)
	assert updated.status_code == 200, server_messages(updated)
	finance = next(r for r in updated.json()["data"]["policy_items"] if r["policy_item"] == items["finance"])
	assert finance["outcome"] == "Unknown" and "资产负债率：暂无数据" in finance["explanation"]

	# staff cannot approve; the leader can, but cannot edit the content
	assert apply(staff, plan, wf.APPROVE).status_code == 417
	assert plan_state(site, plan).workflow_state == wf.DRAFT
	assert (
		staff.put(
			f"/api/resource/Enterprise Support Plan/{plan}", json={"workflow_state": wf.APPROVED}
		).status_code
		== 417
	)
	assert plan_state(site, plan).workflow_state == wf.DRAFT
	assert (
		leader.put(f"/api/resource/Enterprise Support Plan/{plan}", json={"goals": "改写"}).status_code == 403
	)
	approved = apply(leader, plan, wf.APPROVE)
	assert approved.status_code == 200, server_messages(approved)
	state = plan_state(site, plan)
	assert (state.workflow_state, state.approved_by) == (wf.APPROVED, leader.user)
	assert apply(leader, plan, wf.START).status_code == 417

	# execution: one task per measure, to the department's head; progress from the tasks
	started = apply(staff, plan, wf.START)
	assert started.status_code == 200, server_messages(started)
	state = plan_state(site, plan)
	assert (state.workflow_state, state.task_count, state.progress) == (wf.IN_EXECUTION, 2, 0)
	tasks = site.get_all(
		"Support Task",
		filters={"support_plan": plan},
		fields=["name", "enterprise", "department", "assignee"],
	)
	assert {(t.enterprise, t.department, t.assignee) for t in tasks} == {
		(firm, matched["department"], handler.user)
	}
	for index, task in enumerate(tasks):
		done = handler.put(
			f"/api/resource/Support Task/{task.name}",
			json={"status": "Completed", "completion_note": "已完成"},
		)
		assert done.status_code == 200, server_messages(done)
		assert plan_state(site, plan).progress == (50 if index == 0 else 100)
	# a cancelled task does not count
	extra = staff.post(
		"/api/resource/Support Task", json={"subject": "临时事项", "support_plan": plan, "working_days": 3}
	)
	assert extra.status_code == 200, server_messages(extra)
	assert extra.json()["data"]["enterprise"] == firm
	assert plan_state(site, plan).progress == pytest.approx(66.7)
	cancelled = staff.put(
		f"/api/resource/Support Task/{extra.json()['data']['name']}", json={"status": "Cancelled"}
	)
	assert cancelled.status_code == 200, server_messages(cancelled)
	assert plan_state(site, plan).progress == 100

	# a review, then the plan is completed and can no longer be changed
	review = staff.post(
		"/api/resource/Support Plan Review",
		json={"support_plan": plan, "review_date": "2026-11-20", "status": "Done", "findings": "按计划推进"},
	)
	assert review.status_code == 200, server_messages(review)
	assert review.json()["data"]["progress_at_review"] == 100
	site.db.rollback()
	assert str(site.db.get_value("Enterprise Support Plan", plan, "last_review_date")) == "2026-11-20"
	assert apply(staff, plan, wf.COMPLETE).status_code == 200
	assert plan_state(site, plan).workflow_state == wf.COMPLETED
	late = staff.put(f"/api/resource/Enterprise Support Plan/{plan}", json={"goals": "补充"})
	assert late.status_code == 417


def test_plan_reviews_can_repeat_quarterly(site):
	"""Staff set a quarterly review with Auto Repeat on a Support Plan Review."""
	assert site.get_meta("Support Plan Review").allow_auto_repeat
	assert site.db.exists("Custom DocPerm", {"parent": "Auto Repeat", "role": wf.STAFF, "create": 1})


# --- the portal ----------------------------------------------------------------------------------


def test_each_contact_sees_only_their_own_enterprises_matches(site, matched):
	items, firms, contacts = matched["items"], matched["enterprises"], matched["contacts"]
	seen = {}
	for key in ("ready", "short"):
		response = contacts[key][2].get(MINE)
		assert response.status_code == 200, server_messages(response)
		# this test's own items (the site's other policies, such as the demo's, match too)
		seen[key] = [row for row in response.json()["message"] if row["policy_item"] in set(items.values())]
		assert {row["enterprise"] for row in seen[key]} == {firms[key]}
	ready = {row["policy_item"]: row for row in seen["ready"]}
	assert list(ready) == [items["high_tech"], items["rd"], items["finance"]]  # eligible, 免申即享 first
	rd = ready[items["rd"]]
	assert rd["outcome"] == "Eligible" and rd["explanation_lines"][0] == "发明专利 2 件，符合要求（≥ 2 件）"
	assert rd["manual_conditions"] == [{"requirement": "近三年无重大安全、环保事故", "evidence": "承诺书"}]
	assert rd["policy_title"].startswith("促进科技创新若干政策")
	finance = ready[items["finance"]]
	assert finance["outcome"] == "Unknown" and finance["unknown_fields"] == "资产负债率"
	assert finance["explanation_lines"][0].startswith("资产负债率：暂无数据")
	assert [row["policy_item"] for row in seen["short"]] == [items["finance"]]

	ours = contacts["short"][2]
	# no path to another enterprise's matches: not the table, not a parameter
	assert ours.get("/api/resource/Policy Match", params={"limit_page_length": 0}).status_code == 403
	row = site.db.get_value(
		"Policy Match", {"enterprise": firms["ready"], "policy_item": items["rd"]}, "name"
	)
	assert ours.get(f"/api/resource/Policy Match/{row}").status_code == 403
	forced = ours.get(MINE, params={"enterprise": firms["ready"]})
	assert forced.status_code in (200, 417)
	if forced.status_code == 200:
		assert {r["enterprise"] for r in forced.json()["message"]} <= {firms["short"]}
	# a contact reads policies through the portal only: no REST path at all
	for path in (
		"/api/resource/Policy Item",
		f"/api/resource/Policy Item/{items['rd']}",
		f"/api/resource/Policy/{matched['policies'][0]}",
	):
		assert ours.get(path).status_code == 403, path
	assert ours.put(f"/api/resource/Policy Item/{items['rd']}", json={"amount": 1}).status_code == 403
	# ... and behind that, the row rules still hold: only active items of policies in force
	site.set_user(contacts["short"][1])
	try:
		listed = site.get_list("Policy Item", filters={"name": ("in", list(items.values()))}, pluck="name")
		assert set(listed) == {items[k] for k in ("rd", "high_tech", "large", "finance")}
		assert not site.has_permission("Policy Item", doc=items["inactive"])
		assert not site.has_permission("Policy", doc=matched["policies"][1])
		assert site.has_permission("Policy", doc=matched["policies"][0])
	finally:
		site.set_user("Administrator")
	# the method is for contacts: staff have the desk
	assert matched["staff"].get(MINE).status_code == 403
