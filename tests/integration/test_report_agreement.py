"""Every report counts the same cases for the same period (issue 12).

Deadline Compliance, Service Performance, the Industry Chain Report and Industry Chain Details
take "resolved in the period", "within the deadline" and "rated" from one definition
(``chain_figures.Period``): on a small fixed data set whose cases are received in one month and
resolved in the next, each report must give the same resolved count, the same count within the
deadline (and share) and the same average satisfaction for the same period.

Also here: a designation's status is today's in every reader, whatever the stored column says,
and reports show users by their full names.

The data set (names carry TAG; removed afterwards): a chain with one link, a department, a case
category, two operating enterprises and seven cases, their workflow and SLA fields set directly.
"""

from __future__ import annotations

import datetime as dt
import secrets
import time

import pytest

from .conftest import valid_uscc
from .test_reports import run

TAG = secrets.token_hex(3).upper()
T = dt.datetime

# key: enterprise, state, received, resolved on, SLA status, working days to resolve, rating
# fmt: off
CASES = {
	"K1": ("E1", "Closed", T(2026, 3, 25, 9), T(2026, 4, 2, 10), "Met", 4.0, 5),
	"K2": ("E1", "Closed", T(2026, 4, 3, 9), T(2026, 4, 10, 16), "Missed", 8.0, 3),
	"K3": ("E2", "Resolved", T(2026, 4, 20, 9), T(2026, 5, 6, 9), "Met", 6.0, 0),
	"K4": ("E2", "Resolved", T(2026, 4, 28, 9), T(2026, 4, 30, 23, 30), "Met", 1.5, 4),
	"K5": ("E1", "In Progress", T(2026, 4, 15, 9), None, "Overdue", None, 0),
	"K6": ("E2", "Closed", T(2026, 2, 10, 9), T(2026, 3, 31, 23, 59), "Missed", 20.0, 2),
	"K7": ("E1", "Closed", T(2026, 5, 1, 0, 0), T(2026, 5, 1, 10), "Met", 0.5, 5),
}
# fmt: on

# period: (received, resolved, within the deadline, judged, average satisfaction, average days)
EXPECTED = {
	("2026-04-01", "2026-04-30"): (4, 3, 2, 3, 4.0, 4.5),  # resolved: K1, K2, K4
	("2026-03-01", "2026-05-31"): (6, 6, 4, 6, 3.8, 6.67),  # received: not K6; resolved: not K5
	("2026-05-01", "2026-05-31"): (1, 2, 2, 2, 5.0, 3.25),  # resolved: K3, K7
	("2026-01-01", "2026-01-31"): (0, 0, 0, 0, None, None),
}


@pytest.fixture(scope="module")
def world(site, users):
	frappe = site
	staff = users.make("Enterprise Service Staff", first_name="王芳测试")
	leader = users.make("Enterprise Leader", first_name="刘链长测试")
	handler = users.make("Department Handler", first_name="赵承办测试")
	created: list[tuple[str, str]] = []

	def insert(doc):
		doc = frappe.get_doc(doc).insert(ignore_permissions=True)
		created.append((doc.doctype, doc.name))
		return doc

	try:
		department = insert(
			{
				"doctype": "Service Department",
				"department_name": f"口径测试部门{TAG}",
				"members": [{"user": handler.user}],
			}
		).name
		category = insert(
			{
				"doctype": "Case Category",
				"category_name": f"口径测试类别{TAG}",
				"time_limit_days": 7,
				"response_limit_days": 1,
				"default_department": department,
				"is_active": 1,
			}
		).name
		chain = insert(
			{
				"doctype": "Industry Chain",
				"node_name": f"口径测试链{TAG}",
				"node_type": "Chain",
				"chain_chief": leader.user,
			}
		).name
		link = insert(
			{
				"doctype": "Industry Chain",
				"node_name": f"口径测试环节{TAG}",
				"node_type": "Chain Link",
				"segment": "Upstream",
				"parent_industry_chain": chain,
			}
		).name
		enterprises = {}
		for serial, key in enumerate(("E1", "E2"), 1):
			enterprises[key] = insert(
				{
					"doctype": "Enterprise",
					"enterprise_name": f"口径测试企业{TAG}-{key}",
					"uscc": valid_uscc(TAG, 800 + serial),
					"industry_chain": chain,
					"chain_link": link if key == "E2" else None,
					"status": "Operating",
					"service_officer": staff.user,
				}
			).name
		cases = {}
		for key, (enterprise, state, received, resolved, sla, days, rating) in CASES.items():
			doc = insert(
				{
					"doctype": "Support Case",
					"subject": f"口径测试诉求{TAG}-{key}",
					"enterprise": enterprises[enterprise],
					"category": category,
					"description": "口径测试",
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
					"resolution_working_days": days or 0,
					"satisfaction_rating": rating,
					"department": department,
					"handler": handler.user,
					"response_status": "Met",
					"responded_on": received + dt.timedelta(hours=2),
					"resolved_on": resolved,
				},
				update_modified=False,
			)
			cases[key] = doc.name
		frappe.db.commit()
		yield {
			"staff": staff,
			"leader": leader,
			"handler": handler,
			"department": department,
			"category": category,
			"chain": chain,
			"link": link,
			"enterprises": enterprises,
			"cases": cases,
		}
	finally:
		frappe.set_user("Administrator")
		frappe.db.rollback()
		failures = []
		for doctype, name in reversed(created):
			# A background job of the site (mail to the enterprise, the SLA sweep) may hold the
			# row for a while: try again before giving up on it.
			for attempt in range(3):
				try:
					if doctype == "Support Case":
						frappe.db.delete("ToDo", {"reference_type": doctype, "reference_name": name})
					frappe.delete_doc(doctype, name, force=True, ignore_permissions=True)
					frappe.db.commit()
					break
				except frappe.QueryTimeoutError as error:
					frappe.db.rollback()
					if attempt == 2:
						failures.append(f"{doctype} {name}: {error!r}")
					time.sleep(5)
				except Exception as error:
					frappe.db.rollback()
					failures.append(f"{doctype} {name}: {error!r}")
					break
		assert not failures, "could not remove test data:\n" + "\n".join(failures)


def _share(part, whole):
	return round(100.0 * part / whole, 1) if whole else None


def figures_in_every_report(world, from_date, to_date) -> dict[str, dict]:
	"""report -> the period figures it shows for the test cases."""
	period = {"from_date": from_date, "to_date": to_date, "category": world["category"]}
	out = {}

	_columns, months, _message, _chart = run(
		"deadline_compliance", {**period, "department": world["department"]}
	)
	met = sum(r["met"] for r in months)
	judged = met + sum(r["missed"] for r in months)
	out["Deadline Compliance"] = {
		"resolved": sum(r["resolved"] for r in months),
		"within_deadline": met,
		"share": _share(met, judged),
	}

	_columns, data, _message = run("service_performance", {**period, "department": world["department"]})
	total = data[-1] if data else {}
	assert not data or total.get("is_total")
	out["Service Performance"] = {
		"received": total.get("received", 0),
		"resolved": total.get("resolved", 0),
		"within_deadline": total.get("within_deadline", 0),
		"share": total.get("resolution_rate"),
		"satisfaction": total.get("average_satisfaction"),
		"resolution_time": total.get("average_resolution_days"),
	}

	_columns, data, _message, _chart = run("industry_chain_report", {**period, "chain": world["chain"]})
	row = next(r for r in data if r.get("node") == world["chain"])
	out["Industry Chain Report"] = {
		"received": row["received"],
		"resolved": row["resolved"],
		"share": row["within_deadline"],
		"satisfaction": row["satisfaction"],
		"resolution_time": row["resolution_time"],
	}

	def listed(figure):
		_columns, rows, _message = run(
			"industry_chain_details", {**period, "figure": figure, "node": world["chain"]}
		)
		return rows

	resolved = listed("resolved")
	judged_rows = listed("within_deadline")
	rated = listed("satisfaction")
	timed = listed("resolution_time")
	on_time = [r for r in judged_rows if r["sla_status"] == _translated("Met")]
	out["Industry Chain Details"] = {
		"received": len(listed("received")),
		"resolved": len(resolved),
		"within_deadline": len(on_time),
		"share": _share(len(on_time), len(judged_rows)),
		"satisfaction": round(sum(r["satisfaction_rating"] for r in rated) / len(rated), 2)
		if rated
		else None,
		"resolution_time": round(sum(r["resolution_working_days"] for r in timed) / len(timed), 2)
		if timed
		else None,
	}
	return out


def _translated(text: str) -> str:
	from frappe import _

	return _(text)


@pytest.mark.parametrize("from_date, to_date", list(EXPECTED))
def test_every_report_counts_the_same_cases_for_the_same_period(world, from_date, to_date):
	received, resolved, within, judged, satisfaction, days = EXPECTED[(from_date, to_date)]
	want = {
		"received": received,
		"resolved": resolved,
		"within_deadline": within,
		"share": _share(within, judged),
		"satisfaction": satisfaction,
		"resolution_time": days,
	}
	found = figures_in_every_report(world, from_date, to_date)
	for report, figures in found.items():
		for key, value in figures.items():
			assert value == want[key], (report, key, value, want[key])
	# Every figure is shown by at least two reports, so they are compared, not only checked.
	for key in ("received", "resolved", "within_deadline", "share", "satisfaction", "resolution_time"):
		assert sum(key in figures for figures in found.values()) >= 2, key


def test_deadline_compliance_months_add_up_to_the_period(world):
	_columns, months, _message, _chart = run(
		"deadline_compliance",
		{
			"from_date": "2026-03-01",
			"to_date": "2026-05-31",
			"category": world["category"],
			"department": world["department"],
		},
	)
	# K6 at 23:59 on the last of March and K4 at 23:30 on the last of April stay in their month.
	assert [(r["month"], r["resolved"], r["met"], r["missed"]) for r in months] == [
		("2026-03", 1, 0, 1),
		("2026-04", 3, 2, 1),
		("2026-05", 2, 2, 0),
	]


def test_drill_down_lists_the_cases_resolved_in_the_period(world):
	keys = {name: key for key, name in world["cases"].items()}
	_columns, rows, _message = run(
		"industry_chain_details",
		{
			"from_date": "2026-04-01",
			"to_date": "2026-04-30",
			"category": world["category"],
			"figure": "resolved",
			"node": world["chain"],
		},
	)
	assert {keys[r["support_case"]] for r in rows} == {"K1", "K2", "K4"}


# --- designation status: today's, in every reader --------------------------------------------


def test_status_sql_is_the_domain_rule_on_the_boundaries(site):
	from enterprise_support.domain.designations import status_on
	from enterprise_support.enterprise_registry.designations import status_params, status_sql

	frappe = site
	today = dt.date(2026, 11, 27)
	start = dt.date(2023, 12, 12)
	for days_left in (-1, 0, 1, 10, 14, 27, 89, 90, 91, 400):
		end = today + dt.timedelta(days=days_left)
		for valid_from in (start, today, today + dt.timedelta(days=1), None):
			if valid_from and valid_from > end:
				continue
			sql = frappe.db.sql(
				f"select {status_sql('sd')} from (select %(vf)s as valid_from, %(vt)s as valid_to) sd",
				{**status_params(today), "vf": valid_from, "vt": end},
			)[0][0]
			assert sql == status_on(valid_from, end, today), (valid_from, end, sql)


def test_a_stale_stored_status_is_not_shown(site, world):
	"""The issue's case: a designation valid to today + 14 days with a stored status of Expired
	(left by a job run on another day) reads 即将到期 in the report and on the portal data,
	and the daily job puts the stored status right."""
	from frappe.utils import add_days, add_years, getdate, nowdate

	from enterprise_support.enterprise_registry.designations import update_designation_statuses

	frappe = site
	today = getdate(nowdate())
	doc = frappe.get_doc(
		{
			"doctype": "Specialist Designation",
			"enterprise": world["enterprises"]["E1"],
			"designation_type": "高新技术企业",
			"certificate_number": f"口径测试{TAG}",
			"valid_from": add_days(add_years(today, -3), 15),  # valid to today + 14
		}
	).insert(ignore_permissions=True)
	try:
		assert (getdate(doc.valid_to) - today).days == 14 and doc.status == "Expiring"
		frappe.db.set_value("Specialist Designation", doc.name, "status", "Expired", update_modified=False)
		frappe.db.commit()
		_columns, rows = run("designation_expiry", {"enterprise": world["enterprises"]["E1"]})
		row = next(r for r in rows if r["designation"] == doc.name)
		assert row["days_left"] == 14 and row["status"] == _translated_ctx("Expiring")
		assert update_designation_statuses(names=[doc.name])["enterprises_updated"] == 1
		assert frappe.db.get_value("Specialist Designation", doc.name, "status") == "Expiring"
	finally:
		frappe.delete_doc("Specialist Designation", doc.name, force=True, ignore_permissions=True)
		frappe.db.commit()


def _translated_ctx(text: str) -> str:
	from frappe import _

	return _(text, context="Specialist Designation")


# --- users by name ---------------------------------------------------------------------------------


def test_reports_show_users_by_full_name(world):
	"""Every Link-to-User column names the row's full-name field as its link title."""
	checks = [
		("chain_gaps", {"chain": world["chain"], "threshold": 5}, "chain_chief", "刘链长测试"),
		("designation_expiry", {"enterprise": world["enterprises"]["E1"], "days": 36500}, None, None),
		(
			"service_performance",
			{"department": world["department"], "group_by": "Handler"},
			"handler",
			"赵承办测试",
		),
		("cases_breaching_soon", {"department": world["department"]}, "handler", "赵承办测试"),
		(
			"industry_chain_details",
			{"figure": "open_cases", "node": world["chain"], "category": world["category"]},
			"handler",
			"赵承办测试",
		),
	]
	for report, filters, fieldname, full_name in checks:
		result = run(report, filters)
		columns, rows = result[0], result[1]
		user_columns = [c for c in columns if c.get("fieldtype") == "Link" and c.get("options") == "User"]
		assert user_columns, report
		for column in user_columns:
			assert column.get("title_field"), (report, column["fieldname"])
			assert column["title_field"] not in {c["fieldname"] for c in columns}, report
		if fieldname:
			title_field = next(c["title_field"] for c in user_columns if c["fieldname"] == fieldname)
			shown = {r.get(title_field) for r in rows if r.get(fieldname)}
			assert shown == {full_name}, (report, shown)
