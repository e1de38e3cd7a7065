"""Visit coverage (走访覆盖): how often each enterprise must be visited, and whether it was.

The rule is data: a list of :class:`CoverageRule`, each saying which enterprises it covers
and how often they must be visited. By default every key enterprise (重点企业) and every
enterprise holding a ladder designation of tier rank 2 or more (省级专精特新 and up) is
visited at least once a quarter, every other enterprise once a year. When several enabled
rules apply to an enterprise, the most demanding one (the shortest period) wins.

Periods are calendar periods: months, quarters (Jan-Mar, Apr-Jun, Jul-Sep, Oct-Dec),
half-years (Jan-Jun, Jul-Dec) and years. On a given day an enterprise is

* ``Visited`` -- it was visited in the current period, on or before today;
* ``Due`` -- not yet visited in the current period, but visited in the previous one: the
  current period is still running, and the visit is due by its last day;
* ``Overdue`` -- visited neither in the current period nor in the previous one (a whole
  period went by without a visit), or never visited.

So "Due" is the normal state at the start of every period and is not a failure; a firm turns
Overdue only once a whole period has been missed. A firm visited in Q1 is Due through Q2 and
Overdue from 1 July (Q2 was missed) until someone visits it.

Designation tier ranks are the ladder ranks kept on Designation Type (data, not code): 创新型
中小企业 1, 省级专精特新中小企业 2, 国家级专精特新"小巨人"企业 3, 制造业单项冠军企业 4;
designations off the ladder have rank 0 and never meet a tier rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Whom a rule covers.
KEY_ENTERPRISE = "Key Enterprise"
MIN_DESIGNATION_TIER = "Designation Tier"
ALL = "All Enterprises"
APPLIES_TO = (KEY_ENTERPRISE, MIN_DESIGNATION_TIER, ALL)

# How often.
MONTH = "Month"
QUARTER = "Quarter"
HALF_YEAR = "Half Year"
YEAR = "Year"
PERIOD_MONTHS = {MONTH: 1, QUARTER: 3, HALF_YEAR: 6, YEAR: 12}
PERIODS = tuple(PERIOD_MONTHS)

# Status on a day.
VISITED = "Visited"
DUE = "Due"
OVERDUE = "Overdue"
STATUSES = (VISITED, DUE, OVERDUE)

# "本" + this word names the current period in Chinese: 本月, 本季度, 本半年, 本年度.
PERIOD_WORDS_ZH = {MONTH: "月", QUARTER: "季度", HALF_YEAR: "半年", YEAR: "年度"}
_QUARTERS_ZH = ("一", "二", "三", "四")


class CoverageError(ValueError):
	"""A coverage rule or input is unusable; ``code`` names what, ``params`` the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


@dataclass(frozen=True)
class CoverageRule:
	"""Enterprises covered by ``applies_to`` must be visited at least once per ``period``.

	``min_tier_rank`` is used only with :data:`MIN_DESIGNATION_TIER`: the rule covers
	enterprises whose highest ladder designation has at least this rank.
	"""

	label: str
	applies_to: str
	min_tier_rank: int | None
	period: str
	enabled: bool = True


DEFAULT_RULES: tuple[CoverageRule, ...] = (
	CoverageRule("Key enterprises: every quarter", KEY_ENTERPRISE, None, QUARTER),
	CoverageRule("Provincial specialised SMEs and above: every quarter", MIN_DESIGNATION_TIER, 2, QUARTER),
	CoverageRule("All enterprises: every year", ALL, None, YEAR),
)


@dataclass(frozen=True)
class Coverage:
	"""Visit coverage of one enterprise on one day.

	``period_start`` .. ``period_end`` is the current period; ``period_end`` is the day the
	visit is due by. ``last_visit`` is the latest visit on or before the day, if any.
	"""

	status: str
	period: str
	period_start: dt.date
	period_end: dt.date
	last_visit: dt.date | None


def validate_rule(rule: CoverageRule) -> None:
	"""Raise :class:`CoverageError` for a rule that cannot be applied."""
	if rule.applies_to not in APPLIES_TO:
		raise CoverageError(
			"bad_applies_to",
			f"a coverage rule applies to one of {list(APPLIES_TO)}, not {rule.applies_to!r}",
			label=rule.label,
			applies_to=rule.applies_to,
		)
	_check_period(rule.period)
	if rule.applies_to == MIN_DESIGNATION_TIER:
		rank = rule.min_tier_rank
		if isinstance(rank, bool) or not isinstance(rank, int) or rank < 1:
			raise CoverageError(
				"bad_min_tier_rank",
				f"a designation tier rule needs a minimum tier rank of 1 or more, not {rank!r}",
				label=rule.label,
				min_tier_rank=rank,
			)


def applies(rule: CoverageRule, is_key: bool, highest_tier_rank: int | None) -> bool:
	"""Whether ``rule`` covers an enterprise (enabled or not).

	``highest_tier_rank`` is the highest rank among the enterprise's current ladder
	designations, None when it holds none.
	"""
	if rule.applies_to == KEY_ENTERPRISE:
		return bool(is_key)
	if rule.applies_to == MIN_DESIGNATION_TIER:
		return highest_tier_rank is not None and highest_tier_rank >= (rule.min_tier_rank or 0)
	return rule.applies_to == ALL


def rule_for(
	is_key: bool, highest_tier_rank: int | None, rules: Sequence[CoverageRule] = DEFAULT_RULES
) -> CoverageRule | None:
	"""The rule an enterprise is held to: of the enabled rules that cover it, the one with the
	shortest period (the first in ``rules`` on a tie); None when no enabled rule covers it."""
	best: CoverageRule | None = None
	for rule in rules:
		validate_rule(rule)
		if not rule.enabled or not applies(rule, is_key, highest_tier_rank):
			continue
		if best is None or PERIOD_MONTHS[rule.period] < PERIOD_MONTHS[best.period]:
			best = rule
	return best


def period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
	"""First and last day of the calendar ``period`` containing ``day``."""
	months = PERIOD_MONTHS[_check_period(period)]
	first_month = (day.month - 1) // months * months + 1
	start = dt.date(day.year, first_month, 1)
	return start, _add_months(start, months) - dt.timedelta(days=1)


def previous_period_bounds(day: dt.date, period: str) -> tuple[dt.date, dt.date]:
	"""First and last day of the period before the one containing ``day``."""
	start, _end = period_bounds(day, period)
	return period_bounds(start - dt.timedelta(days=1), period)


def coverage_status(last_visit: dt.date | None, today: dt.date, period: str) -> Coverage:
	"""The :class:`Coverage` on ``today`` of an enterprise last visited on ``last_visit``.

	``last_visit`` is the latest visit on or before today (None: never visited); a later
	date is an error (``code == "visit_after_today"``) because a planned visit is not one.
	"""
	start, end = period_bounds(today, period)
	if last_visit is not None and last_visit > today:
		raise CoverageError(
			"visit_after_today",
			f"the last visit {last_visit.isoformat()} is after {today.isoformat()}",
			last_visit=last_visit,
			today=today,
		)
	if last_visit is not None and last_visit >= start:
		status = VISITED
	elif last_visit is not None and last_visit >= previous_period_bounds(today, period)[0]:
		status = DUE
	else:
		status = OVERDUE
	return Coverage(status, period, start, end, last_visit)


@dataclass(frozen=True)
class Tally:
	"""Counts for a coverage report (per officer, street, chain ...)."""

	visited: int = 0
	due: int = 0
	overdue: int = 0

	@property
	def total(self) -> int:
		return self.visited + self.due + self.overdue


def tally(coverages: Iterable[Coverage]) -> Tally:
	"""How many of ``coverages`` are Visited, Due and Overdue."""
	counts = {VISITED: 0, DUE: 0, OVERDUE: 0}
	for item in coverages:
		counts[item.status] += 1
	return Tally(counts[VISITED], counts[DUE], counts[OVERDUE])


def period_label_zh(period: str, start: dt.date) -> str:
	"""The Chinese name of the period containing ``start``: 2026年11月, 2026年第四季度,
	2026年下半年, 2026年."""
	start, _end = period_bounds(start, period)
	if period == MONTH:
		return f"{start.year}年{start.month}月"
	if period == QUARTER:
		return f"{start.year}年第{_QUARTERS_ZH[(start.month - 1) // 3]}季度"
	if period == HALF_YEAR:
		return f"{start.year}年{'上' if start.month == 1 else '下'}半年"
	return f"{start.year}年"


def current_period_zh(period: str) -> str:
	"""本月, 本季度, 本半年 or 本年度."""
	return "本" + PERIOD_WORDS_ZH[_check_period(period)]


def _check_period(period: str) -> str:
	if period not in PERIOD_MONTHS:
		raise CoverageError(
			"bad_period", f"a period is one of {list(PERIODS)}, not {period!r}", period=period
		)
	return period


def _add_months(day: dt.date, months: int) -> dt.date:
	"""The first of the month ``months`` after ``day``'s month (``day`` is a first)."""
	index = day.year * 12 + day.month - 1 + months
	return dt.date(index // 12, index % 12 + 1, 1)
