"""Watch List Rule: one warning signal's threshold, weight, window and on/off switch."""

from __future__ import annotations

import frappe
from frappe.model.document import Document

from enterprise_support.domain import watchlist as wl
from enterprise_support.enterprise_care.watch_rules import rule_error_message, signal_rule


class WatchListRule(Document):
	"""A rule of the watch list (企业预警规则), named by its signal; the domain checks it."""

	def validate(self):
		try:
			wl.validate_rules([signal_rule(self)])
		except wl.WatchlistError as error:
			frappe.throw(rule_error_message(error), title=frappe._("Invalid watch list rule"))
