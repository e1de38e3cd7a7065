"""What installing (and migrating) the app sets up on a site: roles and the work calendars."""

from __future__ import annotations

import frappe

from enterprise_support.setup.desk_home import restrict_framework_workspaces

# (role, desk access). Labels are translated through translations/zh.csv.
ROLES = (
	("Enterprise Service Staff", 1),  # 企业服务专员: register, intake, dispatch, plans
	("Department Handler", 1),  # 承办部门: handle dispatched cases and tasks
	("Enterprise Leader", 1),  # 管委会领导 / 链长: reports, approvals
	("Enterprise Contact", 0),  # 企业联系人: portal only
)


def after_install() -> None:
	"""A new site gets everything a migrate would set up (every after_migrate hook of the app)."""
	for method in frappe.get_hooks("after_migrate", app_name="enterprise_support"):
		frappe.get_attr(method)()


def after_migrate() -> None:
	close_self_registration()
	create_roles()
	seed_work_calendars()
	seed_industry_classification()
	seed_designation_types()
	seed_report_settings()
	seed_case_categories()
	restrict_framework_workspaces()
	show_user_names_in_links()
	seed_visit_coverage_rules()


def seed_visit_coverage_rules() -> None:
	"""The default visit coverage rules (domain/visit_coverage.py), when the site has none."""
	from enterprise_support.enterprise_care.visits import seed_coverage_rules

	seed_coverage_rules()


def close_self_registration() -> None:
	"""Contacts join by invitation from staff only: nobody signs themselves up on the site."""
	if not frappe.db.get_single_value("Website Settings", "disable_signup"):
		frappe.db.set_single_value("Website Settings", "disable_signup", 1)


def create_roles() -> None:
	for role_name, desk_access in ROLES:
		if frappe.db.exists("Role", role_name):
			if frappe.db.get_value("Role", role_name, "desk_access") != desk_access:
				frappe.db.set_value("Role", role_name, "desk_access", desk_access)
			continue
		frappe.get_doc(
			{"doctype": "Role", "role_name": role_name, "desk_access": desk_access, "is_custom": 0}
		).insert(ignore_permissions=True)


def seed_work_calendars() -> list[int]:
	"""Create a Work Calendar for every year ``chinesecalendar`` knows that the site lacks.

	Years already on the site are left alone: an administrator may have corrected them.
	Returns the years created.
	"""
	from enterprise_support.domain.working_days import names_of_official_days, official_arrangements

	names = names_of_official_days()
	created = []
	for year, arrangement in official_arrangements().items():
		if frappe.db.exists("Work Calendar", {"year": year}):
			continue
		days = [
			{"date": day, "day_type": "Day Off", "description": names.get(day)}
			for day in sorted(arrangement.days_off)
		] + [
			{"date": day, "day_type": "Make-up Working Day", "description": names.get(day)}
			for day in sorted(arrangement.make_up_days)
		]
		frappe.get_doc(
			{"doctype": "Work Calendar", "year": year, "source": "chinesecalendar", "days": days}
		).insert(ignore_permissions=True)
		created.append(year)
	return created


LEVELS = {
	"section": "Industry Section",
	"division": "Industry Division",
	"group": "Industry Group",
	"class": "Industry Class",
}


def seed_industry_classification() -> int:
	"""Load GB/T 4754-2017 (enterprise_registry/data/gb4754_2017.csv) when the site lacks entries.

	Bulk-inserted, then the nested set is rebuilt once: far faster than one insert per node.
	Existing entries are kept (an administrator may have renamed one); missing ones are added.
	"""
	import csv
	from pathlib import Path

	from frappe.utils import now
	from frappe.utils.nestedset import rebuild_tree

	path = Path(frappe.get_app_path("enterprise_support", "enterprise_registry", "data", "gb4754_2017.csv"))
	with path.open(encoding="utf-8", newline="") as f:
		rows = list(csv.DictReader(f))
	existing = set(frappe.get_all("Industry Classification", pluck="name"))
	missing = [row for row in rows if row["code"] not in existing]
	if not missing:
		return 0
	parents = {row["parent"] for row in rows if row["parent"]}
	stamp = now()
	frappe.db.bulk_insert(
		"Industry Classification",
		fields=[
			"name",
			"code",
			"classification_name",
			"level",
			"parent_industry_classification",
			"is_group",
			"creation",
			"modified",
			"owner",
			"modified_by",
		],
		values=[
			(
				row["code"],
				row["code"],
				row["name"],
				LEVELS[row["level"]],
				row["parent"] or None,
				int(row["code"] in parents),
				stamp,
				stamp,
				"Administrator",
				"Administrator",
			)
			for row in missing
		],
	)
	rebuild_tree("Industry Classification")
	return len(missing)


# The cultivation ladder (梯度培育), lowest first, and the other designations staff record.
DESIGNATION_TYPES = (
	# name, tier rank, level, validity years, issuing body, on the ladder
	("创新型中小企业", 1, "Provincial", 3, "省经济和信息化厅", 1),
	("省级专精特新中小企业", 2, "Provincial", 3, "省经济和信息化厅", 1),
	("国家级专精特新“小巨人”企业", 3, "National", 3, "工业和信息化部", 1),
	("制造业单项冠军企业", 4, "National", 3, "工业和信息化部", 1),
	("高新技术企业", 0, "National", 3, "高新技术企业认定管理机构（科技、财政、税务部门）", 0),
	("科技型中小企业", 0, "National", 1, "科技部门（入库评价）", 0),
)
# The short names officials use (in charts and narrow columns).
DESIGNATION_SHORT_NAMES = {
	"创新型中小企业": "创新型",
	"省级专精特新中小企业": "专精特新",
	"国家级专精特新“小巨人”企业": "小巨人",
	"制造业单项冠军企业": "单项冠军",
	"高新技术企业": "高企",
	"科技型中小企业": "科小",
}


def seed_designation_types() -> None:
	for name, rank, level, years, body, ladder in DESIGNATION_TYPES:
		if frappe.db.exists("Designation Type", name):
			if not frappe.db.get_value("Designation Type", name, "short_name"):
				frappe.db.set_value("Designation Type", name, "short_name", DESIGNATION_SHORT_NAMES[name])
			continue
		frappe.get_doc(
			{
				"doctype": "Designation Type",
				"designation_name": name,
				"short_name": DESIGNATION_SHORT_NAMES[name],
				"tier_rank": rank,
				"level": level,
				"validity_years": years,
				"issuing_body": body,
				"is_ladder_tier": ladder,
			}
		).insert(ignore_permissions=True)


def seed_report_settings() -> None:
	"""Name the high-tech enterprise designation in Industry Report Settings once its Designation
	Type exists. This is not a field default: Frappe saves Single defaults while it installs the
	app, before after_install has created the designation types the link would point at."""
	from enterprise_support.industry_reports.chain_figures import HIGH_TECH_DESIGNATION

	if frappe.db.get_single_value("Industry Report Settings", "high_tech_designation"):
		return
	if frappe.db.exists("Designation Type", HIGH_TECH_DESIGNATION):
		frappe.db.set_single_value("Industry Report Settings", "high_tech_designation", HIGH_TECH_DESIGNATION)


# Request categories and their time limits in working days (resolution, response). The four
# request types follow Sichuan's 12345 limits; the topics are the district's usual subjects.
# All are data: staff change limits and departments in Case Category.
CASE_CATEGORIES = (
	("咨询", "Request Type", 3, 1, "政策、办事流程等咨询"),
	("求助", "Request Type", 7, 1, "企业生产经营中遇到困难需要帮助"),
	("意见建议", "Request Type", 7, 1, "对营商环境和政府服务的意见建议"),
	("投诉举报", "Request Type", 15, 1, "对服务、执法或市场秩序的投诉举报"),
	("融资服务", "Enterprise Topic", 7, 1, "贷款、担保、上市融资等"),
	("用地与空间", "Enterprise Topic", 15, 1, "用地、厂房、标准化厂房和办公空间"),
	("人才与用工", "Enterprise Topic", 7, 1, "招聘用工、人才引进、职业培训"),
	("审批服务", "Enterprise Topic", 5, 1, "项目审批、证照办理"),
	("水电气保障", "Enterprise Topic", 5, 1, "供水、供电、供气、通信保障"),
	("物流运输", "Enterprise Topic", 7, 1, "物流通道、运输和仓储"),
	("政策兑现", "Enterprise Topic", 10, 1, "惠企政策申报和资金兑现"),
	("科技与知识产权", "Enterprise Topic", 7, 1, "科技项目、专利和资质认定"),
	("市场拓展", "Enterprise Topic", 7, 1, "产品推广、供需对接、展会"),
	("其他诉求", "Enterprise Topic", 7, 1, "其他需要协调的事项"),
)


def seed_case_categories() -> None:
	for name, group, limit, response, description in CASE_CATEGORIES:
		if frappe.db.exists("Case Category", name):
			continue
		frappe.get_doc(
			{
				"doctype": "Case Category",
				"category_name": name,
				"category_group": group,
				"time_limit_days": limit,
				"response_limit_days": response,
				"description": description,
			}
		).insert(ignore_permissions=True)


def show_user_names_in_links() -> None:
	"""Link fields to User (服务专员, 包联领导, 承办人 …) show the person's name, not the e-mail
	address: Frappe's own switch for a doctype's links, set on User with a Property Setter."""
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	if frappe.get_meta("User").show_title_field_in_link:
		return
	make_property_setter(
		"User",
		None,
		"show_title_field_in_link",
		1,
		"Check",
		for_doctype=True,
		validate_fields_for_doctype=False,
	)
