"""What users type is plain text: the rules that keep web-page code out of it.

Every page escapes what it shows (portal templates, report formatters); these rules are the
second line: text that a browser would read as a tag is refused (requests, replies) or, for a
person's name, cleaned of the markup.
"""

from __future__ import annotations

import re

# What a browser reads as the start of a tag: "<" directly followed by a letter, "/", "!" or
# "?" (an unclosed "<base href=//host/ " too, which would swallow the page's own markup up to
# the next ">"), the named dangerous tags even with spaces, script URLs and event attributes.
# "<" before a digit or a space ("<10万元", "a < b") is ordinary text and allowed.
FORBIDDEN_MARKUP = re.compile(
	r"<[a-z/!?]"
	r"|<\s*/?\s*(script|iframe|object|embed|style|link|meta|form|base|svg|img)\b"
	r"|javascript\s*:"
	r"|on\w+\s*=",
	re.I,
)

_TAG = re.compile(r"<[^<>]*>")
_SPACES = re.compile(r"\s+")


def contains_markup(text: str | None) -> bool:
	"""Whether ``text`` holds something a browser could read as markup or script."""
	return bool(text) and bool(FORBIDDEN_MARKUP.search(text))


def clean_name(name: str | None) -> str:
	"""A person's name without markup: whole tags dropped, stray angle brackets removed,
	runs of white space made one space. Ordinary names (张伟, Anne-Marie O'Neil) are kept."""
	text = _TAG.sub("", name or "")
	text = text.replace("<", "").replace(">", "")
	return _SPACES.sub(" ", text).strip()
