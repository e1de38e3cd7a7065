"""Enterprise size (大中小微型企业) under 统计上大中小微型企业划分办法(2017).

The thresholds are data (``enterprise_registry/data/size_standards.json``), one entry per
sector of the 2017 table, each with the GB/T 4754-2017 industry-code prefixes it covers, the
measures it uses and the lower bounds of the large, medium and small tiers:

* ``employees`` -- X, persons;
* ``operating_revenue`` -- Y, 10k CNY;
* ``total_assets`` -- Z, 10k CNY.

The rule (附表说明): large, medium and small enterprises must meet the lower bounds of all the
sector's measures, otherwise they drop a tier; a micro enterprise needs to fall below only one
of them. So the tiers are tried from large down, the first whose bounds all hold wins, and
anything else is micro. A sector may say ``"combine": "any"`` (one bound is enough for a tier);
the 2017 table has no such sector, but a later revision may, and it stays a matter of data.

A measure the sector uses but the input lacks makes the size unknown (``size_class`` None,
with the missing measures named), never a guess.

A sector can have several versions (same ``key``, different ``effective_from``); passing
``on=`` to :func:`sector_for_industry` picks the version in force on that date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

EMPLOYEES = "employees"
OPERATING_REVENUE = "operating_revenue"
TOTAL_ASSETS = "total_assets"
KNOWN_MEASURES = (EMPLOYEES, OPERATING_REVENUE, TOTAL_ASSETS)

LARGE, MEDIUM, SMALL, MICRO = "Large", "Medium", "Small", "Micro"
SIZE_CLASSES = (LARGE, MEDIUM, SMALL, MICRO)
# tier key in the data -> size class, from the top down
TIERS = (("large", LARGE), ("medium", MEDIUM), ("small", SMALL))

COMBINE_ALL = "all"
COMBINE_ANY = "any"

DEFAULT_STANDARDS_PATH = (
	Path(__file__).resolve().parent.parent / "enterprise_registry" / "data" / "size_standards.json"
)

# GB/T 4754-2017: the section (门类) each two-digit division (大类) belongs to.
_SECTION_DIVISIONS = {
	"A": (1, 5),
	"B": (6, 12),
	"C": (13, 43),
	"D": (44, 46),
	"E": (47, 50),
	"F": (51, 52),
	"G": (53, 60),
	"H": (61, 62),
	"I": (63, 65),
	"J": (66, 69),
	"K": (70, 70),
	"L": (71, 72),
	"M": (73, 75),
	"N": (76, 79),
	"O": (80, 82),
	"P": (83, 83),
	"Q": (84, 85),
	"R": (86, 90),
	"S": (91, 96),
	"T": (97, 97),
}
_CODE = re.compile(r"^([A-T])?([0-9]{2,4})?$")
_SEPARATORS = re.compile(r"[\s.\-_/]+")


class SizeStandardError(ValueError):
	"""A size-standard rule was broken; ``code`` names which, ``params`` carries the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


@dataclass(frozen=True)
class Sector:
	"""One row group of the table: a sector, its industry prefixes, measures and bounds."""

	key: str
	name: str
	industry_prefixes: tuple[str, ...]
	measures: tuple[str, ...]
	thresholds: Mapping[str, Mapping[str, int | float | Decimal]]
	"""tier (``large``/``medium``/``small``) -> measure -> lower bound (inclusive)."""
	combine: str = COMBINE_ALL
	effective_from: dt.date | None = None
	effective_to: dt.date | None = None
	"""Last day in force (inclusive); None while it is current."""
	name_en: str = ""
	source: str = ""
	note: str = ""

	def in_force_on(self, day: dt.date) -> bool:
		if self.effective_from is not None and day < self.effective_from:
			return False
		return self.effective_to is None or day <= self.effective_to


@dataclass(frozen=True)
class Exclusion:
	"""Industries the measures do not cover (railways, finance ...)."""

	prefix: str
	name: str = ""
	note: str = ""


@dataclass(frozen=True)
class SizeStandards:
	sectors: tuple[Sector, ...]
	not_covered: tuple[Exclusion, ...] = ()
	meta: Mapping[str, Any] = field(default_factory=dict)

	def __iter__(self) -> Iterator[Sector]:
		return iter(self.sectors)

	def __len__(self) -> int:
		return len(self.sectors)

	def by_key(self, key: str, on: dt.date | None = None) -> Sector:
		found = [s for s in self.sectors if s.key == key and (on is None or s.in_force_on(on))]
		if not found:
			raise SizeStandardError("unknown_sector", f"no sector {key!r}", key=key)
		return max(found, key=_version)


@dataclass(frozen=True)
class Shortfall:
	"""A bound of a higher tier that the enterprise does not meet."""

	tier: str
	measure: str
	value: int | float | Decimal
	bound: int | float | Decimal


@dataclass(frozen=True)
class SizeResult:
	size_class: str | None
	"""'Large', 'Medium', 'Small', 'Micro', or None when a measure is missing."""
	reason: str
	"""``meets_large``, ``meets_medium``, ``meets_small``, ``below_small`` or ``missing_measures``."""
	missing: tuple[str, ...] = ()
	shortfalls: tuple[Shortfall, ...] = ()
	"""Why not a higher tier: every failed bound of the tiers above the result."""
	sector_key: str | None = None

	@property
	def params(self) -> dict[str, Any]:
		"""Parameters for the translated message of ``reason``."""
		return {
			"size_class": self.size_class,
			"sector": self.sector_key,
			"missing": list(self.missing),
			"shortfalls": [
				{"tier": s.tier, "measure": s.measure, "value": s.value, "bound": s.bound}
				for s in self.shortfalls
			],
		}


# -- loading ---------------------------------------------------------------------------------


def load_standards(
	path_or_list: str | os.PathLike | Mapping | Iterable | SizeStandards | None = None,
) -> SizeStandards:
	"""Load and check the table.

	Accepts a path to the JSON file (None: the app's own file), the parsed JSON object (with
	``sectors`` and optionally ``not_covered``), a list of sector dicts or :class:`Sector`
	objects, or an already loaded :class:`SizeStandards`. Raises :class:`SizeStandardError`
	for a malformed table: unknown measures, a tier without a bound for one of the sector's
	measures, bounds that do not fall from large to small, or an industry prefix claimed twice.
	"""
	if isinstance(path_or_list, SizeStandards):
		return path_or_list
	if path_or_list is None:
		path_or_list = DEFAULT_STANDARDS_PATH
	if isinstance(path_or_list, (str, os.PathLike)):
		with open(path_or_list, encoding="utf-8") as f:
			path_or_list = json.load(f)
	if isinstance(path_or_list, Mapping):
		data = path_or_list
		if "sectors" not in data:
			raise SizeStandardError("malformed", "the table has no 'sectors' list")
		raw_sectors = data["sectors"]
		raw_exclusions = data.get("not_covered", [])
		meta = {k: v for k, v in data.items() if k not in ("sectors", "not_covered")}
	else:
		raw_sectors, raw_exclusions, meta = path_or_list, [], {}

	default_from = meta.get("effective_from")
	sectors = tuple(s if isinstance(s, Sector) else _parse_sector(s, default_from) for s in raw_sectors)
	exclusions = tuple(e if isinstance(e, Exclusion) else _parse_exclusion(e) for e in raw_exclusions)
	for sector in sectors:
		_check_sector(sector)
	_check_prefixes(sectors, exclusions)
	return SizeStandards(sectors, exclusions, meta)


def _parse_sector(raw: Mapping[str, Any], default_from: str | None) -> Sector:
	try:
		key = raw["key"]
		return Sector(
			key=key,
			name=raw.get("name", key),
			name_en=raw.get("name_en", ""),
			industry_prefixes=tuple(normalize_industry_code(p) for p in raw["industry_prefixes"]),
			measures=tuple(raw["measures"]),
			combine=raw.get("combine", COMBINE_ALL),
			thresholds={tier: dict(bounds) for tier, bounds in raw["thresholds"].items()},
			effective_from=_date(raw.get("effective_from", default_from)),
			effective_to=_date(raw.get("effective_to")),
			source=raw.get("source", ""),
			note=raw.get("note", ""),
		)
	except KeyError as missing:
		raise SizeStandardError(
			"malformed", f"sector entry lacks {missing}", field=str(missing), entry=dict(raw)
		) from None


def _parse_exclusion(raw: Mapping[str, Any]) -> Exclusion:
	return Exclusion(normalize_industry_code(raw["prefix"]), raw.get("name", ""), raw.get("note", ""))


def _date(value: Any) -> dt.date | None:
	if value is None or isinstance(value, dt.date):
		return value
	return dt.date.fromisoformat(value)


def _check_sector(sector: Sector) -> None:
	def fail(code: str, message: str, **params):
		raise SizeStandardError(code, f"sector {sector.key}: {message}", sector=sector.key, **params)

	if not sector.measures:
		fail("no_measures", "no measures")
	unknown = [m for m in sector.measures if m not in KNOWN_MEASURES]
	if unknown:
		fail("unknown_measure", f"unknown measures {unknown}", measures=unknown)
	if sector.combine not in (COMBINE_ALL, COMBINE_ANY):
		fail("unknown_combine", f"combine must be 'all' or 'any', not {sector.combine!r}")
	if not sector.industry_prefixes:
		fail("no_prefixes", "no industry prefixes")
	if set(sector.thresholds) != {tier for tier, _ in TIERS}:
		fail("tiers", "thresholds need exactly the tiers large, medium and small")
	for tier, _ in TIERS:
		bounds = sector.thresholds[tier]
		if set(bounds) != set(sector.measures):
			fail("tier_measures", f"tier {tier} must bound exactly {list(sector.measures)}", tier=tier)
		for measure, bound in bounds.items():
			if isinstance(bound, bool) or not isinstance(bound, (int, float, Decimal)) or bound < 0:
				fail("bad_bound", f"{tier}.{measure} = {bound!r}", tier=tier, measure=measure)
	for measure in sector.measures:
		large, medium, small = (sector.thresholds[tier][measure] for tier, _ in TIERS)
		if not large >= medium >= small:
			fail("bounds_not_falling", f"{measure} bounds must fall from large to small", measure=measure)
	if sector.effective_to and sector.effective_from and sector.effective_to < sector.effective_from:
		fail("effective_dates", "effective_to is before effective_from")


def _check_prefixes(sectors: tuple[Sector, ...], exclusions: tuple[Exclusion, ...]) -> None:
	"""No prefix may be claimed by two sectors in force at the same time, nor by a sector and
	an exclusion. Nested prefixes (``G59``/``G591``) are allowed: the longest wins."""
	seen: dict[str, list[Sector]] = {}
	for sector in sectors:
		if len(set(sector.industry_prefixes)) != len(sector.industry_prefixes):
			raise SizeStandardError(
				"duplicate_prefix", f"sector {sector.key} lists a prefix twice", sector=sector.key
			)
		for prefix in sector.industry_prefixes:
			for other in seen.get(prefix, []):
				if _overlap(sector, other):
					raise SizeStandardError(
						"overlapping_prefix",
						f"{prefix} is claimed by both {other.key} and {sector.key}",
						prefix=prefix,
						sectors=[other.key, sector.key],
					)
			seen.setdefault(prefix, []).append(sector)
	for exclusion in exclusions:
		if exclusion.prefix in seen:
			raise SizeStandardError(
				"overlapping_prefix",
				f"{exclusion.prefix} is both covered and excluded",
				prefix=exclusion.prefix,
				sectors=[s.key for s in seen[exclusion.prefix]],
			)


def _overlap(a: Sector, b: Sector) -> bool:
	start_a, start_b = a.effective_from or dt.date.min, b.effective_from or dt.date.min
	end_a, end_b = a.effective_to or dt.date.max, b.effective_to or dt.date.max
	return start_a <= end_b and start_b <= end_a


def _version(sector: Sector) -> dt.date:
	return sector.effective_from or dt.date.min


# -- industry codes --------------------------------------------------------------------------


def normalize_industry_code(code: str) -> str:
	"""A GB/T 4754-2017 code in the form ``C3879`` (section letter, then 2-4 digits).

	Accepts lower case, spaces, full-width characters and a code without its section letter
	(``3879`` -> ``C3879``). Raises :class:`SizeStandardError` (``invalid_industry_code``) for
	anything else, including a letter that does not match the division (``F3879``).
	"""
	text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(code or ""))).upper()
	match = _CODE.match(text)
	if not text or not match:
		raise SizeStandardError(
			"invalid_industry_code", f"not a GB/T 4754-2017 industry code: {code!r}", industry_code=code
		)
	letter, digits = match.groups()
	if digits:
		section = _section_of(int(digits[:2]))
		if section is None or (letter and letter != section):
			raise SizeStandardError(
				"invalid_industry_code",
				f"division {digits[:2]} is not in section {letter or '?'}",
				industry_code=code,
			)
		letter = section
	return f"{letter}{digits or ''}"


def _section_of(division: int) -> str | None:
	for letter, (low, high) in _SECTION_DIVISIONS.items():
		if low <= division <= high:
			return letter
	return None


def _best_prefix(code: str, prefixes: Iterable[str]) -> str | None:
	matching = [p for p in prefixes if code.startswith(p)]
	return max(matching, key=len) if matching else None


def sector_for_industry(
	code: str, standards: SizeStandards | Iterable[Sector], on: dt.date | None = None
) -> Sector | None:
	"""The sector whose industry prefix is the longest match for ``code``, or None.

	None when no sector covers the code, when an exclusion (``not_covered``) is the longer
	match, and when the code is too coarse to decide (``G59`` spans transport's ``G591`` and
	warehousing's ``G592``-``G599``). With ``on``, only sector versions in force that day count;
	without it, the latest version of each wins.
	"""
	normal = normalize_industry_code(code)
	sectors = standards.sectors if isinstance(standards, SizeStandards) else tuple(standards)
	if on is not None:
		sectors = tuple(s for s in sectors if s.in_force_on(on))
	best: tuple[int, dt.date, Sector] | None = None
	for sector in sectors:
		prefix = _best_prefix(normal, sector.industry_prefixes)
		if prefix is None:
			continue
		rank = (len(prefix), _version(sector), sector)
		if best is None or rank[:2] > best[:2]:
			best = rank
	if best is None:
		return None
	exclusion = exclusion_for_industry(normal, standards)
	if exclusion is not None and len(exclusion.prefix) > best[0]:
		return None
	return best[2]


def exclusion_for_industry(code: str, standards: SizeStandards | Iterable[Sector]) -> Exclusion | None:
	"""The ``not_covered`` entry for ``code`` (e.g. railways, finance), if there is one."""
	if not isinstance(standards, SizeStandards):
		return None
	normal = normalize_industry_code(code)
	by_prefix = {e.prefix: e for e in standards.not_covered}
	prefix = _best_prefix(normal, by_prefix)
	return by_prefix[prefix] if prefix else None


# -- classification --------------------------------------------------------------------------


def classify_size(measures: Mapping[str, Any], sector: Sector) -> SizeResult:
	"""Classify an enterprise of ``sector`` from its ``measures``.

	``measures`` maps measure names (``employees``, ``operating_revenue`` in 10k CNY,
	``total_assets`` in 10k CNY) to numbers; measures the sector does not use are ignored and a
	None value counts as missing. Raises :class:`SizeStandardError` for a value that is not a
	number or is negative.
	"""
	missing = tuple(m for m in sector.measures if measures.get(m) is None)
	if missing:
		return SizeResult(None, "missing_measures", missing=missing, sector_key=sector.key)
	values = {m: _number(m, measures[m]) for m in sector.measures}

	shortfalls: list[Shortfall] = []
	for tier, size_class in TIERS:
		bounds = sector.thresholds[tier]
		failed = [Shortfall(tier, m, values[m], bounds[m]) for m in sector.measures if values[m] < bounds[m]]
		met = len(sector.measures) - len(failed)
		holds = not failed if sector.combine == COMBINE_ALL else met > 0
		if holds:
			return SizeResult(
				size_class, f"meets_{tier}", shortfalls=tuple(shortfalls), sector_key=sector.key
			)
		shortfalls.extend(failed)
	return SizeResult(MICRO, "below_small", shortfalls=tuple(shortfalls), sector_key=sector.key)


def _number(measure: str, value: Any) -> int | float | Decimal:
	if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
		raise SizeStandardError(
			"invalid_measure", f"{measure} must be a number, not {value!r}", measure=measure, value=value
		)
	if value != value or value < 0:  # NaN or negative
		raise SizeStandardError(
			"invalid_measure", f"{measure} cannot be {value!r}", measure=measure, value=value
		)
	return value


def classify_enterprise(
	industry_code: str,
	measures: Mapping[str, Any],
	standards: SizeStandards,
	on: dt.date | None = None,
) -> SizeResult:
	""":func:`sector_for_industry` then :func:`classify_size`.

	Gives ``size_class`` None with reason ``no_sector`` when the measures do not cover the
	industry (or the code is too coarse to decide).
	"""
	sector = sector_for_industry(industry_code, standards, on=on)
	if sector is None:
		return SizeResult(None, "no_sector")
	return classify_size(measures, sector)


def format_measure(measure: str, value: int | float | Decimal) -> str:
	"""A measure's value as people write it in the size basis: a head count as a whole number
	(860, never 860.0), amounts in 10k CNY with at most two decimals (1,999.5); thousands
	grouped (1,000)."""
	if isinstance(value, bool):
		raise TypeError(f"{measure} is not a number: {value!r}")
	number = Decimal(str(value))
	number = number.quantize(Decimal(1) if measure == EMPLOYEES else Decimal("0.01"), ROUND_HALF_UP)
	if number == number.to_integral_value():
		return f"{int(number):,}"
	return f"{number:,.2f}".rstrip("0").rstrip(".")
