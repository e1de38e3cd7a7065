"""Policy matching (惠企政策直达): which enterprises meet which policy items, and why.

An enterprise **profile** is a plain mapping built by the Frappe layer:

* ``industry_code`` (``C3879``), ``industry_chain``, ``chain_link``, ``street``;
* ``size_class`` (``Large``/``Medium``/``Small``/``Micro``);
* ``designations`` -- the names of the designation types held and active;
* ``patents`` -- a mapping of counts: ``invention``, ``utility_model``, ``design``,
  ``class_i`` (Class I IP: granted inventions ...), ``granted``;
* ``annual_revenue`` and ``rd_expense`` (10k CNY), ``rd_ratio`` (percent), ``employees``,
  ``total_assets`` and ``registered_capital`` (10k CNY);
* ``established_on`` (a date; ``years_established`` is derived from it: whole years to
  ``today``), ``is_key_enterprise``;
* figures the register does not hold today but a designation rule needs
  (``main_business_ratio``, ``debt_ratio`` ... see :data:`ATTRIBUTES`); they are simply absent.

None (or a missing key) means "not known". ``rd_ratio`` is derived from ``rd_expense`` and
``annual_revenue`` when it is not given.

A policy item's **conditions** are rows (mappings, or objects such as Frappe child rows) with
``attribute``, ``operator``, ``value`` (as stored: a string such as ``"1000"``,
``"C38、C39"``) and an optional ``label``. :func:`validate_condition` checks a row and parses
its value once -- unknown attribute or operator, an operator the attribute does not support,
or a value that does not parse raise :class:`PolicyConditionError`, so staff see the error
when they save the policy, never at match time.

:func:`evaluate` gives a :class:`MatchResult`: ``eligible`` when every condition holds,
``not_eligible`` when a condition with known data fails (even if others lack data), and
``unknown`` when nothing fails but some data is missing. Each condition yields a
:class:`ConditionCheck` whose ``code`` (``met``/``not_met``/``missing``) and ``params`` let
the Frappe layer write the explanation; :func:`explain_zh` writes it in Chinese directly
("发明专利 1 件，需 ≥ 2 件").

:func:`match_all` streams every (enterprise, item) pair: items are compiled once
(:func:`compile_item`), each profile is prepared once, and the per-pair work is a handful
of closure calls; the checks of a result are built only when asked for.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from enterprise_support.domain.enterprise_size import SizeStandardError, normalize_industry_code

ELIGIBLE, NOT_ELIGIBLE, UNKNOWN = "eligible", "not_eligible", "unknown"
OUTCOMES = (ELIGIBLE, NOT_ELIGIBLE, UNKNOWN)
PASS, FAIL = "pass", "fail"
"""Check outcomes: ``pass``, ``fail`` or ``unknown`` (:data:`UNKNOWN`)."""

MET, NOT_MET, MISSING = "met", "not_met", "missing"
"""Check codes, for the translated explanation."""

# value kinds
NUMBER, DATE, TEXT, CODE, SIZE, BOOL, SET = "number", "date", "text", "code", "size", "bool", "set"

EQ, NE, GE, LE, GT, LT = "=", "!=", ">=", "<=", ">", "<"
IN, NOT_IN, STARTS_WITH = "in", "not in", "starts with"
HOLDS, HOLDS_ANY, NOT_HOLDS = "holds", "holds any", "not holds"
OPERATORS = (EQ, NE, GE, LE, GT, LT, IN, NOT_IN, STARTS_WITH, HOLDS, HOLDS_ANY, NOT_HOLDS)
LIST_OPERATORS = frozenset({IN, NOT_IN, STARTS_WITH, HOLDS, HOLDS_ANY, NOT_HOLDS})
"""Operators whose value is a list (comma, ，, 、, ; or new-line separated)."""

_ORDERED = (EQ, NE, GE, LE, GT, LT)
KIND_OPERATORS: Mapping[str, tuple[str, ...]] = {
	NUMBER: (*_ORDERED, IN, NOT_IN),
	DATE: _ORDERED,
	SIZE: (*_ORDERED, IN, NOT_IN),
	TEXT: (EQ, NE, IN, NOT_IN, STARTS_WITH),
	CODE: (EQ, NE, IN, NOT_IN, STARTS_WITH),
	BOOL: (EQ, NE),
	SET: (HOLDS, HOLDS_ANY, NOT_HOLDS),
}

_OPERATOR_ALIASES = {
	"==": EQ,
	"≠": NE,
	"<>": NE,
	"≥": GE,
	"=>": GE,
	"≤": LE,
	"=<": LE,
	"startswith": STARTS_WITH,
	"starts_with": STARTS_WITH,
	"not_in": NOT_IN,
	"holds_any": HOLDS_ANY,
	"not_holds": NOT_HOLDS,
}
OPERATOR_SYMBOLS = {EQ: "=", NE: "≠", GE: "≥", LE: "≤", GT: ">", LT: "<"}


@dataclass(frozen=True)
class Attribute:
	key: str
	kind: str
	name_zh: str
	unit: str = ""
	held: bool = True
	"""False for figures the register does not keep yet (designation rules need them)."""


ATTRIBUTES: Mapping[str, Attribute] = {
	a.key: a
	for a in (
		Attribute("industry_code", CODE, "国民经济行业"),
		Attribute("industry_chain", TEXT, "产业链"),
		Attribute("chain_link", TEXT, "产业链环节"),
		Attribute("size_class", SIZE, "企业规模"),
		Attribute("street", TEXT, "所属街道/园区"),
		Attribute("designations", SET, "资质认定"),
		Attribute("patents.invention", NUMBER, "发明专利", "件"),
		Attribute("patents.utility_model", NUMBER, "实用新型专利", "件"),
		Attribute("patents.design", NUMBER, "外观设计专利", "件"),
		Attribute("patents.class_i", NUMBER, "Ⅰ类知识产权", "件"),
		Attribute("patents.granted", NUMBER, "授权专利", "件"),
		Attribute("annual_revenue", NUMBER, "营业收入", "万元"),
		Attribute("rd_expense", NUMBER, "研发费用", "万元"),
		Attribute("rd_ratio", NUMBER, "研发费用占比", "%"),
		Attribute("employees", NUMBER, "从业人员", "人"),
		Attribute("total_assets", NUMBER, "资产总额", "万元"),
		Attribute("registered_capital", NUMBER, "注册资本", "万元"),
		Attribute("established_on", DATE, "成立日期"),
		Attribute("years_established", NUMBER, "成立年限", "年"),
		Attribute("is_key_enterprise", BOOL, "重点企业"),
		# Not kept in the register today; designation rules refer to them, so a profile
		# without them gives "unknown", never a guess.
		Attribute("rd_ratio_prior_year", NUMBER, "前一年度研发费用占比", "%", held=False),
		Attribute("rd_expense_2y", NUMBER, "近2年研发费用总额", "万元", held=False),
		Attribute("rd_staff_ratio", NUMBER, "研发人员占比", "%", held=False),
		Attribute("main_business_ratio", NUMBER, "主营业务收入占比", "%", held=False),
		Attribute("main_business_growth", NUMBER, "近2年主营业务收入平均增长率", "%", held=False),
		Attribute("debt_ratio", NUMBER, "资产负债率", "%", held=False),
		Attribute("equity_financing_2y", NUMBER, "近2年新增股权融资总额", "万元", held=False),
		Attribute("high_tech_revenue_ratio", NUMBER, "高新技术产品（服务）收入占比", "%", held=False),
		Attribute("st_staff_ratio", NUMBER, "科技人员占比", "%", held=False),
		Attribute("sme_evaluation_passed", BOOL, "评价得分达60分或符合直通条件", held=False),
	)
}
_SLOTS = {key: i for i, key in enumerate(ATTRIBUTES)}
_PATENT_PREFIX = "patents."

SIZE_RANKS = {"Micro": 1, "Small": 2, "Medium": 3, "Large": 4}
SIZE_NAMES_ZH = {"Large": "大型", "Medium": "中型", "Small": "小型", "Micro": "微型"}
_SIZE_ALIASES = {
	**{k.lower(): k for k in SIZE_RANKS},
	**{v: k for k, v in SIZE_NAMES_ZH.items()},
	**{v + "企业": k for k, v in SIZE_NAMES_ZH.items()},
	**{v[0]: k for k, v in SIZE_NAMES_ZH.items()},
}
_TRUE = frozenset({"1", "true", "yes", "y", "是", "有"})
_FALSE = frozenset({"0", "false", "no", "n", "否", "无"})

_LIST_SEPARATORS = re.compile(r"\s*[,，、､;；\n]\s*")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_QUOTES = re.compile(r"[\s\"'“”‘’「」『』〝〞＂]")


class PolicyConditionError(ValueError):
	"""A condition row is not valid; ``code`` names which rule, ``params`` carries the details.

	Codes: ``malformed_row``, ``unknown_attribute``, ``unknown_operator``,
	``operator_not_allowed``, ``missing_value``, ``invalid_value``, ``too_many_values``,
	``unknown_designation``. :func:`compile_item` adds ``row`` (1-based) to ``params``.
	"""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


# -- value normalisation ----------------------------------------------------------------------


def designation_key(name: str) -> str:
	"""A designation name for comparison: NFKC, case-folded, without spaces or quote marks, so
	``国家级专精特新"小巨人"企业`` matches ``国家级专精特新“小巨人”企业``."""
	return _QUOTES.sub("", unicodedata.normalize("NFKC", str(name))).casefold()


def _text_key(value: Any) -> str:
	return unicodedata.normalize("NFKC", str(value)).strip().casefold()


def _nfkc(value: Any) -> str:
	return unicodedata.normalize("NFKC", str(value)).strip()


def _split(value: Any) -> list[Any]:
	if isinstance(value, (list, tuple, set, frozenset)):
		items = list(value)
	elif isinstance(value, str):
		items = _LIST_SEPARATORS.split(value.strip())
	else:
		items = [value]
	return [v.strip() if isinstance(v, str) else v for v in items if v is not None and str(v).strip() != ""]


def _has_separator(value: Any) -> bool:
	if isinstance(value, (list, tuple, set, frozenset)):
		return len(value) > 1
	return isinstance(value, str) and bool(_LIST_SEPARATORS.search(value.strip()))


def _parse_number(value: Any, unit: str) -> float | None:
	if isinstance(value, bool):
		return None
	if isinstance(value, (int, float, Decimal)):
		number = float(value)
	else:
		text = _nfkc(value).replace(" ", "")
		if unit and text.endswith(unit):
			text = text[: -len(unit)]
		elif text.endswith("%") and unit == "%":
			text = text[:-1]
		if _THOUSANDS.match(text):
			text = text.replace(",", "")
		try:
			number = float(text)
		except ValueError:
			return None
	return number if math.isfinite(number) else None


def _parse_date(value: Any) -> dt.date | None:
	if isinstance(value, dt.datetime):
		return value.date()
	if isinstance(value, dt.date):
		return value
	if not isinstance(value, str):
		return None
	text = _nfkc(value)
	match = _DATE.match(text[:10]) or _DATE.match(text)
	if not match:
		return None
	try:
		return dt.date(*(int(g) for g in match.groups()))
	except ValueError:
		return None


def _parse_bool(value: Any) -> bool | None:
	if isinstance(value, bool):
		return value
	if isinstance(value, (int, float, Decimal)):
		return bool(value) if value in (0, 1) else None
	text = _nfkc(value).casefold()
	if text in _TRUE:
		return True
	if text in _FALSE:
		return False
	return None


def _parse_size(value: Any) -> str | None:
	text = _nfkc(value)
	return _SIZE_ALIASES.get(text.casefold(), _SIZE_ALIASES.get(text))


def _parse_code(value: Any) -> str | None:
	try:
		return normalize_industry_code(value)
	except SizeStandardError:
		return None


# -- conditions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledCondition:
	"""A checked condition row with its value parsed once."""

	attribute: str
	operator: str
	expected: Any
	"""The parsed value: a number, date, bool, size class, code or text, or a tuple of them for
	list operators."""
	label: str = ""
	raw_value: Any = None
	slot: int = field(default=0, repr=False, compare=False)
	test: Callable[[Any], bool] = field(default=bool, repr=False, compare=False)

	@property
	def info(self) -> Attribute:
		return ATTRIBUTES[self.attribute]


@dataclass(frozen=True)
class ConditionCheck:
	"""The result of one condition for one enterprise."""

	attribute: str
	operator: str
	expected: Any
	actual: Any
	"""The enterprise's value (None when not known); for ``holds``/``holds any``/``not holds``,
	the expected designations it holds."""
	outcome: str
	"""``pass``, ``fail`` or ``unknown``."""
	code: str
	"""``met``, ``not_met`` or ``missing``."""
	params: Mapping[str, Any] = field(default_factory=dict)
	"""For the message: ``attribute``, ``label``, ``operator``, ``symbol``, ``expected`` and
	``actual`` (display strings; ``actual`` None when missing), ``unit``."""
	label: str = ""


def _get(row: Any, name: str) -> Any:
	if isinstance(row, Mapping):
		return row.get(name)
	return getattr(row, name, None)


def normalize_operator(operator: Any) -> str:
	text = " ".join(_nfkc(operator or "").lower().split())
	text = _OPERATOR_ALIASES.get(text, text)
	if text not in OPERATORS:
		raise PolicyConditionError(
			"unknown_operator", f"unknown operator {operator!r}", operator=operator, allowed=list(OPERATORS)
		)
	return text


def validate_condition(row: Any, designations: Iterable[str] | None = None) -> CompiledCondition:
	"""Check a condition row and parse its value; raise :class:`PolicyConditionError` if it is
	not valid. ``designations``, when given, is the list of known designation-type names that
	``holds`` conditions may name."""
	if row is None or isinstance(row, (str, bytes)):
		raise PolicyConditionError("malformed_row", f"not a condition row: {row!r}")
	attribute = _nfkc(_get(row, "attribute") or "")
	info = ATTRIBUTES.get(attribute)
	if info is None:
		raise PolicyConditionError(
			"unknown_attribute", f"unknown attribute {attribute!r}", attribute=attribute
		)
	operator = normalize_operator(_get(row, "operator"))
	if operator not in KIND_OPERATORS[info.kind]:
		raise PolicyConditionError(
			"operator_not_allowed",
			f"{attribute} cannot be compared with {operator!r}",
			attribute=attribute,
			operator=operator,
			allowed=list(KIND_OPERATORS[info.kind]),
		)
	raw = _get(row, "value")
	label = str(_get(row, "label") or "").strip()
	params = {"attribute": attribute, "operator": operator, "value": raw}
	items = _split(raw)
	if not items:
		raise PolicyConditionError("missing_value", f"{attribute} {operator}: no value", **params)

	if operator in LIST_OPERATORS:
		values = tuple(_parse_value(info, item, operator, raw) for item in items)
		if info.kind == SET and designations is not None:
			known = {designation_key(d) for d in designations}
			unknown = [v for v in values if designation_key(v) not in known]
			if unknown:
				raise PolicyConditionError(
					"unknown_designation", f"unknown designation types {unknown}", names=unknown, **params
				)
		expected: Any = tuple(dict.fromkeys(values))
	else:
		single = items[0] if isinstance(raw, (list, tuple, set, frozenset)) else raw
		thousands = isinstance(raw, str) and info.kind == NUMBER and _parse_number(raw, info.unit) is not None
		if _has_separator(raw) and not thousands:  # "1,000" is one number
			raise PolicyConditionError("too_many_values", f"{attribute} {operator} takes one value", **params)
		expected = _parse_value(info, single, operator, raw)
	return CompiledCondition(
		attribute=attribute,
		operator=operator,
		expected=expected,
		label=label,
		raw_value=raw,
		slot=_SLOTS[attribute],
		test=_make_test(info, operator, expected),
	)


def _parse_value(info: Attribute, value: Any, operator: str, raw: Any) -> Any:
	kind = info.kind
	if kind == NUMBER:
		parsed = _parse_number(value, info.unit)
	elif kind == DATE:
		parsed = _parse_date(value)
	elif kind == BOOL:
		parsed = _parse_bool(value)
	elif kind == SIZE:
		parsed = _parse_size(value)
	elif kind == CODE:
		parsed = _parse_code(value)
	else:  # TEXT, SET: any non-empty text, kept as written (compared by a normalised key)
		parsed = str(value).strip() or None
	if parsed is None:
		raise PolicyConditionError(
			"invalid_value",
			f"{info.key} {operator}: {value!r} is not a valid {kind}",
			attribute=info.key,
			operator=operator,
			value=raw,
			item=value,
			value_type=kind,
		)
	return parsed


def _make_test(info: Attribute, operator: str, expected: Any) -> Callable[[Any], bool]:
	"""A one-argument predicate over the prepared value (never None)."""
	kind = info.kind
	if kind == SIZE:  # prepared sizes are ranks
		expected = (
			tuple(SIZE_RANKS[e] for e in expected) if isinstance(expected, tuple) else SIZE_RANKS[expected]
		)
	elif kind == TEXT:
		expected = (
			tuple(_text_key(e) for e in expected) if isinstance(expected, tuple) else _text_key(expected)
		)
	elif kind == SET:
		keys = frozenset(designation_key(e) for e in expected)
		if operator == HOLDS:
			return keys.issubset
		if operator == HOLDS_ANY:
			return lambda v: not keys.isdisjoint(v)
		return keys.isdisjoint  # NOT_HOLDS

	if operator == EQ:
		return lambda v: v == expected
	if operator == NE:
		return lambda v: v != expected
	if operator == GE:
		return lambda v: v >= expected
	if operator == LE:
		return lambda v: v <= expected
	if operator == GT:
		return lambda v: v > expected
	if operator == LT:
		return lambda v: v < expected
	if operator == IN:
		members = frozenset(expected)
		return members.__contains__
	if operator == NOT_IN:
		members = frozenset(expected)
		return lambda v: v not in members
	if operator == STARTS_WITH:
		prefixes = tuple(expected)
		return lambda v: v.startswith(prefixes)
	raise PolicyConditionError("operator_not_allowed", f"{operator!r}", operator=operator)  # pragma: no cover


# -- items ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompiledItem:
	"""A policy item's conditions, checked and parsed once (see :func:`compile_item`)."""

	conditions: tuple[CompiledCondition, ...]
	_tests: tuple[tuple[int, Callable[[Any], bool]], ...] = field(default=(), repr=False, compare=False)

	def outcome(self, profile: PreparedProfile) -> str:
		"""``eligible``, ``not_eligible`` or ``unknown``; stops at the first failing condition."""
		values = profile.values
		unknown = False
		for slot, test in self._tests:
			value = values[slot]
			if value is None:
				unknown = True
			elif not test(value):
				return NOT_ELIGIBLE
		return UNKNOWN if unknown else ELIGIBLE

	def checks(self, profile: PreparedProfile) -> tuple[ConditionCheck, ...]:
		return tuple(_check(c, profile) for c in self.conditions)

	def evaluate(self, profile: PreparedProfile) -> MatchResult:
		return MatchResult(self.outcome(profile), self, profile)


def compile_item(
	conditions: Iterable[Any] | CompiledItem, designations: Iterable[str] | None = None
) -> CompiledItem:
	"""Validate and parse a policy item's condition rows once, for repeated evaluation.

	Raises :class:`PolicyConditionError` for the first bad row, with ``params["row"]`` its
	1-based position. An item without conditions matches every enterprise.
	"""
	if isinstance(conditions, CompiledItem):
		return conditions
	designations = list(designations) if designations is not None else None
	compiled = []
	for index, row in enumerate(conditions, start=1):
		if isinstance(row, CompiledCondition):
			compiled.append(row)
			continue
		try:
			compiled.append(validate_condition(row, designations))
		except PolicyConditionError as error:
			error.params["row"] = index
			raise
	return CompiledItem(tuple(compiled), tuple((c.slot, c.test) for c in compiled))


def validate_conditions(conditions: Iterable[Any], designations: Iterable[str] | None = None) -> None:
	"""Raise :class:`PolicyConditionError` (with ``params["row"]``) for the first bad row."""
	compile_item(conditions, designations)


# -- profiles ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedProfile:
	"""A profile normalised once: ``values`` for the tests, ``shown`` for the messages."""

	values: tuple[Any, ...]
	shown: tuple[Any, ...]


def years_between(start: dt.date, today: dt.date) -> int:
	"""Whole years from ``start`` to ``today`` (a 29 February start completes a year on 1 March
	in a common year)."""
	return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def prepare_profile(profile: Mapping[str, Any] | PreparedProfile, today: dt.date) -> PreparedProfile:
	"""Normalise a profile for matching: numbers to floats, codes and names to comparison keys,
	``years_established`` from ``established_on``, ``rd_ratio`` from R&D and revenue when not
	given. Values that cannot be read count as not known."""
	if isinstance(profile, PreparedProfile):
		return profile
	values, shown = [], []
	for key, info in ATTRIBUTES.items():
		value, display = _prepare(info, raw_attribute(profile, key, today))
		values.append(value)
		shown.append(display)
	return PreparedProfile(tuple(values), tuple(shown))


def raw_attribute(profile: Mapping[str, Any], key: str, today: dt.date | None) -> Any:
	"""One attribute of a profile as given, before :func:`_prepare` reads it; the derived ones
	(``years_established``, ``rd_ratio``) computed here."""
	if key == "years_established":
		value = profile.get("established_on")
		established = _parse_date(value) if value is not None else None
		if established is not None and today is not None:
			return years_between(established, today)
		return profile.get(key)
	if key == "rd_ratio":
		given = profile.get(key)
		if given is not None:
			return given
		expense, revenue = profile.get("rd_expense"), profile.get("annual_revenue")
		expense = _parse_number(expense, "") if expense is not None else None
		revenue = _parse_number(revenue, "") if revenue is not None else None
		return round(expense / revenue * 100, 4) if expense is not None and revenue else None
	if key.startswith(_PATENT_PREFIX):
		patents = profile.get("patents")
		return None if patents is None else _get(patents, key[len(_PATENT_PREFIX) :])
	return profile.get(key)


def _prepare(info: Attribute, value: Any) -> tuple[Any, Any]:
	if value is None or (isinstance(value, str) and not value.strip()):
		return None, None
	kind = info.kind
	if kind == NUMBER:
		number = _parse_number(value, info.unit)
		return number, number
	if kind == DATE:
		day = _parse_date(value)
		return day, day
	if kind == BOOL:
		flag = _parse_bool(value)
		return flag, flag
	if kind == SIZE:
		size = _parse_size(value)
		return (SIZE_RANKS[size], size) if size else (None, None)
	if kind == CODE:
		code = _parse_code(value) or _nfkc(value).upper()
		return code, code
	if kind == TEXT:
		return _text_key(value), str(value).strip()
	# SET
	names = [value] if isinstance(value, str) else list(value)
	return frozenset(designation_key(n) for n in names if n), tuple(names)


# -- results ----------------------------------------------------------------------------------


class MatchResult:
	"""The outcome of one policy item for one enterprise; ``checks`` are built on first use."""

	__slots__ = ("_checks", "_item", "_profile", "outcome")

	def __init__(self, outcome: str, item: CompiledItem, profile: PreparedProfile):
		self.outcome = outcome
		self._item = item
		self._profile = profile
		self._checks: tuple[ConditionCheck, ...] | None = None

	@property
	def checks(self) -> tuple[ConditionCheck, ...]:
		"""One :class:`ConditionCheck` per condition, in the item's order."""
		if self._checks is None:
			self._checks = self._item.checks(self._profile)
		return self._checks

	@property
	def failed(self) -> list[ConditionCheck]:
		return [c for c in self.checks if c.outcome == FAIL]

	@property
	def missing(self) -> list[ConditionCheck]:
		return [c for c in self.checks if c.outcome == UNKNOWN]

	@property
	def passed(self) -> list[ConditionCheck]:
		return [c for c in self.checks if c.outcome == PASS]

	def __eq__(self, other: object) -> bool:
		if not isinstance(other, MatchResult):
			return NotImplemented
		return self.outcome == other.outcome and self.checks == other.checks

	__hash__ = None  # type: ignore[assignment]

	def __repr__(self) -> str:
		return f"MatchResult(outcome={self.outcome!r}, conditions={len(self._item.conditions)})"


def _check(condition: CompiledCondition, profile: PreparedProfile) -> ConditionCheck:
	info = condition.info
	value = profile.values[condition.slot]
	shown = profile.shown[condition.slot]
	expected = condition.expected
	if info.kind == SET and value is not None:
		shown = tuple(e for e in expected if designation_key(e) in value)
	if value is None:
		outcome, code = UNKNOWN, MISSING
	elif condition.test(value):
		outcome, code = PASS, MET
	else:
		outcome, code = FAIL, NOT_MET
	params = {
		"attribute": condition.attribute,
		"label": condition.label or info.name_zh,
		"operator": condition.operator,
		"symbol": OPERATOR_SYMBOLS.get(condition.operator, condition.operator),
		"expected": _display(info, expected),
		"actual": None if value is None else _display_actual(info, shown, expected),
		"unit": info.unit,
	}
	return ConditionCheck(
		attribute=condition.attribute,
		operator=condition.operator,
		expected=expected,
		actual=shown,
		outcome=outcome,
		code=code,
		params=params,
		label=condition.label,
	)


def evaluate(
	profile: Mapping[str, Any] | PreparedProfile,
	conditions: Iterable[Any] | CompiledItem,
	today: dt.date,
) -> MatchResult:
	"""Match one enterprise profile against one policy item's conditions (rows or a
	:class:`CompiledItem`). Raises :class:`PolicyConditionError` only for invalid rows."""
	return compile_item(conditions).evaluate(prepare_profile(profile, today))


def match_all(
	profiles: Iterable[tuple[Any, Mapping[str, Any] | PreparedProfile]],
	items: Iterable[tuple[Any, Iterable[Any] | CompiledItem]],
	today: dt.date,
	outcomes: Collection[str] | None = None,
) -> Iterator[tuple[Any, Any, MatchResult]]:
	"""Yield ``(enterprise_id, item_id, MatchResult)`` for every pair, enterprise by
	enterprise, items in the given order.

	The items are compiled once (so a bad row raises before anything is yielded); profiles are
	read lazily, one at a time. ``outcomes`` (e.g. ``{"eligible", "unknown"}``) leaves out the
	other results.
	"""
	compiled = [(item_id, compile_item(conditions)) for item_id, conditions in items]
	wanted = None if outcomes is None else frozenset(outcomes)
	for enterprise_id, profile in profiles:
		prepared = prepare_profile(profile, today)
		for item_id, item in compiled:
			outcome = item.outcome(prepared)
			if wanted is None or outcome in wanted:
				yield enterprise_id, item_id, MatchResult(outcome, item, prepared)


# -- many profiles at once --------------------------------------------------------------------

OUTCOME_ORDER = (ELIGIBLE, UNKNOWN, NOT_ELIGIBLE)
"""The outcome codes of :class:`ProfileTable` (0, 1, 2): an item's code for a profile is the
largest of its conditions' codes (any failure decides, then any missing datum)."""
_CODE_PASS, _CODE_UNKNOWN, _CODE_FAIL = range(3)
_FROM_BITS = bytes((_CODE_PASS, _CODE_UNKNOWN, _CODE_FAIL, _CODE_FAIL)) + bytes(252)


class ProfileTable:
	"""Profiles laid out by attribute, to match many enterprises against items at once.

	For each attribute an item asks about, every profile gets a code: the index of its
	``(value, shown)`` pair among the pairs the table has met. A district's enterprises share
	few streets, size classes, designation sets or patent counts, so a condition is tested once
	per distinct value, and an item's outcome for every profile is the worst of its conditions'
	outcomes looked up by code. The outcomes are :meth:`CompiledItem.outcome`'s and the checks
	(for explanations) :meth:`CompiledItem.checks`': a condition's check depends only on the
	profile's value for its attribute, so the check of a profile with the same pair is the same.

	Profiles may be given as read (mappings, with ``today`` for the derived attributes) or
	prepared. Read ones are prepared an attribute at a time, when an item first asks about it,
	and each distinct value once: a newly published policy's few attributes cost a pass over
	those columns only, not a full :func:`prepare_profile` of every enterprise.
	"""

	def __init__(self, profiles: Sequence[Mapping[str, Any] | PreparedProfile], today: dt.date | None = None):
		self.profiles = list(profiles)
		self.today = today
		self._columns: dict[int, tuple[list[int], list[int], list[Any]]] = {}
		self._prepared: dict[int, PreparedProfile] = {}

	def __len__(self) -> int:
		return len(self.profiles)

	def prepared(self, row: int) -> PreparedProfile:
		"""One profile, prepared (once)."""
		known = self._prepared.get(row)
		if known is None:
			known = self._prepared[row] = prepare_profile(self.profiles[row], self.today)
		return known

	def column(self, slot: int) -> tuple[list[int], list[int], list[Any]]:
		"""(each profile's code for the attribute, a profile holding each code, each code's
		prepared value)."""
		known = self._columns.get(slot)
		if known is not None:
			return known
		key = _KEYS[slot]
		info = ATTRIBUTES[key]
		today = self.today
		by_raw: dict[Any, int] = {}
		by_pair: dict[tuple[Any, Any], int] = {}
		codes: list[int] = []
		holders: list[int] = []
		values: list[Any] = []
		for row, profile in enumerate(self.profiles):
			if isinstance(profile, PreparedProfile):
				pair = (profile.values[slot], profile.shown[slot])
				raw_key = None
			else:
				raw = raw_attribute(profile, key, today)
				raw_key = _raw_key(raw, row)
				code = by_raw.get(raw_key)
				if code is not None:
					codes.append(code)
					continue
				pair = _prepare(info, raw)
			code = by_pair.get(pair)
			if code is None:
				code = by_pair[pair] = len(holders)
				holders.append(row)
				values.append(pair[0])
			if raw_key is not None:
				by_raw[raw_key] = code
			codes.append(code)
		known = self._columns[slot] = (codes, holders, values)
		return known

	def condition_outcomes(self, condition: CompiledCondition) -> bytes:
		"""Each profile's code for one condition (0 pass, 1 data missing, 2 fail), a byte each."""
		codes, _holders, values = self.column(condition.slot)
		test = condition.test
		by_code = [
			_CODE_UNKNOWN if value is None else _CODE_PASS if test(value) else _CODE_FAIL for value in values
		]
		return bytes(map(by_code.__getitem__, codes))

	def outcomes(self, item: CompiledItem) -> bytes:
		"""Each profile's outcome for the item, as an index into :data:`OUTCOME_ORDER` (a byte
		each). The codes 0, 1 and 2 are bits: or-ed over the conditions (the bytes read as one
		integer, so no Python step per profile), any failure leaves 2 set, else any missing
		datum 1; 3 (both) reads as 2."""
		bits = 0
		for condition in item.conditions:
			bits |= int.from_bytes(self.condition_outcomes(condition), "little")
		return bits.to_bytes(len(self.profiles), "little").translate(_FROM_BITS)

	def check(self, condition: CompiledCondition, row: int) -> tuple[int, ConditionCheck]:
		"""(the code of the profile's value, the condition's check for it): the same check for
		every profile with that code."""
		codes, holders, _values = self.column(condition.slot)
		code = codes[row]
		return code, _check(condition, self.prepared(holders[code]))


_KEYS = tuple(ATTRIBUTES)


def _raw_key(raw: Any, row: int) -> Any:
	"""A hashable key for a value as given, equal only for values that read the same: typed (so
	``0``, ``0.0`` and ``False``, equal in Python, stay apart), sets and lists by their members; a
	value of any other unhashable kind is its profile's own."""
	if isinstance(raw, (set, frozenset)):
		return (frozenset, frozenset(raw))
	if isinstance(raw, list):
		raw = tuple(raw)
	try:
		hash(raw)
	except TypeError:
		return (ProfileTable, row)
	return (type(raw), raw)


# -- explanations -----------------------------------------------------------------------------


def format_number(value: float | int | Decimal, places: int = 2) -> str:
	"""``2.0`` -> ``2``, ``2.5`` -> ``2.5``, ``3.0108`` -> ``3.01``: at most ``places`` decimals
	(rounded half up), no exponent."""
	number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
	text = f"{number:f}"
	return text.rstrip("0").rstrip(".") if "." in text else text


def _display_actual(info: Attribute, value: Any, expected: Any) -> str:
	"""The enterprise's figure for the explanation: two decimals, or as many more (up to six) as
	it takes not to print a figure just off its bound as the bound itself (2.999% is not 3%)."""
	numbers = (int, float, Decimal)
	if info.kind != NUMBER or not isinstance(value, numbers) or not isinstance(expected, numbers):
		return _display(info, value)
	places = 2
	while (
		places < 6 and value != expected and Decimal(format_number(value, places)) == Decimal(str(expected))
	):
		places += 1
	return format_number(value, places)


def _display(info: Attribute, value: Any) -> str:
	if isinstance(value, (tuple, list)):
		return "、".join(_display(info, v) for v in value)
	if info.kind == NUMBER:
		return format_number(value)
	if info.kind == DATE:
		return value.isoformat()
	if info.kind == BOOL:
		return "是" if value else "否"
	if info.kind == SIZE:
		return SIZE_NAMES_ZH.get(value, str(value))
	return str(value)


def _with_unit(text: str, unit: str) -> str:
	if not unit:
		return text
	return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def explain_zh(check: ConditionCheck) -> str:
	"""A Chinese sentence for a check, e.g. ``发明专利 1 件，需 ≥ 2 件``."""
	p = check.params
	info = ATTRIBUTES[check.attribute]
	name, unit, op = p["label"], p["unit"], check.operator
	expected, actual = p["expected"], p["actual"]
	requirement = _requirement_zh(info, op, expected, unit)
	when = p.get("when")
	suffix = f"（适用于{when}）" if when else ""
	if check.outcome == UNKNOWN:
		if p.get("decides_band"):
			return f"{name}：暂无数据，无法确定适用的标准档次"
		return f"{name}：暂无数据，{requirement}{suffix}"
	if info.kind == SET:
		names = "、".join(check.expected)
		if op == NOT_HOLDS:
			return (
				f"未持有{names}{suffix}"
				if check.outcome == PASS
				else f"已持有{actual}，{requirement}{suffix}"
			)
		if check.outcome == PASS:
			return f"已持有{actual}{suffix}"
		held = f"仅持有{actual}，" if actual else ""
		return f"{held}未持有{names if op == HOLDS else '其中任一项'}，{requirement}{suffix}"
	if check.outcome == PASS:
		return (
			f"{name} {_with_unit(actual, unit)}，符合要求（{requirement.removeprefix('需').strip()}）{suffix}"
		)
	return f"{name} {_with_unit(actual, unit)}，{requirement}{suffix}"


def _requirement_zh(info: Attribute, op: str, expected: str, unit: str) -> str:
	if info.kind == SET:
		if op == HOLDS:
			return f"需持有{expected}"
		if op == HOLDS_ANY:
			return f"需持有{expected}之一"
		return f"需未持有{expected}"
	if op == IN:
		return f"需为{expected}之一" if "、" in expected else f"需为{_with_unit(expected, unit)}"
	if op == NOT_IN:
		return f"需不为{expected}"
	if op == STARTS_WITH:
		return f"需以{expected}开头" if "、" not in expected else f"需以{expected}之一开头"
	if info.kind == BOOL:
		wanted = (expected == "是") == (op == EQ)
		return "需为“是”" if wanted else "需为“否”"
	if op == EQ and info.kind != NUMBER:
		return f"需为{expected}"
	if op == NE and info.kind != NUMBER:
		return f"需不为{expected}"
	return f"需 {OPERATOR_SYMBOLS[op]} {_with_unit(expected, unit)}"


def describe_conditions_zh(checks: Sequence[ConditionCheck]) -> str:
	"""The requirements of some checks, joined by ``且`` (``营业收入 ≥ 5000 万元且 < 10000 万元``)."""
	parts = []
	for check in checks:
		info = ATTRIBUTES[check.attribute]
		requirement = _requirement_zh(info, check.operator, check.params["expected"], check.params["unit"])
		parts.append(check.params["label"] + requirement.removeprefix("需").replace("需", ""))
	return "且".join(parts)
