"""Designation readiness: how far an enterprise is from the next designation (梯度培育).

The criteria are data (``enterprise_registry/data/designation_criteria.json``): for each
designation one or more versions, each with an ``effective_from`` date and condition rows in
the policy-matching format (:mod:`enterprise_support.domain.policy_matching`), so the same
engine evaluates them. A row may carry ``when``: conditions (usually on ``annual_revenue``)
under which the row applies -- that is how revenue bands ("R&D >= 3% at >= 100M, >= 6% at
50-100M") and alternatives ("revenue >= 10M, or else >= 20M new equity") are written, as data.

For a row with ``when``:

* all ``when`` conditions hold -> the row is checked and its check carries the band;
* one fails -> the row does not apply and is left out;
* one cannot be decided (revenue not known) -> the row is not checked; the missing ``when``
  figure is listed once among the unknowns instead.

:func:`readiness` reports the ``gaps`` (failed checks), what is ``met`` and what is
``unknown``; the outcome follows the matching rule (a gap beats missing data).
:func:`next_tier` picks the next rung of the ladder above the highest designation held.

A later revision of the measures is added as a new version with a later ``effective_from``;
the version in force on the evaluation date is used.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from enterprise_support.domain.policy_matching import (
	ELIGIBLE,
	FAIL,
	NOT_ELIGIBLE,
	PASS,
	UNKNOWN,
	CompiledItem,
	ConditionCheck,
	PolicyConditionError,
	PreparedProfile,
	compile_item,
	describe_conditions_zh,
	designation_key,
	explain_zh,
	prepare_profile,
)

DEFAULT_CRITERIA_PATH = (
	Path(__file__).resolve().parent.parent / "enterprise_registry" / "data" / "designation_criteria.json"
)


class CriteriaError(ValueError):
	"""The criteria data is malformed or has no version for a designation and date; ``code``
	names which rule, ``params`` carries the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


@dataclass(frozen=True)
class Criterion:
	"""One condition row of a designation's criteria, with the band it applies to."""

	item: CompiledItem
	"""The row itself, compiled (one condition)."""
	when: CompiledItem | None = None
	note: str = ""


@dataclass(frozen=True)
class CriteriaVersion:
	designation: str
	effective_from: dt.date
	criteria: tuple[Criterion, ...]
	effective_to: dt.date | None = None
	"""Last day in force (inclusive); None while current."""
	version: str = ""
	source: str = ""
	note: str = ""

	def in_force_on(self, day: dt.date) -> bool:
		return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


@dataclass(frozen=True)
class CriteriaSet:
	versions: tuple[CriteriaVersion, ...]
	meta: Mapping[str, Any] = field(default_factory=dict)

	def designations(self) -> list[str]:
		return list(dict.fromkeys(v.designation for v in self.versions))

	def has(self, designation: str, on: dt.date | None = None) -> bool:
		try:
			self.for_designation(designation, on)
		except CriteriaError:
			return False
		return True

	def for_designation(self, designation: str, on: dt.date | None = None) -> CriteriaVersion:
		"""The version in force on ``on`` (the latest version when ``on`` is None).

		Designation names match regardless of the quote marks used (``"小巨人"``/``“小巨人”``).
		"""
		key = designation_key(designation)
		found = [
			v
			for v in self.versions
			if designation_key(v.designation) == key and (on is None or v.in_force_on(on))
		]
		if not found:
			raise CriteriaError(
				"no_criteria",
				f"no criteria for {designation!r}" + (f" in force on {on.isoformat()}" if on else ""),
				designation=designation,
				on=on,
			)
		return max(found, key=lambda v: v.effective_from)


@dataclass(frozen=True)
class Readiness:
	designation: str
	outcome: str
	"""``eligible``, ``not_eligible`` (some gap) or ``unknown`` (no gap, some data missing)."""
	gaps: list[ConditionCheck]
	met: list[ConditionCheck]
	unknown: list[ConditionCheck]
	effective_from: dt.date | None = None
	"""The criteria version used."""

	@property
	def gap_texts(self) -> list[str]:
		"""Chinese explanations of the gaps, e.g. ``Ⅰ类知识产权 1 件，需 ≥ 2 件``."""
		return [explain_zh(c) for c in self.gaps]

	@property
	def unknown_texts(self) -> list[str]:
		return [explain_zh(c) for c in self.unknown]


# -- loading ---------------------------------------------------------------------------------


def load_criteria(
	source: str | os.PathLike | Mapping | Iterable | CriteriaSet | None = None,
) -> CriteriaSet:
	"""Load and check the criteria: a path (None: the app's own file), the parsed JSON object
	(with ``criteria``), a list of version dicts, or a :class:`CriteriaSet`.

	Raises :class:`CriteriaError` for a malformed version and :class:`PolicyConditionError`
	(with ``designation`` and ``row`` in ``params``) for a bad condition row.
	"""
	if isinstance(source, CriteriaSet):
		return source
	if source is None:
		return _default_criteria()
	if isinstance(source, (str, os.PathLike)):
		with open(source, encoding="utf-8") as f:
			source = json.load(f)
	if isinstance(source, Mapping):
		if "criteria" not in source:
			raise CriteriaError("malformed", "the criteria file has no 'criteria' list")
		raw_versions = source["criteria"]
		meta = {k: v for k, v in source.items() if k != "criteria"}
	else:
		raw_versions, meta = source, {}
	versions = tuple(_parse_version(raw) for raw in raw_versions)
	_check_versions(versions)
	return CriteriaSet(versions, meta)


@functools.lru_cache(maxsize=1)
def _default_criteria() -> CriteriaSet:
	return load_criteria(DEFAULT_CRITERIA_PATH)


def _parse_version(raw: Mapping[str, Any]) -> CriteriaVersion:
	if not isinstance(raw, Mapping):
		raise CriteriaError("malformed", f"not a criteria version: {raw!r}")
	designation = raw.get("designation")
	if not designation:
		raise CriteriaError("malformed", "a criteria version has no designation", entry=dict(raw))
	effective_from = _date(raw.get("effective_from"), designation, "effective_from")
	if effective_from is None:
		raise CriteriaError(
			"missing_effective_from", f"{designation}: effective_from is required", designation=designation
		)
	effective_to = _date(raw.get("effective_to"), designation, "effective_to")
	if effective_to is not None and effective_to < effective_from:
		raise CriteriaError(
			"effective_dates",
			f"{designation}: effective_to is before effective_from",
			designation=designation,
		)
	rows = raw.get("conditions") or []
	if not rows:
		raise CriteriaError("no_conditions", f"{designation}: no conditions", designation=designation)
	criteria = []
	for index, row in enumerate(rows, start=1):
		try:
			criteria.append(_parse_criterion(row))
		except PolicyConditionError as error:
			error.params.update(designation=designation, row=index)
			raise
	return CriteriaVersion(
		designation=designation,
		effective_from=effective_from,
		effective_to=effective_to,
		criteria=tuple(criteria),
		version=str(raw.get("version", "")),
		source=raw.get("source", ""),
		note=raw.get("note", ""),
	)


def _parse_criterion(row: Any) -> Criterion:
	item = compile_item([row])
	when_rows = row.get("when") if isinstance(row, Mapping) else getattr(row, "when", None)
	if isinstance(when_rows, Mapping):
		when_rows = [when_rows]
	when = None
	if when_rows:
		try:
			when = compile_item(when_rows)
		except PolicyConditionError as error:
			error.params["in_when"] = True
			raise
	note = row.get("note", "") if isinstance(row, Mapping) else ""
	return Criterion(item=item, when=when, note=note)


def _date(value: Any, designation: str, name: str) -> dt.date | None:
	if value is None or isinstance(value, dt.date):
		return value
	try:
		return dt.date.fromisoformat(str(value))
	except ValueError:
		raise CriteriaError(
			"bad_date", f"{designation}: {name} is not a date: {value!r}", designation=designation, field=name
		) from None


def _check_versions(versions: tuple[CriteriaVersion, ...]) -> None:
	seen: dict[tuple[str, dt.date], CriteriaVersion] = {}
	for version in versions:
		key = (designation_key(version.designation), version.effective_from)
		if key in seen:
			raise CriteriaError(
				"duplicate_version",
				f"two versions of {version.designation} take effect on {version.effective_from.isoformat()}",
				designation=version.designation,
				effective_from=version.effective_from,
			)
		seen[key] = version


# -- ladder ----------------------------------------------------------------------------------


def next_tier(held: Iterable[str], ladder: Iterable[tuple[str, int]] | Mapping[str, int]) -> str | None:
	"""The lowest ladder tier ranked above the highest tier held; None at the top.

	``ladder`` is ``(name, rank)`` pairs (or a name -> rank mapping), rank 1 the lowest; ranks
	of 0 or less mark designations off the ladder (高新技术企业 ...) and are ignored. Names match
	regardless of quote marks. With nothing held, the lowest tier is next.
	"""
	pairs = list(ladder.items()) if isinstance(ladder, Mapping) else list(ladder)
	tiers = [(name, rank) for name, rank in pairs if rank is not None and rank > 0]
	held_keys = {designation_key(name) for name in held}
	top = max((rank for name, rank in tiers if designation_key(name) in held_keys), default=0)
	above = [(rank, index, name) for index, (name, rank) in enumerate(tiers) if rank > top]
	return min(above)[2] if above else None


# -- readiness -------------------------------------------------------------------------------


def readiness(
	profile: Mapping[str, Any] | PreparedProfile,
	criteria: CriteriaSet | CriteriaVersion | None,
	today: dt.date,
	designation: str,
) -> Readiness:
	"""Check ``profile`` against the criteria of ``designation`` in force on ``today``.

	``criteria`` is a loaded :class:`CriteriaSet` (None: the app's own file) or one
	:class:`CriteriaVersion`. Raises :class:`CriteriaError` (``no_criteria``) when there is no
	version for the designation on that day.
	"""
	if isinstance(criteria, CriteriaVersion):
		version = criteria
	else:
		version = load_criteria(criteria).for_designation(designation, today)
	prepared = prepare_profile(profile, today)
	gaps: list[ConditionCheck] = []
	met: list[ConditionCheck] = []
	unknown: list[ConditionCheck] = []
	undecided_bands: dict[str, ConditionCheck] = {}
	for criterion in version.criteria:
		when_text = ""
		if criterion.when is not None:
			band = criterion.when.evaluate(prepared)
			if band.outcome == NOT_ELIGIBLE:
				continue
			if band.outcome == UNKNOWN:
				for check in band.missing:
					if check.attribute not in undecided_bands:
						params = {**check.params, "decides_band": True}
						undecided_bands[check.attribute] = dataclasses.replace(check, params=params)
				continue
			when_text = describe_conditions_zh(band.checks)
		(check,) = criterion.item.checks(prepared)
		if when_text:
			check = dataclasses.replace(check, params={**check.params, "when": when_text})
		{PASS: met, FAIL: gaps}.get(check.outcome, unknown).append(check)
	listed = {c.attribute for c in unknown}
	unknown.extend(c for attribute, c in undecided_bands.items() if attribute not in listed)
	outcome = NOT_ELIGIBLE if gaps else UNKNOWN if unknown else ELIGIBLE
	return Readiness(
		designation=version.designation,
		outcome=outcome,
		gaps=gaps,
		met=met,
		unknown=unknown,
		effective_from=version.effective_from,
	)
