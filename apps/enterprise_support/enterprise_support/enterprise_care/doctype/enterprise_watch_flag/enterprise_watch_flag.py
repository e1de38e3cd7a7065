"""Enterprise Watch Flag: a warning signal currently flagged for an enterprise."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document

from enterprise_support.domain.watchlist import SIGNALS


def flag_name(enterprise: str, signal: str) -> str:
	"""The record's name: one flag per enterprise and signal, the signal by its place in the
	list of signals (the name is shown on the page, and users read the signal in Chinese in
	the form, not its code)."""
	return f"{enterprise}-{SIGNALS.index(signal) + 1:02d}"


class EnterpriseWatchFlag(Document):
	"""One row per enterprise and flagged signal (企业预警). Written by the daily job
	(watchlist_job.py) and by acknowledging (watchlist_actions.acknowledge); nobody edits it
	by hand except a System Manager."""

	def autoname(self):
		self.name = flag_name(self.enterprise, self.signal)

	def validate(self):
		if self.flags.from_watch_list or "System Manager" in frappe.get_roles():
			return
		frappe.throw(
			_("Watch list flags are kept by the system: use Acknowledge to add a note"),
			frappe.PermissionError,
		)

	def on_trash(self):
		if self.flags.from_watch_list or "System Manager" in frappe.get_roles():
			return
		frappe.throw(_("Watch list flags are kept by the system"), frappe.PermissionError)
