"""The bench, its site and the app's foundations, seen from outside and from inside."""

import datetime as dt

import pytest

from .conftest import SITE, Client, server_messages

ROLES = {
	"Enterprise Service Staff": 1,
	"Department Handler": 1,
	"Enterprise Leader": 1,
	"Enterprise Contact": 0,
}


def test_site_answers_over_http(bench_services):
	guest = Client()
	assert guest.get("/api/method/ping").json() == {"message": "pong"}
	page = guest.get("/login", headers={"Accept": "text/html"})
	assert page.status_code == 200
	# The demo site runs in Chinese: the login page says so.
	assert 'lang="zh"' in page.text
	assert "登录" in page.text


def test_app_is_installed(site, admin):
	assert "enterprise_support" in site.get_installed_apps()
	versions = admin.get("/api/method/frappe.utils.change_log.get_versions").json()["message"]
	assert "enterprise_support" in versions
	assert versions["enterprise_support"]["title"] == "Enterprise Support"


def test_site_runs_as_a_district_would(site):
	settings = site.get_single("System Settings")
	assert settings.language == "zh"
	assert settings.time_zone == "Asia/Shanghai"
	assert settings.date_format == "yyyy-mm-dd"
	assert site.db.get_default("currency") == "CNY"
	assert site.db.get_value("Currency", "CNY", "enabled") == 1
	assert settings.setup_complete == 1


def test_roles_exist(admin):
	for role, desk_access in ROLES.items():
		response = admin.get(f"/api/resource/Role/{role}")
		assert response.status_code == 200, role
		assert response.json()["data"]["desk_access"] == desk_access, role


def test_work_calendars_are_seeded_with_the_official_years(admin):
	rows = admin.get(
		"/api/resource/Work Calendar",
		params={"fields": '["year","working_day_count","source"]', "limit_page_length": 0},
	).json()["data"]
	by_year = {row["year"]: row for row in rows}
	assert by_year[2025]["working_day_count"] == 248
	assert by_year[2026]["working_day_count"] == 248
	assert by_year[2026]["source"] == "chinesecalendar"


@pytest.mark.parametrize(
	("received_on", "limit", "due"),
	[
		("2026-02-13 09:30:00", 3, "2026-02-25"),  # 咨询 received before the Spring Festival
		("2026-09-30 17:00:00", 7, "2026-10-15"),  # across National Day and the 10-10 make-up Saturday
		("2026-10-04 11:00:00", 1, "2026-10-08"),  # received on a holiday
		("2026-12-01 10:00:00", 15, "2026-12-22"),
	],
)
def test_calendar_on_the_site_gives_the_deadlines(site, admin, received_on, limit, due):
	from enterprise_support.support_cases import deadlines

	assert deadlines.due_date(received_on, limit).isoformat() == due
	response = admin.get(
		"/api/method/enterprise_support.api.calendar.due_date",
		params={"received_on": received_on, "working_days": limit},
	)
	assert response.status_code == 200, server_messages(response)
	assert response.json()["message"] == due


def test_a_year_without_calendar_is_a_clear_error(site, admin):
	from enterprise_support.support_cases import deadlines

	year = 2090
	assert not site.db.exists("Work Calendar", {"year": year})
	with pytest.raises(site.ValidationError, match=str(year)):
		deadlines.due_date(f"{year}-03-01", 3)
	response = admin.get(
		"/api/method/enterprise_support.api.calendar.due_date",
		params={"received_on": f"{year}-03-01", "working_days": 3},
	)
	assert response.status_code == 417
	assert f"没有{year}年的工作日历" in server_messages(response)


def test_bad_input_to_the_deadline_api(admin):
	response = admin.get(
		"/api/method/enterprise_support.api.calendar.due_date",
		params={"received_on": "not a date", "working_days": 3},
	)
	assert response.status_code == 417
	assert "不是有效的日期" in server_messages(response)
	response = admin.get(
		"/api/method/enterprise_support.api.calendar.due_date",
		params={"received_on": "2026-03-02", "working_days": -2},
	)
	assert response.status_code == 417


def test_system_manager_adds_next_years_calendar_and_deadlines_follow(site, admin):
	year = 2091
	days = [
		{"date": f"{year}-01-01", "day_type": "Day Off", "description": "元旦"},
		{"date": f"{year}-01-02", "day_type": "Day Off", "description": "元旦"},
		{"date": f"{year}-01-06", "day_type": "Make-up Working Day", "description": "元旦"},
	]
	try:
		response = admin.post("/api/resource/Work Calendar", json={"year": year, "days": days})
		assert response.status_code == 200, server_messages(response)
		doc = response.json()["data"]
		assert doc["name"] == str(year)
		# 2091-01-01 is a Monday: 1/1 and 1/2 off, Saturday 1/6 worked.
		assert dt.date(year, 1, 1).weekday() == 0
		due = admin.get(
			"/api/method/enterprise_support.api.calendar.due_date",
			params={"received_on": f"{year}-01-01", "working_days": 4},
		).json()["message"]
		# Received on the holiday: 1/3 (1), 1/4 (2), 1/5 (3), Saturday 1/6 (4).
		assert due == f"{year}-01-06"
	finally:
		site.db.rollback()
		if site.db.exists("Work Calendar", str(year)):
			site.delete_doc("Work Calendar", str(year), ignore_permissions=True, force=True)
			site.db.commit()


def test_invalid_calendar_is_refused_and_nothing_is_stored(site, admin):
	year = 2092
	response = admin.post(
		"/api/resource/Work Calendar",
		json={"year": year, "days": [{"date": f"{year}-03-05", "day_type": "Make-up Working Day"}]},
	)
	assert response.status_code == 417
	assert "只有周六或周日才能作为调休上班日" in server_messages(response)
	site.db.rollback()
	assert not site.db.exists("Work Calendar", str(year))


def test_only_system_managers_may_edit_calendars(users):
	staff = users.make("Enterprise Service Staff")
	response = staff.post("/api/resource/Work Calendar", json={"year": 2093})
	assert response.status_code == 403
	# ... but staff can read them and count deadlines.
	assert staff.get("/api/resource/Work Calendar/2026").status_code == 200
	response = staff.get(
		"/api/method/enterprise_support.api.calendar.due_date",
		params={"received_on": "2026-02-13", "working_days": 3},
	)
	assert response.json()["message"] == "2026-02-25"


def test_enterprise_contacts_cannot_use_staff_tools(users):
	contact = users.make("Enterprise Contact", desk=False)
	response = contact.get(
		"/api/method/enterprise_support.api.calendar.due_date",
		params={"received_on": "2026-02-13", "working_days": 3},
	)
	assert response.status_code == 403
	assert contact.get("/api/resource/Work Calendar/2026").status_code == 403
