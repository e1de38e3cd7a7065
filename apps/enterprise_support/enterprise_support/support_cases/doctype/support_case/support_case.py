import frappe
from frappe import _
from frappe.model import no_value_fields, table_fields
from frappe.model.document import Document
from frappe.utils import cint, cstr, get_datetime, now_datetime

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain.plain_text import FORBIDDEN_MARKUP
from enterprise_support.permissions import actor_of, contact_of
from enterprise_support.support_cases import deadlines, settings
from enterprise_support.support_cases.assignment import department_members
from enterprise_support.support_cases.case_number import ensure_sequence, next_name
from enterprise_support.support_cases.enterprise_position import (
	POSITION_FIELDS,
	POSITION_KEY_COLUMN,
	ensure_position_key,
)
from enterprise_support.support_cases.intake import check_intake_rate
from enterprise_support.support_cases.intake_analysis import queue_analysis

# Fields the system keeps; nobody sets them by hand (desk, REST or import).
SYSTEM_FIELDS = (
	"response_due",
	"resolution_due",
	"responded_on",
	"resolved_on",
	"closed_on",
	"sla_status",
	"response_status",
	"paused_working_days",
	"paused_since",
	"escalation_level",
	"warned_on",
	"rated_on",
	"merged_into",
	"open_task_count",
	"resolution_working_days",
	"additional_information",
	"information_requested",
	"possible_duplicate",
)
SYSTEM_TABLES = ("state_log", "escalations", "replies")
# Written by the intake analyses (support_cases/intake_analysis.py) in a background job, often
# after a user opened the case: a save from that open form carries their old values. These are
# kept as stored, whatever a save sends, rather than refused, so that the user's save goes through.
ANALYSIS_FIELDS = ("possible_duplicate", "suggested_department", "routing_reason")

# What each kind of user may change, beyond the workflow state (which the workflow governs).
CONTACT_EDITABLE = {
	wf.DRAFT: {"subject", "description", "category"},
	wf.RESOLVED: {"satisfaction_rating", "satisfaction_comment"},
	wf.CLOSED: {"satisfaction_rating", "satisfaction_comment"},
}
# What a contact's new request may carry; everything else starts empty (or at its default).
CONTACT_INTAKE_FIELDS = {"subject", "description", "category", "workflow_state"}
HANDLER_EDITABLE = {"resolution_summary", "return_reason", "internal_note", "handler"}
LEGAL_STATES = set(wf.STATES)


class SupportCase(Document):
	# --- validation -----------------------------------------------------------------------------
	def autoname(self):
		# From a sequence, not Frappe's naming series: see case_number.py (None: the series names it).
		self.name = next_name()

	def validate(self):
		self.actor = actor_of()
		previous = self.get_doc_before_save()
		if self.is_new():
			self.set_intake_defaults()
		else:
			self.guard_edits(previous)
		self.validate_text()
		self.validate_links()
		old_state = previous.workflow_state if previous else None
		if self.workflow_state and self.workflow_state not in LEGAL_STATES:
			frappe.throw(_("{0} is not a state of a support case").format(self.workflow_state))
		if self.is_new():
			self.log_state(self.workflow_state or wf.DRAFT, None)
		elif old_state != self.workflow_state:
			self.on_state_change(previous, old_state, self.workflow_state)
		self.validate_rating()
		self.update_deadlines(previous)

	def set_intake_defaults(self):
		now = now_datetime()
		if self.actor == "contact":
			contact = contact_of()
			if not contact:
				frappe.throw(_("Your login is not linked to an enterprise contact"), frappe.PermissionError)
			if self.enterprise and self.enterprise != contact.enterprise:
				frappe.throw(
					_("You can only submit requests for your own enterprise"), frappe.PermissionError
				)
			check_intake_rate(contact.name)
			# A contact files a request: what it is about, nothing the district decides.
			for df in self.meta.fields:
				if df.fieldtype in no_value_fields or df.fieldtype in table_fields:
					continue
				if df.fieldname not in CONTACT_INTAKE_FIELDS:
					self.set(df.fieldname, df.default if df.default is not None else None)
			self.enterprise = contact.enterprise
			self.contact = contact.name
			# Links were fetched before this ran: copy their values now (the enterprise's name,
			# and its chain, link and street that the case carries for the chain figures).
			firm = frappe.db.get_value(
				"Enterprise", self.enterprise, ["enterprise_name", *POSITION_FIELDS], as_dict=True
			)
			for field in ("enterprise_name", *POSITION_FIELDS):
				self.set(field, firm.get(field) if firm else None)
			self.contact_name, self.contact_user, self.contact_email = frappe.db.get_value(
				"Enterprise Contact", self.contact, ["full_name", "user", "email"]
			)
			self.channel = "Portal"
			self.received_on = now
			self.external_ticket_id = None
		else:
			from enterprise_support.support_cases.time_of_receipt import read_time_of_receipt

			self.received_on = read_time_of_receipt(self.received_on) or now
			if self.received_on > now:
				frappe.throw(
					_("The time of receipt cannot be in the future"), title=_("Invalid time of receipt")
				)
		for field in SYSTEM_FIELDS:
			if field not in ("paused_working_days", "escalation_level", "open_task_count"):
				self.set(field, None)
		for table in SYSTEM_TABLES:
			self.set(table, [])
		self.paused_working_days = 0
		self.escalation_level = 0
		if self.workflow_state and self.workflow_state not in (wf.DRAFT, wf.SUBMITTED):
			frappe.throw(_("A new request starts as a draft or as submitted"), frappe.ValidationError)
		if self.workflow_state == wf.SUBMITTED:
			self.flags.submitted_on_insert = True
			self.flags.analyse_intake = True
		if not self.department and self.category:
			# Categories change rarely: Frappe's document cache (cleared whenever one is saved).
			self.department = frappe.get_cached_value("Case Category", self.category, "default_department")

	def guard_edits(self, previous):
		"""Refuse changes to what the system keeps, and to what this user may not touch now."""
		if self.flags.es_system:
			return
		for field in ANALYSIS_FIELDS:
			self.set(field, previous.get(field))
		changed = [
			df.fieldname
			for df in self.meta.fields
			if df.fieldtype not in ("Section Break", "Column Break", "Tab Break")
			and _changed(self, previous, df)
		]
		for field in changed:
			if field in SYSTEM_FIELDS or field in SYSTEM_TABLES:
				frappe.throw(
					_("{0} is kept by the system and cannot be changed by hand").format(
						_(self.meta.get_label(field))
					),
					frappe.PermissionError,
				)
		user_fields = [f for f in changed if f != "workflow_state"]
		state = previous.workflow_state
		if self.actor == "contact":
			allowed = CONTACT_EDITABLE.get(state, set())
			refused = [f for f in user_fields if f not in allowed]
		elif self.actor == "handler":
			refused = [f for f in user_fields if f not in HANDLER_EDITABLE]
		elif self.actor == "staff":
			refused = [f for f in user_fields if f in ("enterprise",) and state != wf.DRAFT]
		else:
			refused = user_fields
		if refused:
			frappe.throw(
				_("In the state {0} you cannot change: {1}").format(
					_(state, context="Support Case"), "、".join(_(self.meta.get_label(f)) for f in refused)
				),
				frappe.PermissionError,
			)

	def validate_text(self):
		limits = settings.get()
		self.subject = (self.subject or "").strip()
		if not self.subject:
			frappe.throw(_("Enter a subject"), title=_("Missing subject"))
		for field, limit in (("subject", 140), ("description", limits.max_description_length)):
			value = cstr(self.get(field))
			if len(value) > limit:
				frappe.throw(
					_("{0} is {1} characters long; at most {2} are allowed").format(
						_(self.meta.get_label(field)), len(value), limit
					),
					title=_("Text too long"),
				)
		for field in (
			"subject",
			"description",
			"resolution_summary",
			"rejection_reason",
			"return_reason",
			"satisfaction_comment",
			"follow_up_note",
		):
			if FORBIDDEN_MARKUP.search(cstr(self.get(field))):
				frappe.throw(
					_("{0} contains script or web-page code; enter plain text").format(
						_(self.meta.get_label(field))
					),
					title=_("Invalid content"),
				)

	def validate_links(self):
		if self.contact:
			contact_enterprise = frappe.get_cached_value("Enterprise Contact", self.contact, "enterprise")
			if contact_enterprise != self.enterprise:
				frappe.throw(
					_("The contact {0} does not belong to {1}").format(self.contact, self.enterprise),
					title=_("Wrong contact"),
				)
		if self.category and not frappe.get_cached_value("Case Category", self.category, "is_active"):
			frappe.throw(
				_("The category {0} is no longer in use").format(self.category), title=_("Inactive category")
			)
		if self.handler and self.department and (self.is_new() or self.has_value_changed("handler")):
			members = department_members(self.department)
			if self.handler not in members:
				frappe.throw(
					_("{0} is not a handler of {1}").format(self.handler, self.department),
					title=_("Wrong handler"),
				)

	def validate_rating(self):
		if self.satisfaction_rating in (None, "", 0):
			self.satisfaction_rating = 0
			return
		if not 1 <= cint(self.satisfaction_rating) <= 5 or str(self.satisfaction_rating).strip() not in {
			"1",
			"2",
			"3",
			"4",
			"5",
		}:
			frappe.throw(_("A rating is a whole number from 1 to 5"), title=_("Invalid rating"))
		previous = self.get_doc_before_save()
		if previous and cint(previous.satisfaction_rating) != cint(self.satisfaction_rating):
			if self.workflow_state not in (wf.RESOLVED, wf.CLOSED):
				frappe.throw(_("A case can be rated once it is resolved"), title=_("Not resolved yet"))
			self.rated_on = now_datetime()

	# --- state changes -------------------------------------------------------------------------------
	def on_state_change(self, previous, old_state, new_state):
		missing = wf.missing_requirements(new_state, self.as_dict())
		if missing:
			frappe.throw(
				_("To move to {0}, fill in: {1}").format(
					_(new_state), "、".join(_(self.meta.get_label(f)) for f in missing)
				),
				title=_("Information required"),
			)
		now = now_datetime()
		if new_state == wf.SUBMITTED:
			self.flags.analyse_intake = True
		if old_state == wf.SUBMITTED and new_state in (wf.ACCEPTED, wf.REJECTED):
			self.responded_on = now
		if new_state == wf.DISPATCHED and previous.department != self.department:
			self.handler = None
		if new_state == wf.RESOLVED:
			open_tasks = frappe.db.count("Support Task", {"support_case": self.name, "status": "Open"})
			if open_tasks:
				frappe.throw(
					_(
						"{0} task(s) of this case are still open: complete or cancel them before resolving"
					).format(open_tasks),
					title=_("Open tasks"),
				)
			self.resolved_on = now
		if new_state == wf.REOPENED:
			window = settings.get().reopen_window_days
			if previous.resolved_on and deadlines.working_days_between(previous.resolved_on, now) > window:
				frappe.throw(
					_("A case can be reopened within {0} working days of its resolution").format(window),
					title=_("Too late to reopen"),
				)
			self.resolved_on = None
		if new_state == wf.CLOSED and not (
			cint(self.satisfaction_rating) or cstr(self.follow_up_note).strip()
		):
			frappe.throw(
				_("Close a case after the follow-up call (enter the note) or the enterprise's rating"),
				title=_("Follow-up required"),
			)
		if new_state in (wf.CLOSED, wf.MERGED, wf.REJECTED):
			self.closed_on = now
		if old_state in wf.PAUSED_STATES and self.paused_since:
			self.paused_working_days = cint(self.paused_working_days) + deadlines.paused_working_days(
				self.paused_since, now
			)
			self.paused_since = None
		if new_state in wf.PAUSED_STATES:
			self.paused_since = now
		if new_state == wf.AWAITING_ENTERPRISE:
			# The enterprise reads what is needed on its request page, in the timeline as well.
			self.append(
				"replies",
				{
					"posted_on": now,
					"side": "District",
					"author": frappe.session.user,
					"author_name": frappe.utils.get_fullname(frappe.session.user),
					"message": _("Information needed: {0}").format(cstr(self.information_requested).strip()),
				},
			)
		elif old_state == wf.AWAITING_ENTERPRISE:
			# A later request for information must say afresh what it needs.
			self.information_requested = None
		self.log_state(new_state, old_state)

	def log_state(self, new_state, old_state):
		now = now_datetime()
		if self.state_log:
			last = self.state_log[-1]
			if not last.left_on:
				last.left_on = now
				last.working_days_spent = deadlines.working_days_spent(last.entered_on, now)
		self.append(
			"state_log",
			{
				"state": new_state,
				"action": _action_between(old_state, new_state),
				"entered_on": now,
				"by_user": frappe.session.user,
			},
		)

	# --- deadlines ---------------------------------------------------------------------------------------
	def update_deadlines(self, previous):
		if not (self.category and self.received_on):
			return
		category = frappe.get_cached_value(
			"Case Category", self.category, ["time_limit_days", "response_limit_days"], as_dict=True
		)
		due = deadlines.case_deadlines(
			self.received_on,
			cint(category.response_limit_days),
			cint(category.time_limit_days),
			cint(self.paused_working_days),
		)
		self.response_due, self.resolution_due = due.response_due, due.resolution_due
		now = now_datetime()
		if self.workflow_state in (wf.REJECTED, wf.MERGED) and not self.resolved_on:
			# Not accepted, or handled under another case: no resolution deadline to meet or miss.
			self.sla_status = None
		else:
			self.sla_status = deadlines.sla_status(
				now, self.resolution_due, self.resolved_on, self.workflow_state
			)
		self.response_status = deadlines.response_status(now, self.response_due, self.responded_on)
		# A Float column is NOT NULL in Frappe (0 when empty): an open case keeps 0, so that saving
		# it does not log a change from 0 to nothing every time. Reports count resolved cases only.
		if self.resolved_on:
			self.resolution_working_days = deadlines.working_days_spent(self.received_on, self.resolved_on)
		else:
			self.resolution_working_days = 0

	def after_insert(self):
		if self.flags.submitted_on_insert:
			self.add_comment("Workflow", _(wf.SUBMITTED, context="Support Case"))

	def on_update(self):
		if self.flags.analyse_intake:
			self.flags.analyse_intake = False
			queue_analysis(self.name)

	# --- what an enterprise contact may read ------------------------------------------------------------
	def apply_fieldlevel_read_permissions(self):
		super().apply_fieldlevel_read_permissions()
		if actor_of() == "contact":
			# Desk comments and assignments are internal: never shown to the enterprise.
			for key in ("_comments", "_assign", "_liked_by", "_seen"):
				self.set(key, None)


def _action_between(old_state, new_state):
	for transition in wf.TRANSITIONS:
		if transition.state == old_state and transition.next_state == new_state:
			return transition.action
	return None


def _changed(doc, previous, df) -> bool:
	if df.fieldtype == "Table":
		old = [row.as_dict(no_default_fields=True) for row in previous.get(df.fieldname)]
		new = [row.as_dict(no_default_fields=True) for row in doc.get(df.fieldname)]
		return _normalise_rows(old) != _normalise_rows(new)
	a, b = previous.get(df.fieldname), doc.get(df.fieldname)
	if df.fieldtype in ("Datetime", "Date"):
		return (cstr(get_datetime(a)) if a else "") != (cstr(get_datetime(b)) if b else "")
	if df.fieldtype in ("Int", "Check", "Float", "Percent", "Currency"):
		return float(a or 0) != float(b or 0)
	return cstr(a) != cstr(b)


def _normalise_rows(rows):
	return [
		{
			k: cstr(v)
			for k, v in row.items()
			if k not in ("idx", "name", "parent", "parentfield", "parenttype", "doctype")
		}
		for row in rows
	]


# The industry-chain figures read every case once: this index holds every column they read,
# so they scan it alone, without touching the case rows, and group by its leading columns
# (the position as a number, state, SLA status) as they come, without a temporary table
# (industry_reports/chain_figures.py). The chain, street and category filters are read from it too.
CHAIN_FIGURES_INDEX = "chain_figures_v3"
CHAIN_FIGURES_COLUMNS = [
	POSITION_KEY_COLUMN,
	"workflow_state",
	"sla_status",
	"industry_chain",
	"street",
	"category",
	"received_on",
	"resolved_on",
	"resolution_working_days",
	"satisfaction_rating",
]
FORMER_INDEXES = ("chain_figures_v1", "chain_figures_v2")


def on_doctype_update():
	for index in FORMER_INDEXES:
		if frappe.db.has_index("tabSupport Case", index):
			frappe.db.sql_ddl(f"alter table `tabSupport Case` drop index `{index}`")
	ensure_position_key()
	frappe.db.add_index("Support Case", CHAIN_FIGURES_COLUMNS, CHAIN_FIGURES_INDEX)
	from enterprise_support.support_cases.doctype.case_duplicate_suggestion.case_duplicate_suggestion import (
		STREET_TOPIC_COLUMNS,
		STREET_TOPIC_INDEX,
	)

	frappe.db.add_index("Support Case", STREET_TOPIC_COLUMNS, STREET_TOPIC_INDEX)
	ensure_sequence()
