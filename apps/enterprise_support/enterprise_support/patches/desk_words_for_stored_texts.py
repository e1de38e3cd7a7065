"""Texts stored before they read well in Chinese, written again:

- the size basis of every enterprise ("未达大型型" had its 型 twice; it is "未达大型标准" now);
- the reason of first-level supervision rows, saved in English while its source string had 督办
  in it (and so no translation), and the people they notified, saved as e-mail addresses: now the
  Chinese reason and the people's names.
"""

import frappe
from frappe import _

from enterprise_support.enterprise_registry import sizing

OLD_REASON = "Overdue: supervision (督办) by the department head and the service officer"


def execute():
	frappe.local.lang = frappe.db.get_default("lang") or frappe.local.lang
	for name in frappe.get_all("Enterprise", pluck="name"):
		doc = frappe.get_doc("Enterprise", name)
		basis = sizing.describe(sizing.classify(doc))
		if basis != doc.size_basis:
			frappe.db.set_value("Enterprise", name, "size_basis", basis, update_modified=False)

	reason = _("Overdue: supervision by the department head and the service officer")
	frappe.db.sql(
		"update `tabSupport Case Escalation` set reason = %s where reason = %s", (reason, OLD_REASON)
	)
	names = dict(frappe.get_all("User", fields=["name", "full_name"], as_list=True))
	for row in frappe.get_all("Support Case Escalation", fields=["name", "notified"]):
		people = (row.notified or "").split("、")
		if not any(person in names for person in people):
			continue
		notified = "、".join(names.get(person) or person for person in people)
		frappe.db.set_value("Support Case Escalation", row.name, "notified", notified, update_modified=False)
