"""Visit coverage per group (走访覆盖统计): the figures of the Visit Coverage report for each
service officer, street or industry chain — enterprises covered, visited, due, overdue and
the share visited — from each enterprise's coverage (domain/visit_coverage.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from enterprise_support.domain.visit_coverage import Coverage, tally


@dataclass(frozen=True)
class GroupCoverage:
	"""The figures of one group; ``key`` is "" for enterprises with no officer, street or chain."""

	key: str
	total: int
	visited: int
	due: int
	overdue: int

	@property
	def coverage_percent(self) -> float:
		"""Visited as a share of the enterprises covered, in per cent to one decimal (0 when none)."""
		return round(100.0 * self.visited / self.total, 1) if self.total else 0.0


def group_coverage(items: Iterable[tuple[str | None, Coverage]]) -> list[GroupCoverage]:
	"""Figures per group from (group key, coverage) pairs, by key, the unassigned ("") last."""
	groups: dict[str, list[Coverage]] = {}
	for key, coverage in items:
		groups.setdefault(key or "", []).append(coverage)
	rows = []
	for key in sorted(groups, key=lambda k: (k == "", k)):
		counts = tally(groups[key])
		rows.append(GroupCoverage(key, counts.total, counts.visited, counts.due, counts.overdue))
	return rows
