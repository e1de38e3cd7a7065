"""The demo's policies and 一企一策 plans (fixtures/demo_policies.json).

Policies of the district, the city and the province (labelled as demo data in their summary)
with items and machine conditions; the app's own matching then gives every enterprise its
eligible / unknown / not-eligible results. Plans are built from the matches with the app's
``build_from_matches`` and taken through the plan workflow by the demo staff and leader, on
the site's clock at the dates the fixture gives (freezegun), so approvals, tasks and their
deadlines carry those dates.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import frappe
from frappe.utils import get_system_timezone

from enterprise_support.policy_support import plan_workflow as pw

TASK_NOTE = "已按方案完成，并向企业反馈。"


def load_demo_policies(path: Path | None = None) -> dict[str, tuple[int, int]]:
	"""Insert the policies and items that are not there yet (by title), match every enterprise,
	then make the plans that are not there yet (by enterprise and year)."""
	from enterprise_support.policy_support import matching
	from enterprise_support.setup.demo import fixtures_dir

	path = path or fixtures_dir() / "demo_policies.json"
	if not path.exists():
		return {}
	data = json.loads(path.read_text(encoding="utf-8"))
	counts = {"Policy": [0, 0], "Policy Item": [0, 0], "Enterprise Support Plan": [0, 0]}
	for policy in data.get("policies", []):
		name = frappe.db.get_value("Policy", {"title": policy["title"]})
		if name:
			counts["Policy"][1] += 1
		else:
			fields = {k: v for k, v in policy.items() if k != "items"}
			name = frappe.get_doc({"doctype": "Policy", **fields}).insert(ignore_permissions=True).name
			counts["Policy"][0] += 1
		for item in policy.get("items", []):
			if frappe.db.exists("Policy Item", {"policy": name, "item_title": item["item_title"]}):
				counts["Policy Item"][1] += 1
				continue
			frappe.get_doc({"doctype": "Policy Item", "policy": name, "is_active": 1, **item}).insert(
				ignore_permissions=True
			)
			counts["Policy Item"][0] += 1
	frappe.db.commit()
	matching.rematch_all()
	for plan in data.get("plans", []):
		if frappe.db.exists(
			"Enterprise Support Plan", {"enterprise": plan["enterprise"], "plan_year": plan["plan_year"]}
		):
			counts["Enterprise Support Plan"][1] += 1
			continue
		make_plan(plan)
		counts["Enterprise Support Plan"][0] += 1
	frappe.db.commit()
	return {k: tuple(v) for k, v in counts.items()}


def _moment(text: str) -> dt.datetime:
	local = dt.datetime.fromisoformat(text)
	if len(text) <= 10:
		local = local.replace(hour=16)
	zone = ZoneInfo(get_system_timezone())
	return local.replace(tzinfo=zone).astimezone(dt.timezone.utc).replace(tzinfo=None)


def make_plan(plan: dict) -> str:
	"""One plan, built and moved along its workflow at the fixture's dates."""
	from frappe.model.workflow import apply_workflow
	from freezegun import freeze_time

	from enterprise_support.policy_support.doctype.enterprise_support_plan.enterprise_support_plan import (
		build_from_matches,
	)
	from enterprise_support.setup.demo_cases import demo_user

	staff = demo_user("Enterprise Service Staff")
	leader = demo_user("Enterprise Leader")
	target = plan["target"]
	try:
		with freeze_time(_moment(plan["created"])) as clock:
			frappe.set_user(staff)
			name = build_from_matches(plan["enterprise"], plan["plan_year"])
			doc = frappe.get_doc("Enterprise Support Plan", name)
			company = frappe.db.get_value(
				"Enterprise",
				plan["enterprise"],
				["responsible_leader", "responsible_department", "service_officer"],
				as_dict=True,
			)
			doc.update({k: v for k, v in company.items() if v})
			doc.goals = "\n".join(filter(None, [plan.get("goals"), doc.goals]))
			for measure, department, due, _done in plan.get("measures", []):
				doc.append("measures", {"measure": measure, "department": department, "due_date": due})
			for milestone, target_date, _done in plan.get("milestones", []):
				doc.append("milestones", {"milestone": milestone, "target_date": target_date})
			doc.save()
			if target == pw.CLOSED:
				clock.move_to(_moment(plan["closed"]))
				frappe.set_user(staff)
				apply_workflow(frappe.get_doc("Enterprise Support Plan", name).as_dict(), pw.CLOSE)
				return name
			if target == pw.DRAFT:
				return name
			clock.move_to(_moment(plan["approved"]))
			frappe.set_user(leader)
			apply_workflow(frappe.get_doc("Enterprise Support Plan", name).as_dict(), pw.APPROVE)
			if target == pw.APPROVED:
				return name
			clock.move_to(_moment(plan["started"]))
			frappe.set_user(staff)
			apply_workflow(frappe.get_doc("Enterprise Support Plan", name).as_dict(), pw.START)
			doc = frappe.get_doc("Enterprise Support Plan", name)
			done = [
				(row, m[3]) for row, m in zip(doc.measures, plan.get("measures", []), strict=False) if m[3]
			]
			for row, done_on in sorted(done, key=lambda pair: pair[1]):
				clock.move_to(_moment(done_on))
				task = frappe.get_doc("Support Task", row.support_task)
				frappe.set_user(task.assignee or staff)
				task.status = "Completed"
				task.completion_note = TASK_NOTE
				task.save(ignore_permissions=True)
			finished = [(i, m) for i, m in enumerate(plan.get("milestones", [])) if m[2]]
			if finished:
				clock.move_to(_moment(max(m[1] for _i, m in finished)))
				frappe.set_user(staff)
				doc = frappe.get_doc("Enterprise Support Plan", name)
				for index, _m in finished:
					doc.milestones[index].done = 1
				doc.save()
			if target == pw.COMPLETED:
				clock.move_to(_moment(plan["completed"]))
				frappe.set_user(staff)
				apply_workflow(frappe.get_doc("Enterprise Support Plan", name).as_dict(), pw.COMPLETE)
			return name
	finally:
		frappe.set_user("Administrator")
