"""Designation readiness on the site (梯度培育): the next tier of the ladder above what an
enterprise holds, and what it still lacks for it, by the criteria in
``enterprise_registry/data/designation_criteria.json`` (see ``domain/readiness.py``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from enterprise_support.domain.policy_matching import (
	ELIGIBLE,
	NOT_ELIGIBLE,
	UNKNOWN,
	designation_key,
	explain_zh,
)
from enterprise_support.domain.readiness import (
	CriteriaError,
	CriteriaSet,
	load_criteria,
	next_tier,
	readiness,
)

OUTCOME_LABELS = {
	ELIGIBLE: "Meets the Criteria",
	NOT_ELIGIBLE: "Has Gaps",
	UNKNOWN: "Data Missing",
	"no_criteria": "No Criteria on File",
	"top": "Top Tier Held",
}
"""Readiness outcomes in English (the report's filter values); see :func:`outcome_label`."""


def outcome_label(outcome: str) -> str:
	"""A readiness outcome in the user's language."""
	return {
		ELIGIBLE: _("Meets the Criteria"),
		NOT_ELIGIBLE: _("Has Gaps"),
		UNKNOWN: _("Data Missing"),
		"no_criteria": _("No Criteria on File"),
		"top": _("Top Tier Held"),
	}[outcome]


def ladder() -> list[tuple[str, int]]:
	"""The designation types as ``(name, rank)``; ranks of 0 are off the ladder."""
	return [
		(row.name, int(row.tier_rank or 0))
		for row in frappe.get_all("Designation Type", fields=["name", "tier_rank"], order_by="tier_rank asc")
	]


def held_tier(held, tiers: list[tuple[str, int]]) -> str | None:
	"""The highest ladder tier among the designations held."""
	keys = {designation_key(name) for name in held}
	on_ladder = [(rank, name) for name, rank in tiers if rank > 0 and designation_key(name) in keys]
	return max(on_ladder)[1] if on_ladder else None


def assess(
	profile: dict[str, Any],
	tiers: list[tuple[str, int]],
	criteria: CriteriaSet,
	today: dt.date,
	designation: str | None = None,
) -> dict[str, Any]:
	"""Readiness of one profile for ``designation``, by default for the next tier of the ladder.

	When the next tier has no criteria on file (the criteria data covers the provincial, the
	national "little giant" and the high-tech designations), the lowest higher tier that has
	criteria is assessed instead: ``assessed_tier`` says which.
	"""
	held = profile.get("designations") or ()
	target = designation or next_tier(held, tiers)
	result: dict[str, Any] = {
		"held_tier": held_tier(held, tiers),
		"next_tier": target,
		"assessed_tier": None,
		"gaps": [],
		"unknown": [],
		"met": [],
		"criteria_from": None,
	}
	if not target:
		return {**result, "outcome": "top"}
	assessed = target
	if not designation and not criteria.has(target, today):
		rank = dict(tiers).get(target, 0)
		higher = sorted((r, name) for name, r in tiers if r > rank and criteria.has(name, today))
		assessed = higher[0][1] if higher else target
	try:
		found = readiness(profile, criteria, today, assessed)
	except CriteriaError:
		return {**result, "outcome": "no_criteria"}
	return {
		**result,
		"assessed_tier": assessed,
		"outcome": found.outcome,
		"gaps": found.gap_texts,
		"unknown": found.unknown_texts,
		"met": [explain_zh(c) for c in found.met],
		"criteria_from": found.effective_from,
	}


def readiness_of(enterprise: str, designation: str | None = None) -> dict[str, Any]:
	from enterprise_support.policy_support.matching import profile_of

	profile = profile_of(enterprise)
	if profile is None:
		frappe.throw(_("Enterprise {0} does not exist").format(enterprise), frappe.DoesNotExistError)
	result = assess(profile, ladder(), load_criteria(), getdate(nowdate()), designation)
	result["enterprise"] = enterprise
	result["outcome_label"] = outcome_label(result["outcome"])
	return result


@frappe.whitelist()
def get_readiness(enterprise: str, designation: str | None = None) -> dict[str, Any]:
	"""The next designation tier of an enterprise (or the one asked for), with the gaps in
	Chinese (``Ⅰ类知识产权 1 件，需 ≥ 2 件``), the data missing and what is met."""
	frappe.get_doc("Enterprise", enterprise).check_permission("read")
	if designation and not frappe.db.exists("Designation Type", designation):
		frappe.throw(_("{0} is not a designation type").format(designation), frappe.DoesNotExistError)
	return readiness_of(enterprise, designation)
