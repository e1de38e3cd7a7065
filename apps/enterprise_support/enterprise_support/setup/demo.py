"""Demo-site settings and the loader for the data sets in the repository's ``fixtures/``."""

from __future__ import annotations

import json
from pathlib import Path

import frappe

SITE_SETTINGS = {
	"language": "zh",
	"time_zone": "Asia/Shanghai",
	"country": "China",
	"currency": "CNY",  # a site default: System Settings has no currency field
	"date_format": "yyyy-mm-dd",
	"time_format": "HH:mm:ss",
	"number_format": "#,###.##",
	"first_day_of_the_week": "Monday",
}


def fixtures_dir() -> Path:
	"""The repository's ``fixtures/`` folder (the bench root's), or ``ES_FIXTURES_DIR``."""
	import os

	if os.environ.get("ES_FIXTURES_DIR"):
		return Path(os.environ["ES_FIXTURES_DIR"])
	return Path(frappe.get_app_path("enterprise_support")).parents[2] / "fixtures"


def configure_site() -> None:
	"""Run the site as a district's would: Chinese, Beijing time, CNY, ISO dates; no setup wizard."""
	settings = frappe.get_single("System Settings")
	for field, value in SITE_SETTINGS.items():
		if settings.meta.has_field(field):
			settings.set(field, value)
	settings.setup_complete = 1
	settings.flags.ignore_mandatory = True
	settings.save(ignore_permissions=True)
	frappe.db.set_default("lang", SITE_SETTINGS["language"])
	frappe.db.set_default("currency", SITE_SETTINGS["currency"])
	if frappe.db.exists("Currency", SITE_SETTINGS["currency"]):
		frappe.db.set_value("Currency", SITE_SETTINGS["currency"], "enabled", 1)
	frappe.db.set_default("desktop:home_page", "workspace")
	for user in ("Administrator", "Guest"):
		frappe.db.set_value("User", user, "time_zone", SITE_SETTINGS["time_zone"], update_modified=False)
	# Records the system made say who made them: "系统管理员 创建", not "Administrator 创建".
	if frappe.db.get_value("User", "Administrator", "first_name") == "Administrator":
		frappe.db.set_value(
			"User",
			"Administrator",
			{"first_name": "系统管理员", "full_name": "系统管理员"},
			update_modified=False,
		)
	website = frappe.get_single("Website Settings")
	website.app_name = "企业服务平台"
	website.brand_html = "眉山天府新区 · 企业服务平台"
	website.footer_powered = "眉山天府新区管委会 企业服务中心"
	website.disable_signup = 1
	website.flags.ignore_mandatory = True
	website.save(ignore_permissions=True)
	frappe.clear_cache()


def load_demo_data(folder: Path | None = None) -> dict[str, tuple[int, int]]:
	"""Insert every record of ``fixtures/demo/*.json`` that is not there yet.

	Files load in name order (``10_streets.json`` before ``20_enterprises.json``); each holds a
	list of documents with their ``doctype``. A record counts as present when a document
	with the same name (or the same values of the file's ``"key"`` fields) exists. Each file
	is one transaction: a bad record rolls its whole file back and stops with its reason.
	"""
	folder = folder or fixtures_dir() / "demo"
	counts: dict[str, tuple[int, int]] = {}
	for path in sorted(folder.glob("*.json")):
		payload = json.loads(path.read_text(encoding="utf-8"))
		records = payload["records"] if isinstance(payload, dict) else payload
		key_fields = payload.get("key", []) if isinstance(payload, dict) else []
		fill_blanks = isinstance(payload, dict) and payload.get("fill_blanks")
		for index, record in enumerate(records, 1):
			doctype = record["doctype"]
			created, existing = counts.get(doctype, (0, 0))
			name = _exists(record, key_fields)
			if name:
				if fill_blanks:
					_fill_blanks(doctype, name, record)
				counts[doctype] = (created, existing + 1)
				continue
			try:
				frappe.get_doc(record).insert(ignore_permissions=True)
			except Exception as exc:
				frappe.db.rollback()
				raise click_error(path.name, index, exc) from exc
			counts[doctype] = (created + 1, existing)
		frappe.db.commit()
	return counts


def _exists(record: dict, key_fields: list[str]) -> str | None:
	"""The name of the record if it is there: found by its name, the file's key fields, or
	the field the doctype is named by (``autoname: field:...``)."""
	doctype = record["doctype"]
	if record.get("name"):
		return frappe.db.exists(doctype, record["name"])
	if key_fields:
		return frappe.db.exists(doctype, {field: record.get(field) for field in key_fields})
	autoname = frappe.get_meta(doctype).autoname or ""
	if autoname.startswith("field:") and record.get(autoname[6:]):
		return frappe.db.exists(doctype, record[autoname[6:]])
	return None


def _fill_blanks(doctype: str, name: str, record: dict) -> None:
	"""For files marked ``"fill_blanks": true``: set the record's values where the site has none."""
	doc = frappe.get_doc(doctype, name)
	changed = False
	for field, value in record.items():
		if field in ("doctype", "name") or not doc.meta.has_field(field):
			continue
		if doc.get(field) in (None, "", 0) and value not in (None, ""):
			doc.set(field, value)
			changed = True
	if changed:
		doc.save(ignore_permissions=True)


def click_error(file_name: str, index: int, exc: Exception) -> Exception:
	import click

	return click.ClickException(f"{file_name}, record {index}: {exc}")


def load_demo_cases(path: Path | None = None) -> tuple[int, int]:
	"""A year of requests of the demo enterprises, lived through on the site's clock
	(``setup/demo_cases.py``)."""
	from enterprise_support.setup.demo_cases import load_demo_cases as load

	return load(path)


def load_demo_policies(path: Path | None = None) -> dict[str, tuple[int, int]]:
	"""Policies with items and conditions, their matches, and 一企一策 plans (``setup/demo_policies.py``)."""
	from enterprise_support.setup.demo_policies import load_demo_policies as load

	return load(path)


def load_demo_visits(path: Path | None = None) -> tuple[int, int]:
	"""A year of visits to the demo enterprises, some problems turned into cases
	(``setup/demo_visits.py``)."""
	from enterprise_support.setup.demo_visits import load_demo_visits as load

	return load(path)
