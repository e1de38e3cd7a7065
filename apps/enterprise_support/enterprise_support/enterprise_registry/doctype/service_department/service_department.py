import frappe
from frappe import _
from frappe.model.document import Document

RULE_PREFIX = "Support Case · "


class ServiceDepartment(Document):
	def validate(self):
		seen = set()
		for row in self.members:
			if row.user in seen:
				frappe.throw(_("{0} is listed twice").format(row.user), title=_("Duplicate handler"))
			seen.add(row.user)

	def on_update(self):
		sync_assignment_rule(self)

	def on_trash(self):
		rule = RULE_PREFIX + self.name
		if frappe.db.exists("Assignment Rule", rule):
			frappe.delete_doc("Assignment Rule", rule, ignore_permissions=True)


def handlers_of(department) -> list[str]:
	users = [row.user for row in department.members]
	if not users and department.head:
		users = [department.head]
	return users


def sync_assignment_rule(department) -> None:
	"""One Assignment Rule per department shares its dispatched cases among its handlers
	(load balancing); the case's handler is then taken from the assignment."""
	name = RULE_PREFIX + department.name
	users = handlers_of(department)
	exists = frappe.db.exists("Assignment Rule", name)
	if not users or not department.is_active:
		if exists:
			frappe.db.set_value("Assignment Rule", name, "disabled", 1)
		return
	rule = frappe.get_doc("Assignment Rule", name) if exists else frappe.new_doc("Assignment Rule")
	# The name goes in as an ASCII literal (\u escapes): frappe.safe_eval NFKC-normalises the
	# expression, which would turn full-width punctuation such as "（" into "(" and the
	# condition would never match a department named with it.
	quoted = ascii(department.name)
	rule.update(
		{
			"name": name,
			"document_type": "Support Case",
			"description": _("Dispatched cases of {0} go to its handlers in turn").format(department.name),
			"priority": 1,
			"disabled": 0,
			"rule": "Load Balancing",
			"assign_condition": f"workflow_state == 'Dispatched' and department == {quoted} and not handler",
			"unassign_condition": f"department != {quoted} or workflow_state in ('Returned', 'Rejected', 'Merged')",
			"close_condition": "workflow_state in ('Resolved', 'Closed')",
		}
	)
	rule.set("users", [{"user": user} for user in users])
	if not rule.assignment_days:
		# Dispatch happens any day; deadlines themselves follow the work calendar.
		for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"):
			rule.append("assignment_days", {"day": day})
	if exists:
		rule.save(ignore_permissions=True)
	else:
		rule.insert(ignore_permissions=True)
