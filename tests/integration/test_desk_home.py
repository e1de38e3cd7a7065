"""Each district role lands on its own workspace and sees only the workspaces it works in."""

import frappe as _frappe


def sidebar(client) -> list[str]:
	response = client.get("/api/method/frappe.desk.desktop.get_workspace_sidebar_items")
	assert response.status_code == 200, response.text
	return [page["name"] for page in response.json()["message"]["pages"]]


def home_of(site, user) -> str | None:
	from enterprise_support.setup.desk_home import boot_session

	site.set_user(user)
	try:
		bootinfo = _frappe._dict(user=_frappe._dict())
		boot_session(bootinfo)
		return (bootinfo.user.get("default_workspace") or {}).get("name")
	finally:
		site.set_user("Administrator")


def test_each_role_lands_on_its_workspace_and_sees_no_admin_workspaces(site, users):
	leader = users.make("Enterprise Leader")
	handler = users.make("Department Handler")
	staff = users.make("Enterprise Service Staff")
	admin_workspaces = {"Users", "Website", "Tools", "Integrations", "Build"}
	assert home_of(site, leader.user) == "Industry Chains"
	assert home_of(site, handler.user) == "Enterprise Service"
	assert home_of(site, staff.user) == "Enterprise Service"
	assert sidebar(leader) == ["Enterprise Service", "Policy Support", "Industry Chains"]
	assert sidebar(handler) == ["Enterprise Service", "Policy Support"]
	assert set(sidebar(staff)) == {"Enterprise Service", "Policy Support", "Industry Chains"}
	manager = users.make("System Manager")
	assert admin_workspaces <= set(sidebar(manager))


def test_a_default_workspace_the_user_chose_is_kept(site, users):
	leader = users.make("Enterprise Leader")
	site.db.set_value("User", leader.user, "default_workspace", "Policy Support")
	site.db.commit()
	from enterprise_support.setup.desk_home import boot_session

	site.set_user(leader.user)
	try:
		bootinfo = _frappe._dict(user=_frappe._dict(default_workspace={"name": "Policy Support"}))
		boot_session(bootinfo)
		assert bootinfo.user.default_workspace["name"] == "Policy Support"
	finally:
		site.set_user("Administrator")
