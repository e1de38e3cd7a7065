"""The demo's year of requests (fixtures/demo_cases.json), lived through on the site's clock.

Each request has a scenario (handled on time, late, paused for the enterprise, sent back and
re-dispatched, answered late, rejected, merged, or open now). The loader turns every scenario
into moments counted in working days from the time of receipt on the site's work calendar,
merges them with a daily SLA sweep (08:30 on working days) and plays the whole year in time
order with Frappe's clock set to each moment (freezegun): the real workflow, the department's
Assignment Rule, the deadlines, SLA statuses, state log, supervision (督办) and notices are all
the app's own doing. Nothing of a case's history is written by hand.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_system_timezone, now_datetime

from enterprise_support.domain import case_workflow as wf

SWEEP_AT = dt.time(8, 30)
DAY_START, DAY_END = dt.time(9, 0), dt.time(17, 30)
# where a case sent back (退单) is re-dispatched to, by the department that sent it back
REDISPATCH_TO = {"经济发展局": "投资促进局"}
REDISPATCH_DEFAULT = "经济发展局"
RESOLUTION_TEXT = "已协调相关部门办理完毕，并电话告知企业办理结果。"
LATE_RESOLUTION_TEXT = "经多部门会商后办理完毕，办理时间超出时限，已向企业说明原因。"
RETURN_REASON = "该事项不属于本部门职责，建议改派。"
INFORMATION_NEEDED = "请补充近两年财务报表及相关证明材料。"
TASK_SUBJECT = "现场核实企业诉求情况"
TASK_NOTE = "已到企业现场核实，情况属实。"


@dataclass(order=True)
class Event:
	at: dt.datetime
	order: int
	action: str = field(compare=False)
	key: int = field(compare=False, default=-1)
	data: dict = field(compare=False, default_factory=dict)


class Timeline:
	"""Moments of one request, counted in working days from its receipt."""

	def __init__(self, calendar, received: dt.datetime):
		self.calendar = calendar
		self.received = received

	def day(self, working_days: int) -> dt.date:
		base = self.received.date()
		if working_days <= 0:
			return base if self.calendar.is_working_day(base) else self.calendar.add_working_days(base, 1)
		return self.calendar.add_working_days(base, working_days)

	def at(self, working_days: int, hour: int, minute: int = 0) -> dt.datetime:
		return dt.datetime.combine(self.day(working_days), dt.time(hour, minute))

	def soon(self, moment: dt.datetime, minutes: int) -> dt.datetime:
		"""``minutes`` after ``moment`` in office hours (the next working morning if need be)."""
		later = moment + dt.timedelta(minutes=minutes)
		if self.calendar.is_working_day(later.date()) and DAY_START <= later.time() <= DAY_END:
			return later
		day = later.date() if later.time() < DAY_START else later.date() + dt.timedelta(days=1)
		while not self.calendar.is_working_day(day):
			day += dt.timedelta(days=1)
		return dt.datetime.combine(day, DAY_START) + dt.timedelta(minutes=minutes % 60)


def _received(record: dict, now: dt.datetime, calendar, limits: tuple[int, int]) -> dt.datetime:
	"""The time of receipt: calendar days ago for finished requests; for requests open now, in
	working days back from today, so that they are open, on time or overdue as their scenario says."""
	hour, minute = (int(x) for x in record.get("received_time", "10:00").split(":"))
	scenario = record["scenario"]
	ago = int(record["received_days_ago"])
	resolution_limit = limits[1]
	today = now.date()
	latest = today if calendar.is_working_day(today) else calendar.add_working_days(today, -1)
	if scenario == "overdue":
		day = calendar.add_working_days(latest, -(resolution_limit + 1 + ago % 4))
	elif scenario in ("in_progress", "awaiting"):
		day = calendar.add_working_days(latest, -max(1, min(ago, resolution_limit - 1)))
	elif scenario == "resolved":
		day = calendar.add_working_days(latest, -(math.ceil(resolution_limit * 0.6) + min(ago, 3)))
	elif scenario in ("dispatched", "accepted", "submitted"):
		day = calendar.add_working_days(latest, -ago) if ago else today
	else:
		day = today - dt.timedelta(days=ago)
		if record.get("channel") in ("Staff", "Visit") and not calendar.is_working_day(day):
			day = calendar.add_working_days(day, -1)
	received = dt.datetime.combine(day, dt.time(hour, minute))
	return min(received, now - dt.timedelta(minutes=90))


def plan_events(key: int, record: dict, now: dt.datetime, calendar, limits: tuple[int, int]) -> list[Event]:
	"""The moments of one request, by its scenario."""
	scenario = record["scenario"]
	limit = limits[1]
	received = _received(record, now, calendar, limits)
	t = Timeline(calendar, received)
	events: list[Event] = []

	def add(at, action, **data):
		events.append(Event(at, len(events), action, key, data))
		return at

	submitted = add(received, "submit")
	if scenario == "rejected":
		add(t.soon(submitted, 95), "reject")
		return events
	if scenario == "submitted":
		return events
	accepted = add(t.at(2, 10, 10) if scenario == "late_response" else t.soon(submitted, 70), "accept")
	if scenario == "merged":
		add(t.soon(accepted, 30), "merge")
		return events
	if scenario == "accepted":
		return events
	dispatched = add(t.soon(accepted, 25), "dispatch")
	if scenario == "dispatched":
		return events
	if scenario == "closed_returned":
		returned = add(t.soon(dispatched, 120), "return")
		dispatched = add(t.soon(returned, 60), "redispatch")
	started = add(max(t.at(1, 9, 40), t.soon(dispatched, 50)), "start")
	with_task = key % 5 == 0 and scenario in ("closed_on_time", "closed_late", "in_progress")
	if with_task:
		add(t.soon(started, 45), "task")
	if scenario in ("in_progress", "overdue"):
		return events
	if scenario in ("awaiting", "closed_paused"):
		add(t.soon(started, 150), "request_info")
		if scenario == "awaiting":
			return events
		add(t.at(3, 10, 20), "provide_info")
	if scenario == "closed_late":
		resolve_day = limit + 2 + key % 2
	elif scenario == "late_response":
		resolve_day = max(2, limit - 1)
	else:
		resolve_day = max(1, math.ceil(limit * (0.5 if key % 3 else 0.8)))
	resolve_at = max(t.at(resolve_day, 15, 30), t.soon(started, 90))
	if scenario == "closed_paused":
		resolve_at = max(resolve_at, t.soon(t.at(3, 10, 20), 240))
	if with_task:
		add(resolve_at - dt.timedelta(minutes=50), "task_done")
	resolved = add(resolve_at, "resolve", late=scenario == "closed_late")
	if scenario == "resolved":
		return events
	follow_up = Timeline(calendar, resolved)
	add(follow_up.at(1 + key % 2, 10, 30), "close")
	return events


def sweep_events(start: dt.datetime, now: dt.datetime, calendar) -> list[Event]:
	events = []
	day = start.date() + dt.timedelta(days=1)
	while day <= now.date():
		moment = dt.datetime.combine(day, SWEEP_AT)
		if calendar.is_working_day(day) and moment < now:
			events.append(Event(moment, -1, "sweep"))
		day += dt.timedelta(days=1)
	return events


def load_demo_cases(path: Path | None = None) -> tuple[int, int]:
	"""Load the requests of ``fixtures/demo_cases.json`` that are not there yet (by subject and
	enterprise); returns (created, already there)."""
	from freezegun import freeze_time

	from enterprise_support.setup.demo import fixtures_dir
	from enterprise_support.support_cases.deadlines import get_work_calendar

	path = path or fixtures_dir() / "demo_cases.json"
	if not path.exists():
		return (0, 0)
	records = json.loads(path.read_text(encoding="utf-8"))["records"]
	staff = demo_user("Enterprise Service Staff")
	if not staff:
		return (0, len(records))
	new = [
		(key, record)
		for key, record in enumerate(records)
		if not frappe.db.exists(
			"Support Case", {"subject": record["subject"], "enterprise": record["enterprise"]}
		)
	]
	if not new:
		return (0, len(records))
	now = now_datetime().replace(second=0, microsecond=0)
	calendar = get_work_calendar()
	limits = {
		row.name: (int(row.response_limit_days or 1), int(row.time_limit_days or 7))
		for row in frappe.get_all("Case Category", fields=["name", "response_limit_days", "time_limit_days"])
	}
	events = []
	for key, record in new:
		events.extend(plan_events(key, record, now, calendar, limits[record["category"]]))
	events = [e for e in events if e.at < now]
	events.extend(sweep_events(min(e.at for e in events), now, calendar))
	events.sort()
	zone = ZoneInfo(get_system_timezone())
	player = Player(records, staff)
	try:
		# The year is replayed, not lived: the enterprises' e-mail notices (Notification
		# doctype alerts) of a year ago are not sent now. Everything else runs as it would.
		with freeze_time(_utc(events[0].at, zone)) as clock, no_alerts():
			for event in events:
				clock.move_to(_utc(event.at, zone))
				player.play(event)
		frappe.db.commit()
	finally:
		frappe.set_user("Administrator")
	return (len(new), len(records) - len(new))


@contextmanager
def no_alerts():
	from frappe.model.document import Document

	original = Document.run_notifications
	Document.run_notifications = lambda self, method: None
	try:
		yield
	finally:
		Document.run_notifications = original


def _utc(local: dt.datetime, zone: ZoneInfo) -> dt.datetime:
	return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).replace(tzinfo=None)


def _become(user: str) -> None:
	"""Act as ``user``; Frappe's set_user empties the request cache (doctype meta and all), so
	only when the user changes."""
	if frappe.session.user != user:
		frappe.set_user(user)


def demo_user(role: str) -> str | None:
	return frappe.db.get_value(
		"Has Role",
		{"role": role, "parenttype": "User", "parent": ("like", "%@demo.gov.cn")},
		"parent",
		order_by="parent",
	)


class Player:
	"""Takes each event as the user who would: staff receive, dispatch and close; the case's
	handler (set by the department's Assignment Rule) starts, asks, sends back and resolves."""

	def __init__(self, records: list[dict], staff: str):
		self.records = records
		self.staff = staff
		self.cases: dict[int, str] = {}

	def play(self, event: Event) -> None:
		if event.action == "sweep":
			from enterprise_support.support_cases.sla_job import sweep

			_become("Administrator")
			sweep(now=event.at, notices_now=True)
			return
		record = self.records[event.key]
		if event.action == "submit":
			self.cases[event.key] = self.submit(event.key, record)
			return
		name = self.cases.get(event.key)
		if not name:
			return
		getattr(self, "do_" + event.action)(frappe.get_doc("Support Case", name), record, event)

	def officer(self, case) -> str:
		"""The enterprise's service officer receives and follows its requests (else the demo staff)."""
		officer = frappe.db.get_value("Enterprise", case.get("enterprise"), "service_officer")
		if officer and frappe.db.exists("Has Role", {"parent": officer, "role": "Enterprise Service Staff"}):
			return officer
		return self.staff

	def submit(self, key: int, record: dict) -> str:
		from frappe.model.workflow import apply_workflow

		_become(self.officer(record))
		contact = frappe.db.get_value(
			"Enterprise Contact",
			{"enterprise": record["enterprise"], "full_name": record.get("contact_name")},
		)
		doc = frappe.get_doc(
			{
				"doctype": "Support Case",
				"subject": record["subject"],
				"description": record["description"],
				"category": record["category"],
				"enterprise": record["enterprise"],
				"contact": contact,
				"channel": record["channel"],
				"external_ticket_id": f"DEMO-12345-{key:04d}"
				if record["channel"] == "12345 Transfer"
				else None,
				"received_on": now_datetime(),
				"rejection_reason": record.get("rejection_reason"),
			}
		).insert()
		apply_workflow(doc.as_dict(), wf.SUBMIT)
		return doc.name

	def act(self, doc, action: str, user: str | None = None) -> None:
		from frappe.model.workflow import apply_workflow

		_become(user or self.officer(doc))
		apply_workflow(frappe.get_doc("Support Case", doc.name).as_dict(), action)

	def handler(self, doc) -> str:
		handler = frappe.db.get_value("Support Case", doc.name, "handler")
		if not handler:
			raise frappe.ValidationError(f"demo case {doc.name} has no handler after dispatch")
		return handler

	def do_accept(self, doc, record, event):
		self.act(doc, wf.ACCEPT)

	def do_reject(self, doc, record, event):
		self.act(doc, wf.REJECT)

	def do_dispatch(self, doc, record, event):
		self.act(doc, wf.DISPATCH)

	def do_start(self, doc, record, event):
		self.act(doc, wf.START, self.handler(doc))

	def do_return(self, doc, record, event):
		_become(self.handler(doc))
		doc.return_reason = RETURN_REASON
		doc.save()
		self.act(doc, wf.RETURN, frappe.session.user)

	def do_redispatch(self, doc, record, event):
		_become(self.officer(doc))
		doc.department = REDISPATCH_TO.get(doc.department, REDISPATCH_DEFAULT)
		doc.save()
		self.act(doc, wf.REDISPATCH)

	def do_request_info(self, doc, record, event):
		_become(self.handler(doc))
		try:  # what the enterprise must add is recorded first where the site asks for it
			from enterprise_support.api.cases import request_information
		except ImportError:
			request_information = None
		if request_information:
			request_information(doc.name, INFORMATION_NEEDED)
		self.act(doc, wf.REQUEST_INFORMATION, frappe.session.user)

	def do_provide_info(self, doc, record, event):
		self.act(doc, wf.PROVIDE_INFORMATION)

	def do_task(self, doc, record, event):
		_become(self.handler(doc))
		frappe.get_doc(
			{
				"doctype": "Support Task",
				"subject": TASK_SUBJECT,
				"support_case": doc.name,
				"enterprise": doc.enterprise,
				"department": doc.department,
				"assignee": frappe.session.user,
				"working_days": 2,
				"description": f"{doc.subject}：请到企业现场核实情况并拍照留存。",
			}
		).insert()

	def do_task_done(self, doc, record, event):
		for name in frappe.get_all(
			"Support Task", {"support_case": doc.name, "status": "Open"}, pluck="name"
		):
			task = frappe.get_doc("Support Task", name)
			_become(task.assignee or self.handler(doc))
			task.status = "Completed"
			task.completion_note = TASK_NOTE
			task.save()

	def do_resolve(self, doc, record, event):
		_become(self.handler(doc))
		doc.resolution_summary = LATE_RESOLUTION_TEXT if event.data.get("late") else RESOLUTION_TEXT
		doc.save()
		self.act(doc, wf.RESOLVE, frappe.session.user)

	def do_close(self, doc, record, event):
		_become(self.officer(doc))
		doc.satisfaction_rating = record.get("rating") or 0
		if record.get("rating"):
			doc.satisfaction_comment = record.get("comment")
		doc.follow_up_note = f"回访：{record.get('comment') or '企业表示认可'}"
		doc.save()
		self.act(doc, wf.CLOSE)

	def do_merge(self, doc, record, event):
		from enterprise_support.api.cases import merge

		survivor = frappe.db.get_value(
			"Support Case",
			{
				"subject": record.get("merge_into"),
				"enterprise": record["enterprise"],
				"workflow_state": ("not in", tuple(wf.FINAL_STATES)),
			},
		)
		_become(self.officer(doc))
		if survivor:
			merge(doc.name, survivor)
