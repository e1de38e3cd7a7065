"""What installing (and migrating) the app sets up on a site: roles and the work calendars."""

from __future__ import annotations

import frappe

# (role, desk access). Labels are translated through translations/zh.csv.
ROLES = (
	("Enterprise Service Staff", 1),  # 企业服务专员: register, intake, dispatch, plans
	("Department Handler", 1),  # 承办部门: handle dispatched cases and tasks
	("Enterprise Leader", 1),  # 管委会领导 / 链长: reports, approvals
	("Enterprise Contact", 0),  # 企业联系人: portal only
)


def after_install() -> None:
	create_roles()
	seed_work_calendars()


def after_migrate() -> None:
	create_roles()
	seed_work_calendars()


def create_roles() -> None:
	for role_name, desk_access in ROLES:
		if frappe.db.exists("Role", role_name):
			if frappe.db.get_value("Role", role_name, "desk_access") != desk_access:
				frappe.db.set_value("Role", role_name, "desk_access", desk_access)
			continue
		frappe.get_doc(
			{"doctype": "Role", "role_name": role_name, "desk_access": desk_access, "is_custom": 0}
		).insert(ignore_permissions=True)


def seed_work_calendars() -> list[int]:
	"""Create a Work Calendar for every year ``chinesecalendar`` knows that the site lacks.

	Years already on the site are left alone: an administrator may have corrected them.
	Returns the years created.
	"""
	from enterprise_support.domain.working_days import names_of_official_days, official_arrangements

	names = names_of_official_days()
	created = []
	for year, arrangement in official_arrangements().items():
		if frappe.db.exists("Work Calendar", {"year": year}):
			continue
		days = [
			{"date": day, "day_type": "Day Off", "description": names.get(day)}
			for day in sorted(arrangement.days_off)
		] + [
			{"date": day, "day_type": "Make-up Working Day", "description": names.get(day)}
			for day in sorted(arrangement.make_up_days)
		]
		frappe.get_doc(
			{"doctype": "Work Calendar", "year": year, "source": "chinesecalendar", "days": days}
		).insert(ignore_permissions=True)
		created.append(year)
	return created
