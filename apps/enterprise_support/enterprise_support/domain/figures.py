"""Figures nobody has reported.

**Unknown is stored as 0.** Frappe keeps every Int, Float, Currency and Percent column
``NOT NULL DEFAULT 0`` and writes 0 for an empty number box, so a number field cannot hold
"unknown". For the figures named in :data:`UNREPORTED_WHEN_ZERO`, 0 is not a value anyone
reports -- an operating enterprise has staff, revenue, assets and registered capital; a policy
item without a sum has no amount -- so the app reads a stored 0 as "not reported":

* the size class and policy matching count it as missing data (size unknown, a condition on it
  "unknown": never a guessed class, never a failed condition) -- :func:`reported`;
* every place that shows it shows it blank: forms with 未填报 in the empty box, list and report
  views, print (``print_hide_if_no_value``) and the reports (``public/js/desk_fields.js`` reads
  the same table; a unit test keeps the two equal).

The price is that a true zero cannot be recorded: an enterprise with no R&D spending reads as
"R&D not reported", so an R&D condition is "unknown" for it rather than "not met" -- a question
for staff to settle, which is the honest answer when 0 and "not known" look alike.

``rd_ratio`` is derived from R&D expense and revenue; it is 0 exactly when one of them is not
reported (or the expense is 0, which is the same thing), so it is blank too.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

UNREPORTED_WHEN_ZERO: dict[str, tuple[str, ...]] = {
	"Enterprise": (
		"employees",
		"registered_capital",
		"annual_revenue",
		"total_assets",
		"rd_expense",
		"rd_ratio",
	),
	"Policy Item": ("amount",),
}
"""Doctype -> the number fields whose stored 0 means "not reported"."""


def reported(value: Any) -> int | float | Decimal | None:
	"""The figure as reported, or None when it was not: None, an empty string or 0.

	Raises ``TypeError`` for a value that is not a number (a bool included), so a wrong column
	is found, not silently read as "not reported"."""
	if value is None or value == "":
		return None
	if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
		raise TypeError(f"not a figure: {value!r}")
	if value != value:  # NaN
		return None
	return None if value == 0 else value
