app_name = "enterprise_support"
app_title = "Enterprise Support"
app_publisher = "enterprise_support developers"
app_description = (
	"Enterprise support and one-enterprise-one-policy case management for a Chinese new district"
)
app_email = "dev@enterprise-support.invalid"
app_license = "mit"

# Write the auto-generated type annotation block into doctype controllers.
export_python_type_annotations = True

# Installation
after_install = "enterprise_support.setup.install.after_install"
after_migrate = "enterprise_support.setup.install.after_migrate"

# Bench commands (bench --site SITE load-demo-data ...)
# Frappe discovers them through enterprise_support.commands.commands.

# Row-level access for enterprise contacts (see permissions.py)
permission_query_conditions = {
	"Enterprise": "enterprise_support.permissions.enterprise_query",
	"Enterprise Contact": "enterprise_support.permissions.enterprise_contact_query",
	"Patent": "enterprise_support.permissions.patent_query",
	"Specialist Designation": "enterprise_support.permissions.specialist_designation_query",
}
has_permission = {
	"Enterprise": "enterprise_support.permissions.has_permission",
	"Enterprise Contact": "enterprise_support.permissions.has_permission",
	"Patent": "enterprise_support.permissions.has_permission",
	"Specialist Designation": "enterprise_support.permissions.has_permission",
}

scheduler_events = {
	"daily": [
		"enterprise_support.enterprise_registry.designations.update_designation_statuses",
	],
}
