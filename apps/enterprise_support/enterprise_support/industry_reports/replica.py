"""Exports on the read replica, as Frappe runs its reports there.

With ``read_from_replica`` in the site config (``bin/replica enable``), Frappe runs what it
marks ``@frappe.read_only()`` on a second connection, to ``replica_host:replica_db_port``, as
the site's own database user: every report (``frappe.desk.query_report.run``, which also
serves the report's export ``frappe.desk.query_report.export_query``), the report view and
its export (``frappe.desk.reportview.get``, ``export_query``). Its two other exports are not
marked; this app's ``override_whitelisted_methods`` sends them here, to the same functions
inside ``frappe.read_only()``: the same arguments, the same permission checks, the same
file. Their access log is written to the primary (Frappe's ``@frappe.write_only()``).
Without a replica configured, ``frappe.read_only()`` leaves them on the primary.
"""

from __future__ import annotations

import frappe


@frappe.whitelist()
@frappe.read_only()
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
@frappe.read_only()
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
