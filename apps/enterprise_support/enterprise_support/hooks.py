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
	"Support Case": "enterprise_support.permissions.support_case_query",
	"Support Task": "enterprise_support.permissions.support_task_query",
}
has_permission = {
	"Enterprise": "enterprise_support.permissions.has_permission",
	"Enterprise Contact": "enterprise_support.permissions.has_permission",
	"Patent": "enterprise_support.permissions.has_permission",
	"Specialist Designation": "enterprise_support.permissions.has_permission",
	"Support Case": "enterprise_support.permissions.support_case_permission",
	"Support Task": "enterprise_support.permissions.support_task_permission",
}

doc_events = {
	"ToDo": {
		"after_insert": "enterprise_support.support_cases.assignment.on_todo_change",
		"on_update": "enterprise_support.support_cases.assignment.on_todo_change",
	},
}

scheduler_events = {
	"hourly": [
		"enterprise_support.support_cases.sla_job.sweep",
	],
	"daily": [
		"enterprise_support.enterprise_registry.designations.update_designation_statuses",
	],
}

# The support-case workflow (fixtures generated from domain/case_workflow.py; a unit test
# keeps the two equal)
from enterprise_support.domain.case_workflow import ACTIONS as _CASE_ACTIONS
from enterprise_support.domain.case_workflow import STATES as _CASE_STATES

fixtures = [
	{"dt": "Workflow State", "filters": [["name", "in", list(_CASE_STATES)]]},
	{"dt": "Workflow Action Master", "filters": [["name", "in", list(_CASE_ACTIONS)]]},
	{"dt": "Workflow", "filters": [["name", "=", "Support Case Workflow"]]},
]
