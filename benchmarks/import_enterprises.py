"""Benchmark: import N enterprises through Frappe's Data Import, print rows per second.

    env/bin/python benchmarks/import_enterprises.py --rows 10000

Runs against this bench's default site (or --site). The rows come from the deterministic
scale generator and refer to the demo data set's streets, chains, staff and departments
(loaded first if missing). The imported enterprises are deleted again afterwards unless
--keep is given. Prints one line of figures; timing covers the import job itself (parsing,
validation, insert, commit per row) as a user's Data Import would run it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1]


def main() -> int:
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
	parser.add_argument("--rows", type=int, default=10_000)
	parser.add_argument("--site")
	parser.add_argument("--seed", type=int, default=2027)
	parser.add_argument("--keep", action="store_true")
	args = parser.parse_args()

	import frappe

	sites = BENCH / "sites"
	site = args.site or json.loads((sites / "common_site_config.json").read_text())["default_site"]
	os.chdir(sites)
	frappe.init(site=site, sites_path=str(sites))
	frappe.connect()
	frappe.set_user("Administrator")
	try:
		from frappe.core.doctype.data_import.data_import import start_import

		from enterprise_support.setup import demo
		from enterprise_support.setup.scale_data import enterprise_rows, write_csv

		demo.load_demo_data()
		frappe.db.commit()
		# A USCC range of its own, so that the rows never collide with demo or test data.
		rows = list(enterprise_rows(args.rows, args.seed, uscc_first_chars="PQRTU", name_salt=args.seed))
		columns = [
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
			"service_officer",
			"responsible_department",
		]
		with tempfile.TemporaryDirectory() as tmp:
			path = Path(tmp) / "enterprises.csv"
			write_csv(rows, columns, path)
			content = path.read_bytes()
		file_doc = frappe.get_doc(
			{"doctype": "File", "file_name": "benchmark-enterprises.csv", "content": content, "is_private": 1}
		).insert(ignore_permissions=True)
		data_import = frappe.get_doc(
			{
				"doctype": "Data Import",
				"reference_doctype": "Enterprise",
				"import_type": "Insert New Records",
				"import_file": file_doc.file_url,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		start = time.perf_counter()
		start_import(data_import.name)
		elapsed = time.perf_counter() - start
		frappe.db.commit()
		ok = frappe.db.count("Data Import Log", {"data_import": data_import.name, "success": 1})
		failed = frappe.db.count("Data Import Log", {"data_import": data_import.name, "success": 0})
		print(
			f"import_enterprises: rows={args.rows} imported={ok} failed={failed} "
			f"seconds={elapsed:.1f} rows_per_second={ok / elapsed:.1f}"
		)
		if not args.keep:
			codes = [row["uscc"] for row in rows]
			for i in range(0, len(codes), 1000):
				frappe.db.delete("Enterprise", {"uscc": ("in", codes[i : i + 1000])})
			frappe.db.delete("Data Import Log", {"data_import": data_import.name})
			frappe.db.commit()
		return 0 if failed == 0 else 1
	finally:
		frappe.destroy()


if __name__ == "__main__":
	sys.exit(main())
