"""The time a request was received, as a client gives it (the 12345 hotline, REST, import).

Only ``yyyy-mm-dd``, ``yyyy-mm-dd hh:mm`` or ``yyyy-mm-dd hh:mm:ss`` (a ``T`` may stand for the
space) on a calendar date that exists; anything else is refused with a Chinese message rather
than guessed at (``2026-02-30`` is not the 2nd of March).
"""

from __future__ import annotations

import datetime as dt
import re

import frappe
from frappe import _
from frappe.utils import cstr, escape_html

TIME_OF_RECEIPT = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$")


def read_time_of_receipt(value) -> dt.datetime | None:
	"""``value`` as a datetime; None when blank."""
	if value is None or (isinstance(value, str) and not value.strip()):
		return None
	if isinstance(value, dt.datetime):
		return value.replace(tzinfo=None)
	if isinstance(value, dt.date):
		return dt.datetime.combine(value, dt.time())
	parsed = None
	if isinstance(value, str) and TIME_OF_RECEIPT.match(value.strip()):
		try:
			parsed = dt.datetime.fromisoformat(value.strip())
		except ValueError:
			parsed = None
	if parsed is None:
		frappe.throw(
			_(
				"{0} is not a valid time of receipt: use yyyy-mm-dd hh:mm:ss, for example 2026-03-31 09:30:00"
			).format(escape_html(cstr(value)[:40])),
			frappe.ValidationError,
			title=_("Invalid time of receipt"),
		)
	return parsed
