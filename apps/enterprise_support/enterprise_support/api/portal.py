"""The enterprise portal's API: what an enterprise contact (and other clients) may do.

Every method is whitelisted and type-annotated; the portal pages call the same methods, so a
mobile mini-program or the 12345 hotline system sees exactly what a browser does. The
enterprise always comes from the login, never from the request. See docs/api.md.
"""

from __future__ import annotations

import os

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import cint, cstr, get_datetime, now_datetime

from enterprise_support.api import cases as case_actions
from enterprise_support.domain import case_workflow as wf
from enterprise_support.permissions import actor_of, contact_of
from enterprise_support.support_cases import settings
from enterprise_support.support_cases.intake import check_intake_rate

PUBLIC_FIELDS = (
	"name",
	"subject",
	"category",
	"channel",
	"workflow_state",
	"received_on",
	"response_due",
	"resolution_due",
	"sla_status",
	"department",
	"enterprise",
	"enterprise_name",
	"contact",
	"contact_name",
	"resolved_on",
	"closed_on",
	"satisfaction_rating",
	"satisfaction_comment",
	"merged_into",
	"modified",
)


def _require_contact():
	if actor_of() != "contact":
		frappe.throw(
			_("This is for enterprise contacts: log in with your portal account"), frappe.PermissionError
		)
	contact = contact_of()
	if not contact:
		frappe.throw(_("Your login is not linked to an enterprise contact"), frappe.PermissionError)
	return contact


def _uploaded_files() -> list:
	files = (
		frappe.request.files.getlist("file")
		if getattr(frappe, "request", None) and frappe.request.files
		else []
	)
	limits = settings.get()
	allowed = {
		ext.strip().lower().lstrip(".")
		for ext in cstr(limits.allowed_attachment_types).split(",")
		if ext.strip()
	}
	checked = []
	for upload in files:
		filename = os.path.basename(upload.filename or "")
		extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
		if extension not in allowed:
			frappe.throw(
				_("{0}: this type of file cannot be attached (allowed: {1})").format(
					filename, ", ".join(sorted(allowed))
				),
				title=_("File type not allowed"),
			)
		content = upload.stream.read(limits.max_attachment_mb * 1024 * 1024 + 1)
		if len(content) > limits.max_attachment_mb * 1024 * 1024:
			frappe.throw(
				_("{0} is larger than {1} MB").format(filename, limits.max_attachment_mb),
				title=_("File too large"),
			)
		checked.append((filename, content))
	return checked


def _attach(case: str, files: list) -> list[str]:
	urls = []
	for filename, content in files:
		file_doc = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": filename,
				"content": content,
				"is_private": 1,
				"attached_to_doctype": "Support Case",
				"attached_to_name": case,
			}
		)
		file_doc.insert(ignore_permissions=True)
		urls.append(file_doc.file_url)
	return urls


@frappe.whitelist(methods=["POST"])
def submit_request(
	category: str | None = None, subject: str | None = None, description: str | None = None
) -> dict:
	"""File a new request for the contact's enterprise and submit it. Attachments may come as
	multipart ``file`` parts (private; size and type limited by Enterprise Support Settings)."""
	contact = _require_contact()
	check_intake_rate(contact.name)
	# Every missing field is named at once, not one per attempt.
	missing = [
		label
		for value, label in (
			(category, _("Category", context="Support Case")),
			(subject, _("Subject", context="Support Case")),
			(description, _("Description", context="Support Case")),
		)
		if not isinstance(value, str) or not value.strip()
	]
	if missing:
		frappe.throw(_("Enter the {0}").format("、".join(missing)), title=_("Missing information"))
	if not frappe.db.get_value("Case Category", category, "show_on_portal"):
		frappe.throw(_("{0} is not a category you can choose").format(category), title=_("Invalid category"))
	files = _uploaded_files()
	doc = frappe.get_doc(
		{
			"doctype": "Support Case",
			"subject": subject.strip(),
			"description": description.strip(),
			"category": category,
			"channel": "Portal",
		}
	)
	doc.insert()
	_attach(doc.name, files)
	doc = apply_workflow(doc.as_dict(), wf.SUBMIT)
	return {"name": doc.name, "workflow_state": doc.workflow_state, "resolution_due": str(doc.resolution_due)}


@frappe.whitelist(methods=["GET"])
def my_requests(state: str | None = None, limit: int = 50, start: int = 0) -> list[dict]:
	"""The contact's requests (a manager contact: all of the enterprise's), newest first."""
	_require_contact()
	filters = {"workflow_state": ("!=", wf.DRAFT)}
	if state:
		if state not in wf.STATES:
			frappe.throw(_("{0} is not a state of a request").format(state), title=_("Invalid state"))
		filters["workflow_state"] = state
	rows = frappe.get_list(
		"Support Case",
		filters=filters,
		fields=list(PUBLIC_FIELDS),
		order_by="received_on desc",
		limit_page_length=min(max(cint(limit), 1), 200),
		limit_start=max(cint(start), 0),
	)
	latest = _latest_replies([row.name for row in rows])
	for row in rows:
		row["latest_reply"] = latest.get(row.name)
	return rows


def _latest_replies(names: list[str]) -> dict[str, dict]:
	if not names:
		return {}
	replies = frappe.db.sql(
		"""select r.parent, r.posted_on, r.side, r.author_name, r.message
		from `tabSupport Case Reply` r
		where r.parenttype = 'Support Case' and r.parent in %(names)s
		order by r.posted_on desc""",
		{"names": tuple(names)},
		as_dict=True,
	)
	latest = {}
	for reply in replies:
		latest.setdefault(reply.parent, reply)
	return latest


@frappe.whitelist(methods=["GET"])
def request_detail(name: str) -> dict:
	"""A request with its public timeline (steps and replies) and files. Internal notes, the
	handler and supervision records are never included."""
	_require_contact()
	if not isinstance(name, str) or not frappe.db.exists("Support Case", name):
		frappe.throw(_("Request {0} does not exist").format(cstr(name)), frappe.DoesNotExistError)
	doc = frappe.get_doc("Support Case", name)
	doc.check_permission("read")
	data = {field: doc.get(field) for field in PUBLIC_FIELDS}
	data["description"] = doc.description
	data["additional_information"] = doc.additional_information
	data["resolution_summary"] = (
		doc.resolution_summary if doc.workflow_state in (wf.RESOLVED, wf.CLOSED, wf.REOPENED) else None
	)
	data["rejection_reason"] = doc.rejection_reason if doc.workflow_state == wf.REJECTED else None
	timeline = [
		{"kind": "step", "at": row.entered_on, "state": row.state, "action": row.action}
		for row in doc.state_log
		if row.state in wf.PUBLIC_STATES
	] + [
		{
			"kind": "reply",
			"at": row.posted_on,
			"side": row.side,
			"author": row.author_name,
			"message": row.message,
		}
		for row in doc.replies
	]
	data["timeline"] = sorted(timeline, key=lambda item: get_datetime(item["at"]))
	data["files"] = frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Support Case", "attached_to_name": name},
		fields=["file_name", "file_url", "file_size"],
	)
	data["can_add_information"] = doc.workflow_state == wf.AWAITING_ENTERPRISE
	data["information_requested"] = (
		doc.information_requested if doc.workflow_state == wf.AWAITING_ENTERPRISE else None
	)
	data["can_rate"] = doc.workflow_state == wf.RESOLVED
	data["can_reopen"] = doc.workflow_state == wf.RESOLVED and _within_reopen_window(doc)
	return data


def _within_reopen_window(doc) -> bool:
	from enterprise_support.support_cases import deadlines

	if not doc.resolved_on:
		return False
	return (
		deadlines.working_days_between(doc.resolved_on, now_datetime()) <= settings.get().reopen_window_days
	)


@frappe.whitelist(methods=["POST"])
def add_information(name: str, text: str) -> dict:
	"""Add what the department asked for (and attachments as multipart ``file`` parts)."""
	_require_contact()
	files = _uploaded_files()
	result = case_actions.add_information(name, text)
	_attach(name, files)
	return result


@frappe.whitelist(methods=["POST"])
def rate(name: str, rating: int, comment: str | None = None) -> dict:
	"""Rate a resolved request from 1 to 5; this closes it."""
	_require_contact()
	return case_actions.rate(name, rating, comment)


@frappe.whitelist(methods=["POST"])
def reopen(name: str, reason: str) -> dict:
	"""Ask for a resolved request to be handled again, within the reopening window."""
	_require_contact()
	doc = case_actions._case(name)
	reason = case_actions._text(reason, _("Reason"))
	if doc.workflow_state != wf.RESOLVED:
		frappe.throw(_("Only a resolved request can be reopened"), title=_("Cannot reopen"))
	case_actions._reply(doc, "Enterprise", _("Reopened: {0}").format(reason))
	doc.flags.es_system = True
	doc.save()
	doc = apply_workflow(doc.as_dict(), wf.REOPEN)
	return {"name": doc.name, "workflow_state": doc.workflow_state}


@frappe.whitelist(methods=["GET"])
def our_enterprise() -> dict:
	"""The contact's enterprise: profile, designations with expiry, patent counts, matched policies."""
	contact = _require_contact()
	enterprise = frappe.get_doc("Enterprise", contact.enterprise)
	enterprise.check_permission("read")
	profile = {
		field: enterprise.get(field)
		for field in (
			"name",
			"enterprise_name",
			"uscc",
			"industry_code",
			"industry_name",
			"industry_chain",
			"chain_link",
			"street",
			"size_class",
			"established_on",
			"employees",
			"patent_count",
			"invention_patent_count",
			"utility_model_count",
			"design_patent_count",
			"class_i_ip_count",
			"granted_patent_count",
			"highest_designation",
		)
	}
	profile["size_class_label"] = (
		_(enterprise.size_class, context="Enterprise") if enterprise.size_class else None
	)
	profile["designations"] = frappe.get_all(
		"Specialist Designation",
		filters={"enterprise": enterprise.name},
		fields=["designation_type", "certificate_number", "valid_from", "valid_to", "status"],
		order_by="valid_to desc",
	)
	from enterprise_support.enterprise_registry.designations import current_status

	for row in profile["designations"]:  # today's status, not the last daily run's
		row.status = current_status(row.valid_from, row.valid_to)
	from enterprise_support.policy_support.portal import matched_policies_for_me

	profile["matched_policies"] = matched_policies_for_me()
	profile["service"] = _service_people(enterprise)
	return profile


def _service_people(enterprise) -> dict:
	"""Who serves the enterprise (一企一专员): its service officer's name, phone and e-mail, and
	for a key enterprise the name of its responsible leader (包联领导)."""
	service = {"officer_name": None, "officer_phone": None, "officer_email": None, "leader_name": None}
	if enterprise.service_officer:
		officer = frappe.db.get_value(
			"User",
			{"name": enterprise.service_officer, "enabled": 1},
			["full_name", "mobile_no", "phone", "email"],
			as_dict=True,
		)
		if officer:
			service.update(
				officer_name=officer.full_name,
				officer_phone=officer.mobile_no or officer.phone,
				officer_email=officer.email,
			)
	if enterprise.is_key_enterprise and enterprise.responsible_leader:
		service["leader_name"] = frappe.db.get_value(
			"User", {"name": enterprise.responsible_leader, "enabled": 1}, "full_name"
		)
	return service


@frappe.whitelist(methods=["POST"])
def create_from_12345(
	ticket_id: str,
	enterprise: str,
	category: str,
	subject: str,
	description: str,
	received_on: str | None = None,
) -> dict:
	"""Staff (or the hotline integration's account): a case transferred from the 12345 hotline.
	Idempotent on ``ticket_id``: the same ticket sent again returns the case already made."""
	from frappe.utils import escape_html

	from enterprise_support.support_cases.time_of_receipt import read_time_of_receipt

	if actor_of() != "staff":
		frappe.throw(_("Only enterprise service staff can register 12345 transfers"), frappe.PermissionError)
	# Every argument is one piece of text (a list or a dict is refused, never stored as text).
	if not isinstance(ticket_id, str) or not ticket_id.strip() or len(ticket_id.strip()) > 64:
		frappe.throw(
			_("Give the 12345 ticket number (at most 64 characters)"), title=_("Invalid ticket number")
		)
	ticket_id = ticket_id.strip()
	existing = frappe.db.get_value(
		"Support Case", {"external_ticket_id": ticket_id}, ["name", "workflow_state"], as_dict=True
	)
	if existing:
		return {"name": existing.name, "workflow_state": existing.workflow_state, "created": False}
	if (
		not isinstance(enterprise, str)
		or len(enterprise) > 140
		or not frappe.db.exists("Enterprise", enterprise)
	):
		frappe.throw(
			_("No enterprise with the credit code {0} is registered").format(
				escape_html(cstr(enterprise)[:40])
			),
			title=_("Unknown enterprise"),
		)
	for value, label in ((category, _("Category")), (subject, _("Subject")), (description, _("Description"))):
		if not isinstance(value, str) or not value.strip():
			frappe.throw(_("Enter the {0}").format(label), title=_("Missing information"))
	if len(category) > 140 or not frappe.db.exists("Case Category", category):
		frappe.throw(
			_("{0} is not a category you can choose").format(escape_html(category[:40])),
			title=_("Invalid category"),
		)
	received_on = read_time_of_receipt(received_on)
	doc = frappe.get_doc(
		{
			"doctype": "Support Case",
			"enterprise": enterprise,
			"category": category,
			"subject": subject,
			"description": description,
			"channel": "12345 Transfer",
			"external_ticket_id": ticket_id,
			"received_on": received_on,
		}
	)
	try:
		doc.insert()
	except frappe.UniqueValidationError:
		# The same ticket arrived twice at once: the other request made the case.
		frappe.db.rollback()
		name = frappe.db.get_value("Support Case", {"external_ticket_id": ticket_id}, "name")
		return {
			"name": name,
			"workflow_state": frappe.db.get_value("Support Case", name, "workflow_state"),
			"created": False,
		}
	doc = apply_workflow(doc.as_dict(), wf.SUBMIT)
	return {"name": doc.name, "workflow_state": doc.workflow_state, "created": True}
