"""Validity of designations (创新型中小企业, 专精特新, 小巨人, 高新技术企业 ...).

A designation valid for N years from ``valid_from`` is valid up to and including the day
before the same date N years later: 2024-12-15 for 3 years runs to 2027-12-14. For a
designation starting on 29 February the "same date" in a common year is 1 March, so it runs
to 28 February: 2024-02-29 for 3 years runs to 2027-02-28.

Status on a given day:

* ``Not Yet Valid`` -- before ``valid_from``;
* ``Expired`` -- after ``valid_to``;
* ``Expiring`` -- ``valid_to`` is at most ``warn_days`` days away (the last valid day itself
  included), so expiry shows well before it happens;
* ``Active`` -- otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

ACTIVE = "Active"
EXPIRING = "Expiring"
EXPIRED = "Expired"
NOT_YET_VALID = "Not Yet Valid"
STATUSES = (NOT_YET_VALID, ACTIVE, EXPIRING, EXPIRED)

DEFAULT_WARN_DAYS = 90

Row = TypeVar("Row")


class DesignationError(ValueError):
	"""A designation rule was broken; ``code`` names which, ``params`` carries the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


def add_years(day: dt.date, years: int) -> dt.date:
	"""The same date ``years`` later; 29 February becomes 1 March in a common year."""
	try:
		return day.replace(year=day.year + years)
	except ValueError:  # 29 February -> a year without one
		return dt.date(day.year + years, 3, 1)


def valid_to(valid_from: dt.date, validity_years: int) -> dt.date:
	"""The last valid day of a designation valid ``validity_years`` years from ``valid_from``."""
	valid_from = _as_date(valid_from, "valid_from")
	if isinstance(validity_years, bool) or not isinstance(validity_years, int) or validity_years < 1:
		raise DesignationError(
			"bad_validity_years",
			f"validity must be a whole number of years, at least 1, not {validity_years!r}",
			validity_years=validity_years,
		)
	return add_years(valid_from, validity_years) - dt.timedelta(days=1)


def status_on(
	valid_from: dt.date | None,
	valid_to: dt.date | None,
	today: dt.date,
	warn_days: int = DEFAULT_WARN_DAYS,
) -> str:
	"""``Not Yet Valid``, ``Active``, ``Expiring`` or ``Expired`` on ``today``.

	A missing ``valid_from`` means "valid since some unknown day"; a missing ``valid_to``
	means the designation does not expire (it is then never Expiring or Expired).
	"""
	start = _as_date(valid_from, "valid_from", optional=True)
	end = _as_date(valid_to, "valid_to", optional=True)
	today = _as_date(today, "today")
	if warn_days < 0:
		raise DesignationError("bad_warn_days", "warn_days cannot be negative", warn_days=warn_days)
	if start is not None and end is not None and end < start:
		raise DesignationError(
			"ends_before_start",
			f"valid_to {end.isoformat()} is before valid_from {start.isoformat()}",
			valid_from=start,
			valid_to=end,
		)
	if start is not None and today < start:
		return NOT_YET_VALID
	if end is None:
		return ACTIVE
	if today > end:
		return EXPIRED
	if (end - today).days <= warn_days:
		return EXPIRING
	return ACTIVE


def days_left(valid_to: dt.date, today: dt.date) -> int:
	"""Days from ``today`` to the last valid day (0 on that day, negative once expired)."""
	return (_as_date(valid_to, "valid_to") - _as_date(today, "today")).days


def expiring_within(
	rows: Iterable[Row],
	today: dt.date,
	days: int = DEFAULT_WARN_DAYS,
	from_field: str = "valid_from",
	to_field: str = "valid_to",
) -> list[Row]:
	"""The rows whose status on ``today`` is ``Expiring`` with ``days`` of warning.

	Rows are mappings (or objects with attributes, such as Frappe documents) holding
	``valid_from`` and ``valid_to`` as dates or ISO strings. Rows without ``valid_to`` never
	expire and are left out. The result is sorted by ``valid_to``, soonest first.
	"""
	found = []
	for row in rows:
		end = _as_date(_get(row, to_field), to_field, optional=True)
		if end is None:
			continue
		start = _as_date(_get(row, from_field), from_field, optional=True)
		if status_on(start, end, today, warn_days=days) == EXPIRING:
			found.append((end, row))
	found.sort(key=lambda pair: pair[0])
	return [row for _end, row in found]


def _get(row: Any, name: str) -> Any:
	if isinstance(row, Mapping):
		return row.get(name)
	return getattr(row, name, None)


def _as_date(value: Any, name: str, optional: bool = False) -> dt.date | None:
	if value is None or value == "":
		if optional:
			return None
		raise DesignationError("missing_date", f"{name} is required", field=name)
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	if isinstance(value, str):
		try:
			return dt.date.fromisoformat(value[:10])
		except ValueError:
			pass
	raise DesignationError("bad_date", f"{name} is not a date: {value!r}", field=name, value=value)
