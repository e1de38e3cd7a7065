"""Arithmetic of the managers' reports: shares, averages, working time and days left.

Pure Python over a :class:`~enterprise_support.domain.working_days.WorkCalendar`: no database.
The reports let SQL count and sum; what is left here is turning those sums into the figures a
manager reads, without dividing by zero (an empty group gives ``None``, shown as a blank
cell) and without guessing a calendar.

Average working time from aggregates. The working time of a case from ``start`` to ``end``
(:func:`enterprise_support.domain.sla.working_seconds_between`) is ``G(end) - G(start)`` for
the cumulative function ``G(t) = 86400 * (working days in [origin, date(t))) + W(date(t)) *
(seconds of t since midnight)``, where ``W(d)`` is 1 on working days. So the total over many
cases only needs, per date, how many moments fall on it and the sum of their seconds since
midnight: SQL groups by date, :func:`summed_working_seconds` does the rest. Fractions of a
second are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from enterprise_support.domain.working_days import WorkCalendar

SECONDS_PER_DAY = 86400


def share(part: float | int | None, whole: float | int | None, digits: int = 1) -> float | None:
	"""``part`` as a percentage of ``whole``, rounded; ``None`` when ``whole`` is empty or 0."""
	if not whole:
		return None
	return round(100.0 * float(part or 0) / float(whole), digits)


def mean(total: float | int | None, count: float | int | None, digits: int = 2) -> float | None:
	"""``total / count`` rounded; ``None`` when there is nothing to average."""
	if not count:
		return None
	return round(float(total or 0) / float(count), digits)


@dataclass(frozen=True)
class MomentsOnDay:
	"""Moments (datetimes) that fall on one date: how many, and their seconds since midnight."""

	day: dt.date
	count: int
	seconds: int


def summed_working_seconds(calendar: WorkCalendar, moments: Iterable[MomentsOnDay], origin: dt.date) -> int:
	"""The sum of ``G(t)`` over all moments (see the module notes), relative to ``origin``.

	``origin`` is any date of a covered year on or before every moment (the earliest one will
	do); differences of two such sums with the same origin are working seconds. Raises the
	calendar's ``CalendarMissingError`` for a date in a year without a calendar.
	"""
	origin_working = calendar.is_working_day(origin)
	total = 0
	for group in moments:
		if not group.count:
			continue
		working = calendar.is_working_day(group.day)
		# working days in [origin, day) = working days in (origin, day] + W(origin) - W(day)
		before = calendar.working_days_between(origin, group.day) + origin_working - working
		total += SECONDS_PER_DAY * before * group.count
		if working:
			total += int(group.seconds)
	return total


def mean_working_days(
	calendar: WorkCalendar,
	starts: Iterable[MomentsOnDay],
	ends: Iterable[MomentsOnDay],
	count: int,
	digits: int = 2,
) -> float | None:
	"""Average working days from start to end over ``count`` cases, given per-date aggregates
	of their starts and of their ends (the same cases in both); ``None`` when ``count`` is 0."""
	starts, ends = list(starts), list(ends)
	if not count:
		return None
	days = [g.day for g in starts + ends if g.count]
	if not days:
		return None
	origin = min(days)
	seconds = summed_working_seconds(calendar, ends, origin) - summed_working_seconds(
		calendar, starts, origin
	)
	return round(seconds / SECONDS_PER_DAY / count, digits)


def working_days_left(calendar: WorkCalendar, today: dt.date, due: dt.date) -> int:
	"""Working days from ``today`` until the due date: 0 when due today, negative when overdue.

	Ahead of time: the working days in (today, due]. Overdue (due before today): minus the
	working days in (due, today], and at least -1, so an overdue case never reads 0 (on a day
	off right after the due date it reads -1).
	"""
	if due >= today:
		return calendar.working_days_between(today, due)
	return min(-1, -calendar.working_days_between(due, today))


def tree_depths(nodes: Iterable[tuple[str, str | None]]) -> dict[str, int]:
	"""Depth of each node of a tree given as (name, parent) pairs, parents listed first
	(nested-set ``lft`` order). A node whose parent is not listed is a root (depth 0)."""
	depths: dict[str, int] = {}
	for name, parent in nodes:
		depths[name] = depths[parent] + 1 if parent in depths else 0
	return depths


def months_between(start: dt.date, end: dt.date) -> list[str]:
	"""The months from ``start`` to ``end`` inclusive, as ``YYYY-MM`` (empty when end < start)."""
	months = []
	year, month = start.year, start.month
	while (year, month) <= (end.year, end.month):
		months.append(f"{year:04d}-{month:02d}")
		year, month = (year + 1, 1) if month == 12 else (year, month + 1)
	return months
