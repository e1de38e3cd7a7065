"""One year of an enterprise's reported figures (the history the watch list compares)."""

from __future__ import annotations

from enterprise_support.permissions import ChildRow


class EnterpriseAnnualFigure(ChildRow):
	"""A row of Enterprise.annual_figures: year, operating revenue (10k CNY), employees.
	0 means not reported (domain/figures.py); the parent validates the rows."""

	pass
