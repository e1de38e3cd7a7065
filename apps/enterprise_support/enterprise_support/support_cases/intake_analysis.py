"""What the district learns about a request as it arrives: the analyses run once a case is submitted.

A case reaches the Submitted state on insert (portal, 12345 transfer, staff registering a call) or
later from a draft. Its controller then queues ``analyse_case`` on the short queue, after the
intake's transaction commits, so that intake itself does no more work than registering the case.
Each step below reads the committed case and writes what it finds for staff (duplicate and
similar-request suggestions, the department suggested for it). One step failing is logged and
does not keep the others from running.
"""

from __future__ import annotations

import frappe

# Dotted paths of ``step(case_name: str) -> None``, run in this order.
STEPS: list[str] = [
	"enterprise_support.support_cases.routing.suggest_for_case",
	"enterprise_support.support_cases.duplicate_check.check_case",
]


def queue_analysis(case_name: str) -> None:
	"""Queue the analyses of a newly submitted case, to run after the current transaction commits."""
	if not STEPS:
		return
	frappe.enqueue(
		"enterprise_support.support_cases.intake_analysis.analyse_case",
		queue="short",
		case_name=case_name,
		enqueue_after_commit=True,
	)


def analyse_case(case_name: str) -> None:
	"""Run every intake analysis on a submitted case (a background job)."""
	if not frappe.db.exists("Support Case", case_name):
		return
	for path in STEPS:
		try:
			frappe.get_attr(path)(case_name)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=f"Intake analysis {path} failed for {case_name}")
