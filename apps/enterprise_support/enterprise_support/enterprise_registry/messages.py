"""Chinese (translated) messages for the domain's findings, keyed by their machine codes."""

from __future__ import annotations

from frappe import _


def uscc_message(issue) -> str:
	p = issue.params
	if issue.code == "empty":
		return _("Enter the Unified Social Credit Code")
	if issue.code == "wrong_length":
		return _("A Unified Social Credit Code has 18 characters; this one has {0}").format(p["length"])
	if issue.code == "invalid_characters":
		return _(
			"The code contains characters that are not allowed: {0} (only digits and capital letters other than I, O, S, V and Z)"
		).format(p["characters"])
	if issue.code == "division_not_digits":
		return _("Characters 3 to 8 (the administrative division code) must be digits, not {0}").format(
			p["division"]
		)
	if issue.code == "check_character_mismatch":
		return _("The check character (18th) is {0}; by the national standard it should be {1}").format(
			p["found"], p["expected"]
		)
	if issue.code == "organisation_check_mismatch":
		return _(
			"The organisation code's check character (17th) is {0}; by GB 11714 it should be {1}"
		).format(p["found"], p["expected"])
	return issue.message


def patent_message(issue) -> str:
	p = issue.params
	if issue.code == "empty":
		return _("Enter the patent application number")
	if issue.code == "invalid_characters":
		return _("The application number contains characters that are not allowed: {0}").format(
			p.get("characters", "")
		)
	if issue.code in ("wrong_length", "bad_format"):
		return _(
			"An application number has 12 digits and a check character, like 201710601862.3 (8 digits before October 2003)"
		)
	if issue.code == "missing_check_character":
		return _("The check character after the dot is missing; for this number it is {0}").format(
			p.get("expected", "")
		)
	if issue.code == "check_character_mismatch":
		return _("The check character is {0}; for this number it should be {1}").format(
			p["found"], p["expected"]
		)
	if issue.code == "year_out_of_range":
		return _("The year {0} in the application number is not possible").format(p.get("year", ""))
	if issue.code == "unknown_type_digit":
		return _(
			"The type digit {0} is not a patent type (1 invention, 2 utility model, 3 design, 8 PCT invention, 9 PCT utility model)"
		).format(p.get("digit", p.get("type_digit", "")))
	return issue.message
