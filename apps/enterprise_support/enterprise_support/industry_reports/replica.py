"""Reports and exports on the read replica.

With ``read_from_replica`` in the site config (``bin/replica enable``), Frappe runs what it
marks ``@frappe.read_only()`` on a second connection, to ``replica_host:replica_db_port``, as
the site's own database user: reports (``frappe.desk.query_report.run``, also called by the
report's export), the report view and its export (``frappe.desk.reportview``). Data Export
and the list view's Export are not marked. This app's ``override_whitelisted_methods`` sends
the reports, their export and those two exports here: Frappe's own functions, with the same
arguments, permission checks and result, inside ``frappe.read_only()``. Without a replica
configured, they run on the primary as before.

On the replica the request is also marked read-only (``frappe.flags.read_only``, as Frappe's
maintenance mode does when it reads from a replica), so that what Frappe writes along the way
(the access log of an export, the Error Log ``query_report.run`` keeps of a report that
refused its filters) is deferred to the primary instead of failing on the read-only replica,
which would turn a clear message into a server error.
"""

from __future__ import annotations

import functools

import frappe
from frappe.desk import query_report


def on_replica(fn):
	"""``fn`` inside ``frappe.read_only()``, the request marked read-only while on the replica."""

	@frappe.read_only()
	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		replica = getattr(frappe.local, "replica_db", None)
		before = frappe.flags.read_only
		if replica is not None and frappe.local.db is replica:
			frappe.flags.read_only = True
		try:
			return fn(*args, **kwargs)
		finally:
			frappe.flags.read_only = before

	return wrapper


@frappe.whitelist()
@on_replica
def run(
	report_name,
	filters=None,
	user=None,
	ignore_prepared_report=False,
	custom_columns=None,
	is_tree=False,
	parent_field=None,
	are_default_filters=True,
):
	"""A report (``frappe.desk.query_report.run``) on the replica."""
	return query_report.run(
		report_name,
		filters=filters,
		user=user,
		ignore_prepared_report=ignore_prepared_report,
		custom_columns=custom_columns,
		is_tree=is_tree,
		parent_field=parent_field,
		are_default_filters=are_default_filters,
	)


@frappe.whitelist()
@on_replica
def export_query():
	"""A report's export (``frappe.desk.query_report.export_query``) on the replica."""
	return query_report.export_query()


@frappe.whitelist()
@on_replica
def export_data(
	doctype=None,
	parent_doctype=None,
	all_doctypes=True,
	with_data=False,
	select_columns=None,
	file_type="CSV",
	template=False,
	filters=None,
	export_without_column_meta=False,
):
	"""Data Export (``frappe.core.doctype.data_export.exporter.export_data``) on the replica."""
	from frappe.core.doctype.data_export.exporter import export_data as export

	return export(
		doctype=doctype,
		parent_doctype=parent_doctype,
		all_doctypes=all_doctypes,
		with_data=with_data,
		select_columns=select_columns,
		file_type=file_type,
		template=template,
		filters=filters,
		export_without_column_meta=export_without_column_meta,
	)


@frappe.whitelist()
@on_replica
def download_template(doctype, export_fields=None, export_records=None, export_filters=None, file_type="CSV"):
	"""The list view's Export (``frappe.core.doctype.data_import.data_import.download_template``)
	on the replica."""
	from frappe.core.doctype.data_import.data_import import download_template as export

	return export(
		doctype,
		export_fields=export_fields,
		export_records=export_records,
		export_filters=export_filters,
		file_type=file_type,
	)
