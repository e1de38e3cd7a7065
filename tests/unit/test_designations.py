import datetime as dt
from types import SimpleNamespace

import pytest

from enterprise_support.domain.designations import (
	ACTIVE,
	EXPIRED,
	EXPIRING,
	NOT_YET_VALID,
	DesignationError,
	add_years,
	days_left,
	expiring_within,
	status_on,
	valid_to,
)

D = dt.date


@pytest.mark.parametrize(
	"start, years, end",
	[
		(D(2024, 12, 15), 3, D(2027, 12, 14)),
		(D(2025, 1, 1), 3, D(2027, 12, 31)),
		(D(2024, 2, 29), 3, D(2027, 2, 28)),  # leap day: 1 March is the anniversary in a common year
		(D(2024, 2, 29), 4, D(2028, 2, 28)),  # ... and 29 February in a leap year
		(D(2021, 3, 1), 3, D(2024, 2, 29)),  # the last day is itself a leap day
		(D(2023, 3, 1), 3, D(2026, 2, 28)),
		(D(2024, 6, 30), 1, D(2025, 6, 29)),
	],
)
def test_valid_to(start, years, end):
	assert valid_to(start, years) == end


def test_valid_to_accepts_iso_strings_and_datetimes():
	assert valid_to("2024-12-15", 3) == D(2027, 12, 14)
	assert valid_to(dt.datetime(2024, 12, 15, 9, 30), 3) == D(2027, 12, 14)


@pytest.mark.parametrize("years", [0, -1, 2.5, True, "3"])
def test_valid_to_rejects_bad_years(years):
	with pytest.raises(DesignationError) as info:
		valid_to(D(2024, 1, 1), years)
	assert info.value.code == "bad_validity_years"


def test_add_years():
	assert add_years(D(2024, 2, 29), 1) == D(2025, 3, 1)
	assert add_years(D(2024, 2, 28), 1) == D(2025, 2, 28)


START, END = D(2024, 12, 15), D(2027, 12, 14)


@pytest.mark.parametrize(
	"today, status",
	[
		(D(2024, 12, 14), NOT_YET_VALID),
		(D(2024, 12, 15), ACTIVE),
		(D(2027, 9, 14), ACTIVE),  # 91 days left
		(D(2027, 9, 15), EXPIRING),  # exactly 90 days left
		(D(2027, 12, 13), EXPIRING),
		(D(2027, 12, 14), EXPIRING),  # the last valid day
		(D(2027, 12, 15), EXPIRED),  # the day after expiry
		(D(2030, 1, 1), EXPIRED),
	],
)
def test_status_on(today, status):
	assert status_on(START, END, today) == status


def test_status_on_with_other_warning_periods():
	assert status_on(START, END, D(2027, 11, 14), warn_days=30) == EXPIRING
	assert status_on(START, END, D(2027, 11, 13), warn_days=30) == ACTIVE
	assert status_on(START, END, D(2027, 12, 14), warn_days=0) == EXPIRING
	assert status_on(START, END, D(2027, 12, 13), warn_days=0) == ACTIVE


def test_status_on_with_missing_dates():
	assert status_on(None, END, D(2020, 1, 1)) == ACTIVE
	assert status_on(START, None, D(2040, 1, 1)) == ACTIVE
	assert status_on(START, None, D(2024, 1, 1)) == NOT_YET_VALID


def test_status_on_rejects_inconsistent_input():
	with pytest.raises(DesignationError) as info:
		status_on(END, START, D(2025, 1, 1))
	assert info.value.code == "ends_before_start"
	with pytest.raises(DesignationError) as info:
		status_on(START, END, D(2025, 1, 1), warn_days=-1)
	assert info.value.code == "bad_warn_days"
	with pytest.raises(DesignationError) as info:
		status_on(START, "next year", D(2025, 1, 1))
	assert info.value.code == "bad_date"


def test_days_left():
	assert days_left(END, D(2027, 9, 15)) == 90
	assert days_left(END, END) == 0
	assert days_left(END, D(2027, 12, 15)) == -1


def test_expiring_within():
	today = D(2027, 10, 1)
	rows = [
		{"name": "late", "valid_from": D(2024, 12, 15), "valid_to": D(2027, 12, 14)},  # 74 days: expiring
		{"name": "soon", "valid_from": "2024-10-02", "valid_to": "2027-10-01"},  # last day today
		{"name": "edge", "valid_from": D(2024, 12, 31), "valid_to": D(2027, 12, 30)},  # exactly 90 days
		{"name": "far", "valid_from": D(2025, 1, 1), "valid_to": D(2027, 12, 31)},  # 91 days
		{"name": "gone", "valid_from": D(2024, 9, 30), "valid_to": D(2027, 9, 30)},  # expired yesterday
		{"name": "future", "valid_from": D(2027, 11, 1), "valid_to": D(2027, 12, 1)},  # not yet valid
		{"name": "open", "valid_from": D(2020, 1, 1), "valid_to": None},
	]
	assert [row["name"] for row in expiring_within(rows, today, 90)] == ["soon", "late", "edge"]
	assert [row["name"] for row in expiring_within(rows, today, 0)] == ["soon"]


def test_expiring_within_reads_attributes_and_other_field_names():
	rows = [
		SimpleNamespace(name="a", start=D(2024, 1, 1), end=D(2026, 12, 31)),
		SimpleNamespace(name="b", start=D(2024, 1, 1), end=D(2027, 12, 31)),
	]
	found = expiring_within(rows, D(2026, 12, 1), 30, from_field="start", to_field="end")
	assert [row.name for row in found] == ["a"]


# Issue 12: designations 10-27 days from expiry were shown as expired. Pinned on that day.
ISSUE_TODAY = D(2026, 11, 27)


@pytest.mark.parametrize(
	"valid_to_day, status",
	[
		(D(2026, 11, 26), EXPIRED),  # expired yesterday
		(D(2026, 11, 27), EXPIRING),  # today is the last valid day: 0 days left
		(D(2026, 11, 28), EXPIRING),
		(D(2026, 12, 7), EXPIRING),  # 10 days left
		(D(2026, 12, 11), EXPIRING),  # 14 days left: the designation of the issue
		(D(2026, 12, 24), EXPIRING),  # 27 days left
		(D(2027, 2, 25), EXPIRING),  # exactly 90 days left
		(D(2027, 2, 26), ACTIVE),  # 91 days left
	],
)
def test_status_on_the_issue_day(valid_to_day, status):
	assert status_on(D(2023, 12, 12), valid_to_day, ISSUE_TODAY) == status


def test_no_day_of_the_warning_period_is_expired():
	for left in range(0, 91):
		end = ISSUE_TODAY + dt.timedelta(days=left)
		assert status_on(D(2023, 12, 12), end, ISSUE_TODAY) == EXPIRING, left
		assert days_left(end, ISSUE_TODAY) == left
	assert status_on(D(2023, 12, 12), valid_to(D(2023, 12, 12), 3), ISSUE_TODAY) == EXPIRING
	assert valid_to(D(2023, 12, 12), 3) == D(2026, 12, 11)
