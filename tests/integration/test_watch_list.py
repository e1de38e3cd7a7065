"""The watch list (企业预警) on a small fixed data set: the daily job's exact flags, Chinese
explanations and scores at a pinned day; acknowledging a flag with a note keeps it quiet until
its facts change; who may see and acknowledge flags.

The data set (names carry TAG; all removed afterwards), the job run at TODAY = 2026-09-30 for
these three enterprises only:

* A -- figures history 2025: 42,500 万元, 300 staff; its own latest figures 2026: 31,000 万元,
  240 staff: revenue down 27 %, staff down exactly 20 % (on the line: flagged). Score 50.
* B -- no figures (missing, said as such); cases: three requests in 90 days (on the line), one
  a 投诉举报 overdue now, one rated 2 (on the line); one older than 90 days and one draft do
  not count. Score 10 + 20 + 15 + 15 = 60.
* C -- a 高新技术企业 designation ending 45 days after TODAY with no renewal (flagged), and a
  创新型中小企业 one ending within the window whose renewal is on record (not flagged).

The visit signal: while no visit is recorded on the site it is not assessed (and said so);
once visits exist, enterprises never visited are flagged. The test reads which holds.
"""

from __future__ import annotations

import datetime as dt
import secrets

import pytest

from .conftest import server_messages, valid_uscc

TAG = secrets.token_hex(3).upper()
TODAY = dt.date(2026, 9, 30)
ACK = "enterprise_support.enterprise_care.watchlist_actions.acknowledge"
FLAG = "Enterprise Watch Flag"


def days(n: int) -> str:
	return f"{TODAY - dt.timedelta(days=n)} 10:00:00"


@pytest.fixture(scope="module")
def world(site, users):
	frappe = site
	created = []
	names = {}

	def insert(doc):
		doc = frappe.get_doc(doc).insert(ignore_permissions=True)
		created.append((doc.doctype, doc.name))
		return doc

	try:
		street = insert(
			{"doctype": "Street", "street_name": f"预警测试街道{TAG}", "area_type": "Street"}
		).name
		staff = users.make("Enterprise Service Staff")
		for serial, key, fields in (
			(
				1,
				"A",
				{
					"annual_revenue": 31000,
					"employees": 240,
					"revenue_year": 2026,
					"annual_figures": [{"year": 2025, "operating_revenue": 42500, "employees": 300}],
				},
			),
			(2, "B", {"annual_revenue": 0, "employees": 0}),
			(3, "C", {"annual_revenue": 0, "employees": 0}),
		):
			names[key] = insert(
				{
					"doctype": "Enterprise",
					"enterprise_name": f"预警测试企业{TAG}-{key}",
					"uscc": valid_uscc(f"W{TAG}", serial),
					"industry_code": "C3879",
					"street": street,
					"service_officer": staff.user,
					**fields,
				}
			).name
		cases = {}
		for key, category, received, state, extra in (
			(
				"B1",
				"咨询",
				10,
				"Closed",
				{"satisfaction_rating": 2, "rated_on": days(5), "sla_status": "Met"},
			),
			(
				"B2",
				"投诉举报",
				20,
				"In Progress",
				{"sla_status": "Overdue", "resolution_due": days(3)},
			),
			("B3", "求助", 30, "Submitted", {"sla_status": "On Track"}),
			("B4", "咨询", 100, "Closed", {"sla_status": "Met"}),
			("B5", "咨询", 15, "Draft", {"sla_status": ""}),
		):
			doc = insert(
				{
					"doctype": "Support Case",
					"subject": f"预警测试诉求{TAG}-{key}",
					"enterprise": names["B"],
					"category": category,
					"description": "预警测试",
					"channel": "Phone",
					"received_on": days(received),
				}
			)
			frappe.db.set_value(
				"Support Case", doc.name, {"workflow_state": state, **extra}, update_modified=False
			)
			cases[key] = doc.name
		designations = {}
		for key, kind, valid_from in (
			("C1", "高新技术企业", "2023-11-15"),
			("C2", "创新型中小企业", "2023-10-20"),
			("C2R", "创新型中小企业", "2026-10-20"),
		):
			designations[key] = insert(
				{
					"doctype": "Specialist Designation",
					"enterprise": names["C"],
					"designation_type": kind,
					"valid_from": valid_from,
					"certificate_number": f"WL{TAG}{key}",
				}
			)
		frappe.db.commit()
		yield {"names": names, "cases": cases, "designations": designations, "staff": staff, "insert": insert}
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		frappe.db.delete(FLAG, {"enterprise": ("in", list(names.values()) or [""])})
		failures = []
		for doctype, name in reversed(created):
			try:
				if doctype == "Support Case":
					frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": name})
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
				frappe.db.commit()
			except Exception as error:
				frappe.db.rollback()
				failures.append(f"{doctype} {name}: {error!r}")
		assert not failures, "could not remove test data:\n" + "\n".join(failures)


def run_job(site, world, today=TODAY):
	from enterprise_support.enterprise_care import watchlist_job

	result = watchlist_job.run(today, list(world["names"].values()))
	site.db.commit()
	return result


def flags_of(site, enterprise: str) -> dict[str, dict]:
	site.db.rollback()
	rows = site.get_all(
		FLAG,
		filters={"enterprise": enterprise},
		fields=["name", "signal", "status", "weight", "explanation", "note", "service_officer"],
	)
	return {row.signal: row for row in rows}


def score_of(site, enterprise: str) -> int:
	site.db.rollback()
	return site.db.get_value("Enterprise", enterprise, "watch_score")


def visits_recorded() -> bool:
	from enterprise_support.enterprise_care.watchlist_job import visits_recorded

	return visits_recorded()


def without_visit(flags: dict) -> dict:
	"""The flags other than the visit signal (present exactly when visits are recorded)."""
	assert ("not_visited" in flags) == visits_recorded()
	if "not_visited" in flags:
		assert flags["not_visited"]["explanation"] == "从未走访"
	return {signal: row for signal, row in flags.items() if signal != "not_visited"}


def visit_weight() -> int:
	return 10 if visits_recorded() else 0


def test_the_daily_job_flags_each_signal_with_its_chinese_explanation_and_score(site, world):
	run_job(site, world)
	names, cases = world["names"], world["cases"]

	a = without_visit(flags_of(site, names["A"]))
	assert {s: (r.explanation, r.weight, r.status) for s, r in a.items()} == {
		"revenue_drop": ("营业收入下降 27%（2025年 4.25 亿元 → 2026年 3.1 亿元）", 30, "On Watch"),
		"employees_drop": ("员工人数下降 20%（2025年 300 人 → 2026年 240 人）", 20, "On Watch"),
	}
	assert {r.service_officer for r in a.values()} == {world["staff"].user}
	assert score_of(site, names["A"]) == 50 + visit_weight()

	b = without_visit(flags_of(site, names["B"]))
	assert {s: (r.explanation, r.weight) for s, r in b.items()} == {
		"frequent_requests": (f"90 天内提出诉求 3 件（{cases['B3']}、{cases['B2']}、{cases['B1']}）", 10),
		"complaint": (f"90 天内有投诉举报 1 件（{cases['B2']}）", 20),
		"overdue_request": (f"有 1 件诉求已超期（{cases['B2']}）", 15),
		"low_satisfaction": (f"满意度评价 2 分（{cases['B1']}）", 15),
	}
	assert score_of(site, names["B"]) == 60 + visit_weight()

	c = without_visit(flags_of(site, names["C"]))
	valid_to = site.db.get_value("Specialist Designation", world["designations"]["C1"].name, "valid_to")
	left = (valid_to - TODAY).days
	assert 0 <= left <= 90
	assert {s: r.explanation for s, r in c.items()} == {
		"designation_expiring": f"高新技术企业资质将于 {valid_to.isoformat()} 到期（剩 {left} 天），尚未启动复核"
	}
	assert score_of(site, names["C"]) == 10 + visit_weight()


def test_missing_data_is_no_flag_and_is_said_as_such(site, world):
	"""B has no figures: no figure flag, and its form says so (as its officer sees it)."""
	run_job(site, world)
	response = world["staff"].get(
		"/api/method/enterprise_support.enterprise_care.watchlist_actions.enterprise_watch_list",
		params={"enterprise": world["names"]["B"]},
	)
	assert response.status_code == 200, server_messages(response)
	data = response.json()["message"]
	assert data["allowed"] and data["can_acknowledge"]
	assert data["score"] == 60 + visit_weight()
	assert "revenue_drop" not in {flag["signal"] for flag in data["flags"]}
	assert "营业收入未填报，未评估" in data["missing"]
	assert "员工人数未填报，未评估" in data["missing"]
	if not visits_recorded():
		assert "尚无走访记录：暂不评估是否按期走访" in data["missing"]


def test_an_acknowledged_flag_stays_quiet_until_its_facts_change(site, world):
	names, staff = world["names"], world["staff"]
	run_job(site, world)
	flag = flags_of(site, names["A"])["revenue_drop"]

	response = staff.post(
		f"/api/method/{ACK}", json={"flag": flag.name, "note": "已走访，系产能调整，持续关注"}
	)
	assert response.status_code == 200, server_messages(response)
	again = flags_of(site, names["A"])["revenue_drop"]
	assert again.status == "Acknowledged"
	assert again.note == "已走访，系产能调整，持续关注"
	assert score_of(site, names["A"]) == 20 + visit_weight()

	# The next days' runs keep it quiet: same facts.
	run_job(site, world)
	run_job(site, world, TODAY + dt.timedelta(days=1))
	assert flags_of(site, names["A"])["revenue_drop"].status == "Acknowledged"
	assert score_of(site, names["A"]) == 20 + visit_weight()

	# New figures: the flag is back, with the new explanation; the note is kept for the record.
	site.db.set_value("Enterprise", names["A"], "annual_revenue", 29750)
	site.db.commit()
	run_job(site, world)
	back = flags_of(site, names["A"])["revenue_drop"]
	assert back.status == "On Watch"
	assert back.explanation == "营业收入下降 30%（2025年 4.25 亿元 → 2026年 2.98 亿元）"
	assert back.note == "已走访，系产能调整，持续关注"
	assert score_of(site, names["A"]) == 50 + visit_weight()


def test_a_new_case_brings_back_an_acknowledged_request_flag(site, world):
	names, staff = world["names"], world["staff"]
	run_job(site, world)
	flag = flags_of(site, names["B"])["frequent_requests"]
	assert staff.post(f"/api/method/{ACK}", json={"flag": flag.name, "note": "已电话沟通"}).status_code == 200
	run_job(site, world)
	assert flags_of(site, names["B"])["frequent_requests"].status == "Acknowledged"

	case = world["insert"](
		{
			"doctype": "Support Case",
			"subject": f"预警测试诉求{TAG}-B6",
			"enterprise": names["B"],
			"category": "咨询",
			"description": "预警测试",
			"channel": "Phone",
			"received_on": days(1),
		}
	)
	site.db.set_value(
		"Support Case",
		case.name,
		{"workflow_state": "Submitted", "sla_status": "On Track"},
		update_modified=False,
	)
	site.db.commit()
	run_job(site, world)
	back = flags_of(site, names["B"])["frequent_requests"]
	assert back.status == "On Watch"
	assert back.explanation.startswith("90 天内提出诉求 4 件（")


def test_a_flag_whose_signal_clears_is_removed(site, world):
	names = world["names"]
	run_job(site, world)
	assert "designation_expiring" in flags_of(site, names["C"])
	# Ninety-one days on, the designation has expired: no longer "expiring".
	run_job(site, world, TODAY + dt.timedelta(days=91))
	assert "designation_expiring" not in flags_of(site, names["C"])
	run_job(site, world)


def test_acknowledging_needs_a_note_and_the_right_role(site, world, users):
	names = world["names"]
	run_job(site, world)
	flag = flags_of(site, names["B"])["complaint"]

	response = world["staff"].post(f"/api/method/{ACK}", json={"flag": flag.name, "note": "  "})
	assert response.status_code == 417
	assert "请填写备注后再知悉此预警" in server_messages(response)
	response = world["staff"].post(
		f"/api/method/{ACK}", json={"flag": flag.name, "note": "<script>x</script>"}
	)
	assert response.status_code == 417
	assert flags_of(site, names["B"])["complaint"].status == "On Watch"

	leader = users.make("Enterprise Leader")
	response = leader.post(f"/api/method/{ACK}", json={"flag": flag.name, "note": "看过了"})
	assert response.status_code == 403
	assert flags_of(site, names["B"])["complaint"].status == "On Watch"
	listed = leader.get(f"/api/resource/{FLAG}", params={"filters": f'[["enterprise","=","{names["B"]}"]]'})
	assert listed.status_code == 200
	assert {row["name"] for row in listed.json()["data"]} >= {flag.name}

	# Staff may not edit a flag by hand.
	response = world["staff"].put(f"/api/resource/{FLAG}/{flag.name}", json={"status": "Acknowledged"})
	assert response.status_code in (403, 417)
	assert flags_of(site, names["B"])["complaint"].status == "On Watch"


def test_handlers_and_contacts_see_no_flags(site, world, users, portal_contacts):
	names = world["names"]
	run_job(site, world)
	flag = flags_of(site, names["B"])["complaint"]

	handler = users.make("Department Handler")
	for path in (
		f"/api/resource/{FLAG}",
		f"/api/resource/{FLAG}/{flag.name}",
		"/api/resource/Watch List Rule",
	):
		response = handler.get(path)
		assert response.status_code == 403 or not response.json().get("data"), path
	response = handler.post(f"/api/method/{ACK}", json={"flag": flag.name, "note": "x"})
	assert response.status_code == 403
	response = handler.get(
		"/api/method/enterprise_support.enterprise_care.watchlist_actions.enterprise_watch_list",
		params={"enterprise": names["B"]},
	)
	assert response.status_code == 200 and response.json()["message"] == {"allowed": False}

	contact = portal_contacts.make(names["B"])
	for path in (
		f"/api/resource/{FLAG}",
		f"/api/resource/{FLAG}/{flag.name}",
		"/api/resource/Enterprise Annual Figure",
		"/api/method/enterprise_support.enterprise_care.watchlist_actions.enterprise_watch_list"
		f"?enterprise={names['B']}",
	):
		response = contact.get(path)
		assert response.status_code == 403, path
	assert contact.post(f"/api/method/{ACK}", json={"flag": flag.name, "note": "x"}).status_code == 403
	assert flags_of(site, names["B"])["complaint"].status == "On Watch"


def test_rules_are_data_and_checked(site, world):
	rule = site.get_doc("Watch List Rule", "frequent_requests")
	assert (rule.threshold, rule.weight, rule.window_days, rule.enabled) == (3, 10, 90, 1)
	rule.window_days = 0
	with pytest.raises(site.ValidationError, match=r"请至少填写 1 天|at least 1 day"):
		rule.save()
	site.db.rollback()


def test_figures_history_is_checked(site, world):
	doc = site.get_doc("Enterprise", world["names"]["A"])
	doc.append("annual_figures", {"year": 2025, "operating_revenue": 1, "employees": 1})
	with pytest.raises(site.ValidationError):
		doc.save()
	site.db.rollback()
	doc = site.get_doc("Enterprise", world["names"]["A"])
	doc.append("annual_figures", {"year": 1850})
	with pytest.raises(site.ValidationError):
		doc.save()
	site.db.rollback()
