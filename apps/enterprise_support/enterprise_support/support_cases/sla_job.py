"""The scheduled SLA sweep: statuses, the warning before a deadline, and supervision (督办).

Set-based from end to end, so that it costs about what one UPDATE of the open cases costs
whether there are ten of them or a hundred thousand (``benchmarks/bench_sla_job.py`` prints
both). The cut-off dates come once from the work calendar (``domain.sla.thresholds``); then,
in one transaction:

1. each level of supervision logs its escalation rows on its cases with one
   ``INSERT ... SELECT`` (the people told named in SQL, from the User table);
2. the notices are read already grouped per person (how many cases, the first 20 by name),
   one short query for each kind of notice;
3. one ``UPDATE`` over the open cases sets the SLA status, the escalation level and the time
   of the warning together, with the same conditions as 1 and 2, so each case row is
   written once per run and moves at most one step (as ``domain.sla.escalation_step``
   decides);
4. paused cases and overdue responses, two small UPDATEs;
5. one notice per person (Notification Log), as before.

The sweep does not touch a case's ``modified`` nor write a Version: an escalation shows on
the case as its row in the escalation table, as it always has. What it writes and sends is in
the site's language (a scheduled job runs in English unless told otherwise).
"""

from __future__ import annotations

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

# The open cases the sweep looks at, with the people around each (department head, service
# officer and responsible leader of its enterprise).
_OPEN_CASES = """
	from `tabSupport Case` c
	left join `tabService Department` d on d.name = c.department
	left join `tabEnterprise` e on e.name = c.enterprise
	where c.workflow_state in %(active)s and c.resolution_due is not null"""

# Which open cases each step takes (the rules of domain.sla.Thresholds).
ESCALATE_2 = "c.escalation_level = 1 and date(c.resolution_due) < %(escalate_2_before)s"
ESCALATE_1 = "c.escalation_level = 0 and c.resolution_due < %(overdue_before)s"
WARN = (
	"c.warned_on is null and c.resolution_due >= %(overdue_before)s"
	" and date(c.resolution_due) <= %(warn_until)s"
)

# Who is told at each level, as SQL over _OPEN_CASES (an empty value is nobody).
LEVEL_PEOPLE = {
	2: ("nullif(e.responsible_leader, '')",),
	1: ("nullif(d.head, '')", "nullif(e.service_officer, '')"),
}
WARNED_PERSON = "coalesce(nullif(c.handler, ''), nullif(d.head, ''))"


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
	# A fresh transaction: the locking INSERT ... SELECTs below are its first reads, so the
	# notices read afterwards see the very rows they locked (REPEATABLE READ takes its snapshot
	# at the first plain read).
	frappe.db.commit()
	result, notices = {}, []
	for level in (2, 1):
		result[f"escalated_{level}"] = log_escalations(params, level)
		if result[f"escalated_{level}"]:
			title = _("Supervision level {0}: {1} overdue case(s)").format(level, "{count}")
			condition = ESCALATE_2 if level == 2 else ESCALATE_1
			notices.append((title, _notices(params, condition, LEVEL_PEOPLE[level])))
	result["warned"] = frappe.db.sql(f"select count(*) {_OPEN_CASES} and {WARN}", params)[0][0]
	if result["warned"]:
		title = _("Deadline tomorrow or today: {0} case(s)").format("{count}")
		notices.append((title, _notices(params, WARN, (WARNED_PERSON,))))
	update_cases(params)
	update_paused_and_response(params)
	for title, per_person in notices:
		_notify(per_person, title)
	frappe.db.commit()
	return result


def log_escalations(params: dict, level: int) -> int:
	"""Log an escalation row on every open case that reaches ``level`` now; how many."""
	if level == 2:
		condition = ESCALATE_2
		reason = _("Still overdue two working days after the deadline: supervision by the responsible leader")
	else:
		condition = ESCALATE_1
		reason = _("Overdue: supervision by the department head and the service officer")
	people = LEVEL_PEOPLE[level]
	joins = "".join(f" left join `tabUser` u{i} on u{i}.name = {person}" for i, person in enumerate(people))
	frappe.db.sql(
		f"""insert into `tabSupport Case Escalation`
			(name, parent, parenttype, parentfield, idx, level, escalated_on, notified, reason,
			creation, modified, owner, modified_by, docstatus)
		select left(sha1(concat_ws('|', c.name, %(level)s, %(now)s)), 20), c.name, 'Support Case',
			'escalations', %(level)s, %(level)s, %(now)s, {_named(people)}, %(reason)s,
			%(now)s, %(now)s, 'Administrator', 'Administrator', 0
		{_OPEN_CASES.replace("where", joins + " where", 1)} and {condition}""",
		{
			**params,
			"level": level,
			"reason": reason,
			"nobody": _("nobody: no department head, service officer or leader set"),
		},
	)
	return frappe.db._cursor.rowcount


def _named(people: tuple[str, ...]) -> str:
	"""SQL for the people told, by name (a user without a full name by their user id), sorted by
	user id, each once, joined with 、; "nobody ..." when there is no one. ``u0``, ``u1`` are
	the User rows of the people (joined by the caller)."""
	name = [f"coalesce(nullif(u{i}.full_name, ''), {person})" for i, person in enumerate(people)]
	if len(people) == 1:
		return f"coalesce({name[0]}, %(nobody)s)"
	first, second = people
	return f"""case
		when {first} is null and {second} is null then %(nobody)s
		when {first} is null then {name[1]}
		when {second} is null or binary {first} = binary {second} then {name[0]}
		when binary {first} < binary {second} then concat({name[0]}, '、', {name[1]})
		else concat({name[1]}, '、', {name[0]}) end"""


def _notices(params: dict, condition: str, people: tuple[str, ...]) -> dict[str, frappe._dict]:
	"""Enabled user -> their cases taken by ``condition``: how many, and the first
	NOTICE_LIST_LIMIT by name (name, subject, enterprise, due). Read grouped in SQL, so only a
	few rows per person reach Python. People who no longer have an enabled account are left
	out (an escalation row still names them)."""
	# Each (person, case) once: a person in two roles on a case is told of it once. Counted and
	# ranked on narrow rows; the listed cases' details are read for the first few only.
	told = " union all ".join(
		f"select {person} as user, c.name {_OPEN_CASES} and {condition}"
		+ "".join(f" and not ({person} <=> {earlier})" for earlier in people[:i])
		for i, person in enumerate(people)
	)
	rows = frappe.db.sql(
		f"""select t.user, c.name, c.subject, c.enterprise_name, c.resolution_due, t.total
		from (
			select u.name as user, p.name,
				row_number() over (partition by u.name order by binary p.name) as position,
				count(*) over (partition by u.name) as total
			from ({told}) p
			join `tabUser` u on u.name = p.user and u.enabled = 1
		) t
		join `tabSupport Case` c on c.name = t.name
		where t.position <= %(limit)s
		order by t.user, t.position""",
		{**params, "limit": NOTICE_LIST_LIMIT},
		as_dict=True,
	)
	per_person: dict[str, frappe._dict] = {}
	for row in rows:
		person = per_person.setdefault(row.user, frappe._dict(total=row.total, cases=[]))
		person.cases.append(row)
	return per_person


def update_cases(params: dict) -> None:
	"""One UPDATE over the open cases: escalation level (a case moves at most one level),
	the time of the warning, and the SLA status. Same conditions as the rows logged and the
	notices read before it in this transaction."""
	frappe.db.sql(
		f"""update `tabSupport Case` c
		set c.escalation_level = case
				when {ESCALATE_2} then 2
				when {ESCALATE_1} then 1
				else c.escalation_level end,
			c.warned_on = case when {WARN} then %(now)s else c.warned_on end,
			c.sla_status = case
				when c.resolution_due < %(overdue_before)s then 'Overdue'
				when date(c.resolution_due) <= %(due_soon_until)s then 'Due Soon'
				else 'On Track' end
		where c.workflow_state in %(active)s and c.resolution_due is not null""",
		params,
	)


def update_paused_and_response(params: dict) -> None:
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


def _notify(per_person: dict[str, frappe._dict], title: str) -> None:
	"""One notice per person per run, listing their cases (the first 20 by name)."""
	for user, person in per_person.items():
		lines = "".join(
			f"<li>{frappe.utils.escape_html(case.name)} {frappe.utils.escape_html(case.subject or '')}"
			f"（{frappe.utils.escape_html(case.enterprise_name or '')}，"
			f"{_('due')} {get_datetime(case.resolution_due).strftime('%Y-%m-%d')}）</li>"
			for case in person.cases
		)
		more = person.total - len(person.cases)
		if more > 0:
			lines += f"<li>{_('and {0} more').format(more)}</li>"
		subject = title.replace("{count}", str(person.total))
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": user,
				"type": "Alert",
				"document_type": "Support Case",
				"document_name": person.cases[0].name,
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
