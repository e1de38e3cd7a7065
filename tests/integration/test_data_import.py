"""Bulk load through Frappe's own Data Import: good rows land, bad rows are reported, none half-written."""

import csv
import json

import pytest

from enterprise_support.setup import demo
from enterprise_support.setup.scale_data import enterprise_rows_with_errors

# Faults a row can only show when it is saved: the row fails, the others are imported.
SAVE_TIME_FAULTS = (
	"uscc_length",
	"uscc_charset",
	"uscc_check",
	"negative_employees",
	"duplicate_uscc",
	"missing_enterprise_name",
)
# Faults Frappe's Data Import finds while reading the file (a link to nothing, an impossible
# date): it lists each such row with its reason and imports nothing until the file is fixed.
READ_TIME_FAULTS = ("unknown_street", "unknown_industry_code", "bad_date")

COLUMNS = [
	"enterprise_name",
	"uscc",
	"industry_code",
	"industry_chain",
	"chain_link",
	"street",
	"employees",
	"annual_revenue",
	"rd_expense",
	"established_on",
]


def run_import(frappe, tmp_path, rows, name="import.csv"):
	from frappe.core.doctype.data_import.data_import import start_import

	path = tmp_path / name
	with path.open("w", encoding="utf-8", newline="") as f:
		writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
		writer.writeheader()
		writer.writerows(rows)
	file_doc = frappe.get_doc(
		{"doctype": "File", "file_name": name, "content": path.read_bytes(), "is_private": 1}
	).insert(ignore_permissions=True)
	data_import = frappe.get_doc(
		{
			"doctype": "Data Import",
			"reference_doctype": "Enterprise",
			"import_type": "Insert New Records",
			"import_file": file_doc.file_url,
			"submit_after_import": 0,
		}
	).insert(ignore_permissions=True)
	frappe.db.commit()
	start_import(data_import.name)
	frappe.db.commit()
	return data_import.name


@pytest.fixture(scope="module")
def demo_data(site):
	demo.load_demo_data()
	site.db.commit()


def test_1000_rows_with_10_bad_ones(site, demo_data, tmp_path):
	frappe = site
	batch = enterprise_rows_with_errors(1000, 10, seed=4754, kinds=SAVE_TIME_FAULTS)
	assert batch.good_count == 990
	assert set(batch.bad_rows.values()) == set(SAVE_TIME_FAULTS)
	good_codes = [row["uscc"] for row, kind in zip(batch.rows, batch.expected, strict=True) if kind is None]
	try:
		name = run_import(frappe, tmp_path, batch.rows)
		logs = frappe.get_all(
			"Data Import Log",
			filters={"data_import": name},
			fields=["success", "row_indexes", "messages", "exception"],
		)
		succeeded = [log for log in logs if log.success]
		failed = [log for log in logs if not log.success]
		assert len(succeeded) == 990
		assert len(failed) == 10
		# Each reported row is one of the bad rows (row_indexes count the header as row 1).
		reported = sorted(json.loads(log.row_indexes)[0] - 2 for log in failed)
		assert reported == sorted(batch.bad_rows)
		# Every reason is readable: a message or the validation error text.
		for log in failed:
			assert (log.messages and log.messages != "[]") or log.exception
		assert frappe.db.count("Enterprise", {"uscc": ("in", good_codes)}) == 990
		status = frappe.db.get_value("Data Import", name, "status")
		assert status == "Partial Success"
		# Nothing of a bad row was written: its distinct name is nowhere.
		bad_names = [batch.rows[i]["enterprise_name"] for i in batch.bad_rows]
		assert frappe.db.count("Enterprise", {"enterprise_name": ("in", bad_names)}) == 0
	finally:
		frappe.db.rollback()
		frappe.db.delete("Enterprise", {"uscc": ("in", good_codes)})
		frappe.db.commit()


def test_a_file_with_unknown_links_or_impossible_dates_is_held_back_row_by_row(site, demo_data, tmp_path):
	frappe = site
	batch = enterprise_rows_with_errors(200, 6, seed=11, kinds=READ_TIME_FAULTS)
	codes = [row["uscc"] for row in batch.rows]
	try:
		name = run_import(frappe, tmp_path, batch.rows, name="held.csv")
		warnings = json.loads(frappe.db.get_value("Data Import", name, "template_warnings") or "[]")
		flagged_rows = {w["row"] - 2 for w in warnings if w.get("row")}
		assert flagged_rows == set(batch.bad_rows)
		assert frappe.db.count("Enterprise", {"uscc": ("in", codes)}) == 0
		assert frappe.db.count("Data Import Log", {"data_import": name}) == 0
	finally:
		frappe.db.rollback()
		frappe.db.delete("Enterprise", {"uscc": ("in", codes)})
		frappe.db.commit()
