"""Chinese patent application numbers and publication numbers.

Application numbers (申请号)
	Since 2003-10-01: ``YYYY T NNNNNNN.C`` -- filing year, type digit, 7-digit serial and a check
	character. Before that: ``YY T NNNNN.C`` (8 digits and a check character, 1985-2003).
	A granted patent's number (专利号) is the application number with a ``ZL`` prefix; ``CN``
	is also seen. The stored normal form is the bare number with a dot: ``201710601862.3``.

	Type digit: 1 invention (发明), 2 utility model (实用新型), 3 design (外观设计), 8 PCT invention
	entering China, 9 PCT utility model entering China.

	Check character: multiply the digits by the weights 2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5 (the
	first eight of them for an 8-digit number), add, and take the remainder mod 11; the
	remainder itself is the check character, written ``X`` when it is 10. A wrong check
	character is a hard error here: unlike the USCC, no genuine numbers are known to fail it.

Publication and grant numbers (公开号/公告号)
	``CN`` + 9 digits + kind code. The first digit gives the type (1 invention, 2 utility model,
	3 design). Kind codes (scheme in force since 2004-07-01): A invention application
	publication, B invention grant, C1-C7 partial invalidation of an invention patent, U utility
	model grant, Y1-Y7 partial invalidation of a utility model, S design grant, S1-S7 partial
	invalidation of a design; a trailing 8 marks a corrected front page, 9 a corrected full
	reprint.

IP classes used by designation rules: class I = invention patents, class II = utility models
and designs.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

APPLICATION_WEIGHTS = (2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5)

INVENTION = "Invention"
UTILITY_MODEL = "Utility Model"
DESIGN = "Design"

# type digit -> (patent type, entered China through the PCT)
TYPE_DIGITS: dict[int, tuple[str, bool]] = {
	1: (INVENTION, False),
	2: (UTILITY_MODEL, False),
	3: (DESIGN, False),
	8: (INVENTION, True),
	9: (UTILITY_MODEL, True),
}

IP_CLASSES = {INVENTION: "I", UTILITY_MODEL: "II", DESIGN: "II"}

# The 12-digit form began on 2003-10-01; the 8-digit form ran from 1985 (the first Patent Law)
# to 2003.
FIRST_YEAR_NEW_FORM = 2003
LEGACY_YEARS = (1985, 2003)

_PREFIX = re.compile(r"^(?:专利申请号|申请号|专利号)?[:：]?(?:CN|ZL)?")
_SEPARATORS = re.compile(r"[\s\-‐‑‒–—―−_/]+")
_DOTS = str.maketrans({"。": ".", "·": ".", "・": "."})
_APPLICATION = re.compile(r"^([0-9]{12}|[0-9]{8})\.?([0-9X])?$")


class PatentNumberError(ValueError):
	"""A patent number rule was broken; ``code`` names which, ``params`` carries the details."""

	def __init__(self, code: str, message: str, **params):
		super().__init__(message)
		self.code = code
		self.params = params


@dataclass(frozen=True)
class PatentIssue:
	"""One finding: a machine ``code``, its ``params`` and an English ``message`` for logs."""

	code: str
	params: dict[str, Any] = field(default_factory=dict)
	message: str = ""


@dataclass(frozen=True)
class ApplicationNumberResult:
	"""The outcome of :func:`check_application_number`.

	The parsed parts (``year``, ``type_digit`` ...) are filled in whenever the number could be
	parsed, even if it has errors (a wrong check character, say), so that a form can still show
	what was read.
	"""

	raw: str
	number: str
	"""Normal form ``201710601862.3`` when parseable, otherwise the cleaned input."""
	errors: tuple[PatentIssue, ...] = ()
	year: int | None = None
	type_digit: int | None = None
	patent_type: str | None = None
	"""'Invention', 'Utility Model' or 'Design'."""
	is_pct: bool = False
	ip_class: str | None = None
	"""'I' (inventions) or 'II' (utility models and designs)."""
	serial: str | None = None
	check_char: str | None = None
	expected_check: str | None = None
	is_legacy: bool = False
	"""The 8-digit form used before 2003-10-01."""

	@property
	def is_valid(self) -> bool:
		return not self.errors

	@property
	def patent_number(self) -> str | None:
		"""The granted patent's number, ``ZL`` + application number (when valid)."""
		return f"ZL{self.number}" if self.is_valid else None


@dataclass(frozen=True)
class PublicationNumber:
	"""A validated publication or grant number (see :func:`normalize_publication_number`)."""

	number: str
	"""Normal form, e.g. ``CN107123456A``."""
	serial: str
	kind: str
	"""The full kind code, e.g. ``B`` or ``C1``."""
	kind_letter: str
	kind_digit: int | None
	meaning: str
	"""Machine key for the kind, e.g. ``invention_grant`` (see :data:`KIND_MEANINGS`)."""
	patent_type: str
	warnings: tuple[PatentIssue, ...] = ()

	@property
	def description(self) -> str:
		return KIND_MEANINGS[self.meaning]

	@property
	def ip_class(self) -> str:
		return IP_CLASSES[self.patent_type]


KIND_MEANINGS = {
	"invention_application_publication": "Invention patent application publication",
	"invention_grant": "Invention patent grant",
	"invention_partial_invalidation": "Partial invalidation of an invention patent",
	"utility_model_grant": "Utility model patent grant",
	"utility_model_partial_invalidation": "Partial invalidation of a utility model patent",
	"design_grant": "Design patent grant",
	"design_partial_invalidation": "Partial invalidation of a design patent",
	"corrected_front_page": "Corrected reprint of the front page",
	"corrected_full_reprint": "Corrected full reprint",
}

# kind letter -> (patent type, meaning of the bare letter, meaning with a digit 1-7)
_KIND_LETTERS: dict[str, tuple[str, str, str | None]] = {
	"A": (INVENTION, "invention_application_publication", None),
	"B": (INVENTION, "invention_grant", None),
	"C": (INVENTION, "invention_partial_invalidation", "invention_partial_invalidation"),
	"U": (UTILITY_MODEL, "utility_model_grant", None),
	"Y": (UTILITY_MODEL, "utility_model_partial_invalidation", "utility_model_partial_invalidation"),
	"S": (DESIGN, "design_grant", "design_partial_invalidation"),
}
_SERIAL_TYPES = {"1": INVENTION, "2": UTILITY_MODEL, "3": DESIGN}
_PUBLICATION = re.compile(r"^CN([0-9]{9})([ABCUYS])([1-9])?$")


def _clean(raw: str | None) -> str:
	if raw is None:
		return ""
	text = unicodedata.normalize("NFKC", str(raw)).upper().translate(_DOTS)
	return _SEPARATORS.sub("", text)


def check_character(first_digits: str) -> str:
	"""The check character for the 12 (or, before 2003, 8) digits of an application number."""
	digits = _clean(first_digits)
	if not (digits.isascii() and digits.isdigit()) or len(digits) not in (8, 12):
		raise PatentNumberError(
			"wrong_length",
			f"an application number has 12 digits (8 before 2003) before its check character, got {digits!r}",
			length=len(digits),
		)
	remainder = sum(int(d) * w for d, w in zip(digits, APPLICATION_WEIGHTS[: len(digits)], strict=True)) % 11
	return "X" if remainder == 10 else str(remainder)


def check_application_number(raw: str | None, today: dt.date | None = None) -> ApplicationNumberResult:
	"""Parse and check an application (or ``ZL`` patent) number; never raises.

	Accepts ``CN``/``ZL`` prefixes, a ``申请号:``/``专利号:`` label, spaces, a missing dot,
	lower case ``x`` and full-width characters. ``today``, when given, also rejects a filing
	year in the future.
	"""
	raw_text = "" if raw is None else str(raw)
	cleaned = _PREFIX.sub("", _clean(raw_text), count=1)
	if not cleaned:
		return ApplicationNumberResult(raw_text, "", (PatentIssue("empty", {}, "No number was entered"),))

	match = _APPLICATION.match(cleaned)
	if not match:
		bad = "".join(dict.fromkeys(c for c in cleaned if c not in "0123456789X."))
		body = re.fullmatch(r"([0-9]+)\.?[0-9X]?", cleaned)
		if bad:
			issue = PatentIssue(
				"invalid_characters",
				{"characters": bad},
				f"Characters not allowed in an application number: {bad}",
			)
		elif body:
			issue = PatentIssue(
				"wrong_length",
				{"length": len(body.group(1))},
				f"An application number has 12 digits and a check character (8 before 2003), got {cleaned}",
			)
		else:
			issue = PatentIssue(
				"bad_format",
				{"number": cleaned},
				f"Not an application number (12 digits, a dot and a check character): {cleaned}",
			)
		return ApplicationNumberResult(raw_text, cleaned, (issue,))

	digits, check_char = match.group(1), match.group(2)
	legacy = len(digits) == 8
	expected = check_character(digits)
	if legacy:
		short = int(digits[:2])
		year = (1900 if short >= 85 else 2000) + short
		type_digit, serial = int(digits[2]), digits[3:]
	else:
		year, type_digit, serial = int(digits[:4]), int(digits[4]), digits[5:]

	errors: list[PatentIssue] = []
	if check_char is None:
		errors.append(
			PatentIssue(
				"missing_check_character",
				{"expected": expected},
				f"The check character is missing: {digits}.{expected} would be valid",
			)
		)
	elif check_char != expected:
		errors.append(
			PatentIssue(
				"check_character_mismatch",
				{"found": check_char, "expected": expected},
				f"Wrong check character {check_char}: expected {expected}",
			)
		)

	low, high = LEGACY_YEARS if legacy else (FIRST_YEAR_NEW_FORM, None)
	if today is not None:
		high = min(high, today.year) if high else today.year
	if year < low or (high is not None and year > high):
		errors.append(
			PatentIssue(
				"year_out_of_range",
				{"year": year, "from": low, "to": high},
				f"Filing year {year} is impossible for this form of number",
			)
		)

	patent_type, is_pct = TYPE_DIGITS.get(type_digit, (None, False))
	if patent_type is None:
		errors.append(
			PatentIssue(
				"unknown_type_digit",
				{"type_digit": type_digit},
				f"Unknown type digit {type_digit} (1, 2, 3, 8 or 9)",
			)
		)

	number = f"{digits}.{check_char}" if check_char else digits
	return ApplicationNumberResult(
		raw=raw_text,
		number=number,
		errors=tuple(errors),
		year=year,
		type_digit=type_digit,
		patent_type=patent_type,
		is_pct=is_pct,
		ip_class=IP_CLASSES.get(patent_type) if patent_type else None,
		serial=serial,
		check_char=check_char,
		expected_check=expected,
		is_legacy=legacy,
	)


def normalize_application_number(raw: str | None) -> str:
	"""The normal form ``201710601862.3`` of a valid number; raises :class:`PatentNumberError`.

	The error carries the first problem's ``code`` and ``params`` (for a wrong or missing check
	character, ``params["expected"]`` is the correct one).
	"""
	result = check_application_number(raw)
	if result.errors:
		first = result.errors[0]
		raise PatentNumberError(first.code, first.message, **first.params)
	return result.number


def normalize_publication_number(raw: str | None) -> PublicationNumber:
	"""Validate a publication or grant number such as ``CN 107123456 A``.

	Spaces, lower case and full-width characters are accepted; the ``CN`` prefix is required.
	A kind code that does not fit the type digit (``CN207123456A``) is a warning, not an error.
	Raises :class:`PatentNumberError` (code ``publication_format``) when it is not of the form
	``CN`` + 9 digits + kind code (A, B, C, U, Y or S, optionally followed by a digit 1-9).
	"""
	cleaned = _clean(raw)
	match = _PUBLICATION.match(cleaned)
	if not match:
		raise PatentNumberError(
			"publication_format",
			f"Not a Chinese publication number (CN + 9 digits + kind code such as A, B, U, S): {cleaned!r}",
			number=cleaned,
		)
	serial, letter, digit_text = match.groups()
	digit = int(digit_text) if digit_text else None
	patent_type, bare_meaning, numbered_meaning = _KIND_LETTERS[letter]
	warnings: list[PatentIssue] = []
	if digit == 8:
		meaning = "corrected_front_page"
	elif digit == 9:
		meaning = "corrected_full_reprint"
	elif digit is not None and numbered_meaning is not None:
		meaning = numbered_meaning
	else:
		meaning = bare_meaning
		if digit is not None:
			warnings.append(
				PatentIssue(
					"unusual_kind_code",
					{"kind": f"{letter}{digit}"},
					f"Kind code {letter}{digit} is not used by CNIPA; read as {letter}",
				)
			)
	serial_type = _SERIAL_TYPES.get(serial[0])
	if serial_type != patent_type:
		warnings.append(
			PatentIssue(
				"kind_type_mismatch",
				{"kind": letter, "type_digit": serial[0]},
				f"Kind code {letter} belongs to {patent_type} patents, but the number starts with {serial[0]}",
			)
		)
	kind = f"{letter}{digit_text or ''}"
	return PublicationNumber(
		number=f"CN{serial}{kind}",
		serial=serial,
		kind=kind,
		kind_letter=letter,
		kind_digit=digit,
		meaning=meaning,
		patent_type=patent_type,
		warnings=tuple(warnings),
	)
