"""Case numbers (SC-2026-00042), drawn from a MariaDB sequence so that taking one locks nothing.

Frappe's naming series keeps a prefix's counter in a row of ``tabSeries`` and reads it with
SELECT … FOR UPDATE. Frappe names a document before it validates and saves it, so that row stays
locked until the request commits: two requests arriving together wait for each other through
the whole intake (validation, workflow, assignment rules), and a district's intake runs one
case at a time however many web workers it has. A sequence's NEXTVAL is not transactional: it
hands out the next number at once and holds nothing, as Frappe's own ``autoincrement`` naming
does.

What users see: ``SC-<year the case was registered>-<number>``, the number at least five digits.
The number is unique across years (it runs on from one year into the next rather than starting
again at 1), and a request refused after it was numbered (bad input, a permission error) leaves
its number unused, as does a restart of the database server for the few numbers it had taken
ahead (``CACHE``): numbers are unique and increasing, not gap-free.

The sequence is made when the Support Case doctype is installed or migrated (``ensure_sequence``,
idempotent), starting after every number already given, whether by a naming series or by it.
Should it be missing, cases are numbered by Frappe's naming series as before, from after the
last number given.
"""

from __future__ import annotations

import frappe
from frappe.utils import cint, now_datetime

SEQUENCE = "es_support_case_number"
# Numbers the server takes from the sequence's table at a time. Without a cache every NEXTVAL
# writes and durably commits the sequence's row (an extra log flush per intake, on the intake's
# path); with it, one in CACHE does. What is lost: a restart of the database server skips the
# numbers it had taken but not handed out (fewer than CACHE), a gap like a refused request's.
CACHE = 20
PREFIX = "SC"
DIGITS = 5


def format_name(year: int, number: int) -> str:
	return f"{PREFIX}-{year}-{number:0{DIGITS}d}"


def next_name(year: int | None = None) -> str | None:
	"""The next case name; None when the sequence is missing, after bringing the naming series
	past every number given, so that the series (which then names the case) repeats none."""
	try:
		number = frappe.db.sql(f"select nextval(`{SEQUENCE}`)")[0][0]
	except Exception as e:
		if not frappe.db.is_table_missing(e):
			raise
		key = f"{PREFIX}-{year or now_datetime().year}-"
		frappe.db.sql(
			"""insert into `tabSeries` (`name`, `current`) values (%(key)s, %(last)s)
			on duplicate key update `current` = greatest(`current`, %(last)s)""",
			{"key": key, "last": last_number_given()},
		)
		return None
	return format_name(year or now_datetime().year, cint(number))


def last_number_given() -> int:
	"""The highest case number given so far by a naming series or in a case's name."""
	from_series = frappe.db.sql(
		"select max(`current`) from `tabSeries` where `name` like %s", (f"{PREFIX}-%",)
	)[0][0]
	from_names = frappe.db.sql(
		"""select max(cast(substring_index(`name`, '-', -1) as unsigned))
		from `tabSupport Case` where `name` like %s""",
		(f"{PREFIX}-%",),
	)[0][0]
	return max(cint(from_series), cint(from_names))


def ensure_sequence() -> None:
	"""Make the case-number sequence if it is missing, starting after every number already given;
	give an existing one the cache below (the numbers it hands out go on from where they were)."""
	if frappe.db.sql(
		"select 1 from information_schema.tables where table_schema = database() and table_name = %s",
		(SEQUENCE,),
	):
		if cint(frappe.db.sql(f"select `cache_size` from `{SEQUENCE}`")[0][0]) != CACHE:
			frappe.db.sql_ddl(f"alter sequence `{SEQUENCE}` cache {CACHE}")
		return
	start = last_number_given() + 1
	frappe.db.sql_ddl(f"create sequence if not exists `{SEQUENCE}` start with {start} cache {CACHE}")
