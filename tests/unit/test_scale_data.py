"""The scale generator makes valid, unique, repeatable data, and error rows fail as labelled."""

import itertools

from enterprise_support.domain import patents, uscc
from enterprise_support.setup.scale_data import (
	ERROR_KINDS,
	enterprise_rows,
	enterprise_rows_with_errors,
	generate,
)


def test_rows_are_valid_unique_and_repeatable():
	first = generate(500, 1500, 200, seed=7)
	enterprises = list(first["enterprises"])
	patent_rows = list(first["patents"])
	designations = list(first["designations"])
	codes = [row["uscc"] for row in enterprises]
	assert len(set(codes)) == 500
	assert all(uscc.check(code).is_clean for code in codes)
	numbers = [row["application_number"] for row in patent_rows]
	assert len(set(numbers)) == 1500
	for row in patent_rows:
		result = patents.check_application_number(row["application_number"])
		assert result.is_valid, row
		assert result.patent_type == row["patent_type"]
		assert row["enterprise"] in set(codes)
	assert {row["enterprise"] for row in designations} <= set(codes)
	again = generate(500, 1500, 200, seed=7)
	assert list(again["enterprises"]) == enterprises
	assert list(itertools.islice(again["patents"], 50)) == patent_rows[:50]


def test_separate_ranges_never_collide():
	a = {row["uscc"] for row in enterprise_rows(2000, 1, uscc_first_chars="PQ")}
	b = {row["uscc"] for row in enterprise_rows(2000, 1, uscc_first_chars="RT")}
	assert not a & b


def test_error_rows_fail_the_way_they_say():
	batch = enterprise_rows_with_errors(300, len(ERROR_KINDS) * 2, seed=3)
	assert batch.good_count == 300 - len(ERROR_KINDS) * 2
	assert sorted(set(batch.bad_rows.values())) == sorted(ERROR_KINDS)
	seen = set()
	for row, kind in zip(batch.rows, batch.expected, strict=True):
		result = uscc.check(row["uscc"])
		if kind in ("uscc_length", "uscc_charset"):
			assert result.errors, row
		elif kind == "uscc_check":
			assert not result.errors and result.warnings, row
		elif kind == "duplicate_uscc":
			assert row["uscc"] in seen
		elif kind == "negative_employees":
			assert row["employees"] < 0
		elif kind == "missing_enterprise_name":
			assert not row.get("enterprise_name")
		elif kind is None:
			assert result.is_clean and row["uscc"] not in seen and row["enterprise_name"]
		if kind is None:
			seen.add(row["uscc"])
