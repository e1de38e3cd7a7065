"""The scheduled SLA sweep: statuses, the warning before a deadline, and supervision (督办).

Set-based from end to end, so that it costs about what one UPDATE of the open cases costs
whether there are ten of them or a hundred thousand (``benchmarks/bench_sla_job.py`` prints
both). The cut-off dates come once from the work calendar (``domain.sla.thresholds``); then,
in one transaction that holds the open cases locked:

1. each level of supervision logs its escalation rows on its cases with one
   ``INSERT ... SELECT`` (the people told named in SQL, from the User table), each row named
   after its case, level and the run's time;
2. one ``UPDATE`` over the open cases sets the SLA status, the escalation level, the time of
   the warning and an overdue response together, with the same conditions as 1, so each case
   row is written once per run and moves at most one step (as ``domain.sla.escalation_step``
   decides);
3. paused cases, one small UPDATE; commit.

Then a job on the short queue tells people (:func:`send_notices`): the cases this run took
(found again by their escalation row's name or the time of their warning) grouped per step and
person by the database (how many, the first 20 names), and one notice per person
(Notification Log, mailed as Frappe mails it). Grouping and notices come after the commit so
that saves of open cases do not wait on them.

The sweep does not touch a case's ``modified`` nor write a Version: an escalation shows on
the case as its row in the escalation table, as it always has. What it writes and sends is in
the site's language (a scheduled job runs in English unless told otherwise).
"""

from __future__ import annotations

import datetime

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
# A sweep's time in the names of its escalation rows and its notices job.
STAMP_FORMAT = "%Y%m%d%H%M%S"
DEADLOCK_RETRIES = 2

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


def sweep(now=None, *, notices_now: bool = False) -> dict:
	"""Run every step; returns how many cases each step touched.

	The sweep's own transaction writes the cases and their escalation rows and commits; the
	notices (who is told of what) follow in a job of their own on the short queue, so that the
	open cases are not held locked while the people are grouped and the notices written and
	mailed. ``notices_now`` runs that job here instead, right after the commit (tests do, to
	read the notices at once). What it writes and sends (escalation reasons, notices) is in the
	site's language: a scheduled job runs in English unless told otherwise, and the rows stay as
	written."""
	with print_language(frappe.db.get_default("lang")):
		for attempt in range(DEADLOCK_RETRIES + 1):
			try:
				result = _sweep(now)
				break
			except frappe.QueryDeadlockError:
				# Another writer of the same rows (a save, another sweep) was chosen to go on:
				# nothing of this run is kept, so run it again from the start.
				frappe.db.rollback()
				if attempt == DEADLOCK_RETRIES:
					raise
	steps = [step for step, key in ((2, "escalated_2"), (1, "escalated_1"), (0, "warned")) if result.get(key)]
	if steps:
		stamp = result["stamp"]
		result["notices_job"] = f"sla-notices-{stamp}-{''.join(map(str, steps))}"
		frappe.enqueue(
			send_notices,
			queue="short",
			job_id=result["notices_job"],
			now=notices_now,
			stamp=stamp,
			steps=steps,
		)
	return result


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
		"submitted": wf.SUBMITTED,
	}
	# A fresh transaction that first locks the open cases for writing, as the sweep's UPDATE
	# always did, so that a concurrent sweep or save waits for this one instead of deadlocking
	# with it (shared locks taken by INSERT ... SELECT, then exclusive ones by the UPDATE);
	# the plain reads after it see exactly the rows it locked.
	frappe.db.commit()
	frappe.db.sql(
		"""select count(*) from `tabSupport Case`
		where workflow_state in %(active)s and resolution_due is not null for update""",
		params,
	)
	result = {f"escalated_{level}": log_escalations(params, level) for level in (2, 1)}
	result["warned"] = frappe.db.sql(f"select count(*) {_OPEN_CASES} and {WARN}", params)[0][0]
	update_cases(params)
	update_paused(params)
	frappe.db.commit()
	result["stamp"] = now.strftime(STAMP_FORMAT)
	return result


def send_notices(stamp: str, steps: list[int]) -> None:
	"""The notices of the sweep run at ``stamp`` (``STAMP_FORMAT``): one per person and step,
	for the cases that run escalated (their escalation row of that level and time) or warned
	(warned at that time), which are still open. Runs as a job after the sweep's commit."""
	now = datetime.datetime.strptime(stamp, STAMP_FORMAT)
	with print_language(frappe.db.get_default("lang")):
		titles = {
			2: _("Supervision level {0}: {1} overdue case(s)").format(2, "{count}"),
			1: _("Supervision level {0}: {1} overdue case(s)").format(1, "{count}"),
			0: _("Deadline tomorrow or today: {0} case(s)").format("{count}"),
		}
		told = _people_told({"active": ACTIVE_STATES, "now": now, "stamp": stamp}, steps)
		for step in (2, 1, 0):
			if step in steps:
				_notify(told[step], titles[step])
	frappe.db.commit()


def log_escalations(params: dict, level: int) -> int:
	"""Log an escalation row on every open case that reaches ``level`` now; how many. Each row is
	named after its case, level and time, in the order of the cases' names, so the rows go into
	the table's key in order (a random name would land each on a page of its own)."""
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
		select concat(c.name, '-', %(level)s, '-', %(stamp)s), c.name, 'Support Case',
			'escalations', %(level)s, %(level)s, %(now)s, {_named(people)}, %(reason)s,
			%(now)s, %(now)s, 'Administrator', 'Administrator', 0
		{_OPEN_CASES.replace("where", joins + " where", 1)} and {condition}
		order by c.name""",
		{
			**params,
			"level": level,
			"stamp": params["now"].strftime(STAMP_FORMAT),
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


def _people_told(params: dict, steps: list[int]) -> dict:
	"""Who is told of what by the sweep run at ``params["now"]`` (``params["stamp"]``): for
	each step (2 and 1, the levels of supervision; 0, the warning) enabled user -> their cases
	(how many, and the first NOTICE_LIST_LIMIT by name with subject, enterprise and due date).
	The cases a level took are those with that level now and its escalation row of this run
	(found by its name, see :func:`log_escalations`); the warned ones, those warned at this
	time. Grouped by the database: one row per step and person with the count and the first
	names (a department head who is also the officer is told once); the details of the listed
	cases in one more read. People who no longer have an enabled account are left out (an
	escalation row still names them)."""
	head, officer = LEVEL_PEOPLE[1]
	# the cases this run took: at a level with that level's escalation row of this run (one
	# lookup of the row by its name), or warned at this time
	levels = [step for step in steps if step]
	took = " or ".join(
		(
			[f"(x.name is not null and c.escalation_level in ({', '.join(map(str, levels))}))"]
			if levels
			else []
		)
		+ (["c.warned_on = %(now)s"] if 0 in steps else [])
	)
	cases = _OPEN_CASES.replace(
		"where",
		"""left join `tabSupport Case Escalation` x on c.escalation_level > 0
			and x.name = concat(c.name, '-', c.escalation_level, '-', %(stamp)s)
	where""",
		1,
	)
	# one pass over the cases the steps take; each joined with two rows (k.n), the second only
	# for a service officer who is not also the department head
	rows = frappe.db.sql(
		f"""select step, person, count(*),
			substring_index(group_concat(name order by name separator ','), ',', {NOTICE_LIST_LIMIT})
		from (
			select t.name, t.step, case
					when k.n = 2 then t.officer
					when t.step = 2 then t.leader
					when t.step = 1 then t.head
					else t.warned end as person
			from (
				select c.name, if(x.name is null, 0, c.escalation_level) as step,
					{LEVEL_PEOPLE[2][0]} as leader, {head} as head, {officer} as officer,
					{WARNED_PERSON} as warned
				{cases} and ({took})
			) t
			join (select 1 as n union all select 2) k
				on k.n = 1 or (t.step = 1 and t.officer is not null and not (t.head <=> t.officer))
		) taken
		group by step, person""",
		params,
	)
	everyone = {person for _step, person, _count, _names in rows if person}
	enabled = set(
		frappe.get_all("User", filters={"name": ("in", list(everyone) or [""]), "enabled": 1}, pluck="name")
	)
	told: dict = {
		2: {},
		1: {},
		0: {},
	}
	listed = set()
	for step, person, count, names in rows:
		if person in enabled:
			first = names.split(",")
			told[step][person] = frappe._dict(total=count, cases=first)
			listed.update(first)
	details = {
		row.name: row
		for row in frappe.db.sql(
			"""select name, subject, enterprise_name, resolution_due from `tabSupport Case`
			where name in %(names)s""",
			{"names": tuple(listed) or ("",)},
			as_dict=True,
		)
	}
	for step in (2, 1, 0):
		for person in told[step].values():
			person.cases = [details[name] for name in person.cases]
	return told


def update_cases(params: dict) -> None:
	"""One UPDATE over the open cases: escalation level (a case moves at most one level),
	the time of the warning, the SLA status, and the response status of a submitted case not
	answered in time. Same conditions as the rows logged before it in this transaction."""
	frappe.db.sql(
		f"""update `tabSupport Case` c
		set c.escalation_level = case
				when {ESCALATE_2} then 2
				when {ESCALATE_1} then 1
				else c.escalation_level end,
			c.warned_on = case when {WARN} then %(now)s else c.warned_on end,
			c.sla_status = case
				when c.resolution_due is null then c.sla_status
				when c.resolution_due < %(overdue_before)s then 'Overdue'
				when date(c.resolution_due) <= %(due_soon_until)s then 'Due Soon'
				else 'On Track' end,
			c.response_status = case
				when c.workflow_state = %(submitted)s and c.responded_on is null
					and c.response_due < %(now)s then 'Overdue'
				else c.response_status end
		where c.workflow_state in %(active)s""",
		params,
	)


def update_paused(params: dict) -> None:
	"""Paused cases (the UPDATE of the open cases sets the response status)."""
	frappe.db.sql(
		"""update `tabSupport Case` set sla_status = 'Paused'
		where workflow_state in %(paused)s and coalesce(sla_status, '') != 'Paused'""",
		params,
	)


def _notify(per_person: dict[str, frappe._dict], title: str) -> None:
	"""One notice per person per step, listing their cases (the first 20 by name)."""
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
