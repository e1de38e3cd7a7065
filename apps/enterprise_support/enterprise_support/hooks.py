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
