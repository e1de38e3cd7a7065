"""What district users meet when they open the desk.

- Each role lands on its own workspace (a leader on 产业链, staff and handlers on 企业服务),
  unless the user has chosen a default workspace of their own.
- Frappe's administration workspaces (Users, Website, Tools, Integrations, Build) are for
  System Managers: district roles never need them, so their sidebars stay clean. Frappe ships
  these without roles (everyone who can read one of the module's doctypes sees them); the
  roles are set again after every migrate, since a Frappe update may re-import them.
"""

from __future__ import annotations

import frappe
from frappe.utils import add_user_info

from enterprise_support.permissions import actor_of

# what each kind of district user lands on (workspace names)
HOME_WORKSPACE = {
	"leader": "Industry Chains",
	"staff": "Enterprise Service",
	"handler": "Enterprise Service",
}
ADMIN_ROLES = ("System Manager", "Workspace Manager")


def boot_session(bootinfo) -> None:
	"""``boot_session`` hook: the role's home workspace when the user has not chosen one."""
	user = bootinfo.get("user")
	if user is None or user.get("default_workspace") or frappe.session.user == "Administrator":
		return
	roles = set(frappe.get_roles())
	if roles & {"System Manager"}:
		return
	name = HOME_WORKSPACE.get(actor_of())
	if name and frappe.db.exists("Workspace", name):
		title, public = frappe.db.get_value("Workspace", name, ["title", "public"])
		user["default_workspace"] = {"name": name, "title": title, "public": public}


def add_desk_user_names(bootinfo) -> None:
	"""``boot_session`` hook: the names of the district's desk users (staff, handlers, leaders,
	the administrator). Frappe's desk names the creator and last editor of a record from the
	users it was told about at boot; Frappe 15 tells it only of the session's user, so every
	other creator showed as an e-mail address ("wangfang@demo.gov.cn 创建") or "Administrator".
	A district has hundreds of desk users, not millions: one query at log-in."""
	if frappe.session.user == "Guest" or "user_info" not in bootinfo:
		return
	users = frappe.get_all("User", filters={"user_type": "System User", "enabled": 1}, pluck="name")
	add_user_info(users + ["Administrator"], bootinfo.user_info)


def restrict_framework_workspaces() -> list[str]:
	"""Give Frappe's public workspaces that have no roles the administrators' roles only.
	Returns the workspaces changed."""
	apps = {app for app in frappe.get_installed_apps() if app != "enterprise_support"}
	modules = set(frappe.get_all("Module Def", filters={"app_name": ("in", list(apps))}, pluck="name"))
	changed = []
	for name, module in frappe.get_all(
		"Workspace",
		filters={"public": 1, "for_user": ("in", ("", None))},
		fields=["name", "module"],
		as_list=True,
	):
		if module not in modules or name == "Welcome Workspace":
			continue
		if frappe.get_all("Has Role", filters={"parent": name, "parenttype": "Workspace"}, limit=1):
			continue
		for idx, role in enumerate(ADMIN_ROLES, start=1):
			frappe.get_doc(
				{
					"doctype": "Has Role",
					"parent": name,
					"parenttype": "Workspace",
					"parentfield": "roles",
					"role": role,
					"idx": idx,
				}
			).db_insert()
		changed.append(name)
	if changed:
		frappe.clear_cache()
	return changed
