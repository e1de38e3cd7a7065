"""Chinese working-day calendar and deadline arithmetic.

A year's calendar is "Monday to Friday, minus the listed days off, plus the listed make-up
working days" (调休). Calendars are kept per year; any date in a year that has no calendar
raises :class:`CalendarMissingError` instead of silently guessing Monday to Friday.

Deadlines count working days after the day of receipt (the day of receipt is not counted),
so a deadline always falls on a working day.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

MAKE_UP = "make_up"
DAY_OFF = "day_off"


class CalendarError(ValueError):
	"""A calendar rule was broken; ``code`` names which, ``params`` carries the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


class CalendarMissingError(CalendarError):
	"""A date falls in a year for which no working-day calendar has been entered."""

	def __init__(self, year: int):
		super().__init__(
			"calendar_missing",
			f"No working-day calendar for {year}: enter that year's days off and make-up working days",
			year=year,
		)
		self.year = year


@dataclass(frozen=True)
class YearArrangement:
	"""One year's official arrangement: days off (holidays) and make-up working days."""

	year: int
	days_off: frozenset[dt.date] = field(default_factory=frozenset)
	make_up_days: frozenset[dt.date] = field(default_factory=frozenset)

	def problems(self) -> list[CalendarError]:
		"""Everything wrong with this arrangement (an empty list when it is consistent)."""
		found: list[CalendarError] = []
		for day in sorted(self.days_off | self.make_up_days):
			if day.year != self.year:
				found.append(
					CalendarError(
						"wrong_year",
						f"{day.isoformat()} is not in {self.year}",
						date=day,
						year=self.year,
					)
				)
		for day in sorted(self.days_off & self.make_up_days):
			found.append(
				CalendarError(
					"both_off_and_make_up",
					f"{day.isoformat()} is listed both as a day off and as a make-up working day",
					date=day,
				)
			)
		for day in sorted(self.make_up_days):
			if day.weekday() < 5:
				found.append(
					CalendarError(
						"make_up_on_weekday",
						f"{day.isoformat()} is a weekday: only a Saturday or Sunday can be a make-up working day",
						date=day,
					)
				)
		return found

	def is_working_day(self, day: dt.date) -> bool:
		if day in self.make_up_days:
			return True
		if day in self.days_off:
			return False
		return day.weekday() < 5

	def working_days(self) -> list[dt.date]:
		day = dt.date(self.year, 1, 1)
		out = []
		while day.year == self.year:
			if self.is_working_day(day):
				out.append(day)
			day += dt.timedelta(days=1)
		return out


class WorkCalendar:
	"""Working-day arithmetic over a set of yearly arrangements.

	Lookups are binary searches over the sorted working days of the covered years, so
	computing many deadlines (an SLA sweep over every open case) stays cheap.
	"""

	def __init__(self, arrangements: Iterable[YearArrangement]):
		self._years: dict[int, YearArrangement] = {}
		for arrangement in arrangements:
			if arrangement.year in self._years:
				raise CalendarError(
					"duplicate_year", f"{arrangement.year} is given twice", year=arrangement.year
				)
			self._years[arrangement.year] = arrangement
		self._ordinals: list[int] = []
		self._span: list[tuple[int, int]] = []  # contiguous runs of covered years
		for year in sorted(self._years):
			self._ordinals.extend(d.toordinal() for d in self._years[year].working_days())
			if self._span and self._span[-1][1] == year - 1:
				self._span[-1] = (self._span[-1][0], year)
			else:
				self._span.append((year, year))

	@property
	def years(self) -> list[int]:
		return sorted(self._years)

	def arrangement(self, year: int) -> YearArrangement:
		try:
			return self._years[year]
		except KeyError:
			raise CalendarMissingError(year) from None

	def _require(self, day: dt.date) -> None:
		if day.year not in self._years:
			raise CalendarMissingError(day.year)

	def is_working_day(self, day: dt.date) -> bool:
		return self.arrangement(day.year).is_working_day(day)

	def add_working_days(self, start: dt.date, days: int) -> dt.date:
		"""The ``days``-th working day after ``start`` (``start`` itself is not counted).

		``days == 0`` gives ``start`` when it is a working day, otherwise the next working day.
		Negative ``days`` count backwards: the ``|days|``-th working day before ``start``.
		"""
		start = _as_date(start)
		self._require(start)
		ordinal = start.toordinal()
		if days > 0:
			index = bisect.bisect_right(self._ordinals, ordinal) + days - 1
		elif days == 0:
			index = bisect.bisect_left(self._ordinals, ordinal)
		else:
			index = bisect.bisect_left(self._ordinals, ordinal) + days
		if index < 0:
			raise CalendarMissingError(self.years[0] - 1)
		if index >= len(self._ordinals):
			raise CalendarMissingError(self._next_missing_year(start.year))
		result = dt.date.fromordinal(self._ordinals[index])
		self._check_contiguous(start, result)
		return result

	def working_days_between(self, start: dt.date, end: dt.date) -> int:
		"""Working days in (start, end]: how many working days after ``start`` until ``end``.

		Negative when ``end`` is before ``start``. ``add_working_days(start, n)`` with that
		result gives the last working day on or before ``end``.
		"""
		start, end = _as_date(start), _as_date(end)
		self._require(start)
		self._require(end)
		self._check_contiguous(start, end)
		if end < start:
			return -self.working_days_between(end, start)
		return bisect.bisect_right(self._ordinals, end.toordinal()) - bisect.bisect_right(
			self._ordinals, start.toordinal()
		)

	def _next_missing_year(self, year: int) -> int:
		while year in self._years:
			year += 1
		return year

	def _check_contiguous(self, a: dt.date, b: dt.date) -> None:
		low, high = sorted((a.year, b.year))
		for year in range(low, high + 1):
			if year not in self._years:
				raise CalendarMissingError(year)


def _as_date(value: dt.date | dt.datetime) -> dt.date:
	if isinstance(value, dt.datetime):
		return value.date()
	return value


def end_of_day(day: dt.date) -> dt.datetime:
	return dt.datetime.combine(day, dt.time(23, 59, 59))


def due_date(
	calendar: WorkCalendar, received: dt.date | dt.datetime, working_days: int, paused_working_days: int = 0
) -> dt.date:
	"""The date a request received at ``received`` is due, ``working_days`` later.

	The day of receipt is not counted; working days spent paused (waiting on the enterprise)
	are added back. The result is always a working day.
	"""
	if working_days < 0 or paused_working_days < 0:
		raise CalendarError("negative_limit", "time limits and pauses cannot be negative")
	return calendar.add_working_days(_as_date(received), working_days + paused_working_days)


def arrangement_from_rows(year: int, rows: Iterable[tuple[dt.date, str]]) -> YearArrangement:
	"""Build a year's arrangement from (date, kind) rows, kind being DAY_OFF or MAKE_UP."""
	days_off, make_up = set(), set()
	for day, kind in rows:
		if kind == DAY_OFF:
			days_off.add(day)
		elif kind == MAKE_UP:
			make_up.add(day)
		else:
			raise CalendarError("unknown_kind", f"unknown kind of day: {kind!r}", kind=kind)
	return YearArrangement(year, frozenset(days_off), frozenset(make_up))


def official_arrangements() -> dict[int, YearArrangement]:
	"""Every year the ``chinesecalendar`` package carries, as arrangements.

	Days off are the package's statutory holidays (which include the 调休 days off);
	make-up working days are its weekend working days.
	"""
	from chinese_calendar import constants

	by_year: dict[int, tuple[set, set]] = {}
	for day in constants.holidays:
		by_year.setdefault(day.year, (set(), set()))[0].add(day)
	for day in constants.workdays:
		by_year.setdefault(day.year, (set(), set()))[1].add(day)
	return {
		year: YearArrangement(year, frozenset(off), frozenset(make_up))
		for year, (off, make_up) in sorted(by_year.items())
	}


HOLIDAY_NAMES_ZH = {
	"New Year's Day": "元旦",
	"Spring Festival": "春节",
	"Tomb-sweeping Day": "清明节",
	"Labour Day": "劳动节",
	"Dragon Boat Festival": "端午节",
	"National Day": "国庆节",
	"Mid-autumn Festival": "中秋节",
	"Anti-Fascist 70th Day": "中国人民抗日战争胜利70周年纪念日",
}


def names_of_official_days() -> Mapping[dt.date, str]:
	"""The Chinese holiday name for each day that ``chinesecalendar`` lists."""
	from chinese_calendar import constants

	names = {}
	for table in (constants.holidays, constants.workdays):
		for day, holiday in table.items():
			english = getattr(holiday, "value", holiday)
			names[day] = HOLIDAY_NAMES_ZH.get(english, english)
	return names
