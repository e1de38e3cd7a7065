"""Managers' reports on a small fixed data set: every figure of the test chain, the filters,
the drill-down lists, row-level visibility and who may run the reports.

The data set (all names carry TAG and are removed afterwards): a chain with links and nodes,
two streets, eight enterprises of chosen sizes (one deregistered), designations of chosen tiers
and statuses, patents, two departments and case categories of their own, and twelve cases.
Cases are inserted, then their workflow and SLA fields are set directly so the figures are
exact whatever today is.

    chain C ── L_up (Upstream) ──── N_a: E1 Large (A), E2 Medium (A)
             │                  └── N_b: E3 Small (B)
             │                  (L_up itself: E4 Micro (A))
             ├─ L_mid (Midstream):      E5 Medium (B), E6 Small (A)
             └─ L_down (Downstream) ─── N_c: E8 Large (B), deregistered
             (C itself: E7 Small (A))
"""

from __future__ import annotations

import datetime as dt
import json
import secrets

import pytest

from .conftest import valid_uscc

TAG = secrets.token_hex(3).upper()
P_FROM, P_TO = "2026-03-01", "2026-06-30"
SMALL_GIANT = "国家级专精特新“小巨人”企业"
PROVINCIAL = "省级专精特新中小企业"
INNOVATIVE = "创新型中小企业"
CHAMPION = "制造业单项冠军企业"
HIGH_TECH = "高新技术企业"
TECH_SME = "科技型中小企业"

ENTERPRISES = {
	# key: (node key, street key, size class, status)
	"E1": ("N_a", "A", "Large", "Operating"),
	"E2": ("N_a", "A", "Medium", "Operating"),
	"E3": ("N_b", "B", "Small", "Operating"),
	"E4": ("L_up", "A", "Micro", "Operating"),
	"E5": ("L_mid", "B", "Medium", "Operating"),
	"E6": ("L_mid", "A", "Small", "Operating"),
	"E7": ("C", "A", "Small", "Operating"),
	"E8": ("N_c", "B", "Large", "Deregistered"),
}

# key: (enterprise, designation type, status wanted)
DESIGNATIONS = {
	"D1": ("E1", SMALL_GIANT, "Active"),
	"D2": ("E1", HIGH_TECH, "Active"),
	"D3": ("E2", PROVINCIAL, "Expiring"),
	"D4": ("E3", INNOVATIVE, "Active"),
	"D5": ("E4", INNOVATIVE, "Expired"),
	"D6": ("E5", HIGH_TECH, "Active"),
	"D7": ("E8", CHAMPION, "Active"),
	"D8": ("E6", TECH_SME, "Active"),
	"D9": ("E7", PROVINCIAL, "Not Yet Valid"),
	"D10": ("E8", INNOVATIVE, "Expiring"),
}

# (enterprise, type digit, granted)
PATENTS = [
	("E1", 1, True),
	("E1", 1, False),
	("E1", 2, True),
	("E2", 3, True),
	("E3", 1, True),
	("E5", 2, False),
	("E5", 2, True),
	("E8", 1, True),
]

T = dt.datetime
# key: enterprise, category key, state, received, sla, working days to resolve, rating,
#      department key, handler key, response status, responded on, resolved on
# fmt: off
CASES = {
	"C1": ("E1", "X", "Closed", T(2026, 3, 2, 9), "Met", 2.5, 5, "A", "a", "Met", T(2026, 3, 2, 15), T(2026, 3, 3, 10)),
	"C2": ("E1", "Y", "Closed", T(2026, 4, 1, 10), "Missed", 9.0, 3, "B", "b", "Met", T(2026, 4, 2, 10), T(2026, 4, 13, 10)),
	"C3": ("E2", "X", "Resolved", T(2026, 5, 6, 9), "Met", 1.25, 0, "A", "a", "Missed", T(2026, 5, 8, 9), T(2026, 5, 7, 10)),
	"C4": ("E3", "X", "In Progress", T(2026, 6, 1, 9), "Overdue", None, 0, "A", "a", "Met", T(2026, 6, 1, 12), None),
	"C5": ("E4", "Y", "Dispatched", T(2026, 2, 10, 9), "Overdue", None, 0, "B", "b", "Met", T(2026, 2, 10, 11), None),
	"C6": ("E5", "X", "Awaiting Enterprise", T(2026, 6, 15, 9), "Paused", None, 0, "A", None, "Met", T(2026, 6, 16, 9), None),
	"C7": ("E6", "Y", "Closed", T(2026, 7, 1, 9), "Met", 3.0, 4, "B", "b", "Met", T(2026, 7, 1, 10), T(2026, 7, 3, 10)),
	"C8": ("E7", "X", "Rejected", T(2026, 3, 20, 9), None, None, 0, None, None, "Met", T(2026, 3, 20, 10), None),
	"C9": ("E8", "Y", "Closed", T(2026, 4, 15, 9), "Met", 4.5, 5, "B", "b", "Met", T(2026, 4, 15, 11), T(2026, 4, 20, 10)),
	"C10": ("E2", "X", "Draft", T(2026, 4, 20, 9), None, None, 0, None, None, None, None, None),
	"C11": ("E1", "Y", "Submitted", T(2026, 6, 20, 9), "On Track", None, 0, None, None, "Overdue", None, None),
	"C12": ("E3", "X", "In Progress", T(2026, 6, 10, 9), "Due Soon", None, 0, "A", "a", "Met", T(2026, 6, 10, 17), None),
}
# fmt: on

ENTERPRISE_KEYS = ("enterprises", "size_large", "size_medium", "size_small", "size_micro")
PATENT_KEYS = ("invention", "utility_model", "design", "class_i")
CASE_KEYS = (
	"received",
	"open_cases",
	"resolved",
	"resolution_time",
	"within_deadline",
	"satisfaction",
	"overdue_now",
)


def expected(enterprises, designations, patents, cases) -> dict:
	return {
		**dict(zip(ENTERPRISE_KEYS, enterprises, strict=True)),
		"designations": designations,
		**dict(zip(PATENT_KEYS, patents, strict=True)),
		**dict(zip(CASE_KEYS, cases, strict=True)),
	}


NO_CASES = (0, 0, 0, None, None, None, 0)
# Period P, no other filter.
IN_P = {
	"C": expected(
		(7, 1, 2, 3, 1),
		{INNOVATIVE: 1, PROVINCIAL: 1, SMALL_GIANT: 1, HIGH_TECH: 2},
		(3, 3, 1, 2),
		(9, 5, 4, 4.31, 75.0, 4.33, 2),
	),
	"L_up": expected(
		(4, 1, 1, 1, 1),
		{INNOVATIVE: 1, PROVINCIAL: 1, SMALL_GIANT: 1, HIGH_TECH: 1},
		(3, 1, 1, 2),
		(6, 4, 3, 4.25, 66.7, 4.0, 2),
	),
	"N_a": expected(
		(2, 1, 1, 0, 0),
		{PROVINCIAL: 1, SMALL_GIANT: 1, HIGH_TECH: 1},
		(2, 1, 1, 1),
		(4, 1, 3, 4.25, 66.7, 4.0, 0),
	),
	"N_b": expected((1, 0, 0, 1, 0), {INNOVATIVE: 1}, (1, 0, 0, 1), (2, 2, 0, None, None, None, 1)),
	"L_mid": expected((2, 0, 1, 1, 0), {HIGH_TECH: 1}, (0, 2, 0, 0), (1, 1, 0, None, None, None, 0)),
	"L_down": expected((0, 0, 0, 0, 0), {}, (0, 0, 0, 0), (1, 0, 1, 4.5, 100.0, 5.0, 0)),
	"N_c": expected((0, 0, 0, 0, 0), {}, (0, 0, 0, 0), (1, 0, 1, 4.5, 100.0, 5.0, 0)),
}
TREE = [
	("C", 0, None),
	("L_up", 1, "C"),
	("N_a", 2, "L_up"),
	("N_b", 2, "L_up"),
	("L_mid", 1, "C"),
	("L_down", 1, "C"),
	("N_c", 2, "L_down"),
]


# --- the data set -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(site, users):
	from frappe.utils import add_days, add_years, getdate, nowdate

	from enterprise_support.setup.scale_data import make_application_number

	frappe = site
	staff = users.make("Enterprise Service Staff")
	leader = users.make("Enterprise Leader")
	handler_a = users.make("Department Handler")
	handler_b = users.make("Department Handler")
	contact = users.make("Enterprise Contact", desk=False)
	w = {"staff": staff, "leader": leader, "handler_a": handler_a, "handler_b": handler_b, "contact": contact}
	users_by_key = {"a": handler_a.user, "b": handler_b.user, None: None}
	created: list[tuple[str, str]] = []  # (doctype, name), deleted in reverse

	def insert(doc):
		doc = frappe.get_doc(doc).insert(ignore_permissions=True)
		created.append((doc.doctype, doc.name))
		return doc

	try:
		streets = {
			key: insert(
				{"doctype": "Street", "street_name": f"报表测试{key}街道{TAG}", "area_type": "Street"}
			).name
			for key in ("A", "B")
		}
		departments = {
			"A": insert(
				{
					"doctype": "Service Department",
					"department_name": f"报表测试甲部门{TAG}",
					"members": [{"user": handler_a.user}],
				}
			).name,
			"B": insert(
				{
					"doctype": "Service Department",
					"department_name": f"报表测试乙部门{TAG}",
					"members": [{"user": handler_b.user}],
				}
			).name,
			None: None,
		}
		categories = {
			"X": insert(
				{
					"doctype": "Case Category",
					"category_name": f"报表咨询{TAG}",
					"time_limit_days": 3,
					"response_limit_days": 1,
					"default_department": departments["A"],
					"is_active": 1,
				}
			).name,
			"Y": insert(
				{
					"doctype": "Case Category",
					"category_name": f"报表求助{TAG}",
					"time_limit_days": 7,
					"response_limit_days": 1,
					"default_department": departments["B"],
					"is_active": 1,
				}
			).name,
		}
		nodes = {}
		nodes["C"] = insert(
			{
				"doctype": "Industry Chain",
				"node_name": f"报表测试链{TAG}",
				"node_type": "Chain",
				"chain_chief": leader.user,
			}
		).name
		for key, segment in (("L_up", "Upstream"), ("L_mid", "Midstream"), ("L_down", "Downstream")):
			nodes[key] = insert(
				{
					"doctype": "Industry Chain",
					"node_name": f"报表测试{key}{TAG}",
					"node_type": "Chain Link",
					"segment": segment,
					"parent_industry_chain": nodes["C"],
				}
			).name
		for key, parent in (("N_a", "L_up"), ("N_b", "L_up"), ("N_c", "L_down")):
			nodes[key] = insert(
				{
					"doctype": "Industry Chain",
					"node_name": f"报表测试{key}{TAG}",
					"node_type": "Chain Node",
					"parent_industry_chain": nodes[parent],
				}
			).name

		enterprises = {}
		for serial, (key, (node, street, size, status)) in enumerate(ENTERPRISES.items(), 1):
			doc = insert(
				{
					"doctype": "Enterprise",
					"enterprise_name": f"报表测试企业{TAG}-{key}",
					"uscc": valid_uscc(TAG, 700 + serial),
					"industry_chain": nodes["C"],
					"chain_link": nodes[node] if node != "C" else None,
					"street": streets[street],
					"status": status,
					"service_officer": staff.user,
				}
			)
			frappe.db.set_value("Enterprise", doc.name, "size_class", size, update_modified=False)
			enterprises[key] = doc.name

		today = getdate(nowdate())
		designations = {}
		for key, (enterprise, designation_type, status) in DESIGNATIONS.items():
			years = 1 if designation_type == TECH_SME else 3
			valid_from = {
				"Active": add_days(today, -200),
				"Expiring": add_days(add_years(today, -years), 31),  # valid to today + 30
				"Expired": add_days(add_years(today, -years), -99),  # valid to today - 100
				"Not Yet Valid": add_days(today, 10),
			}[status]
			doc = insert(
				{
					"doctype": "Specialist Designation",
					"enterprise": enterprises[enterprise],
					"designation_type": designation_type,
					"certificate_number": f"报表测试{TAG}-{key}",
					"valid_from": valid_from,
				}
			)
			assert doc.status == status, (key, doc.status, doc.valid_to)
			designations[key] = doc.name

		base = 9_000_000 + int(TAG, 16) % 900_000
		patents = []
		for index, (enterprise, type_digit, granted) in enumerate(PATENTS):
			doc = insert(
				{
					"doctype": "Patent",
					"application_number": make_application_number(2024, type_digit, base + index),
					"title": f"报表测试专利{TAG}-{index}",
					"enterprise": enterprises[enterprise],
					"status": "Granted" if granted else "Applied",
					"application_date": "2024-03-01",
					"grant_date": "2025-06-01" if granted else None,
				}
			)
			patents.append((enterprise, type_digit, doc.name))

		cases = {}
		for key, (
			enterprise,
			category,
			state,
			received,
			sla,
			working_days,
			rating,
			department,
			handler,
			response,
			responded,
			resolved,
		) in CASES.items():
			doc = insert(
				{
					"doctype": "Support Case",
					"subject": f"报表测试诉求{TAG}-{key}",
					"enterprise": enterprises[enterprise],
					"category": categories[category],
					"description": "报表测试",
					"channel": "Phone",
					"received_on": received,
				}
			)
			frappe.db.set_value(
				"Support Case",
				doc.name,
				{
					"workflow_state": state,
					"sla_status": sla,
					"resolution_working_days": working_days or 0,
					"satisfaction_rating": rating,
					"department": departments[department],
					"handler": users_by_key[handler],
					"response_status": response,
					"responded_on": responded,
					"resolved_on": resolved,
				},
				update_modified=False,
			)
			cases[key] = doc.name
		# Deadlines relative to today for the breaching-soon list and My Work.
		from enterprise_support.support_cases.deadlines import add_working_days

		due = {
			"C4": add_working_days(today, -2),
			"C12": today,
		}
		for key, day in due.items():
			frappe.db.set_value(
				"Support Case", cases[key], "resolution_due", f"{day} 23:59:59", update_modified=False
			)
		tasks = {}
		for key, (case, working_days, status) in {
			"T1": ("C4", 1, "Open"),
			"T2": ("C12", 5, "Open"),
			"T3": ("C4", 1, "Completed"),
		}.items():
			tasks[key] = insert(
				{
					"doctype": "Support Task",
					"subject": f"报表测试任务{TAG}-{key}",
					"support_case": cases[case],
					"assignee": handler_a.user,
					"department": departments["A"],
					"working_days": working_days,
					"status": status,
					"completion_note": "已完成" if status == "Completed" else None,
				}
			).name
		frappe.db.commit()
		w.update(
			streets=streets,
			departments=departments,
			categories=categories,
			nodes=nodes,
			enterprises=enterprises,
			designations=designations,
			patents=patents,
			cases=cases,
			tasks=tasks,
			due=due,
			today=today,
		)
		yield w
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		# Each record on its own: one that cannot be deleted must not leave the rest behind.
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


# --- helpers ------------------------------------------------------------------------------------


def run(module: str, filters: dict, user: str | None = None):
	"""A report's ``execute`` in-process (as ``user`` when given)."""
	import importlib

	import frappe

	report = importlib.import_module(f"enterprise_support.industry_reports.report.{module}.{module}")
	if user:
		frappe.set_user(user)
	try:
		return report.execute(frappe._dict(filters))
	finally:
		frappe.set_user("Administrator")


def figures(columns: list[dict], row: dict) -> dict:
	"""The figures of a report row, designation columns gathered by designation type."""
	out = {"designations": {}}
	for column in columns:
		if not column.get("figure"):
			continue
		if column.get("designation_type"):
			value = row[column["fieldname"]]
			if value:
				out["designations"][column["designation_type"]] = value
		else:
			out[column["fieldname"]] = row[column["fieldname"]]
	return out


def chain_report(world, **filters):
	columns, data, _message, chart = run("industry_chain_report", filters)
	rows = {row["node"]: row for row in data}
	keys = {name: key for key, name in world["nodes"].items()}
	return columns, data, {keys[name]: row for name, row in rows.items() if name in keys}, chart


def period(**extra):
	return {"from_date": P_FROM, "to_date": P_TO, **extra}


# --- Industry Chain Report ----------------------------------------------------------------------


def test_every_figure_of_the_test_chain(world):
	columns, _data, rows, chart = chain_report(world, **period())
	assert set(rows) == set(IN_P)
	for key, want in IN_P.items():
		assert figures(columns, rows[key]) == want, key
	# The designation columns: every ladder tier, lowest first, then the high-tech enterprise.
	designation_columns = [c["designation_type"] for c in columns if c.get("designation_type")]
	assert designation_columns[-1] == HIGH_TECH
	assert designation_columns.index(INNOVATIVE) < designation_columns.index(PROVINCIAL)
	assert designation_columns.index(SMALL_GIANT) < designation_columns.index(CHAMPION)
	assert TECH_SME not in designation_columns
	# The enterprises chart has a bar for the chain.
	labels = chart["data"]["labels"]
	index = labels.index(world["nodes"]["C"])
	assert chart["data"]["datasets"][0]["values"][index] == 7
	assert chart["data"]["datasets"][1]["values"][index] == 5


def test_the_rows_form_a_tree_in_chain_order(world):
	_columns, data, rows, _chart = chain_report(world, **period(chain=world["nodes"]["C"]))
	names = {name: key for key, name in world["nodes"].items()}
	assert [names.get(row["node"]) for row in data[:-1]] == [key for key, _, _ in TREE]
	for key, indent, parent in TREE:
		assert rows[key]["indent"] == indent
		assert rows[key]["parent_industry_chain"] == (world["nodes"][parent] if parent else None)
	assert rows["L_up"]["kind"] == "Chain Link" and rows["N_a"]["kind"] == "Chain Node"
	# With one chain chosen the total is that chain.
	total = data[-1]
	assert total["kind"] == "Total"
	columns = chain_report(world, **period())[0]
	assert figures(columns, total) == IN_P["C"]


def test_only_a_chain_may_be_chosen_as_the_chain(world):
	import frappe

	with pytest.raises(frappe.ValidationError):
		run("industry_chain_report", period(chain=world["nodes"]["L_up"]))


def test_the_high_tech_column_follows_the_settings(world):
	import frappe

	settings = frappe.get_single("Industry Report Settings")
	before = settings.high_tech_designation
	try:
		settings.high_tech_designation = TECH_SME
		settings.save()
		columns, _data, rows, _chart = chain_report(world, **period())
		reported = [c["designation_type"] for c in columns if c.get("designation_type")]
		assert reported[-1] == TECH_SME and HIGH_TECH not in reported
		assert figures(columns, rows["L_mid"])["designations"] == {TECH_SME: 1}  # D8
	finally:
		settings.high_tech_designation = before
		settings.save()
		frappe.db.commit()


def test_street_filter(world):
	columns, data, rows, _chart = chain_report(world, **period(street=world["streets"]["A"]))
	want = expected(
		(5, 1, 1, 2, 1),
		{PROVINCIAL: 1, SMALL_GIANT: 1, HIGH_TECH: 1},
		(2, 1, 1, 1),
		(5, 2, 3, 4.25, 66.7, 4.0, 1),
	)
	assert figures(columns, rows["C"]) == want
	assert figures(columns, rows["N_b"]) == expected((0, 0, 0, 0, 0), {}, (0, 0, 0, 0), NO_CASES)
	# Nothing else in the district is in this street: the total is the test chain.
	assert data[-1]["kind"] == "Total"
	assert figures(columns, data[-1]) == want


def test_category_filter(world):
	columns, _data, rows, _chart = chain_report(world, **period(category=world["categories"]["X"]))
	assert figures(columns, rows["C"]) == {
		**IN_P["C"],
		**dict(zip(CASE_KEYS, (6, 3, 2, 1.88, 100.0, 5.0, 1), strict=True)),
	}
	assert figures(columns, rows["N_a"]) == {
		**IN_P["N_a"],
		**dict(zip(CASE_KEYS, (2, 0, 2, 1.88, 100.0, 5.0, 0), strict=True)),
	}


def test_period_filter(world):
	columns, _data, rows, _chart = chain_report(world, from_date="2026-07-01", to_date="2026-07-31")
	# Period figures follow the period; open and overdue cases are counted now.
	assert figures(columns, rows["C"]) == {
		**IN_P["C"],
		**dict(zip(CASE_KEYS, (1, 5, 1, 3.0, 100.0, 4.0, 2), strict=True)),
	}
	assert figures(columns, rows["L_mid"]) == {
		**IN_P["L_mid"],
		**dict(zip(CASE_KEYS, (1, 1, 1, 3.0, 100.0, 4.0, 0), strict=True)),
	}
	columns, _data, rows, _chart = chain_report(world)  # no period: every case
	assert figures(columns, rows["C"]) == {
		**IN_P["C"],
		**dict(zip(CASE_KEYS, (11, 5, 5, 4.05, 80.0, 4.25, 2), strict=True)),
	}


def test_empty_period_gives_blanks_not_errors(world):
	columns, _data, rows, _chart = chain_report(world, from_date="2025-01-01", to_date="2025-12-31")
	assert figures(columns, rows["C"]) == {
		**IN_P["C"],
		**dict(zip(CASE_KEYS, (0, 5, 0, None, None, None, 2), strict=True)),
	}


def details(world, figure, node=None, **filters):
	_columns, rows, _message = run(
		"industry_chain_details",
		{"figure": figure, "node": world["nodes"][node] if node else None, **filters},
	)
	return rows


def test_drill_down_lists_hold_the_records_counted(world):
	cases = {name: key for key, name in world["cases"].items()}
	des = {name: key for key, name in world["designations"].items()}

	def case_keys(rows):
		return {cases[r["support_case"]] for r in rows}

	assert case_keys(details(world, "open_cases", "L_up", **period())) == {"C4", "C5", "C11", "C12"}
	assert case_keys(details(world, "overdue_now", "C")) == {"C4", "C5"}
	assert case_keys(details(world, "resolved", "C", **period())) == {"C1", "C2", "C3", "C9"}
	assert case_keys(details(world, "within_deadline", "C", **period())) == {"C1", "C2", "C3", "C9"}
	assert case_keys(details(world, "satisfaction", "C", **period())) == {"C1", "C2", "C9"}
	assert case_keys(details(world, "received", "N_a", **period(category=world["categories"]["X"]))) == {
		"C1",
		"C3",
	}
	# The total row's figure: every chain, here narrowed by the street.
	assert case_keys(details(world, "received", None, **period(street=world["streets"]["A"]))) == {
		"C1",
		"C2",
		"C3",
		"C8",
		"C11",
	}
	rows = details(world, "designations", "C", designation_type=HIGH_TECH)
	assert {des[r["designation"]] for r in rows} == {"D2", "D6"}
	assert len(details(world, "patents", "N_a", patent_type="Invention")) == 2
	assert len(details(world, "class_i", "C")) == 2


def test_an_enterprise_that_moves_takes_its_figures_along(world, site):
	"""Each case carries a copy of its enterprise's chain, link and street, and the report counts
	patents from the enterprise's own counts: when E3 moves from N_b in street B to L_mid in
	street A, its cases, patents and designation are counted there at once, the drill-down lists
	follow, and the cases themselves are not marked as changed."""
	frappe = site
	enterprise = frappe.get_doc("Enterprise", world["enterprises"]["E3"])
	c4 = world["cases"]["C4"]
	modified = frappe.db.get_value("Support Case", c4, "modified")
	cases = {name: key for key, name in world["cases"].items()}
	try:
		enterprise.chain_link = world["nodes"]["L_mid"]
		enterprise.street = world["streets"]["A"]
		enterprise.save(ignore_permissions=True)
		copy = frappe.db.get_value("Support Case", c4, ["chain_link", "street", "modified"], as_dict=True)
		assert (copy.chain_link, copy.street) == (world["nodes"]["L_mid"], world["streets"]["A"])
		assert copy.modified == modified

		columns, _data, rows, _chart = chain_report(world, **period())
		assert figures(columns, rows["N_b"]) == expected((0, 0, 0, 0, 0), {}, (0, 0, 0, 0), NO_CASES)
		# Saved without reported figures, E3's size class is unknown now: counted, in no size.
		assert enterprise.size_class == ""
		assert figures(columns, rows["L_mid"]) == expected(
			(3, 0, 1, 1, 0),
			{INNOVATIVE: 1, HIGH_TECH: 1},
			(1, 2, 0, 1),
			(3, 3, 0, None, None, None, 1),
		)
		assert figures(columns, rows["L_up"]) == expected(
			(3, 1, 1, 0, 1),
			{PROVINCIAL: 1, SMALL_GIANT: 1, HIGH_TECH: 1},
			(2, 1, 1, 1),
			(4, 2, 3, 4.25, 66.7, 4.0, 1),
		)
		assert figures(columns, rows["C"]) == {**IN_P["C"], "size_small": 2}  # still in the chain
		columns, _data, rows, _chart = chain_report(world, **period(street=world["streets"]["B"]))
		assert figures(columns, rows["C"])["open_cases"] == 1  # C6 of E5 only
		opened = details(world, "open_cases", "L_mid", **period())
		assert {cases[r["support_case"]] for r in opened} == {"C4", "C6", "C12"}
		assert len(details(world, "patents", "L_mid", patent_type="Invention")) == 1
	finally:
		enterprise.reload()
		enterprise.chain_link = world["nodes"]["N_b"]
		enterprise.street = world["streets"]["B"]
		enterprise.save(ignore_permissions=True)
		frappe.db.set_value("Enterprise", enterprise.name, "size_class", "Small", update_modified=False)
		frappe.db.commit()
	columns, _data, rows, _chart = chain_report(world, **period())
	for key, want in IN_P.items():
		assert figures(columns, rows[key]) == want, key


def _report_filters(world) -> list[dict]:
	"""Filters and periods that cover every case figure: the test period, none at all, bounds
	before the first and after the last case (so the report leaves them out), one bound only,
	and each of the street, chain and category filters."""
	return [
		period(),
		{},
		{"from_date": "2000-01-01", "to_date": "2100-12-31"},
		{"from_date": "2000-01-01", "to_date": P_TO},
		{"from_date": P_FROM, "to_date": "2100-12-31"},
		{"from_date": P_FROM},
		{"to_date": P_TO},
		period(street=world["streets"]["A"]),
		period(chain=world["nodes"]["C"]),
		period(category=world["categories"]["X"]),
	]


def test_cases_grouped_by_position_key_and_by_name_agree(world, site, monkeypatch):
	"""The case figures group the cases by their position's 64-bit key; grouped by the chain and
	link names instead (what the report does if two nodes ever shared a key), every row of the
	report is the same, whatever the filters."""
	from enterprise_support.industry_reports import chain_figures as cf

	assert cf._position_keys_usable()  # the keyed grouping is what the report runs here
	for filters in _report_filters(world):
		_columns, by_key, _rows, _chart = chain_report(world, **filters)
		with monkeypatch.context() as patch:
			patch.setattr(cf, "_position_keys_usable", lambda: False)
			_columns, by_name, _rows, _chart = chain_report(world, **filters)
		assert by_key == by_name, filters
		assert any(row["received"] or row["open_cases"] for row in by_key), filters


def test_period_bounds_no_case_lies_beyond_are_left_out_with_the_same_figures(world, site, monkeypatch):
	"""A bound of the period that no case lies beyond is not evaluated for each case; the figures
	are those of the full condition, including for cases without a resolution date."""
	from enterprise_support.industry_reports import chain_figures as cf

	frappe = site
	reach = frappe.db.sql(
		"select min(received_on), max(received_on), min(resolved_on), max(resolved_on) from `tabSupport Case`"
	)[0]
	wide = cf.Period.of("2000-01-01", "2100-12-31")
	assert cf._in_period(wide, "resolved_on", reach[2], reach[3]) == "c.resolved_on is not null"
	assert cf._in_period(cf.Period.of("2000-01-01", P_TO), "received_on", reach[0], reach[1]) == (
		"(c.received_on < %(period_end)s)"
	)
	assert cf._in_period(cf.Period.of(P_FROM, P_TO), "received_on", reach[0], reach[1]) == (
		"(c.received_on >= %(period_start)s and c.received_on < %(period_end)s)"
	)
	assert cf._in_period(cf.Period(), "received_on", reach[0], reach[1]) == "1"
	in_period = cf._in_period
	for filters in _report_filters(world):
		_columns, trimmed, _rows, _chart = chain_report(world, **filters)
		with monkeypatch.context() as patch:
			patch.setattr(
				cf, "_in_period", lambda p, column, _earliest, _latest: in_period(p, column, None, None)
			)
			_columns, full, _rows, _chart = chain_report(world, **filters)
		assert trimmed == full, filters


def test_the_position_key_is_stored_hidden_and_follows_the_position(world, site):
	"""Each case's position key is the first 16 hex digits of the MD5 of its link's (else its
	chain's) name, recomputed by MariaDB when the position changes, and invisible to Frappe:
	not in ``select *`` or a document's fields (what the REST API returns)."""
	import hashlib

	from enterprise_support.support_cases.enterprise_position import POSITION_KEY_COLUMN

	frappe = site

	def key_of(name):
		return int(hashlib.md5(name.encode()).hexdigest()[:16], 16)

	extra = frappe.db.sql(
		"""select extra from information_schema.columns
		where table_schema = database() and table_name = 'tabSupport Case' and column_name = %s""",
		POSITION_KEY_COLUMN,
	)
	assert extra and extra[0][0] == "STORED GENERATED, INVISIBLE"
	leading = frappe.db.sql(
		"""select column_name from information_schema.statistics where table_schema = database()
		and table_name = 'tabSupport Case' and index_name = 'chain_figures_v3' order by seq_in_index"""
	)
	assert [row[0] for row in leading][:3] == [POSITION_KEY_COLUMN, "workflow_state", "sla_status"]
	c4 = world["cases"]["C4"]  # E3's case, at node N_b
	assert (
		POSITION_KEY_COLUMN
		not in frappe.db.sql("select * from `tabSupport Case` where name = %s", c4, as_dict=True)[0]
	)
	assert POSITION_KEY_COLUMN not in frappe.get_doc("Support Case", c4).as_dict()

	def stored():
		return frappe.db.sql(f"select `{POSITION_KEY_COLUMN}` from `tabSupport Case` where name = %s", c4)[0][
			0
		]

	assert stored() == key_of(world["nodes"]["N_b"])
	try:
		frappe.db.sql("update `tabSupport Case` set chain_link = '' where name = %s", c4)
		assert stored() == key_of(world["nodes"]["C"])  # no link: the chain
		frappe.db.sql("update `tabSupport Case` set industry_chain = null where name = %s", c4)
		assert stored() is None  # in no chain
	finally:
		frappe.db.rollback()
	assert stored() == key_of(world["nodes"]["N_b"])


def test_patent_counts_follow_every_change_of_a_patent(world, site):
	"""The report's patent figures are the enterprises' own counts: adding, re-typing, moving
	and deleting a patent changes them at once."""
	from enterprise_support.setup.scale_data import make_application_number

	frappe = site
	e5, e6 = world["enterprises"]["E5"], world["enterprises"]["E6"]
	base = 8_000_000 + int(TAG, 16) % 900_000
	patent = frappe.get_doc(
		{
			"doctype": "Patent",
			"application_number": make_application_number(2024, 1, base),
			"title": f"报表测试专利{TAG}-新增",
			"enterprise": e5,
			"status": "Granted",
			"application_date": "2024-03-01",
			"grant_date": "2025-06-01",
		}
	).insert(ignore_permissions=True)
	try:
		columns, _data, rows, _chart = chain_report(world, **period())
		assert {k: figures(columns, rows["L_mid"])[k] for k in PATENT_KEYS} == dict(
			zip(PATENT_KEYS, (1, 2, 0, 1), strict=True)
		)
		patent.reload()
		patent.enterprise = e6
		patent.save(ignore_permissions=True)
		columns, _data, rows, _chart = chain_report(world, **period())
		assert {k: figures(columns, rows["L_mid"])[k] for k in PATENT_KEYS} == dict(
			zip(PATENT_KEYS, (1, 2, 0, 1), strict=True)
		)
		assert frappe.db.get_value("Enterprise", e5, "invention_patent_count") == 0
		assert frappe.db.get_value("Enterprise", e6, "class_i_ip_count") == 1
	finally:
		frappe.delete_doc("Patent", patent.name, force=True, ignore_permissions=True)
		frappe.db.commit()
	columns, _data, rows, _chart = chain_report(world, **period())
	assert figures(columns, rows["L_mid"]) == IN_P["L_mid"]


# --- Chain Gaps ---------------------------------------------------------------------------------


def test_chain_gaps(world):
	nodes = {name: key for key, name in world["nodes"].items()}

	def gaps(**filters):
		_columns, rows = run("chain_gaps", {"chain": world["nodes"]["C"], **filters})
		return [(nodes[r["node"]], r["enterprises"]) for r in rows], rows

	found, rows = gaps()
	assert found == [("N_b", 1), ("L_down", 0), ("N_c", 0)]
	assert {r["chain_chief"] for r in rows} == {world["leader"].user}
	assert [r["chain"] for r in rows] == [world["nodes"]["C"]] * 3
	assert gaps(street=world["streets"]["A"])[0] == [("N_b", 0), ("L_mid", 1), ("L_down", 0), ("N_c", 0)]
	assert gaps(threshold=3)[0] == [("N_a", 2), ("N_b", 1), ("L_mid", 2), ("L_down", 0), ("N_c", 0)]


# --- Designation Expiry -------------------------------------------------------------------------


def test_designation_expiry(world):
	import frappe

	des = {name: key for key, name in world["designations"].items()}
	today = world["today"]

	def expiring(**filters):
		_columns, rows = run("designation_expiry", {"street": world["streets"]["A"], **filters})
		return [(des[r["designation"]], r["days_left"]) for r in rows], rows

	valid_to = {
		key: frappe.db.get_value("Specialist Designation", name, "valid_to")
		for key, name in world["designations"].items()
	}
	assert (valid_to["D3"] - today).days == 30 and (valid_to["D5"] - today).days == -100
	found, rows = expiring()
	assert found == [("D5", -100), ("D3", 30)]
	assert {r["service_officer"] for r in rows} == {world["staff"].user}
	assert expiring(include_expired=0)[0] == [("D3", 30)]
	assert expiring(days=10)[0] == [("D5", -100)]
	# Street B: the deregistered enterprise's expiring designation (D10) is not listed, nor
	# the active ones.
	assert expiring(street=world["streets"]["B"])[0] == []


# --- Service Performance ------------------------------------------------------------------------

SP_KEYS = (
	"received",
	"response_rate",
	"resolved",
	"resolution_rate",
	"rated",
	"satisfaction_rate",
	"average_response_days",
	"average_resolution_days",
)


def sp(values):
	return dict(zip(SP_KEYS, values, strict=True))


def test_service_performance_by_department(world):
	dept_a, dept_b = world["departments"]["A"], world["departments"]["B"]
	_columns, data, _message = run("service_performance", period(department=dept_a))
	rows = [{k: row[k] for k in SP_KEYS} for row in data]
	want = sp((5, 80.0, 2, 100.0, 1, 100.0, 0.74, 1.88))
	assert data[0]["department"] == dept_a and rows[0] == want
	assert data[-1]["is_total"] and data[-1]["department"] is None and rows[-1] == want
	_columns, data, _message = run("service_performance", period(department=dept_b))
	assert data[0]["department"] == dept_b
	assert {k: data[0][k] for k in SP_KEYS} == sp((2, 100.0, 2, 50.0, 2, 50.0, 0.54, 6.75))


def test_service_performance_by_handler(world):
	_columns, data, _message = run(
		"service_performance", period(department=world["departments"]["A"], group_by="Handler")
	)
	assert [row["handler"] for row in data] == [world["handler_a"].user, None, None]
	assert data[0]["handler_name"] == "测试"
	assert {k: data[0][k] for k in SP_KEYS} == sp((4, 75.0, 2, 100.0, 1, 100.0, 0.68, 1.88))
	assert {k: data[1][k] for k in SP_KEYS} == sp((1, 100.0, 0, None, 0, None, 1.0, None))
	assert data[2]["is_total"]
	assert {k: data[2][k] for k in SP_KEYS} == sp((5, 80.0, 2, 100.0, 1, 100.0, 0.74, 1.88))


def test_service_performance_filters_and_empty_data(world):
	dept_a = world["departments"]["A"]
	# Category Y never went to department A: nothing, and no division by zero.
	_columns, data, _message = run(
		"service_performance", period(department=dept_a, category=world["categories"]["Y"])
	)
	assert data == []
	_columns, data, _message = run("service_performance", {"department": dept_a, "from_date": "2026-06-01"})
	assert data[0]["received"] == 3  # C4, C6, C12


# --- Deadline Compliance ------------------------------------------------------------------------


def test_deadline_compliance_per_month(world):
	_columns, data, _message, chart = run(
		"deadline_compliance",
		{"department": world["departments"]["A"], "from_date": "2026-03-01", "to_date": "2026-05-31"},
	)
	assert [(r["month"], r["resolved"], r["met"], r["missed"], r["within_deadline"]) for r in data] == [
		("2026-03", 1, 1, 0, 100.0),
		("2026-04", 0, 0, 0, None),
		("2026-05", 1, 1, 0, 100.0),
	]
	assert chart["data"]["labels"] == ["2026-03", "2026-04", "2026-05"]
	_columns, data, _message, _chart = run(
		"deadline_compliance",
		{"department": world["departments"]["B"], "from_date": "2026-04-01", "to_date": "2026-04-30"},
	)
	assert [(r["month"], r["resolved"], r["within_deadline"]) for r in data] == [("2026-04", 2, 50.0)]


# --- Cases Breaching Soon and My Work -------------------------------------------------------------


def test_cases_breaching_soon(world):
	from enterprise_support.domain.report_math import working_days_left
	from enterprise_support.support_cases.deadlines import get_work_calendar

	cases = {name: key for key, name in world["cases"].items()}
	_columns, data, _message = run("cases_breaching_soon", {"department": world["departments"]["A"]})
	assert [cases[r["support_case"]] for r in data] == ["C4", "C12"]
	calendar = get_work_calendar()
	c4, c12 = data
	assert c4["working_days_left"] == working_days_left(calendar, world["today"], world["due"]["C4"]) < 0
	assert c12["working_days_left"] == 0
	assert c4["handler"] == world["handler_a"].user and c4["department"] == world["departments"]["A"]
	_columns, data, _message = run("cases_breaching_soon", {"department": world["departments"]["B"]})
	assert [cases[r["support_case"]] for r in data] == ["C5"]
	assert data[0]["working_days_left"] < -100


def test_a_handler_sees_only_their_departments_cases(world):
	cases = {name: key for key, name in world["cases"].items()}
	_columns, data, _message = run("cases_breaching_soon", {}, user=world["handler_a"].user)
	mine = [cases[r["support_case"]] for r in data if r["support_case"] in cases]
	assert mine == ["C4", "C12"]  # C5 belongs to department B
	assert all(
		r["department"] == world["departments"]["A"] or r["handler"] == world["handler_a"].user for r in data
	)


def test_my_work(world):
	from enterprise_support.support_cases.deadlines import add_working_days

	_columns, data, _message = run("my_work", {}, user=world["handler_a"].user)
	refs = [r["reference"] for r in data]
	c, t = world["cases"], world["tasks"]
	assert refs == [c["C4"], c["C12"], t["T1"], t["T2"]]
	assert [r["reference_doctype"] for r in data] == ["Support Case"] * 2 + ["Support Task"] * 2
	assert data[2]["due"] == add_working_days(world["today"], 1) and data[2]["working_days_left"] == 1
	assert data[3]["working_days_left"] == 5
	assert data[2]["enterprise_name"] == f"报表测试企业{TAG}-E3"
	_columns, data, _message = run("my_work", {}, user=world["handler_b"].user)
	assert [r["reference"] for r in data] == [c["C5"]]  # C2, C7, C9 are finished


# --- over HTTP: roles and export --------------------------------------------------------------------

RUN = "/api/method/frappe.desk.query_report.run"


def http_run(client, report, filters):
	return client.get(RUN, params={"report_name": report, "filters": json.dumps(filters)})


def test_leader_runs_the_chain_report_over_http(world):
	response = http_run(world["leader"], "Industry Chain Report", period(chain=world["nodes"]["C"]))
	assert response.status_code == 200, response.text
	message = response.json()["message"]
	rows = {row["node"]: row for row in message["result"]}
	columns = message["columns"]
	for key in ("C", "L_up", "N_c"):
		assert figures(columns, rows[world["nodes"][key]]) == IN_P[key], key
	staff = http_run(world["staff"], "Industry Chain Report", period(chain=world["nodes"]["C"]))
	assert staff.status_code == 200


def test_who_may_not_run_the_reports(world):
	contact = world["contact"]
	for report in ("Industry Chain Report", "Service Performance", "Chain Gaps", "Cases Breaching Soon"):
		response = http_run(contact, report, {})
		assert response.status_code == 403, (report, response.status_code)
	# A handler works cases, not the managers' reports...
	assert http_run(world["handler_a"], "Industry Chain Report", {}).status_code == 403
	assert http_run(world["handler_a"], "Service Performance", {}).status_code == 403
	# ... but has the breaching-soon list, restricted to their departments.
	response = http_run(world["handler_a"], "Cases Breaching Soon", {})
	assert response.status_code == 200
	names = {row["support_case"] for row in response.json()["message"]["result"]}
	assert {world["cases"]["C4"], world["cases"]["C12"]} <= names
	assert world["cases"]["C5"] not in names


def test_export_to_excel(world):
	response = world["leader"].post(
		"/api/method/frappe.desk.query_report.export_query",
		data={
			"report_name": "Industry Chain Report",
			"file_format_type": "Excel",
			"filters": json.dumps(period(chain=world["nodes"]["C"])),
			"visible_idx": "[]",
			"include_indentation": 1,
		},
	)
	assert response.status_code == 200, response.text[:500]
	assert response.content[:2] == b"PK"  # an .xlsx (zip) file
	import io

	from openpyxl import load_workbook

	sheet = load_workbook(io.BytesIO(response.content)).active
	values = [[cell.value for cell in row] for row in sheet.iter_rows()]
	assert len(values) == 1 + len(TREE) + 1  # header, the tree, the total
	assert values[1][0].strip() == world["nodes"]["C"]
	assert values[2][0].startswith("   ")  # a link, indented
