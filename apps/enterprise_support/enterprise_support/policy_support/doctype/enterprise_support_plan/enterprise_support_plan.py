# Annotations stay text: Frappe then leaves the whitelisted methods' arguments to their own
# checks, which answer in Chinese (its type check answers in English).
from __future__ import annotations

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, cstr, getdate, now_datetime, nowdate

from enterprise_support.domain.policy_matching import ELIGIBLE, NOT_ELIGIBLE, explain_zh
from enterprise_support.permissions import actor_of
from enterprise_support.policy_support import matching
from enterprise_support.policy_support import plan_workflow as wf

# what a user edits in each table (the other columns are filled in by the system)
EDITABLE_COLUMNS = {
	"policy_items": ("policy_item", "application_status"),
	"measures": ("measure", "department", "responsible_leader", "due_date"),
	"milestones": ("milestone", "target_date", "done"),
}
EDITABLE_FIELDS = (
	"title",
	"enterprise",
	"plan_year",
	"responsible_leader",
	"responsible_department",
	"service_officer",
	"goals",
)


class EnterpriseSupportPlan(Document):
	def validate(self):
		previous = self.get_doc_before_save()
		self.title = cstr(self.title).strip()
		self.plan_year = cint(self.plan_year) or getdate(nowdate()).year
		if not 2000 <= self.plan_year <= 2100:
			frappe.throw(_("{0} is not a plan year").format(self.plan_year), title=_("Invalid plan year"))
		if previous:
			self.guard_edits(previous)
		self.validate_one_plan_a_year()
		self.validate_policy_items(previous)
		self.update_milestones()
		if self.is_new():
			self.approved_by = self.approved_on = None
		elif previous.workflow_state != self.workflow_state and self.workflow_state == wf.APPROVED:
			self.approved_by = frappe.session.user
			self.approved_on = now_datetime()
		self.set_progress()

	def guard_edits(self, previous):
		"""A leader only moves the plan along its workflow; nobody edits a finished plan."""
		changed = changed_fields(self, previous)
		if not changed:
			return
		labels = "、".join(_(self.meta.get_label(f)) for f in changed)
		if actor_of() == "leader":
			frappe.throw(
				_("Leaders approve plans; their content is edited by enterprise service staff ({0})").format(
					labels
				),
				frappe.PermissionError,
			)
		if previous.workflow_state in wf.FINAL_STATES:
			frappe.throw(
				_("The plan is {0}: it can no longer be changed ({1})").format(
					_(previous.workflow_state), labels
				),
				title=_("Plan finished"),
			)
		if "enterprise" in changed and previous.workflow_state != wf.DRAFT:
			frappe.throw(
				_("The enterprise of an approved plan cannot be changed"), title=_("Cannot change enterprise")
			)

	def validate_one_plan_a_year(self):
		other = frappe.db.get_value(
			"Enterprise Support Plan",
			{
				"enterprise": self.enterprise,
				"plan_year": self.plan_year,
				"workflow_state": ("!=", wf.CLOSED),
				"name": ("!=", self.name or ""),
			},
		)
		if other and self.workflow_state != wf.CLOSED:
			frappe.throw(
				_("{0} already has a support plan for {1}: {2}").format(
					self.enterprise_name or self.enterprise, self.plan_year, other
				),
				frappe.DuplicateEntryError,
				title=_("Plan already exists"),
			)

	def validate_policy_items(self, previous):
		"""Items added to the plan must be ones the enterprise is eligible for, or may be once
		missing data is supplied (Eligible or Unknown), judged on today's data."""
		seen = set()
		for row in self.policy_items:
			if row.policy_item in seen:
				frappe.throw(
					_("Row {0}: policy item {1} is listed twice").format(row.idx, row.policy_item),
					title=_("Duplicate policy item"),
				)
			seen.add(row.policy_item)
		known = set()
		if previous and previous.enterprise == self.enterprise:
			known = {row.policy_item for row in previous.policy_items}
		added = [row for row in self.policy_items if row.policy_item not in known]
		if not added:
			return
		results = matching.evaluate_items(self.enterprise, [row.policy_item for row in added])
		for row in added:
			result = results.get(row.policy_item)
			row.item_title, row.grant_without_application = frappe.db.get_value(
				"Policy Item", row.policy_item, ["item_title", "grant_without_application"]
			) or (None, 0)
			title = row.item_title
			if result is None:
				frappe.throw(
					_("Row {0}: policy item {1} is not active, or its policy is not in force").format(
						row.idx, title or row.policy_item
					),
					title=_("Policy item not available"),
				)
			if result.outcome == NOT_ELIGIBLE:
				frappe.throw(
					_("Row {0}: {1} does not meet the conditions of {2}: {3}").format(
						row.idx,
						self.enterprise_name or self.enterprise,
						title,
						"；".join(explain_zh(c) for c in result.failed),
					),
					title=_("Not eligible"),
				)
			row.outcome = matching.OUTCOME_NAMES[result.outcome]
			row.explanation = matching.explanation_of(result)
			if not row.application_status and not cint(row.grant_without_application):
				row.application_status = "To Apply"

	def update_milestones(self):
		today = getdate(nowdate())
		for row in self.milestones:
			if cint(row.done):
				row.done_on = row.done_on or today
			else:
				row.done_on = None

	def set_progress(self):
		self.task_count, self.completed_task_count, self.progress = task_progress(self.name)
		reviews = review_dates(self.name)
		self.last_review_date, self.next_review_date = reviews

	def on_update(self):
		previous = self.get_doc_before_save()
		if (
			previous
			and previous.workflow_state != self.workflow_state
			and self.workflow_state == wf.IN_EXECUTION
		):
			self.make_tasks()

	def make_tasks(self) -> list[str]:
		"""One Support Task for each measure that has none: to the measure's department (its
		head), due by the measure's date in working days."""
		from enterprise_support.support_cases import deadlines

		today = getdate(nowdate())
		created = []
		for row in self.measures:
			if row.support_task and frappe.db.exists("Support Task", row.support_task):
				continue
			working_days = 3
			if row.due_date and getdate(row.due_date) > today:
				working_days = max(1, deadlines.working_days_between(today, getdate(row.due_date)))
			task = frappe.get_doc(
				{
					"doctype": "Support Task",
					"subject": cstr(row.measure).strip().splitlines()[0][:140],
					"support_plan": self.name,
					"enterprise": self.enterprise,
					"department": row.department,
					"assignee": frappe.db.get_value("Service Department", row.department, "head")
					if row.department
					else None,
					"working_days": working_days,
					"description": row.measure,
				}
			).insert(ignore_permissions=True)
			row.db_set("support_task", task.name, update_modified=False)
			created.append(task.name)
		if created:
			self.set_progress()
			self.db_set(
				{
					"task_count": self.task_count,
					"completed_task_count": self.completed_task_count,
					"progress": self.progress,
				},
				update_modified=False,
			)
		return created


def changed_fields(doc, previous) -> list[str]:
	"""The fields (and tables) a user changed, leaving out what the system fills in."""
	changed = [f for f in EDITABLE_FIELDS if cstr(doc.get(f)) != cstr(previous.get(f))]
	for table, columns in EDITABLE_COLUMNS.items():
		rows = [tuple(cstr(row.get(c)) for c in columns) for row in doc.get(table)]
		before = [tuple(cstr(row.get(c)) for c in columns) for row in previous.get(table)]
		if rows != before:
			changed.append(table)
	return changed


def task_progress(plan: str | None) -> tuple[int, int, float]:
	"""(tasks not cancelled, completed tasks, percent completed) of a plan."""
	if not plan:
		return 0, 0, 0.0
	counts = dict(
		frappe.db.sql(
			"select status, count(*) from `tabSupport Task` where support_plan = %s group by status", plan
		)
	)
	counted = sum(n for status, n in counts.items() if status != "Cancelled")
	completed = counts.get("Completed", 0)
	return counted, completed, wf.progress(completed, counted)


def review_dates(plan: str | None):
	"""(last review done, next review scheduled) of a plan."""
	if not plan:
		return None, None
	last, upcoming = frappe.db.sql(
		"""select max(case when status = 'Done' then review_date end),
			min(case when status = 'Scheduled' then review_date end)
		from `tabSupport Plan Review` where support_plan = %s""",
		plan,
	)[0]
	return last, upcoming


def update_plan_progress(plan: str | None) -> None:
	if plan and frappe.db.exists("Enterprise Support Plan", plan):
		count, completed, progress = task_progress(plan)
		frappe.db.set_value(
			"Enterprise Support Plan",
			plan,
			{"task_count": count, "completed_task_count": completed, "progress": progress},
			update_modified=False,
		)


def update_review_dates(plan: str | None) -> None:
	if plan and frappe.db.exists("Enterprise Support Plan", plan):
		last, upcoming = review_dates(plan)
		frappe.db.set_value(
			"Enterprise Support Plan",
			plan,
			{"last_review_date": last, "next_review_date": upcoming},
			update_modified=False,
		)


# -- Support Task events (hooks.py) -----------------------------------------------------------


def on_task_validate(doc, method=None):
	"""A plan's task belongs to the plan's enterprise."""
	if doc.get("support_plan") and not doc.get("support_case"):
		doc.enterprise = frappe.db.get_value("Enterprise Support Plan", doc.support_plan, "enterprise")


def on_task_change(doc, method=None):
	plans = {doc.get("support_plan")}
	previous = doc.get_doc_before_save() if method == "on_update" else None
	if previous is not None:
		plans.add(previous.get("support_plan"))
	for plan in filter(None, plans):
		update_plan_progress(plan)


# -- actions ----------------------------------------------------------------------------------


@frappe.whitelist(methods=["POST"])
def build_from_matches(enterprise: str, plan_year: int | None = None) -> str:
	"""A draft plan for an enterprise with every policy item it is eligible for today, and the
	gaps to its next designation as a first goal. Returns the plan's name."""
	from enterprise_support.policy_support.readiness import readiness_of

	frappe.has_permission("Enterprise Support Plan", "create", throw=True)
	if not isinstance(enterprise, str) or not enterprise or not frappe.db.exists("Enterprise", enterprise):
		frappe.throw(
			_("Enterprise {0} does not exist").format(frappe.utils.escape_html(cstr(enterprise)[:40])),
			frappe.DoesNotExistError,
		)
	company = frappe.get_doc("Enterprise", enterprise)
	company.check_permission("read")
	if plan_year in (None, ""):
		plan_year = getdate(nowdate()).year
	elif (isinstance(plan_year, int) and not isinstance(plan_year, bool)) or (
		isinstance(plan_year, str) and plan_year.strip().isascii() and plan_year.strip().isdigit()
	):
		plan_year = int(str(plan_year).strip()[:5])
	else:
		plan_year = 0
	if not 2000 <= plan_year <= 2100:
		frappe.throw(_("The plan year must be a year from 2000 to 2100"), title=_("Invalid plan year"))
	# judged on today's data, not on the last background run
	results = matching.evaluate_items(company.name)
	eligible = frappe.get_all(
		"Policy Item",
		filters={"name": ("in", [n for n, r in results.items() if r.outcome == ELIGIBLE] or [""])},
		fields=["name", "grant_without_application"],
		order_by="grant_without_application desc, item_title asc",
	)
	goals = []
	ready = readiness_of(company.name)
	if ready.get("assessed_tier"):
		goals.append(_("Work towards {0}").format(ready["assessed_tier"]))
		goals.extend(f"- {text}" for text in ready.get("gaps", []) + ready.get("unknown", []))
	plan = frappe.get_doc(
		{
			"doctype": "Enterprise Support Plan",
			"title": _("{0}: support plan {1}").format(company.enterprise_name, plan_year),
			"enterprise": company.name,
			"plan_year": plan_year,
			"goals": "\n".join(goals) or None,
			"policy_items": [{"policy_item": item.name} for item in eligible],
		}
	)
	plan.insert()
	matching.enqueue_enterprise_rematch(company.name)
	return plan.name


@frappe.whitelist(methods=["POST"])
def make_tasks(plan: str) -> list[str]:
	"""Staff: tasks for measures added since the plan went into execution."""
	if not isinstance(plan, str) or not plan or not frappe.db.exists("Enterprise Support Plan", plan):
		frappe.throw(
			_("Support plan {0} does not exist").format(frappe.utils.escape_html(cstr(plan)[:40])),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Enterprise Support Plan", plan)
	doc.check_permission("write")
	if actor_of() != "staff":
		frappe.throw(_("Tasks are made by enterprise service staff"), frappe.PermissionError)
	if doc.workflow_state not in (wf.APPROVED, wf.IN_EXECUTION):
		frappe.throw(
			_("Tasks are made for an approved plan; this one is {0}").format(_(doc.workflow_state)),
			title=_("Plan not approved"),
		)
	return doc.make_tasks()
