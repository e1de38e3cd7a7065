"""The case-number sequence takes its numbers CACHE at a time (support_cases/case_number.py)."""

from __future__ import annotations

from enterprise_support.support_cases.case_number import ensure_sequence


def execute():
	ensure_sequence()
