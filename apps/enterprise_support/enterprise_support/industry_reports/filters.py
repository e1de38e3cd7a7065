"""Script-report filters, read once at the top of a report's ``execute``.

Each report declares its filters with their kind (a date, a link, a choice, a whole number, a
yes/no) and label, and ``read`` hands back only those, as the report's queries expect them.
A value that is not of its kind (a list, a dict, a date that does not exist, a number with
junk, a record that does not exist) is refused with a Chinese message naming the filter, as a
``frappe.ValidationError`` (HTTP 417), before any query runs. Filters a report does not declare
are dropped. Labels are the English source strings of the filters' labels in the reports'
JavaScript, translated when the message is shown.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass

import frappe
from frappe import _
from frappe.utils import escape_html

# A report period outside these years is a typing error, not a question anyone asks.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2199, 12, 31)
# Longest record name Frappe stores (varchar 140).
MAX_NAME = 140
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
WHOLE_NUMBER = re.compile(r"^[+-]?\d{1,9}$", re.ASCII)


def _shown(value) -> str:
	"""The offending value as the message shows it: short, and never as markup."""
	if isinstance(value, str):
		text = value
	else:
		try:
			text = json.dumps(value, ensure_ascii=False, default=str)
		except (TypeError, ValueError):
			text = repr(value)
	if len(text) > 40:
		text = text[:40] + "…"
	return escape_html(text)


def _refuse(message: str, exc=frappe.ValidationError):
	frappe.throw(message, exc, title=_("Invalid filter"))


def _blank(value) -> bool:
	return value is None or (isinstance(value, str) and not value.strip())


@dataclass(frozen=True)
class Date:
	label: str

	def read(self, value) -> dt.date | None:
		if _blank(value):
			return None
		if isinstance(value, dt.datetime):
			value = value.date()
		if isinstance(value, dt.date):
			parsed = value
		else:
			parsed = None
			if isinstance(value, str) and ISO_DATE.match(value.strip()):
				try:
					parsed = dt.date.fromisoformat(value.strip())
				except ValueError:
					parsed = None
			if parsed is None:
				_refuse(
					_("{0}: {1} is not a valid date; enter it as yyyy-mm-dd, for example 2026-03-31").format(
						_(self.label), _shown(value)
					)
				)
		if not EARLIEST <= parsed <= LATEST:
			_refuse(
				_("{0}: {1} is out of range; enter a date from {2} to {3}").format(
					_(self.label), _shown(str(parsed)), EARLIEST.isoformat(), LATEST.isoformat()
				)
			)
		return parsed


@dataclass(frozen=True)
class Link:
	doctype: str
	label: str

	def read(self, value) -> str | None:
		if _blank(value):
			return None
		if not isinstance(value, str) or len(value) > MAX_NAME:
			_refuse(
				_("{0}: {1} is not a valid value; choose one record").format(_(self.label), _shown(value))
			)
		value = value.strip()
		if not frappe.db.exists(self.doctype, value):
			_refuse(
				_("{0}: {1} does not exist").format(_(self.label), _shown(value)), frappe.LinkValidationError
			)
		return value


@dataclass(frozen=True)
class Select:
	options: tuple[str, ...]
	label: str
	# The choices as the filter shows them, where they differ from the values.
	option_labels: tuple[tuple[str, str], ...] = ()

	def read(self, value) -> str | None:
		if _blank(value):
			return None
		if not isinstance(value, str) or value.strip() not in self.options:
			shown = dict(self.option_labels)
			_refuse(
				_("{0}: {1} is not one of the choices ({2})").format(
					_(self.label), _shown(value), "、".join(_(shown.get(o, o)) for o in self.options)
				)
			)
		return value.strip()


@dataclass(frozen=True)
class WholeNumber:
	label: str
	minimum: int
	maximum: int

	def read(self, value) -> int | None:
		if _blank(value):
			return None
		number = None
		if isinstance(value, int) and not isinstance(value, bool):
			number = value
		elif isinstance(value, float) and value.is_integer():
			number = int(value)
		elif isinstance(value, str) and WHOLE_NUMBER.match(value.strip()):
			number = int(value.strip())
		if number is None or not self.minimum <= number <= self.maximum:
			_refuse(
				_("{0}: {1} is not a whole number from {2} to {3}").format(
					_(self.label), _shown(value), self.minimum, self.maximum
				)
			)
		return number


@dataclass(frozen=True)
class Check:
	label: str
	default: int = 0

	def read(self, value) -> int:
		if _blank(value):
			return self.default
		if isinstance(value, bool):
			return int(value)
		if isinstance(value, int | float) and value in (0, 1):
			return int(value)
		if isinstance(value, str) and value.strip() in ("0", "1"):
			return int(value.strip())
		_refuse(_("{0}: {1} is not a yes/no value (1 or 0)").format(_(self.label), _shown(value)))


def read(filters, spec: dict) -> frappe._dict:
	"""The declared filters of a report, checked: ``spec`` maps each fieldname to its kind.

	A pair ``from_date``/``to_date`` (both declared as dates) must not run backwards.
	"""
	if filters is None:
		filters = {}
	if isinstance(filters, str):
		try:
			filters = json.loads(filters) if filters.strip() else {}
		except ValueError:
			filters = None
	if not isinstance(filters, dict):
		frappe.throw(
			_("The report's filters are not valid"), frappe.ValidationError, title=_("Invalid filter")
		)
	checked = frappe._dict({fieldname: kind.read(filters.get(fieldname)) for fieldname, kind in spec.items()})
	if checked.get("from_date") and checked.get("to_date") and checked.from_date > checked.to_date:
		_refuse(
			_("{0} ({1}) is later than {2} ({3})").format(
				_(spec["from_date"].label), checked.from_date, _(spec["to_date"].label), checked.to_date
			)
		)
	return checked


# Frappe's report endpoints turn ``filters`` into a dict before a report's ``execute`` runs, and
# fail with a server error when it is not JSON or not an object: refused here first.
REPORT_ENDPOINTS = (
	"frappe.desk.query_report.run",
	"frappe.desk.query_report.export_query",
	"frappe.desk.query_report.get_script",
	# the same, as this app serves them (on the read replica when there is one: replica.py)
	"enterprise_support.industry_reports.replica.run",
	"enterprise_support.industry_reports.replica.export_query",
)


def check_report_request() -> None:
	"""A ``before_request`` hook: a report request's ``filters`` must be a JSON object (or blank)."""
	request = getattr(frappe.local, "request", None)
	if not request or "filters" not in frappe.form_dict:
		return
	path = request.path.rstrip("/")
	if not any(path.endswith(endpoint) for endpoint in REPORT_ENDPOINTS):
		return
	value = frappe.form_dict.filters
	if isinstance(value, str):
		try:
			value = json.loads(value) if value.strip() else None
		except ValueError:
			value = False
	if value is None or isinstance(value, dict) or value == []:
		return
	frappe.throw(_("The report's filters are not valid"), frappe.ValidationError, title=_("Invalid filter"))
