"""Figures nobody reported (stored as 0, see domain/figures.py): missing data to the rules,
blank on every page that shows them."""

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from enterprise_support.domain import enterprise_size as es
from enterprise_support.domain import policy_matching as pm
from enterprise_support.domain.figures import UNREPORTED_WHEN_ZERO, reported

APP = Path(__file__).resolve().parents[2] / "apps" / "enterprise_support" / "enterprise_support"
NUMBER_TYPES = {"Int", "Float", "Currency", "Percent"}


@pytest.mark.parametrize("value", [None, "", 0, 0.0, Decimal("0.000"), float("nan")])
def test_zero_and_blank_are_not_reported(value):
	assert reported(value) is None


@pytest.mark.parametrize("value", [860, 0.5, Decimal("52000.00"), 1e-9])
def test_any_other_number_is_the_figure(value):
	assert reported(value) == value


@pytest.mark.parametrize("value", [True, "860", [860]])
def test_what_is_not_a_number_is_an_error_not_unknown(value):
	with pytest.raises(TypeError):
		reported(value)


def test_an_unreported_total_is_missing_for_the_size_class_not_a_small_figure():
	services = es.load_standards().by_key("leasing_business_services")
	# total assets stored as 0: the sector needs them, so the class is unknown, never "micro"
	result = es.classify_size(
		{es.EMPLOYEES: 210, es.OPERATING_REVENUE: 52000, es.TOTAL_ASSETS: reported(0)}, services
	)
	assert result.size_class is None and result.missing == (es.TOTAL_ASSETS,)


def test_an_unreported_figure_leaves_a_policy_condition_unknown_not_failed():
	item = pm.compile_item([{"attribute": "total_assets", "operator": ">=", "value": "1000"}])
	today = dt.date(2026, 11, 27)
	assert pm.evaluate({"total_assets": reported(0)}, item, today).outcome == pm.UNKNOWN
	assert pm.evaluate({"total_assets": reported(500)}, item, today).outcome == pm.NOT_ELIGIBLE


def _doctype(name: str) -> dict:
	for path in APP.rglob("*.json"):
		if path.parent.name == name.lower().replace(" ", "_") and path.stem == path.parent.name:
			return json.loads(path.read_text(encoding="utf-8"))
	raise AssertionError(f"no doctype {name}")


def test_the_fields_named_are_number_fields_hidden_from_print_when_not_reported():
	for doctype, fieldnames in UNREPORTED_WHEN_ZERO.items():
		fields = {f["fieldname"]: f for f in _doctype(doctype)["fields"]}
		for fieldname in fieldnames:
			assert fields[fieldname]["fieldtype"] in NUMBER_TYPES, (doctype, fieldname)
			assert fields[fieldname].get("print_hide_if_no_value"), (doctype, fieldname)


def test_the_desk_blanks_the_same_fields_as_the_rules():
	# public/js/desk_fields.js repeats the table for the browser; the two must agree.
	script = (APP / "public" / "js" / "desk_fields.js").read_text(encoding="utf-8")
	table = re.search(r"UNREPORTED_WHEN_ZERO = (\{.*?\});", script, re.S).group(1)
	as_json = re.sub(r"([{,]\s*)([A-Za-z_]+):", r'\1"\2":', table)
	as_json = re.sub(r",(\s*[}\]])", r"\1", as_json)
	assert {k: tuple(v) for k, v in json.loads(as_json).items()} == UNREPORTED_WHEN_ZERO


def test_every_figure_the_desk_shows_has_a_precision():
	# Frappe's default for a Float without one is three decimals (10,000.000).
	loose = []
	for path in APP.rglob("*.json"):
		data = json.loads(path.read_text(encoding="utf-8"))
		if not isinstance(data, dict) or data.get("doctype") != "DocType":
			continue
		for field in data.get("fields", []):
			if field["fieldtype"] in {"Float", "Currency", "Percent"} and not field.get("precision"):
				loose.append(f"{data['name']}.{field['fieldname']}")
	assert not loose, loose
