"""What a Chinese user reads in the first hour, as the site gives it: Frappe's own words that
our translations correct, the app's labels and stored texts, and figures nobody reported."""

import re
import secrets

import pytest

from .conftest import valid_uscc

TAG = secrets.token_hex(3).upper()


@pytest.fixture(scope="module")
def zh(site):
	from frappe.translate import get_all_translations

	site.clear_cache()
	return get_all_translations("zh")


@pytest.mark.parametrize(
	"source, context, expected",
	[
		# a list row's age: "8 分钟", not "8米" (metres)
		("{0} m", None, "{0} 分钟"),
		("{0} h", None, "{0} 小时"),
		("{0} d", None, "{0} 天"),
		("{0} w", None, "{0} 周"),
		("{0} M", None, "{0} 个月"),
		("{0} y", None, "{0} 年"),
		("m", "Minutes (Field: Duration)", "分钟"),
		# the sidebar heading over the workspaces: not "公"
		("Public", "Workspace Category", "公共工作区"),
		# the note under a filtered Link's suggestions: not "适用于是活动的 = 1的过滤器"
		("Filters applied for {0}", None, "筛选条件：{0}"),
		("Is Active", None, "启用"),
		("Report View", None, "报表视图"),
		("No.", "Title of the 'row number' column", "序号"),
		# the case form's supervision section
		("Supervision", None, "督办"),
	],
)
def test_the_site_says_it_in_chinese(zh, source, context, expected):
	assert zh.get(f"{source}:{context}" if context else source) == expected


def test_the_supervision_section_and_reason_read_in_chinese(site):
	from frappe import _

	meta = site.get_meta("Support Case")
	label = meta.get_field("section_escalation").label
	assert not re.search(r"[\u4e00-\u9fff]", label), label  # English source, Chinese translation
	site.local.lang = "zh"
	try:
		assert _(label) == "督办"
		reason = _("Overdue: supervision by the department head and the service officer")
		assert reason == "已超过办理时限：由承办部门负责人和服务专员督办"
	finally:
		site.local.lang = "en"


@pytest.fixture(scope="module")
def firms(site, users):
	"""A manufacturer with 860 employees and revenue but no total assets reported, and a leasing
	firm (whose size needs total assets) with none: removed again afterwards."""
	frappe = site
	frappe.local.lang = "zh"
	staff = users.make("Enterprise Service Staff")
	made = []
	try:
		for serial, name, industry, figures in (
			(1, f"制造测试企业{TAG}", "C3879", {"employees": 860, "annual_revenue": 50000}),
			(2, f"租赁测试企业{TAG}", "L7212", {"employees": 210, "annual_revenue": 52000}),
		):
			doc = frappe.get_doc(
				{
					"doctype": "Enterprise",
					"enterprise_name": name,
					"uscc": valid_uscc(TAG, 880 + serial),
					"industry_code": industry,
					"service_officer": staff.user,
					**figures,
				}
			).insert()
			made.append(doc.name)
		frappe.db.commit()
	finally:
		frappe.local.lang = "en"
	yield {"staff": staff, "manufacturer": made[0], "leasing": made[1]}
	frappe.db.rollback()
	for name in made:
		frappe.delete_doc("Enterprise", name, force=True, ignore_permissions=True)
	frappe.db.commit()


def test_size_basis_counts_people_as_whole_numbers_and_names_the_tier_once(site, firms):
	basis = site.db.get_value("Enterprise", firms["manufacturer"], "size_basis")
	assert basis == "按工业划型标准：中型；未达大型标准，因从业人员为 860，低于 1,000"


def test_an_unreported_figure_is_unknown_to_the_size_class_and_stays_zero_in_storage(site, firms):
	row = site.db.get_value(
		"Enterprise", firms["leasing"], ["size_class", "size_basis", "total_assets"], as_dict=True
	)
	assert not row.size_class
	assert row.size_basis == "无法划型：租赁和商务服务业须填写资产总额（万元）"
	assert row.total_assets == 0  # Frappe's NOT NULL column: 0 is how "not reported" is stored


def test_print_shows_reported_figures_and_leaves_out_unreported_ones(firms):
	staff = firms["staff"]
	page = staff.get("/printview", params={"doctype": "Enterprise", "name": firms["leasing"]})
	assert page.status_code == 200, page.text[:500]
	text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))
	assert re.search(r"从业人员: 210 ", text) and re.search(r"营业收入（万元）: 52,000 ", text), text
	for label in ("资产总额（万元）:", "研发费用（万元）:", "注册资本（万元）:", "研发费用占营业收入比重:"):
		assert label not in text, label  # not reported: no "0" or "0.0%" printed
