"""Enterprise visits (走访): who may visit, the enterprise's last visit, the coverage rules as
data, and turning the problems raised on a visit into support cases with one click."""

from __future__ import annotations

import datetime as dt
import json

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import visit_coverage as vc

# Who can be a visitor: an enabled desk user holding one of these roles.
VISITOR_ROLES = ("System Manager", "Enterprise Service Staff", "Department Handler", "Enterprise Leader")
LEADER_ROLE = "Enterprise Leader"
CASE_CHANNEL = "Visit"
# A problem raised on a visit is received at this time of the visit's day (or now, if earlier).
RECEIVED_AT = dt.time(9, 0)


def not_staff(users: list[str]) -> list[str]:
	"""Those of ``users`` who are not enabled district staff (in the order given)."""
	if not users:
		return []
	staff = set(
		frappe.db.sql(
			"""select distinct u.name from `tabUser` u join `tabHas Role` r
			on r.parent = u.name and r.parenttype = 'User'
			where u.name in %(users)s and u.enabled = 1 and u.user_type = 'System User'
			and r.role in %(roles)s""",
			{"users": tuple(users), "roles": VISITOR_ROLES},
			pluck=True,
		)
	)
	return [user for user in users if user not in staff]


def has_leader(users: list[str]) -> bool:
	"""Whether one of ``users`` is a district leader."""
	return bool(
		users
		and frappe.db.exists("Has Role", {"parent": ("in", users), "parenttype": "User", "role": LEADER_ROLE})
	)


def update_last_visit(enterprise: str | None) -> None:
	"""Keep Enterprise.last_visit_on equal to the latest of its visits (None when it has none)."""
	if not enterprise:
		return
	frappe.db.sql(
		"""update `tabEnterprise` set last_visit_on = (
			select max(v.visit_date) from `tabEnterprise Visit` v where v.enterprise = %(enterprise)s
		) where name = %(enterprise)s""",
		{"enterprise": enterprise},
	)


def received_on(visit_date) -> dt.datetime:
	"""When a problem raised on a visit counts as received: 09:00 on the visit's day, or now
	when the visit is today and it is not yet nine."""
	return min(dt.datetime.combine(getdate(visit_date), RECEIVED_AT), now_datetime())


@frappe.whitelist(methods=["POST"])
def make_cases(visit: str, rows: list[str] | str | None = None) -> list[str]:
	"""Turn each problem of ``visit`` without a case (those named in ``rows``, or all) into a
	Support Case received on the visit's day through the channel Visit, linked to the visit.

	Needs write permission on the visit and create permission on Support Case. A problem that
	has a case already is skipped; the cases are made all together or not at all. Returns the
	names of the new cases."""
	if isinstance(rows, str):
		try:
			rows = json.loads(rows) if rows.strip() else None
		except ValueError:
			frappe.throw(_("The problems to turn into cases are not a list"), title=_("Invalid request"))
	if rows is not None and not (isinstance(rows, list) and all(isinstance(r, str) for r in rows)):
		frappe.throw(_("The problems to turn into cases are not a list"), title=_("Invalid request"))
	if not frappe.has_permission("Enterprise Visit", "write") or not frappe.has_permission(
		"Support Case", "create"
	):
		frappe.throw(_("You may not turn the problems of visits into support cases"), frappe.PermissionError)
	if not isinstance(visit, str) or not frappe.db.exists("Enterprise Visit", visit):
		frappe.throw(
			_("There is no visit {0}").format(frappe.utils.escape_html(str(visit))), frappe.DoesNotExistError
		)
	doc = frappe.get_doc("Enterprise Visit", visit)
	if not doc.has_permission("write") or not frappe.has_permission("Support Case", "create"):
		frappe.throw(
			_("You may not turn the problems of this visit into support cases"), frappe.PermissionError
		)
	wanted = [row for row in doc.problems if not row.support_case and (rows is None or row.name in rows)]
	if not wanted:
		return []
	made = []
	frappe.db.savepoint("make_visit_cases")
	try:
		for row in wanted:
			case = frappe.get_doc(
				{
					"doctype": "Support Case",
					"subject": row.subject,
					"description": row.description or row.subject,
					"category": row.category,
					"enterprise": doc.enterprise,
					"contact": doc.contacts_met[0].contact if doc.contacts_met else None,
					"channel": CASE_CHANNEL,
					"received_on": received_on(doc.visit_date),
					"enterprise_visit": doc.name,
				}
			).insert()
			from frappe.model.workflow import apply_workflow

			apply_workflow(case.as_dict(), wf.SUBMIT)
			row.support_case = case.name
			made.append(case.name)
		doc.flags.cases_made = True
		doc.save()
	except Exception:
		frappe.db.rollback(save_point="make_visit_cases")
		raise
	return made


# --- coverage rules as data ------------------------------------------------------------------


def coverage_rules() -> list[vc.CoverageRule]:
	"""The site's Visit Coverage Rules as the domain reads them (all, enabled or not)."""
	rows = frappe.get_all(
		"Visit Coverage Rule",
		fields=["label", "applies_to", "min_tier_rank", "period", "enabled"],
		order_by="creation asc, name asc",
	)
	return [
		vc.CoverageRule(
			label=row.label,
			applies_to=row.applies_to,
			min_tier_rank=frappe.utils.cint(row.min_tier_rank) or None,
			period=row.period,
			enabled=bool(row.enabled),
		)
		for row in rows
	]


# The district reads Chinese: the default rules are named in Chinese whatever language the site
# had when it was installed (a new site is installed in English before it is set to Chinese).
RULE_LANGUAGE = "zh"


def seed_coverage_rules() -> int:
	"""Create the default coverage rules when the site has none; returns how many were made.
	Default rules still named in English (seeded before this naming) are given their Chinese name."""
	if not frappe.db.table_exists("Visit Coverage Rule"):
		return 0
	if frappe.db.count("Visit Coverage Rule"):
		for rule in vc.DEFAULT_RULES:
			chinese = _(rule.label, lang=RULE_LANGUAGE)
			if chinese != rule.label and frappe.db.exists("Visit Coverage Rule", rule.label):
				if not frappe.db.exists("Visit Coverage Rule", chinese):
					frappe.rename_doc("Visit Coverage Rule", rule.label, chinese, force=True)
					frappe.db.set_value(
						"Visit Coverage Rule", chinese, "label", chinese, update_modified=False
					)
		return 0
	for rule in vc.DEFAULT_RULES:
		frappe.get_doc(
			{
				"doctype": "Visit Coverage Rule",
				"label": _(rule.label, lang=RULE_LANGUAGE),
				"applies_to": rule.applies_to,
				"min_tier_rank": rule.min_tier_rank or 0,
				"period": rule.period,
				"enabled": int(rule.enabled),
			}
		).insert(ignore_permissions=True)
	return len(vc.DEFAULT_RULES)
