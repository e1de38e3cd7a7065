"""Actions on support cases beyond the workflow buttons: replies, added information, rating, merge."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import cint, cstr, escape_html, now_datetime

from enterprise_support.domain import case_workflow as wf
from enterprise_support.permissions import actor_of

MAX_MESSAGE = 5000


def _case(name: str):
	# Only a name is looked up: a list or dict would be taken for filters.
	if not isinstance(name, str) or not name or len(name) > 140 or not frappe.db.exists("Support Case", name):
		frappe.throw(
			_("Support case {0} does not exist").format(escape_html(cstr(name)[:40])),
			frappe.DoesNotExistError,
		)
	doc = frappe.get_doc("Support Case", name)
	doc.check_permission("read")
	return doc


def _text(value, what: str) -> str:
	from enterprise_support.support_cases.doctype.support_case.support_case import FORBIDDEN_MARKUP

	if value is not None and not isinstance(value, str):
		frappe.throw(_("The {0} must be text").format(what), title=_("Invalid content"))
	text = cstr(value).strip()
	if not text:
		frappe.throw(_("Enter the {0}").format(what), title=_("Nothing entered"))
	if len(text) > MAX_MESSAGE:
		frappe.throw(
			_("The {0} is {1} characters long; at most {2} are allowed").format(what, len(text), MAX_MESSAGE)
		)
	if FORBIDDEN_MARKUP.search(text):
		frappe.throw(
			_("{0} contains script or web-page code; enter plain text").format(what),
			title=_("Invalid content"),
		)
	return text


def _reply(doc, side: str, message: str) -> None:
	doc.append(
		"replies",
		{
			"posted_on": now_datetime(),
			"side": side,
			"author": frappe.session.user,
			"author_name": frappe.utils.get_fullname(frappe.session.user),
			"message": message,
		},
	)


@frappe.whitelist(methods=["POST"])
def reply(case: str, message: str) -> dict:
	"""A public reply from the district to the enterprise (staff or the case's department)."""
	doc = _case(case)
	if actor_of() not in ("staff", "handler"):
		frappe.throw(_("Only district staff and the handling department can reply"), frappe.PermissionError)
	doc.check_permission("write")
	if doc.workflow_state in wf.FINAL_STATES:
		frappe.throw(_("The case is finished: no more replies"), title=_("Case finished"))
	_reply(doc, "District", _text(message, _("Reply")))
	doc.flags.es_system = True
	doc.save()
	return {"name": doc.name, "replies": len(doc.replies)}


@frappe.whitelist(methods=["POST"])
def request_information(case: str, needed: str) -> dict:
	"""要求补充材料, first step: record what the enterprise must add (the handler's workflow
	action then moves the case to Awaiting Enterprise, which requires this text)."""
	doc = _case(case)
	if actor_of() not in ("staff", "handler"):
		frappe.throw(
			_("Only district staff and the handling department can ask for information"),
			frappe.PermissionError,
		)
	doc.check_permission("write")
	if doc.workflow_state != wf.IN_PROGRESS:
		frappe.throw(
			_("Information can be requested while the case is in progress; it is now {0}").format(
				_(doc.workflow_state, context="Support Case")
			),
			title=_("Not in progress"),
		)
	doc.information_requested = _text(needed, _("Information Requested from the Enterprise"))
	doc.flags.es_system = True
	doc.save()
	return {"name": doc.name, "information_requested": doc.information_requested}


@frappe.whitelist(methods=["POST"])
def add_information(case: str, text: str) -> dict:
	"""The enterprise adds what the department asked for; the case goes back to the department."""
	doc = _case(case)
	if actor_of() != "contact":
		frappe.throw(_("Information is added by the enterprise's contact"), frappe.PermissionError)
	doc.check_permission("write")
	if doc.workflow_state != wf.AWAITING_ENTERPRISE:
		frappe.throw(
			_("Information can be added while the case awaits it; it is now {0}").format(
				_(doc.workflow_state)
			),
			title=_("Not awaiting information"),
		)
	text = _text(text, _("Information"))
	stamp = now_datetime().strftime("%Y-%m-%d %H:%M")
	doc.additional_information = (cstr(doc.additional_information) + f"\n[{stamp}] {text}").strip()
	_reply(doc, "Enterprise", text)
	doc.flags.es_system = True
	doc.save()
	doc = apply_workflow(doc.as_dict(), wf.PROVIDE_INFORMATION)
	return {"name": doc.name, "workflow_state": doc.workflow_state}


@frappe.whitelist(methods=["POST"])
def rate(case: str, rating: int, comment: str | None = None) -> dict:
	"""The enterprise rates the outcome (1-5), which closes the case."""
	doc = _case(case)
	if actor_of() != "contact":
		frappe.throw(_("The outcome is rated by the enterprise's contact"), frappe.PermissionError)
	if doc.workflow_state != wf.RESOLVED:
		frappe.throw(_("A case can be rated once it is resolved"), title=_("Not resolved yet"))
	# "4", 4 (JSON) and 4.0 are a rating; "4abc", "4.5", [4], true are not.
	if isinstance(rating, bool) or not (
		(isinstance(rating, int | float) and rating in (1, 2, 3, 4, 5))
		or (isinstance(rating, str) and rating.strip() in {"1", "2", "3", "4", "5"})
	):
		frappe.throw(_("A rating is a whole number from 1 to 5"), title=_("Invalid rating"))
	doc.satisfaction_rating = cint(rating)
	if comment is not None and comment != "":
		doc.satisfaction_comment = _text(comment, _("Comment"))
	doc.save()
	doc = apply_workflow(doc.as_dict(), wf.RATE)
	return {
		"name": doc.name,
		"workflow_state": doc.workflow_state,
		"satisfaction_rating": doc.satisfaction_rating,
	}


@frappe.whitelist(methods=["POST"])
def merge(duplicate: str, survivor: str) -> dict:
	"""并单: close ``duplicate`` as merged into ``survivor``; its comments and files are reachable
	from the survivor, and its contact is told."""
	if actor_of() != "staff":
		frappe.throw(_("Only enterprise service staff can merge cases"), frappe.PermissionError)
	dup, keep = _case(duplicate), _case(survivor)
	if dup.name == keep.name:
		frappe.throw(_("A case cannot be merged into itself"), title=_("Invalid merge"))
	if keep.workflow_state in wf.FINAL_STATES:
		frappe.throw(
			_("{0} is finished and cannot take in another case").format(keep.name), title=_("Invalid merge")
		)
	if dup.enterprise != keep.enterprise:
		frappe.throw(_("Only requests of the same enterprise can be merged"), title=_("Invalid merge"))
	dup.merged_into = keep.name
	dup.flags.es_system = True
	dup.save()
	dup = apply_workflow(dup.as_dict(), wf.MERGE)
	# Comments and attachments of the duplicate become visible on the survivor.
	for comment in frappe.get_all(
		"Comment",
		filters={"reference_doctype": "Support Case", "reference_name": dup.name, "comment_type": "Comment"},
		fields=["content", "comment_email", "comment_by", "creation"],
		order_by="creation",
	):
		keep.add_comment(
			"Comment",
			_("From merged case {0} ({1}): {2}").format(
				dup.name, comment.comment_by or comment.comment_email, comment.content
			),
		)
	for file in frappe.get_all(
		"File",
		filters={"attached_to_doctype": "Support Case", "attached_to_name": dup.name},
		fields=["file_name", "file_url", "is_private"],
	):
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": file.file_name,
				"file_url": file.file_url,
				"is_private": file.is_private,
				"attached_to_doctype": "Support Case",
				"attached_to_name": keep.name,
			}
		).insert(ignore_permissions=True)
	keep.add_comment("Info", _("Case {0} was merged into this case").format(dup.name))
	return {"duplicate": dup.name, "workflow_state": dup.workflow_state, "survivor": keep.name}
