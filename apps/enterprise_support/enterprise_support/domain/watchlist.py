"""The enterprise watch list (企业预警): warning signals per enterprise, a score and reasons.

Each signal is a rule kept as data (:class:`SignalRule`: threshold, weight, window, on/off).
A daily job gathers the facts for all enterprises with one set-wise query per signal, builds
an :class:`EnterpriseFacts` per enterprise and calls :func:`assess`. Every enabled rule gives
one :class:`Finding`:

* ``Flagged`` -- the signal fires; its weight counts towards the enterprise's score;
* ``Clear`` -- the facts are there and the signal does not fire;
* ``Missing`` -- the facts needed are not there (e.g. last year's revenue was not reported):
  nothing is flagged, and the finding says so rather than guessing.

The signals and their default rules (:data:`DEFAULT_RULES`):

=====================  =========================================================  ======
signal                 fires when                                                  weight
=====================  =========================================================  ======
REVENUE_DROP           operating revenue down >= 20 % on the last figures          30
EMPLOYEES_DROP         employees down >= 20 % on the last figures                  20
FREQUENT_REQUESTS      >= 3 requests (诉求) in the last 90 days                     10
COMPLAINT              >= 1 complaint or report (投诉举报) in the last 90 days      20
OVERDUE_REQUEST        >= 1 request overdue now                                    15
DESIGNATION_EXPIRING   a designation expires within 90 days, no renewal started    10
NOT_VISITED            a whole visit period missed (see :mod:`.visit_coverage`)    10
LOW_SATISFACTION       a satisfaction rating <= 2 in the last 365 days             15
=====================  =========================================================  ======

The weights rank the signals by how much they say about an enterprise in trouble: a falling
revenue is the strongest sign (30); shrinking staff and complaints come next (20); an
overdue request or a poor rating is the district's own failure to serve (15); many requests,
an expiring designation and a missed visit are reasons to call rather than alarms (10). The
score is the sum of the weights of the flagged findings (at most 130 with the defaults).

Drops are ``(previous - latest) / previous x 100``, compared unrounded with the threshold
using Decimal, so a drop of exactly 20 % flags and 19.99 % does not; the percentage shown is
rounded half up to a whole number. "The last figures" are the latest year whose figure is
reported and the latest year before it present in the figures; the years need not be
consecutive (both are in the message). A revenue or employee count of 0 or None is "not
reported" (:mod:`.figures`). Revenue here is in CNY (yuan): the Enterprise doctype stores it
in 10k CNY, so the Frappe layer multiplies by 10,000.

A flag can be acknowledged with a note. Each finding carries ``facts_key``, a short hash of
exactly the facts that produced it (case names, figures, due dates, designation end dates --
never "days left" or anything else that changes only because today changed); the Frappe layer
stores the acknowledged key per enterprise and signal, and :func:`quiet` tells whether a new
finding is still the acknowledged one.

``message`` is an English template with ``{named}`` placeholders filled from ``params`` (the
Frappe layer translates the template); :func:`explain_zh` gives the Chinese sentence directly.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from typing import Any

from enterprise_support.domain import visit_coverage as vc
from enterprise_support.domain.figures import reported

REVENUE_DROP = "revenue_drop"
EMPLOYEES_DROP = "employees_drop"
FREQUENT_REQUESTS = "frequent_requests"
COMPLAINT = "complaint"
OVERDUE_REQUEST = "overdue_request"
DESIGNATION_EXPIRING = "designation_expiring"
NOT_VISITED = "not_visited"
LOW_SATISFACTION = "low_satisfaction"
SIGNALS = (
	REVENUE_DROP,
	EMPLOYEES_DROP,
	FREQUENT_REQUESTS,
	COMPLAINT,
	OVERDUE_REQUEST,
	DESIGNATION_EXPIRING,
	NOT_VISITED,
	LOW_SATISFACTION,
)
# Signals counted over the last ``window_days`` days: their rules need a window.
WINDOWED = frozenset({FREQUENT_REQUESTS, COMPLAINT, DESIGNATION_EXPIRING, LOW_SATISFACTION})

FLAGGED = "Flagged"
CLEAR = "Clear"
MISSING = "Missing"
STATUSES = (FLAGGED, CLEAR, MISSING)

MIN_RATING, MAX_RATING = 1, 5
HUNDRED = Decimal(100)
YI = Decimal(100_000_000)
WAN = Decimal(10_000)
CENT = Decimal("0.01")


class WatchlistError(ValueError):
	"""A watch-list rule or fact is unusable; ``code`` names what, ``params`` the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


# -- rules -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignalRule:
	"""One signal's rule: fires at ``threshold`` (a percentage for the drops, a count for
	cases, days for the designation, the highest bad rating for satisfaction), adds ``weight``
	to the score, looks back ``window_days`` days (None for signals about now)."""

	code: str
	threshold: Decimal
	weight: int
	window_days: int | None
	enabled: bool = True


DEFAULT_RULES: tuple[SignalRule, ...] = (
	SignalRule(REVENUE_DROP, Decimal(20), 30, None),
	SignalRule(EMPLOYEES_DROP, Decimal(20), 20, None),
	SignalRule(FREQUENT_REQUESTS, Decimal(3), 10, 90),
	SignalRule(COMPLAINT, Decimal(1), 20, 90),
	SignalRule(OVERDUE_REQUEST, Decimal(1), 15, None),
	# Threshold and window are both the warning days: expiring within 90 days.
	SignalRule(DESIGNATION_EXPIRING, Decimal(90), 10, 90),
	# The threshold is unused: the visit coverage rules decide (visit_coverage).
	SignalRule(NOT_VISITED, Decimal(0), 10, None),
	SignalRule(LOW_SATISFACTION, Decimal(2), 15, 365),
)


def validate_rules(rules: Sequence[SignalRule]) -> None:
	"""Raise :class:`WatchlistError` for an unknown or repeated signal, a negative threshold
	or weight, or a windowed signal without a positive window."""
	seen: set[str] = set()
	for rule in rules:
		if rule.code not in SIGNALS:
			raise WatchlistError("unknown_signal", f"unknown signal {rule.code!r}", signal=rule.code)
		if rule.code in seen:
			raise WatchlistError("repeated_signal", f"signal {rule.code!r} has two rules", signal=rule.code)
		seen.add(rule.code)
		if not isinstance(rule.threshold, Decimal) or not rule.threshold.is_finite() or rule.threshold < 0:
			raise WatchlistError(
				"bad_threshold",
				f"the threshold of {rule.code!r} must be a Decimal of 0 or more, not {rule.threshold!r}",
				signal=rule.code,
				threshold=rule.threshold,
			)
		if isinstance(rule.weight, bool) or not isinstance(rule.weight, int) or rule.weight < 0:
			raise WatchlistError(
				"bad_weight",
				f"the weight of {rule.code!r} must be a whole number of 0 or more, not {rule.weight!r}",
				signal=rule.code,
				weight=rule.weight,
			)
		if rule.code in WINDOWED and (
			isinstance(rule.window_days, bool)
			or not isinstance(rule.window_days, int)
			or rule.window_days < 1
		):
			raise WatchlistError(
				"bad_window",
				f"{rule.code!r} needs a window of at least 1 day, not {rule.window_days!r}",
				signal=rule.code,
				window_days=rule.window_days,
			)


# -- facts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class YearFigure:
	"""An enterprise's reported figures for one year: revenue in CNY (yuan), employees.
	0 or None means not reported."""

	year: int
	revenue: Decimal | None = None
	employees: int | None = None


@dataclass(frozen=True)
class CaseCount:
	"""Cases in a window: how many, and the names of (the first of) them, oldest first.
	``names`` may be shorter than ``count`` when the query returns only the first few."""

	count: int = 0
	names: tuple[str, ...] = ()


@dataclass(frozen=True)
class OverdueCase:
	"""A request still open after its resolution deadline."""

	name: str
	due: dt.date


@dataclass(frozen=True)
class ExpiringDesignation:
	"""A designation the enterprise holds (``name``: the record; ``designation_name``: what it
	is, e.g. 国家级专精特新"小巨人"企业), its last valid day, and whether a renewal (复核)
	has been started."""

	name: str
	designation_name: str
	valid_to: dt.date
	renewal_started: bool = False


@dataclass(frozen=True)
class LowestRating:
	"""The lowest satisfaction rating (1-5) in the window and the case it was given on;
	``rating`` None means no case was rated."""

	rating: int | None = None
	case_name: str | None = None


@dataclass(frozen=True)
class EnterpriseFacts:
	"""Everything the signals look at for one enterprise, already limited to the rules'
	windows by the queries that gathered it. ``coverage`` is None when no visit rule applies."""

	enterprise: str
	figures: tuple[YearFigure, ...] = ()
	requests: CaseCount = field(default_factory=CaseCount)
	complaints: CaseCount = field(default_factory=CaseCount)
	overdue: tuple[OverdueCase, ...] = ()
	designations: tuple[ExpiringDesignation, ...] = ()
	coverage: vc.Coverage | None = None
	lowest_rating: LowestRating = field(default_factory=LowestRating)


# -- findings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
	"""What one signal says about one enterprise. ``message`` is an English template filled
	from ``params``; ``facts_key`` identifies the facts behind it (see :func:`quiet`)."""

	code: str
	status: str
	weight: int
	message: str
	params: Mapping[str, Any]
	facts: Any = field(repr=False)

	@cached_property
	def facts_key(self) -> str:
		"""Worked out when asked for (the daily job asks only of the flagged findings)."""
		return facts_key(self.code, self.facts)

	@property
	def flagged(self) -> bool:
		return self.status == FLAGGED


@dataclass(frozen=True)
class Assessment:
	"""All findings for one enterprise, in :data:`SIGNALS` order, and the score: the sum of
	the weights of the flagged ones."""

	enterprise: str
	findings: tuple[Finding, ...]
	score: int
	flagged: tuple[Finding, ...]
	missing: tuple[Finding, ...]

	def unacknowledged(self, acknowledged_keys: Mapping[str, str]) -> tuple[Finding, ...]:
		"""The flagged findings that are not :func:`quiet`."""
		return tuple(f for f in self.flagged if not quiet(f, acknowledged_keys))


def facts_key(code: str, facts: Any) -> str:
	"""A 16-hex-digit key of ``code`` and ``facts`` (plain values, tuples, dates, Decimals):
	equal facts give equal keys; Decimal 4.20 and 4.2 are the same fact."""
	canonical = json.dumps([code, _plain(facts)], ensure_ascii=False, separators=(",", ":"))
	return hashlib.sha1(canonical.encode("utf-8")).hexdigest()[:16]


def quiet(finding: Finding, acknowledged_keys: Mapping[str, str]) -> bool:
	"""Whether a flag stays quiet: it was acknowledged for this signal with the same facts.

	``acknowledged_keys`` maps signal code -> the ``facts_key`` acknowledged for it. Any change
	in the facts gives a new key, and the flag returns."""
	return acknowledged_keys.get(finding.code) == finding.facts_key


def assess(
	facts: EnterpriseFacts, rules: Sequence[SignalRule], today: dt.date, *, rules_checked: bool = False
) -> Assessment:
	"""One finding per enabled rule, in :data:`SIGNALS` order; disabled or absent rules give
	none. ``today`` is used only for the designation signal's days left. The rules are checked
	(:func:`validate_rules`) unless the caller says it has checked them once for many calls."""
	if not rules_checked:
		validate_rules(rules)
	by_code = {rule.code: rule for rule in rules}
	findings = []
	for code in SIGNALS:
		rule = by_code.get(code)
		if rule is None or not rule.enabled:
			continue
		findings.append(_CHECKS[code](facts, rule, today))
	flagged = tuple(f for f in findings if f.status == FLAGGED)
	return Assessment(
		enterprise=facts.enterprise,
		findings=tuple(findings),
		score=sum(f.weight for f in flagged),
		flagged=flagged,
		missing=tuple(f for f in findings if f.status == MISSING),
	)


# -- one function per signal -------------------------------------------------------------


def last_two(figures: Sequence[YearFigure], measure: str) -> tuple[YearFigure | None, YearFigure | None]:
	"""(previous, latest) for ``measure`` (``revenue`` or ``employees``): the latest year with
	the figure reported, and the latest year before it present in ``figures`` (reported or not).
	Either is None when there is no such year."""
	years = sorted(figures, key=lambda f: f.year)
	if len({f.year for f in years}) != len(years):
		raise WatchlistError("repeated_year", "figures list a year twice", years=[f.year for f in years])
	latest_index = None
	for index, figure in enumerate(years):
		if reported(getattr(figure, measure)) is not None:
			latest_index = index
	if latest_index is None:
		return None, None
	previous = years[latest_index - 1] if latest_index > 0 else None
	return previous, years[latest_index]


def drop_percent(previous: Decimal | int, latest: Decimal | int) -> Decimal:
	"""``(previous - latest) / previous x 100``, unrounded (negative for an increase)."""
	previous, latest = Decimal(previous), Decimal(latest)
	return (previous - latest) * HUNDRED / previous


def round_percent(value: Decimal) -> int:
	"""A percentage rounded half up to a whole number, for display."""
	return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def revenue_drop(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""Operating revenue down by ``threshold`` % or more on the last figures."""
	return _drop(facts, rule, "revenue", "Operating revenue")


def employees_drop(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""Employees down by ``threshold`` % or more on the last figures."""
	return _drop(facts, rule, "employees", "Employees")


def _drop(facts: EnterpriseFacts, rule: SignalRule, measure: str, label: str) -> Finding:
	previous, latest = last_two(facts.figures, measure)
	if latest is None:
		return _finding(
			rule, MISSING, f"{label}: no figures reported, not assessed", {"reason": "none"}, None
		)
	latest_value = _decimal(reported(getattr(latest, measure)))
	previous_value = reported(getattr(previous, measure)) if previous is not None else None
	if previous_value is None:
		return _finding(
			rule,
			MISSING,
			f"{label}: no figures for the previous year, not assessed",
			{"reason": "no_previous", "latest_year": latest.year, "latest": latest_value},
			None,
		)
	previous_value = _decimal(previous_value)
	show = format_cny if measure == "revenue" else _people
	drop = drop_percent(previous_value, latest_value)
	params = {
		"previous_year": previous.year,
		"latest_year": latest.year,
		"previous": _tidy(previous_value),
		"latest": _tidy(latest_value),
		"previous_text": show(previous_value),
		"latest_text": show(latest_value),
		"drop": round_percent(drop),
		"drop_exact": drop,
		"threshold": rule.threshold,
	}
	key = (previous.year, previous_value, latest.year, latest_value)
	if drop >= rule.threshold:
		message = f"{label} down {{drop}}% ({{previous_year}}: {{previous}} → {{latest_year}}: {{latest}})"
		return _finding(rule, FLAGGED, message, params, key)
	message = (
		f"{label}: {{previous_year}}: {{previous}} → {{latest_year}}: {{latest}}, "
		"not down by {threshold}% or more"
	)
	return _finding(rule, CLEAR, message, params, key)


def frequent_requests(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""``threshold`` or more requests in the last ``window_days`` days."""
	cases = facts.requests
	params = _case_params(cases, rule)
	key = (cases.count, tuple(cases.names))
	if cases.count > 0 and Decimal(cases.count) >= rule.threshold:
		return _finding(
			rule, FLAGGED, "{count} requests in the last {window_days} days ({names})", params, key
		)
	return _finding(rule, CLEAR, "{count} requests in the last {window_days} days", params, key)


def complaint(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""``threshold`` (by default 1) or more complaints or reports in the last ``window_days``."""
	cases = facts.complaints
	params = _case_params(cases, rule)
	key = (cases.count, tuple(cases.names))
	if cases.count > 0 and Decimal(cases.count) >= rule.threshold:
		return _finding(
			rule,
			FLAGGED,
			"{count} complaints or reports in the last {window_days} days ({names})",
			params,
			key,
		)
	return _finding(rule, CLEAR, "{count} complaints or reports in the last {window_days} days", params, key)


def overdue_request(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""``threshold`` (by default 1) or more requests overdue now."""
	cases = tuple(sorted(facts.overdue, key=lambda c: (c.due, c.name)))
	names = tuple(c.name for c in cases)
	params = {
		"count": len(cases),
		"names": ", ".join(names),
		"case_names": names,
		"shown": len(names),
	}
	key = tuple((c.name, c.due) for c in cases)
	if cases and Decimal(len(cases)) >= rule.threshold:
		return _finding(rule, FLAGGED, "{count} requests overdue ({names})", params, key)
	return _finding(rule, CLEAR, "{count} requests overdue", params, key)


def designation_expiring(facts: EnterpriseFacts, rule: SignalRule, today: dt.date) -> Finding:
	"""A designation ends within ``window_days`` days (its last day included, not yet past)
	and no renewal has been started. Designations already expired are not this signal."""
	window = rule.window_days or 0
	found = []
	for item in facts.designations:
		days_left = (item.valid_to - today).days
		if not item.renewal_started and 0 <= days_left <= window:
			found.append((item, days_left))
	found.sort(key=lambda pair: (pair[0].valid_to, pair[0].name))
	items = tuple(
		{
			"name": item.name,
			"designation_name": item.designation_name,
			"valid_to": item.valid_to,
			"days_left": days_left,
		}
		for item, days_left in found
	)
	key = tuple((item.name, item.designation_name, item.valid_to) for item, _days in found)
	if not found:
		return _finding(
			rule,
			CLEAR,
			"No designation expires within {window_days} days without a renewal started",
			{"window_days": window, "count": 0, "designations": ()},
			key,
		)
	first = items[0]
	params = {
		"window_days": window,
		"count": len(items),
		"designations": items,
		"designation": first["designation_name"],
		"valid_to": first["valid_to"].isoformat(),
		"days_left": first["days_left"],
	}
	if len(items) == 1:
		message = "{designation} expires on {valid_to} ({days_left} days left); no renewal started"
	else:
		message = (
			"{count} designations expire within {window_days} days with no renewal started, "
			"the first {designation} on {valid_to} ({days_left} days left)"
		)
	return _finding(rule, FLAGGED, message, params, key)


def not_visited(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""A whole visit period went by without a visit (coverage Overdue, or never visited).

	A visit merely due in the running period is not flagged. The key is the period and the
	last visit: acknowledging covers the current period, and a new period without a visit
	flags again."""
	coverage = facts.coverage
	if coverage is None:
		return _finding(rule, CLEAR, "No visit rule applies", {"period": None}, None)
	params = {
		"period": coverage.period,
		"period_start": coverage.period_start,
		"period_end": coverage.period_end,
		"coverage_status": coverage.status,
		"last_visit": coverage.last_visit.isoformat() if coverage.last_visit else None,
	}
	key = (coverage.period, coverage.period_start, coverage.last_visit)
	if coverage.status != vc.OVERDUE:
		return _finding(rule, CLEAR, "Visits on schedule ({coverage_status})", params, key)
	if coverage.last_visit is None:
		return _finding(rule, FLAGGED, "Never visited", params, key)
	return _finding(rule, FLAGGED, "Not visited this {period} (last visit {last_visit})", params, key)


def low_satisfaction(facts: EnterpriseFacts, rule: SignalRule, today: dt.date | None = None) -> Finding:
	"""A satisfaction rating at or below ``threshold`` in the last ``window_days`` days.
	No rating is not a flag."""
	lowest = facts.lowest_rating
	rating = lowest.rating
	if rating is not None and (
		isinstance(rating, bool) or not isinstance(rating, int) or not MIN_RATING <= rating <= MAX_RATING
	):
		raise WatchlistError(
			"bad_rating", f"a rating is a whole number from 1 to 5, not {rating!r}", rating=rating
		)
	params = {"rating": rating, "case_name": lowest.case_name, "window_days": rule.window_days}
	key = (rating, lowest.case_name)
	if rating is None:
		return _finding(rule, CLEAR, "No satisfaction rating in the last {window_days} days", params, key)
	if Decimal(rating) <= rule.threshold:
		return _finding(rule, FLAGGED, "Satisfaction rated {rating} ({case_name})", params, key)
	return _finding(
		rule, CLEAR, "Lowest satisfaction rating {rating} in the last {window_days} days", params, key
	)


_CHECKS = {
	REVENUE_DROP: revenue_drop,
	EMPLOYEES_DROP: employees_drop,
	FREQUENT_REQUESTS: frequent_requests,
	COMPLAINT: complaint,
	OVERDUE_REQUEST: overdue_request,
	DESIGNATION_EXPIRING: designation_expiring,
	NOT_VISITED: not_visited,
	LOW_SATISFACTION: low_satisfaction,
}


def _case_params(cases: CaseCount, rule: SignalRule) -> dict[str, Any]:
	names = tuple(cases.names)
	return {
		"count": cases.count,
		"window_days": rule.window_days,
		"names": ", ".join(names),
		"case_names": names,
		"shown": len(names),
	}


def _finding(rule: SignalRule, status: str, message: str, params: dict[str, Any], key: Any) -> Finding:
	return Finding(
		code=rule.code,
		status=status,
		weight=rule.weight,
		message=message,
		params=params,
		facts=key,
	)


def _decimal(value: Decimal | int | float) -> Decimal:
	"""A figure as Decimal; a float goes through its shortest repr (0.1 -> 0.1, not 0.1000...55)."""
	return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)


def _tidy(value: Decimal) -> Decimal:
	"""The same number without trailing zeros or an exponent: 425000000.00 -> 425000000."""
	return Decimal(format(value.normalize(), "f")) if value else Decimal(0)


def _plain(value: Any) -> Any:
	if isinstance(value, Decimal):
		return format(value.normalize(), "f") if value else "0"
	if isinstance(value, dt.date):
		return value.isoformat()
	if isinstance(value, (tuple, list)):
		return [_plain(item) for item in value]
	return value


# -- Chinese -----------------------------------------------------------------------------


def format_cny(amount: Decimal | int) -> str:
	"""An amount of CNY for people: 4.2 亿元 from 100,000,000 up, 350 万元 from 10,000 up,
	else 800 元; at most two decimals (rounded half up), trailing zeros dropped."""
	amount = Decimal(amount)
	sign, amount = ("-", -amount) if amount < 0 else ("", amount)
	if amount >= YI:
		return f"{sign}{_two_places(amount / YI)} 亿元"
	if amount >= WAN:
		in_wan = (amount / WAN).quantize(CENT, rounding=ROUND_HALF_UP)
		if in_wan >= WAN:  # 99,999,999.5 rounds to 10000 万元: say 1 亿元
			return f"{sign}{_two_places(amount / YI)} 亿元"
		return f"{sign}{_two_places(in_wan)} 万元"
	return f"{sign}{_two_places(amount)} 元"


def _two_places(value: Decimal) -> str:
	text = format(value.quantize(CENT, rounding=ROUND_HALF_UP), "f")
	return text.rstrip("0").rstrip(".") if "." in text else text


def _names_zh(params: Mapping[str, Any]) -> str:
	names = "、".join(params["case_names"])
	if params["count"] > len(params["case_names"]) and names:
		names += "等"
	return f"（{names}）" if names else ""


def explain_zh(finding: Finding) -> str:
	"""The finding as one Chinese sentence, e.g.
	``营业收入下降 27%（2025年 4.2 亿元 → 2026年 3.1 亿元）``."""
	p = finding.params
	code, status = finding.code, finding.status
	if code in (REVENUE_DROP, EMPLOYEES_DROP):
		label = "营业收入" if code == REVENUE_DROP else "员工人数"
		if status == MISSING:
			if p["reason"] == "none":
				return f"{label}未填报，未评估"
			return f"{label}缺少上一年度数据（仅有 {p['latest_year']}年），未评估"
		figures = f"（{p['previous_year']}年 {p['previous_text']} → {p['latest_year']}年 {p['latest_text']}）"
		if status == FLAGGED:
			return f"{label}下降 {p['drop']}%{figures}"
		if p["drop_exact"] > 0:
			# Below the threshold: two decimals, so 19.99 % does not read "下降 20%，未达 20%".
			return (
				f"{label}下降 {_two_places(p['drop_exact'])}%，未达 {_two_places(p['threshold'])}%{figures}"
			)
		if p["drop_exact"] < 0:
			return f"{label}增长 {-p['drop']}%{figures}"
		return f"{label}持平{figures}"
	if code == FREQUENT_REQUESTS:
		return f"{p['window_days']} 天内提出诉求 {p['count']} 件{_names_zh(p) if status == FLAGGED else ''}"
	if code == COMPLAINT:
		if status == FLAGGED:
			return f"{p['window_days']} 天内有投诉举报 {p['count']} 件{_names_zh(p)}"
		return f"{p['window_days']} 天内无投诉举报"
	if code == OVERDUE_REQUEST:
		if status == FLAGGED:
			return f"有 {p['count']} 件诉求已超期{_names_zh(p)}"
		return "无超期诉求"
	if code == DESIGNATION_EXPIRING:
		if status == FLAGGED:
			return "；".join(
				f"{d['designation_name']}资质将于 {d['valid_to'].isoformat()} 到期"
				f"（剩 {d['days_left']} 天），尚未启动复核"
				for d in p["designations"]
			)
		return f"{p['window_days']} 天内无待复核到期资质"
	if code == NOT_VISITED:
		if p["period"] is None:
			return "无走访要求"
		if status == FLAGGED:
			if p["last_visit"] is None:
				return "从未走访"
			return f"{vc.current_period_zh(p['period'])}应走访未走访（上次走访 {p['last_visit']}）"
		if p["coverage_status"] == vc.VISITED:
			return f"{vc.current_period_zh(p['period'])}已走访（{p['last_visit']}）"
		return f"{vc.current_period_zh(p['period'])}待走访，应于 {p['period_end'].isoformat()} 前完成"
	if code == LOW_SATISFACTION:
		if p["rating"] is None:
			return f"{p['window_days']} 天内无满意度评价"
		case = f"（{p['case_name']}）" if p["case_name"] else ""
		if status == FLAGGED:
			return f"满意度评价 {p['rating']} 分{case}"
		return f"{p['window_days']} 天内最低满意度评价 {p['rating']} 分"
	raise WatchlistError("unknown_signal", f"unknown signal {code!r}", signal=code)


def _people(value: Decimal | int) -> str:
	return f"{_two_places(Decimal(value))} 人"
