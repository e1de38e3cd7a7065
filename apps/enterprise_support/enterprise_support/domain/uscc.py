"""Unified Social Credit Code (统一社会信用代码, GB 32100-2015).

An 18-character code over the 31 characters ``0123456789ABCDEFGHJKLMNPQRTUWXY`` (no I, O, S,
V, Z):

====  ===========================================================================
1     registering authority (9 = market regulation)
2     entity type (91 company, 92 individual business, 93 farmers' co-operative)
3-8   administrative division code (six digits)
9-17  GB 11714 organisation code; position 17 is that code's own check character
18    check character over positions 1-17
====  ===========================================================================

Public tables disagree about the allowed values of positions 1 and 2, so only the character
set is checked there (python-stdnum's ``validate`` insists on digits in positions 1-8, which
would reject codes issued by authorities whose code is a letter; this module therefore uses
stdnum for cleaning and for the position-18 check character only).

What is a hard error and what is a warning:

* Hard errors (``UsccResult.errors``): nothing entered, a length other than 18, a character
  outside the 31-character set, a non-digit in the division code (positions 3-8).
* Warnings (``UsccResult.warnings``), which staff may override and which are recorded on the
  record: a wrong position-18 check character (some genuine codes issued before 2016 fail
  it) and a wrong position-17 GB 11714 check character.

The position-17 check (GB 11714 over positions 9-16: digits 0-9, letters A-Z = 10-35 over the
whole alphabet, weights 3, 7, 9, 10, 5, 8, 4, 2; check = 11 - sum mod 11, with 10 -> ``X`` and
11 -> ``0``) was verified against 174 published codes that pass the position-18 check (the
list in python-stdnum's test suite, 95 of them ``MA``-series codes issued after 2015 and 79
older ones): every one passes position 17 as well. It is nevertheless only a warning, never a
hard error: it checks an embedded legacy code that the registering authorities, not the
enterprise, assigned, and a rejected genuine code would stop staff from entering a real
enterprise.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from stdnum.cn import uscc as _stdnum_uscc

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
LENGTH = 18

# GB 11714 organisation code check (position 17 of a USCC).
ORGANISATION_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# Whitespace (after NFKC, which turns the ideographic space into a plain one) and the dashes
# people type between groups of characters.
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−]+")


class UsccError(ValueError):
	"""A USCC rule was broken; ``code`` names which, ``params`` carries the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


@dataclass(frozen=True)
class UsccIssue:
	"""One finding about a code: a machine ``code``, its ``params`` and an English ``message``.

	The Frappe layer turns ``code`` and ``params`` into a Chinese message; ``message`` is for
	logs and tests.
	"""

	code: str
	params: dict[str, Any] = field(default_factory=dict)
	message: str = ""


@dataclass(frozen=True)
class UsccResult:
	"""The outcome of :func:`check`."""

	code: str
	"""The normalised code (see :func:`normalize`), whether or not it is valid."""
	errors: tuple[UsccIssue, ...] = ()
	"""Hard errors: the code cannot be stored."""
	warnings: tuple[UsccIssue, ...] = ()
	"""Soft findings (check characters): show them, let staff confirm, record the override."""

	@property
	def is_valid(self) -> bool:
		"""No hard errors (warnings may remain)."""
		return not self.errors

	@property
	def is_clean(self) -> bool:
		"""No hard errors and no warnings."""
		return not self.errors and not self.warnings

	@property
	def registration_authority(self) -> str | None:
		return self.code[0] if self.is_valid else None

	@property
	def entity_type(self) -> str | None:
		return self.code[1] if self.is_valid else None

	@property
	def division_code(self) -> str | None:
		"""Positions 3-8: the administrative division where the entity was registered."""
		return self.code[2:8] if self.is_valid else None

	@property
	def organisation_code(self) -> str | None:
		"""Positions 9-17: the GB 11714 organisation code, its check character included."""
		return self.code[8:17] if self.is_valid else None


def normalize(raw: str | None) -> str:
	"""The code as it should be stored: half-width, upper case, no spaces or hyphens.

	Full-width characters (``９１５１…``) become half-width. Nothing else is changed, so that a
	wrong character is still reported by :func:`check` instead of being silently dropped.
	"""
	if raw is None:
		return ""
	text = unicodedata.normalize("NFKC", str(raw))
	return _stdnum_uscc.compact(_SEPARATORS.sub("", text))


def check(raw: str | None) -> UsccResult:
	"""Check a code; never raises. See the module docstring for errors versus warnings."""
	code = normalize(raw)
	errors: list[UsccIssue] = []
	warnings: list[UsccIssue] = []

	if not code:
		errors.append(UsccIssue("empty", {}, "No code was entered"))
		return UsccResult(code, tuple(errors), ())

	if len(code) != LENGTH:
		errors.append(
			UsccIssue(
				"wrong_length",
				{"length": len(code), "expected": LENGTH},
				f"A USCC has {LENGTH} characters, this one has {len(code)}",
			)
		)

	bad = [(position, char) for position, char in enumerate(code, start=1) if char not in ALPHABET]
	if bad:
		characters = "".join(dict.fromkeys(char for _position, char in bad))
		errors.append(
			UsccIssue(
				"invalid_characters",
				{"characters": characters, "positions": [position for position, _char in bad]},
				f"Characters not allowed in a USCC: {characters}"
				" (allowed: digits and capital letters except I, O, S, V, Z)",
			)
		)

	division = code[2:8]
	if len(code) >= 8 and not (division.isascii() and division.isdigit()):
		errors.append(
			UsccIssue(
				"division_not_digits",
				{"division": division},
				f"Positions 3-8 (administrative division code) must be digits, not {division}",
			)
		)

	if len(code) == LENGTH and not bad:
		expected_org = organisation_check_character(code[8:16])
		if code[16] != expected_org:
			warnings.append(
				UsccIssue(
					"organisation_check_mismatch",
					{"position": 17, "found": code[16], "expected": expected_org},
					f"Position 17 (organisation code check character) is {code[16]}, expected {expected_org}",
				)
			)
		expected = check_character(code[:17])
		if code[17] != expected:
			warnings.append(
				UsccIssue(
					"check_character_mismatch",
					{"position": 18, "found": code[17], "expected": expected},
					f"Position 18 (check character) is {code[17]}, expected {expected}",
				)
			)

	return UsccResult(code, tuple(errors), tuple(warnings))


def check_character(first17: str) -> str:
	"""The position-18 check character for the first 17 characters of a code.

	value(c) is the index of c in :data:`ALPHABET`, the weights are 3^(i-1) mod 31, and the
	check character is ``ALPHABET[(31 - sum mod 31) mod 31]`` (computed by python-stdnum).
	"""
	body = normalize(first17)
	_require(body, 17, ALPHABET)
	return _stdnum_uscc.calc_check_digit(body)


def organisation_check_character(first8: str) -> str:
	"""The GB 11714 check character (USCC position 17) for USCC positions 9-16.

	Digits count 0-9 and letters A-Z 10-35; weights 3, 7, 9, 10, 5, 8, 4, 2; the check is
	11 - sum mod 11, written ``X`` for 10 and ``0`` for 11.
	"""
	body = normalize(first8)
	_require(body, 8, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	total = sum(int(char, 36) * weight for char, weight in zip(body, ORGANISATION_WEIGHTS, strict=True))
	value = 11 - total % 11
	if value == 10:
		return "X"
	if value == 11:
		return "0"
	return str(value)


def _require(body: str, length: int, allowed: str) -> None:
	if len(body) != length:
		raise UsccError(
			"wrong_length",
			f"expected {length} characters, got {len(body)}",
			length=len(body),
			expected=length,
		)
	bad = "".join(dict.fromkeys(char for char in body if char not in allowed))
	if bad:
		raise UsccError("invalid_characters", f"characters not allowed: {bad}", characters=bad)
