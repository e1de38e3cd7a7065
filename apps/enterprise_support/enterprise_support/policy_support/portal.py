"""What the enterprise portal shows of policy matching: the logged-in contact's own enterprise's
matched policy items, never another enterprise's (the enterprise comes from the login, not
from the request)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import frappe
from frappe import _
from frappe.utils import getdate, nowdate

from enterprise_support.permissions import contact_of
from enterprise_support.policy_support.matching import (
	SHOWN_TO_ENTERPRISES,
	UNKNOWN,
	evaluate_items,
	explain_zh,
	missing_data_of,
)


@frappe.whitelist(methods=["GET", "POST"])
def matched_policies_for_me() -> list[dict[str, Any]]:
	"""The policy items the contact's enterprise is eligible for (``Eligible``), or may be once
	missing data is supplied (``Unknown``), of policies in force; Eligible and granted-without-
	application items first. Each carries the Chinese explanation, one line per condition, computed
	now from the enterprise's current data (the table stores outcomes only)."""
	contact = contact_of()
	if not contact:
		frappe.throw(_("Your login is not linked to an enterprise contact"), frappe.PermissionError)
	today = getdate(nowdate())
	rows = frappe.db.sql(
		"""select pm.policy_item, pi.item_title, pm.outcome,
			pm.matched_on, pi.grant_without_application, pi.benefit, pi.amount, pi.application_guide,
			pi.condition_summary, pi.handling_department, p.name as policy, p.title as policy_title,
			p.issuing_body, p.document_number, p.policy_type, p.effective_date, p.expiry_date
		from `tabPolicy Match` pm
		join `tabPolicy Item` pi on pi.name = pm.policy_item
		join `tabPolicy` p on p.name = pi.policy
		where pm.enterprise = %(enterprise)s and pm.outcome in %(outcomes)s and pi.is_active = 1
			and p.effective_date <= %(today)s and (p.expiry_date is null or p.expiry_date >= %(today)s)
		order by pm.outcome = 'Eligible' desc, pi.grant_without_application desc, p.expiry_date is null,
			p.expiry_date, pi.item_title""",
		{"enterprise": contact.enterprise, "outcomes": SHOWN_TO_ENTERPRISES, "today": today},
		as_dict=True,
	)
	manual: dict[str, list[dict]] = defaultdict(list)
	results = evaluate_items(contact.enterprise, [r.policy_item for r in rows], today) if rows else {}
	for row in rows:
		result = results.get(row.policy_item)
		lines = [explain_zh(check) for check in result.checks] if result else []
		row.explanation_lines = lines
		row.explanation = "\n".join(lines)
		row.unknown_fields = missing_data_of(result) if result and result.outcome == UNKNOWN else ""
	if rows:
		for row in frappe.db.sql(
			"""select parent, requirement, evidence from `tabPolicy Manual Condition`
			where parenttype = 'Policy Item' and parent in %(items)s order by parent, idx""",
			{"items": tuple(r.policy_item for r in rows)},
			as_dict=True,
		):
			manual[row.parent].append({"requirement": row.requirement, "evidence": row.evidence})
	return [
		{
			**row,
			"enterprise": contact.enterprise,
			"outcome_label": _(row.outcome),
			"policy_type_label": _(row.policy_type) if row.policy_type else None,
			"manual_conditions": manual.get(row.policy_item, []),
		}
		for row in rows
	]
