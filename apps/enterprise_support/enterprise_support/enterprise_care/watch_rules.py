"""The watch list's rules as data: the Watch List Rule records, seeded from the domain's
defaults and read back as :class:`~enterprise_support.domain.watchlist.SignalRule`."""

from __future__ import annotations

from decimal import Decimal

import frappe
from frappe import _
from frappe.utils import cint, flt

from enterprise_support.domain import watchlist as wl


def signal_rule(row) -> wl.SignalRule:
	"""A Watch List Rule record (a document or a dict) as the domain's SignalRule. The Float
	threshold goes through its shortest repr, so 20.0 is Decimal 20 and 0.1 stays 0.1."""
	window = cint(row.get("window_days"))
	return wl.SignalRule(
		code=row.get("signal"),
		threshold=Decimal(repr(flt(row.get("threshold")))).normalize(),
		weight=cint(row.get("weight")),
		window_days=window or None,
		enabled=bool(cint(row.get("enabled"))),
	)


def rule_error_message(error: wl.WatchlistError) -> str:
	"""A rule the domain refuses, said in the user's language."""
	if error.code == "bad_threshold":
		return _("The threshold cannot be negative")
	if error.code == "bad_weight":
		return _("The weight must be a whole number of 0 or more")
	if error.code == "bad_window":
		return _("This signal looks back over a window: enter at least 1 day")
	if error.code == "repeated_signal":
		return _("There is already a rule for this signal")
	return _("Unknown signal")


def load_rules() -> tuple[wl.SignalRule, ...]:
	"""The rules on the site (enabled or not); a signal without a record uses its default."""
	rows = frappe.get_all(
		"Watch List Rule",
		fields=["signal", "threshold", "weight", "window_days", "enabled"],
		ignore_permissions=True,
	)
	stored = {row.signal: signal_rule(row) for row in rows if row.signal in wl.SIGNALS}
	return tuple(stored.get(rule.code, rule) for rule in wl.DEFAULT_RULES)


def seed_watch_list_rules() -> None:
	"""Create the Watch List Rule of every signal the site lacks, from watchlist.DEFAULT_RULES.
	Rules already there are left alone: staff may have changed them."""
	if not frappe.db.table_exists("Watch List Rule"):
		return
	for rule in wl.DEFAULT_RULES:
		if frappe.db.exists("Watch List Rule", rule.code):
			continue
		frappe.get_doc(
			{
				"doctype": "Watch List Rule",
				"signal": rule.code,
				"threshold": float(rule.threshold),
				"weight": rule.weight,
				"window_days": rule.window_days or 0,
				"enabled": 1 if rule.enabled else 0,
			}
		).insert(ignore_permissions=True)
