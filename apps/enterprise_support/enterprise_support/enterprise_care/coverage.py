"""Visit coverage on a day (走访覆盖): every operating enterprise held to a coverage rule, with
its status (Visited / Due / Overdue) as of that day. Read by the Visit Coverage and Visits Due
reports.

One SQL statement reads the enterprises with what the rules need (key enterprise, the tier
rank of the highest designation) and the last visit on or before the day (from the visits
themselves, not Enterprise.last_visit_on, so a past day is right); the rules of
domain/visit_coverage.py are then applied to each row in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import getdate

from enterprise_support.domain import visit_coverage as vc
from enterprise_support.enterprise_care.visits import coverage_rules

# What a report groups by: the choice -> the enterprise's column.
GROUP_FIELDS = {
	"Service Officer": "service_officer",
	"Street": "street",
	"Industry Chain": "industry_chain",
}


def status_label(status: str) -> str:
	"""A coverage status in the user's words."""
	return {
		vc.VISITED: _("Visited This Period"),
		vc.DUE: _("Visit Due"),
		vc.OVERDUE: _("Visit Overdue"),
	}[status]


@dataclass(frozen=True)
class EnterpriseCoverage:
	"""One enterprise's coverage on the day, with what the reports show of it."""

	enterprise: str
	enterprise_name: str
	service_officer: str | None
	service_officer_name: str | None
	street: str | None
	industry_chain: str | None
	rule: vc.CoverageRule
	coverage: vc.Coverage


def enterprise_coverage(
	as_of: dt.date,
	service_officer: str | None = None,
	street: str | None = None,
	industry_chain: str | None = None,
) -> list[EnterpriseCoverage]:
	"""The coverage on ``as_of`` of every operating enterprise a rule applies to (filtered)."""
	as_of = getdate(as_of)
	conditions = ["e.status = 'Operating'"]
	values = {"as_of": as_of}
	for field, value in (
		("service_officer", service_officer),
		("street", street),
		("industry_chain", industry_chain),
	):
		if value:
			conditions.append(f"e.`{field}` = %({field})s")
			values[field] = value
	rows = frappe.db.sql(
		f"""select e.name, e.enterprise_name, e.is_key_enterprise, t.tier_rank,
			e.service_officer, u.full_name as service_officer_name, e.street, e.industry_chain,
			lv.last_visit
		from `tabEnterprise` e
		left join `tabDesignation Type` t on t.name = e.highest_designation
		left join `tabUser` u on u.name = e.service_officer
		left join (
			select v.enterprise, max(v.visit_date) as last_visit from `tabEnterprise Visit` v
			where v.visit_date <= %(as_of)s group by v.enterprise
		) lv on lv.enterprise = e.name
		where {" and ".join(conditions)}
		order by e.name""",
		values,
		as_dict=True,
	)
	rules = coverage_rules()
	result = []
	for row in rows:
		rank = frappe.utils.cint(row.tier_rank) or None
		rule = vc.rule_for(bool(row.is_key_enterprise), rank, rules)
		if rule is None:
			continue
		last_visit = getdate(row.last_visit) if row.last_visit else None
		result.append(
			EnterpriseCoverage(
				enterprise=row.name,
				enterprise_name=row.enterprise_name,
				service_officer=row.service_officer,
				service_officer_name=row.service_officer_name,
				street=row.street,
				industry_chain=row.industry_chain,
				rule=rule,
				coverage=vc.coverage_status(last_visit, as_of, rule.period),
			)
		)
	return result
