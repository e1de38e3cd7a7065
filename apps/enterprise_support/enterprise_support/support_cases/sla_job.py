"""The scheduled SLA sweep: statuses, the warning before a deadline, and supervision (督办).

Each step is one SQL statement over all open cases, with cut-off dates computed once from
the work calendar (``domain.sla.thresholds``), so the sweep costs the same for ten cases or a
hundred thousand. Every escalation is logged on its case (Support Case Escalation rows);
people are told once per run with one notice listing their cases.
"""

from __future__ import annotations

from collections import defaultdict

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import get_datetime, now_datetime

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import sla
from enterprise_support.domain.working_days import CalendarMissingError
from enterprise_support.support_cases import settings
from enterprise_support.support_cases.deadlines import get_work_calendar

ACTIVE_STATES = tuple(s for s in wf.STATES if s not in sla.QUIET_STATES)
PAUSED_STATES = tuple(wf.PAUSED_STATES)
NOTICE_LIST_LIMIT = 20


def sweep(now=None) -> dict:
	"""Run every step; returns how many cases each step touched.

	What it writes and sends (escalation reasons, notices) is in the site's language: a scheduled
	job runs in English unless told otherwise, and the rows stay as written."""
	with print_language(frappe.db.get_default("lang")):
		return _sweep(now)


def _sweep(now=None) -> dict:
	now = get_datetime(now) if now else now_datetime()
	now = now.replace(microsecond=0)
	try:
		cut = sla.thresholds(get_work_calendar(), now, settings.get().due_soon_working_days)
	except CalendarMissingError as error:
		_tell_system_managers_calendar_missing(error.year)
		frappe.db.commit()
		return {"calendar_missing": error.year}
	params = {
		"active": ACTIVE_STATES,
		"paused": PAUSED_STATES,
		"now": now,
		"overdue_before": cut.overdue_before,
		"due_soon_until": cut.due_soon_until,
		"warn_until": cut.warn_until,
		"escalate_2_before": cut.escalate_2_before,
	}
	update_statuses(params)
	result = {}
	result["escalated_2"] = escalate(params, level=2)
	result["escalated_1"] = escalate(params, level=1)
	result["warned"] = warn(params)
	frappe.db.commit()
	return result


def update_statuses(params: dict) -> None:
	frappe.db.sql(
		"""update `tabSupport Case`
		set sla_status = case
			when resolution_due < %(overdue_before)s then 'Overdue'
			when date(resolution_due) <= %(due_soon_until)s then 'Due Soon'
			else 'On Track' end
		where workflow_state in %(active)s and resolution_due is not null""",
		params,
	)
	frappe.db.sql(
		"""update `tabSupport Case` set sla_status = 'Paused'
		where workflow_state in %(paused)s and coalesce(sla_status, '') != 'Paused'""",
		params,
	)
	frappe.db.sql(
		"""update `tabSupport Case` set response_status = 'Overdue'
		where responded_on is null and response_due < %(now)s
			and workflow_state in ('Submitted') and coalesce(response_status, '') != 'Overdue'""",
		params,
	)


def _cases(condition: str, params: dict) -> list[frappe._dict]:
	return frappe.db.sql(
		f"""select c.name, c.subject, c.enterprise_name, c.resolution_due, c.handler, c.department,
			d.head as department_head, e.service_officer, e.responsible_leader
		from `tabSupport Case` c
		left join `tabService Department` d on d.name = c.department
		left join `tabEnterprise` e on e.name = c.enterprise
		where c.workflow_state in %(active)s and c.resolution_due is not null and {condition}""",
		params,
		as_dict=True,
	)


def escalate(params: dict, level: int) -> int:
	if level == 2:
		condition = "c.escalation_level = 1 and date(c.resolution_due) < %(escalate_2_before)s"
		roles = ("responsible_leader",)
		reason = _("Still overdue two working days after the deadline: supervision by the responsible leader")
	else:
		condition = "c.escalation_level = 0 and c.resolution_due < %(overdue_before)s"
		roles = ("department_head", "service_officer")
		reason = _("Overdue: supervision by the department head and the service officer")
	cases = _cases(condition, params)
	if not cases:
		return 0
	now = params["now"]
	names = [case.name for case in cases]
	people = _full_names({case.get(role) for case in cases for role in roles})
	for chunk in _chunks(names, 5000):
		frappe.db.sql(
			"""update `tabSupport Case` set escalation_level = %(level)s, sla_status = 'Overdue'
			where name in %(names)s""",
			{"level": level, "names": tuple(chunk)},
		)
	rows, notices = [], defaultdict(list)
	for case in cases:
		told = sorted({case.get(role) for role in roles if case.get(role)})
		rows.append(
			(
				frappe.generate_hash(length=12),
				case.name,
				"Support Case",
				"escalations",
				level,
				level,
				now,
				"、".join(people[user] for user in told)
				or _("nobody: no department head, service officer or leader set"),
				reason,
				now,
				now,
				"Administrator",
				"Administrator",
			)
		)
		for user in told:
			notices[user].append(case)
	frappe.db.bulk_insert(
		"Support Case Escalation",
		fields=[
			"name",
			"parent",
			"parenttype",
			"parentfield",
			"idx",
			"level",
			"escalated_on",
			"notified",
			"reason",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		values=rows,
	)
	title = _("Supervision level {0}: {1} overdue case(s)").format(level, "{count}")
	_notify(notices, title)
	return len(cases)


def _full_names(users) -> dict[str, str]:
	"""User -> the name people know them by (an escalation row names people, not addresses)."""
	users = [user for user in users if user]
	names = dict(
		frappe.get_all(
			"User", filters={"name": ("in", users or [""])}, fields=["name", "full_name"], as_list=True
		)
	)
	return {user: names.get(user) or user for user in users}


def warn(params: dict) -> int:
	condition = (
		"c.warned_on is null and c.resolution_due >= %(overdue_before)s"
		" and date(c.resolution_due) <= %(warn_until)s"
	)
	cases = _cases(condition, params)
	if not cases:
		return 0
	for chunk in _chunks([case.name for case in cases], 5000):
		frappe.db.sql(
			"update `tabSupport Case` set warned_on = %(now)s where name in %(names)s",
			{"now": params["now"], "names": tuple(chunk)},
		)
	notices = defaultdict(list)
	for case in cases:
		user = case.handler or case.department_head
		if user:
			notices[user].append(case)
	_notify(notices, _("Deadline tomorrow or today: {0} case(s)").format("{count}"))
	return len(cases)


def _notify(notices: dict[str, list], title: str) -> None:
	"""One notice per person per run, listing their cases (the first 20 by name). People who
	no longer have an enabled account are skipped (the escalation row still names them)."""
	enabled = set(
		frappe.get_all("User", filters={"name": ("in", list(notices) or [""]), "enabled": 1}, pluck="name")
	)
	for user, cases in notices.items():
		if user not in enabled:
			continue
		lines = "".join(
			f"<li>{frappe.utils.escape_html(case.name)} {frappe.utils.escape_html(case.subject or '')}"
			f"（{frappe.utils.escape_html(case.enterprise_name or '')}，"
			f"{_('due')} {get_datetime(case.resolution_due).strftime('%Y-%m-%d')}）</li>"
			for case in sorted(cases, key=lambda c: c.name)[:NOTICE_LIST_LIMIT]
		)
		more = len(cases) - NOTICE_LIST_LIMIT
		if more > 0:
			lines += f"<li>{_('and {0} more').format(more)}</li>"
		subject = title.replace("{count}", str(len(cases)))
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Support Case",
				"document_name": cases[0].name,
				"subject": subject,
				"email_content": f"<p>{subject}</p><ul>{lines}</ul>",
			}
		).insert(ignore_permissions=True)


def _tell_system_managers_calendar_missing(year: int) -> None:
	subject = _("Work calendar for {0} is missing: deadlines cannot be checked until it is entered").format(
		year
	)
	for user in frappe.get_all(
		"Has Role", filters={"role": "System Manager", "parenttype": "User"}, pluck="parent", distinct=True
	):
		if user in ("Administrator", "Guest") or not frappe.db.get_value("User", user, "enabled"):
			continue
		if not frappe.db.exists("Notification Log", {"for_user": user, "subject": subject}):
			frappe.get_doc(
				{"doctype": "Notification Log", "for_user": user, "type": "Alert", "subject": subject}
			).insert(ignore_permissions=True)


def _chunks(items: list, size: int):
	for start in range(0, len(items), size):
		yield items[start : start + size]
