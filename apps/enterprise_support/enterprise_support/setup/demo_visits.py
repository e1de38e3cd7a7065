"""A year of demo visits (走访) to the demo enterprises, up to the day the demo is loaded.

The seed's firms (通威, 莱福德, 菲斯特, 奈天, 中建科工 ...) get the visits written out in the
repository's ``fixtures/demo_visits.json`` (months counted back from the current month), some
of whose problems become support cases through the visit form's button
(``enterprise_care.visits.make_cases``). Every other operating enterprise with a service
officer gets routine visits on a fixed pattern: most are covered, some are due and some are
deliberately overdue, so that the coverage report and the watch list have something to show.

Re-running adds nothing: a visit is there when the enterprise has one of the same kind on
the same day.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import frappe
from frappe.utils import add_months, getdate, today

from enterprise_support.enterprise_care.visits import make_cases

ROUTINE_FINDINGS = (
	"了解企业生产经营情况：订单平稳，开工正常，用工基本满足需求。",
	"企业反映原材料价格波动较大，正在通过长协锁价降低成本；宣传了新区稳链补链相关政策。",
	"走访了解企业技改项目进展，新设备已进场调试，预计下季度投产。",
	"企业经营平稳，计划明年扩大产能；介绍了新区标准厂房租赁和用地政策。",
	"了解企业研发投入和知识产权情况，建议企业申报创新型中小企业。",
	"企业反映招工难有所缓解，现场宣传了稳岗返还和以工代训政策。",
	"企业上半年营业收入同比略有增长，回款周期偏长，介绍了应收账款融资服务。",
	"走访了解安全生产和环保设施运行情况，未发现明显问题。",
)


def fixture_path() -> Path:
	from enterprise_support.setup.demo import fixtures_dir

	return fixtures_dir() / "demo_visits.json"


def load_demo_visits(path: Path | None = None) -> tuple[int, int]:
	"""Create the demo visits that are not there yet; returns (created, already there)."""
	path = path or fixture_path()
	records = json.loads(path.read_text(encoding="utf-8"))["visits"] if path.exists() else []
	now = getdate(today())
	firms = {
		row.name: row
		for row in frappe.get_all(
			"Enterprise",
			filters={"status": "Operating"},
			fields=["name", "service_officer", "responsible_leader", "is_key_enterprise"],
			order_by="name asc",
		)
	}
	staff = _staff_users()
	created = existing = 0
	user = frappe.session.user
	try:
		for record in records:
			firm = firms.get(record["enterprise"])
			if not firm:
				continue
			day = _visit_day(now, record["months_ago"], record["day"])
			if day is None:
				continue
			made = _visit(firm, day, record, staff)
			created, existing = created + (made is True), existing + (made is False)
		listed = {record["enterprise"] for record in records}
		for index, firm in enumerate(firms.values()):
			if firm.name in listed:
				continue
			for months_ago, kind in _pattern(index, firm.is_key_enterprise, now):
				day = _visit_day(now, months_ago, 5 + (index * 7) % 20)
				if day is None:
					continue
				record = {
					"kind": kind,
					"findings": ROUTINE_FINDINGS[(index + months_ago) % len(ROUTINE_FINDINGS)],
				}
				made = _visit(firm, day, record, staff)
				created, existing = created + (made is True), existing + (made is False)
		frappe.db.commit()
	finally:
		frappe.set_user(user)
	return created, existing


def _pattern(index: int, is_key: int, now: dt.date) -> list[tuple[int, str]]:
	"""Months back (and kind) of the generated visits of the ``index``-th enterprise.

	Key enterprises are visited every quarter, except one in four whose last two quarters were
	missed (overdue) and one in four not yet visited this quarter (due). Other enterprises are
	visited once a year, except one in five never visited (overdue) and one in five visited
	only last December (due this year)."""
	quarter_offset = (now.month - 1) % 3  # months since the current quarter began
	if is_key:
		quarters = {0: (3, 2), 1: (3, 2, 1)}.get(index % 4, (3, 2, 1, 0))
		return [
			(
				q * 3 + quarter_offset - (index % 3 if q else 0),
				"Routine Visit" if q != 2 else "On-site Service",
			)
			for q in quarters
		]
	if index % 5 == 0:
		return []
	if index % 5 == 1:
		return [(now.month, "Routine Visit")]  # December of last year
	return [(1 + index % max(now.month - 1, 1), "Routine Visit")]


def _visit_day(now: dt.date, months_ago: int, day: int) -> dt.date | None:
	"""The ``day`` of the month ``months_ago`` before ``now``'s, on a weekday, not after today."""
	first = getdate(add_months(now.replace(day=1), -months_ago))
	last = getdate(add_months(first, 1)) - dt.timedelta(days=1)
	date = first.replace(day=min(day, last.day))
	while date.weekday() >= 5:  # Saturday, Sunday: the Friday before
		date -= dt.timedelta(days=1)
	if date < first:
		date = first + dt.timedelta(days=(7 - first.weekday()) % 7)
	return date if date <= now else None


def _staff_users() -> list[str]:
	return frappe.get_all(
		"Has Role",
		filters={"role": "Enterprise Service Staff", "parenttype": "User"},
		pluck="parent",
		order_by="parent asc",
	)


def _visit(firm, day: dt.date, record: dict, staff: list[str]) -> bool | None:
	"""Create one visit (as its officer) and turn its marked problems into cases; False when
	the enterprise already has a visit of that kind on that day, None when it has no officer."""
	kind = record.get("kind") or "Routine Visit"
	if frappe.db.exists("Enterprise Visit", {"enterprise": firm.name, "visit_date": day, "kind": kind}):
		return False
	officer = firm.service_officer
	if officer not in staff:  # no officer (or not one of the staff): nobody to record the visit
		return None
	visitors = [{"user": officer}]
	if record.get("leader") and firm.responsible_leader:
		visitors.append({"user": firm.responsible_leader})
	elif kind == "Leader Visit":
		kind = "Routine Visit"
	contacts = []
	for name in record.get("contacts", []):
		contact = frappe.db.get_value("Enterprise Contact", {"enterprise": firm.name, "full_name": name})
		if contact:
			contacts.append({"contact": contact})
	problems = [
		{"subject": p["subject"], "description": p.get("description"), "category": p.get("category")}
		for p in record.get("problems", [])
	]
	if frappe.session.user != officer:
		frappe.set_user(officer)
	visit = frappe.get_doc(
		{
			"doctype": "Enterprise Visit",
			"enterprise": firm.name,
			"visit_date": day,
			"kind": kind,
			"visitors": visitors,
			"contacts_met": contacts,
			"findings": record.get("findings"),
			"problems": problems,
		}
	).insert()
	wanted = [
		row.name for row, p in zip(visit.problems, record.get("problems", []), strict=False) if p.get("case")
	]
	if wanted:
		make_cases(visit.name, wanted)
	return True
