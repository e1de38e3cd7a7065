"""Labels that must not borrow Frappe's own translations (issue 12).

Frappe translates "Designation" as 职位 (a job title). The app's designations (认定称号) are
labelled "Designation Title", and the app does not override Frappe's word for everyone.
"""

import csv
import json
import re
from pathlib import Path

APP = Path(__file__).resolve().parents[2] / "apps" / "enterprise_support" / "enterprise_support"


def test_no_field_or_report_is_labelled_designation():
	found = []
	for path in APP.rglob("*.json"):
		if "Designation" not in path.read_text(encoding="utf-8"):
			continue
		data = json.loads(path.read_text(encoding="utf-8"))
		for field in data.get("fields", []) if isinstance(data, dict) else []:
			if field.get("label") == "Designation":
				found.append(f"{path.relative_to(APP)}: {field['fieldname']}")
	call = re.compile(r"""(?<![\w.])_{1,2}\(\s*["']Designation["']\s*[,)]""")
	link = re.compile(r"""report_filters\.Link\([^)]*,\s*["']Designation["']\)""")
	for path in [*APP.rglob("*.py"), *APP.rglob("*.js"), *APP.rglob("*.html")]:
		text = path.read_text(encoding="utf-8")
		for pattern in (call, link):
			for match in pattern.finditer(text):
				found.append(f"{path.relative_to(APP)}: {match.group(0)}")
	assert not found, "labelled with Frappe's 'Designation' (职位):\n" + "\n".join(found)


def test_frappes_designation_is_not_overridden_for_everyone():
	with (APP / "translations" / "zh.csv").open(encoding="utf-8", newline="") as f:
		rows = [row for row in csv.reader(f) if row]
	assert not [row for row in rows if row[0] == "Designation" and (len(row) < 3 or not row[2])]
	assert {row[0]: row[1] for row in rows}["Designation Title"] == "认定称号"


def test_report_number_filters_say_what_they_count():
	# Frappe shows a report filter's label only in its empty box: a number filter, once set,
	# read as a bare "3" (Chain Gaps' threshold). Number filters are choices worded as a
	# sentence instead (public/js/report_filters.js: "企业少于 3 家").
	bare = []
	for path in (APP / "industry_reports" / "report").rglob("*.js"):
		text = path.read_text(encoding="utf-8")
		for match in re.finditer(r"""fieldtype:\s*["'](Int|Float|Currency|Percent)["']""", text):
			bare.append(f"{path.relative_to(APP)}: {match.group(0)}")
	assert not bare, bare
