"""Enterprise size class on the site: the 2017 measures (data) applied to an Enterprise."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import flt

from enterprise_support.domain import enterprise_size as es
from enterprise_support.domain.figures import reported

# Enterprise field -> measure of the standard
MEASURE_FIELDS = {
	es.EMPLOYEES: "employees",
	es.OPERATING_REVENUE: "annual_revenue",
	es.TOTAL_ASSETS: "total_assets",
}


def standards() -> es.SizeStandards:
	cached = getattr(frappe.local, "es_size_standards", None)
	if cached is None:
		cached = frappe.local.es_size_standards = es.load_standards(es.DEFAULT_STANDARDS_PATH)
	return cached


def classify(doc) -> es.SizeResult:
	"""Size class of an enterprise document. A blank or zero figure counts as not reported
	(``domain/figures.py``): the class is then unknown rather than a guess."""
	if not doc.industry_code:
		return es.SizeResult(None, "no_industry")
	measures = {measure: reported(flt(doc.get(fieldname))) for measure, fieldname in MEASURE_FIELDS.items()}
	return es.classify_enterprise(doc.industry_code, measures, standards())


def measure_label(measure: str) -> str:
	return {
		es.EMPLOYEES: _("employees"),
		es.OPERATING_REVENUE: _("operating revenue (10k CNY)"),
		es.TOTAL_ASSETS: _("total assets (10k CNY)"),
	}.get(measure, measure)


def describe(result: es.SizeResult) -> str:
	"""One line in the site's language (Chinese) saying how the size class was reached (or why it
	is unknown). It is stored on the enterprise, so it does not depend on who saved it last or on
	a background job's English."""
	with print_language(frappe.db.get_default("lang")):
		return _describe(result)


def _describe(result: es.SizeResult) -> str:
	if result.reason == "no_industry":
		return _("Unknown: enter the industry (GB/T 4754) first")
	if result.reason == "no_sector":
		return _("Unknown: the 2017 size measures do not cover this industry")
	sector = next((s for s in standards().sectors if s.key == result.sector_key), None)
	sector_name = sector.name if sector else (result.sector_key or "")
	if result.reason == "missing_measures":
		return _("Unknown: {0} needs {1}").format(
			sector_name, "、".join(measure_label(m) for m in result.missing)
		)
	text = _("{0} measures: {1}").format(sector_name, _(result.size_class, context="Enterprise"))
	if result.shortfalls:
		first = result.shortfalls[-1]  # the tier just above the result
		# "…；未达大型标准，因从业人员为 860，低于 1,000" (the tier's name already ends in 型)
		text += _("; short of {0} because {1} is {2}, under {3}").format(
			_(first.tier.title() if first.tier.islower() else first.tier, context="Enterprise"),
			measure_label(first.measure),
			es.format_measure(first.measure, first.value),
			es.format_measure(first.measure, first.bound),
		)
	return text
