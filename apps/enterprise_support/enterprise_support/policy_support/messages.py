"""Translated messages for the policy engine's findings, keyed by their machine codes."""

from __future__ import annotations

from frappe import _

from enterprise_support.domain.policy_matching import ATTRIBUTES, PolicyConditionError


def attribute_name(attribute: str | None) -> str:
	"""The Chinese name of an attribute (``patents.invention`` -> 发明专利), or the key itself."""
	info = ATTRIBUTES.get(attribute or "")
	return info.name_zh if info else (attribute or "")


def _value_kind(kind: str) -> str:
	return {
		"number": _("a number"),
		"date": _("a date (yyyy-mm-dd)"),
		"code": _("an industry code of GB/T 4754, such as C38 or C3879"),
		"size": _("a size class: Large, Medium, Small or Micro"),
		"bool": _("yes or no (or 1/0)"),
	}.get(kind, _("a text"))


def condition_error_message(error: PolicyConditionError) -> str:
	"""What is wrong with a condition row, naming the row: ``Condition row 2: ...``."""
	p = error.params
	row = p.get("row", "?")
	attribute = attribute_name(p.get("attribute"))
	operator = p.get("operator") or ""
	value = p.get("value")
	value = (
		"、".join(map(str, value)) if isinstance(value, (list, tuple)) else ("" if value is None else value)
	)
	if error.code == "unknown_attribute":
		if not p.get("attribute"):
			text = _("choose the attribute to check")
		else:
			text = _("{0} is not an attribute that can be checked").format(p.get("attribute"))
	elif error.code == "unknown_operator":
		text = _("{0} is not an operator; choose one of {1}").format(
			p.get("operator") or _("(empty)"), " ".join(p.get("allowed") or [])
		)
	elif error.code == "operator_not_allowed":
		text = _("{0} cannot be compared with {1}; use one of: {2}").format(
			attribute, operator, " / ".join(p.get("allowed") or [])
		)
	elif error.code == "missing_value":
		text = _("enter the value to compare {0} with").format(attribute)
	elif error.code == "invalid_value":
		text = _("{0} is not valid for {1}: enter {2}").format(
			p.get("item", value), attribute, _value_kind(p.get("value_type", ""))
		)
	elif error.code == "too_many_values":
		text = _("{0} {1} takes a single value, not {2}; use the operator in for a list").format(
			attribute, operator, value
		)
	elif error.code == "unknown_designation":
		text = _("{0} is not a designation type on this site").format("、".join(p.get("names") or []))
	else:
		text = str(error)
	return _("Condition row {0}: {1}").format(row, text)
