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

# Enterprise portal (www/): contacts land on their requests
website_route_rules = [
	{"from_route": "/my-requests/<name>", "to_route": "my-requests/request"},
]
role_home_page = {"Enterprise Contact": "my-requests"}
portal_menu_items = [
	{"title": "My Requests", "route": "/my-requests", "role": "Enterprise Contact"},
	{"title": "Submit a Request", "route": "/new-request", "role": "Enterprise Contact"},
	{"title": "Our Enterprise", "route": "/our-enterprise", "role": "Enterprise Contact"},
]

# The desk shows stored values in the user's words: the form timeline's changes
# (public/js/form_timeline.js) and read-only workflow states (public/js/link_labels.js);
# a chart drawn again lets go of the one it replaces (public/js/charts.js)
app_include_js = [
	"/assets/enterprise_support/js/form_timeline.js",
	"/assets/enterprise_support/js/link_labels.js",
	"/assets/enterprise_support/js/charts.js",
	# the awesome bar offers enterprises, streets, chains and policies by name or pinyin
	"/assets/enterprise_support/js/pinyin_search.js",
]

# Each role's home workspace on the desk (setup/desk_home.py)
boot_session = [
	"enterprise_support.setup.desk_home.boot_session",
	# and the names of the other desk users, for "created by" and "last edited by"
	"enterprise_support.setup.desk_home.add_desk_user_names",
]

# Installation
after_install = "enterprise_support.setup.install.after_install"
after_migrate = [
	"enterprise_support.setup.install.after_migrate",
	"enterprise_support.policy_support.setup.after_migrate",
	"enterprise_support.enterprise_care.watch_rules.seed_watch_list_rules",
	# pinyin keys under a quicker collation (pinyin_search.py)
	"enterprise_support.pinyin_search.key_columns_collated",
]

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
	"Policy": "enterprise_support.permissions.policy_query",
	"Policy Item": "enterprise_support.permissions.policy_item_query",
	"Enterprise Support Plan": "enterprise_support.permissions.enterprise_support_plan_query",
	"Support Plan Review": "enterprise_support.permissions.support_plan_review_query",
	"Enterprise Visit": "enterprise_support.permissions.district_only_query",
	"Visit Coverage Rule": "enterprise_support.permissions.district_only_query",
	"Case Duplicate Suggestion": "enterprise_support.permissions.district_only_query",
	# child tables: a row is visible when its parent row is
	**{
		child: "enterprise_support.permissions.child_table_query"
		for child in (
			"Support Case Reply",
			"Support Case State Log",
			"Support Case Escalation",
			"Support Plan Measure",
			"Support Plan Milestone",
			"Support Plan Policy Item",
			"Policy Condition",
			"Policy Manual Condition",
			"Service Department Member",
			"Work Calendar Day",
			"Enterprise Visit Visitor",
			"Enterprise Visit Contact",
			"Enterprise Visit Problem",
			"Enterprise Annual Figure",
		)
	},
	# the framework's records that point at ours (files, comments, versions, assignments, ...)
	**{
		doctype: "enterprise_support.permissions.linked_records_query"
		for doctype in (
			"File",
			"Comment",
			"Communication",
			"Version",
			"Activity Log",
			"ToDo",
			"Workflow Action",
			"Document Follow",
			"DocShare",
			"View Log",
			"Notification Log",
			"Energy Point Log",
		)
	},
}
has_permission = {
	"Enterprise": "enterprise_support.permissions.has_permission",
	"Enterprise Contact": "enterprise_support.permissions.has_permission",
	"Patent": "enterprise_support.permissions.has_permission",
	"Specialist Designation": "enterprise_support.permissions.has_permission",
	"Support Case": "enterprise_support.permissions.support_case_permission",
	"Support Task": "enterprise_support.permissions.support_task_permission",
	"Policy": "enterprise_support.permissions.policy_permission",
	"Policy Item": "enterprise_support.permissions.policy_item_permission",
	"Enterprise Support Plan": "enterprise_support.permissions.enterprise_support_plan_permission",
	"Support Plan Review": "enterprise_support.permissions.support_plan_review_permission",
	"Enterprise Visit": "enterprise_support.permissions.district_only_permission",
	"Visit Coverage Rule": "enterprise_support.permissions.district_only_permission",
	"Case Duplicate Suggestion": "enterprise_support.permissions.district_only_permission",
	**{
		doctype: "enterprise_support.permissions.linked_record_permission"
		for doctype in (
			"File",
			"Comment",
			"Communication",
			"Version",
			"Activity Log",
			"ToDo",
			"Workflow Action",
			"Document Follow",
			"DocShare",
			"View Log",
			"Notification Log",
			"Energy Point Log",
		)
	},
}

# Portal users (enterprise contacts) reach the site only through the portal and its API: every
# other request is refused (an allow-list, see request_guard.py). Run as an auth hook, after
# Frappe has worked out who is calling (session cookie, API key or token alike).
auth_hooks = ["enterprise_support.request_guard.guard_request"]

# A report request's filters must be a JSON object (Frappe answers 500 otherwise).
before_request = [
	"enterprise_support.speedups.prefetch_request",
	"enterprise_support.industry_reports.filters.check_report_request",
]
before_job = ["enterprise_support.speedups.install"]
# A portal page that answers with its own Chinese message sets its status code (403/404).
after_request = ["enterprise_support.portal.set_page_status", "enterprise_support.speedups.learn_request"]

# Counting respects the row rules (Frappe's own frappe.client.get_count does not).
override_whitelisted_methods = {
	"frappe.client.get_count": "enterprise_support.permissions.get_count",
	# the awesome bar's "Search for ..." finds enterprises, streets, chains and policies by name
	# or pinyin, as the user may read them (pinyin_search.py)
	"frappe.utils.global_search.search": "enterprise_support.pinyin_search.global_search",
	# reports and exports on the read replica when the site has one (replica.py)
	"frappe.desk.query_report.run": "enterprise_support.industry_reports.replica.run",
	"frappe.desk.query_report.export_query": "enterprise_support.industry_reports.replica.export_query",
	"frappe.core.doctype.data_export.exporter.export_data": "enterprise_support.industry_reports.replica.export_data",
	"frappe.core.doctype.data_import.data_import.download_template": "enterprise_support.industry_reports.replica.download_template",
}

# Link fields and link filters find these records by pinyin and initials too (pinyin_search.py)
standard_queries = {
	doctype: "enterprise_support.pinyin_search.link_query"
	for doctype in ("Enterprise", "Street", "Industry Chain", "Policy", "Policy Item")
}

doc_events = {
	# A user's name is plain text: markup is removed on save (user_names.py)
	"User": {
		"validate": "enterprise_support.user_names.clean_user_names",
	},
	"ToDo": {
		"before_insert": "enterprise_support.support_cases.assignment.check_assignment",
		"after_insert": "enterprise_support.support_cases.assignment.on_todo_change",
		"on_update": "enterprise_support.support_cases.assignment.on_todo_change",
		# Assignments read earlier in the request are read again (speedups.get_assignments).
		"on_change": "enterprise_support.speedups.todo_written",
		"on_trash": "enterprise_support.speedups.todo_written",
	},
	# Files point only at content uploaded with them or at records the user may write
	"File": {
		"before_validate": "enterprise_support.permissions.check_file",
	},
	# Policy matching: rematch in the background after commit (policy_support/matching.py)
	"Enterprise": {
		# the pinyin key of its names, for search (pinyin_search.py)
		"validate": "enterprise_support.pinyin_search.set_pinyin_key",
		"on_update": "enterprise_support.policy_support.matching.on_enterprise_change",
		"on_trash": "enterprise_support.policy_support.matching.on_enterprise_trash",
	},
	"Patent": {
		"on_update": "enterprise_support.policy_support.matching.on_register_record_change",
		"after_delete": "enterprise_support.policy_support.matching.on_register_record_change",
	},
	"Specialist Designation": {
		"on_update": "enterprise_support.policy_support.matching.on_register_record_change",
		"after_delete": "enterprise_support.policy_support.matching.on_register_record_change",
	},
	"Policy": {
		"validate": "enterprise_support.pinyin_search.set_pinyin_key",
		"on_update": "enterprise_support.policy_support.matching.on_policy_change",
	},
	"Policy Item": {
		"validate": "enterprise_support.pinyin_search.set_pinyin_key",
		"on_update": "enterprise_support.policy_support.matching.on_policy_item_change",
		"on_trash": "enterprise_support.policy_support.matching.on_policy_item_trash",
	},
	# Routing suggestion: the suggestion is kept as analysed; dispatches teach it (support_cases/routing.py)
	"Support Case": {
		"validate": "enterprise_support.support_cases.routing.guard_routing_fields",
		"on_update": [
			"enterprise_support.support_cases.routing.on_case_update",
			# a finished case leaves no duplicate waiting (duplicate_check.py)
			"enterprise_support.support_cases.duplicate_check.on_case_update",
		],
		"on_trash": [
			"enterprise_support.support_cases.routing.on_case_trash",
			"enterprise_support.support_cases.duplicate_check.on_case_trash",
		],
	},
	"Service Department": {
		"on_trash": "enterprise_support.support_cases.routing.on_department_trash",
	},
	"Street": {"validate": "enterprise_support.pinyin_search.set_pinyin_key"},
	"Industry Chain": {"validate": "enterprise_support.pinyin_search.set_pinyin_key"},
	# Support plans: a plan's tasks belong to its enterprise and drive its progress
	"Support Task": {
		"validate": "enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan.on_task_validate",
		"on_update": "enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan.on_task_change",
		"after_delete": "enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan.on_task_change",
	},
}

scheduler_events = {
	"hourly": [
		"enterprise_support.support_cases.sla_job.sweep",
	],
	"daily": [
		"enterprise_support.enterprise_registry.designations.update_designation_statuses",
		# the watch list (企业预警) after the designation statuses are brought up to date
		"enterprise_support.enterprise_care.watchlist_job.run_daily",
	],
	"daily_long": [
		"enterprise_support.policy_support.matching.daily_rematch",
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
