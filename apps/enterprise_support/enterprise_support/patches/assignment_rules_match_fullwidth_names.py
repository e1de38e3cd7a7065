"""Assignment Rules written before department names went in as ASCII literals never matched a
department whose name has full-width punctuation (行政审批局（政务服务中心）): write them again."""

import frappe

from enterprise_support.enterprise_registry.doctype.service_department.service_department import (
	sync_assignment_rule,
)


def execute():
	for name in frappe.get_all("Service Department", pluck="name"):
		sync_assignment_rule(frappe.get_doc("Service Department", name))
