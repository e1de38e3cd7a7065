"""Number cases from a sequence (support_cases/case_number.py), continuing after the last number given."""

from __future__ import annotations

from enterprise_support.support_cases.case_number import ensure_sequence


def execute():
	ensure_sequence()
