"""What the Industry Chain Report counts, in one place.

Each figure is defined once here, as SQL conditions, and used twice: by the report, which
counts it for every chain, link and node (one GROUP BY statement per family of figures), and by
the Industry Chain Details report, which lists the records behind one figure of one row. So
the list a manager drills down to always holds exactly the records that were counted.

Where an enterprise sits in a chain: its Chain Link (a link or a node) or, without one, its
chain. Each case carries a copy of its enterprise's chain, link and street, kept in step when
the enterprise moves (support_cases/enterprise_position.py), and the case figures read the
cases alone, from one covering index (``chain_figures_v3``, led by the position as a number); the patent figures are the
enterprise's own patent counts, kept current whenever a patent is saved or deleted
(enterprise_registry/rollups.py). So the report reads three tables once each and joins none of
the big ones: at city scale (100,000 enterprises, a million cases) it stays close to the time
the database needs for the one GROUP BY (benchmarks/bench_reports.py). A chain, link or node counts everything whose position is in its subtree of the
Industry Chain tree (nested set: ``lft``/``rgt``). The register's figures (enterprises, sizes,
designations, patents) count operating enterprises; case figures count the cases of every
enterprise in the chain, whatever its status now.

Filters: ``street`` (the enterprise's), ``chain`` (one chain's rows only), ``category`` (case
figures) and the period ``from_date``..``to_date``. A case is *received* in the period by its
``received_on``; it is *resolved* in the period when it is resolved or closed now and its
``resolved_on`` falls in the period (``Period``: the one definition every report uses, so
Deadline Compliance, Service Performance, the Industry Chain Report and its details count the
same cases). Resolution time, the share within the deadline and the average satisfaction are
taken over the cases resolved in the period. Open and overdue cases are counted now, whenever
they were received.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import frappe
from frappe.utils import add_days, get_datetime, getdate

from enterprise_support.domain import case_workflow as wf
from enterprise_support.enterprise_registry.designations import status_params, status_sql
from enterprise_support.support_cases.enterprise_position import POSITION_KEY_COLUMN, position_key_sql

OPERATING = "Operating"
SIZE_CLASSES = ("Large", "Medium", "Small", "Micro")
PATENT_TYPES = ("Invention", "Utility Model", "Design")
ACTIVE_DESIGNATION_STATUSES = ("Active", "Expiring")
# The high-tech enterprise designation is not on the cultivation ladder (tier rank 0) but is
# reported next to it: the one chosen in Industry Report Settings, by default this Designation
# Type record (seeded on install).
HIGH_TECH_DESIGNATION = "高新技术企业"
# Cases being worked on or waiting for the enterprise: neither a draft, nor resolved, nor
# finished (rejected, closed, merged).
OPEN_STATES = tuple(s for s in wf.STATES if s not in wf.FINAL_STATES and s not in (wf.DRAFT, wf.RESOLVED))
RESOLVED_STATES = (wf.RESOLVED, wf.CLOSED)
OVERDUE = "Overdue"
# A case resolved or closed now (``alias``: a case, or a group of cases in one state).
RESOLVED_NOW = "{alias}.workflow_state in %(resolved_states)s"
MET, MISSED = "Met", "Missed"

# Where an enterprise sits: its link or node, else its chain; for a case, its enterprise's.
POSITION = "coalesce(nullif(e.chain_link, ''), e.industry_chain)"
CASE_POSITION = "coalesce(nullif(c.chain_link, ''), c.industry_chain)"
# Cases, patents and designations are read in one sequential pass and each row finds its
# enterprise by primary key. Left to itself the optimizer may start from the enterprises and
# fetch their cases through the index on ``enterprise``: a random read per case, ten times
# slower on a million cases when the tables do not fit in the buffer pool (bench_reports.py).
FACT_TO_ENTERPRISE = "straight_join `tabEnterprise` e on e.name = {alias}.enterprise"

# Figure keys shared with the reports' JavaScript (drill-down links) and the details report.
ENTERPRISE_FIGURES = ("enterprises",)
DESIGNATION_FIGURES = ("designations",)
PATENT_FIGURES = ("patents", "class_i")
CASE_FIGURES = (
	"received",
	"open_cases",
	"resolved",
	"resolution_time",
	"within_deadline",
	"satisfaction",
	"overdue_now",
)


@dataclass(frozen=True)
class Period:
	"""A report period ``from_date``..``to_date`` (both days included; either may be open) and
	the case figures counted in it, as SQL conditions on ``c`` (Support Case).

	This is the one definition of "received in the period", "resolved in the period", "resolved
	within the deadline", "judged against the deadline" and "rated": every report that shows
	these figures takes its conditions and parameters from here.
	"""

	from_date: dt.date | None = None
	to_date: dt.date | None = None

	@classmethod
	def of(cls, from_date=None, to_date=None) -> Period:
		return cls(
			from_date=getdate(from_date) if from_date else None,
			to_date=getdate(to_date) if to_date else None,
		)

	def params(self) -> dict:
		return {
			"period_start": self.from_date,
			# received_on and resolved_on are datetimes: the period ends before the day after.
			"period_end": add_days(self.to_date, 1) if self.to_date else None,
			"resolved_states": RESOLVED_STATES,
			"met": MET,
			"judged": (MET, MISSED),
		}

	def _on(self, column: str) -> list[str]:
		parts = []
		if self.from_date:
			parts.append(f"{column} >= %(period_start)s")
		if self.to_date:
			parts.append(f"{column} < %(period_end)s")
		return parts

	def received(self) -> str:
		"""``c`` was received in the period (``1`` without a period)."""
		parts = self._on("c.received_on")
		return "(" + " and ".join(parts) + ")" if parts else "1"

	def resolved_in(self) -> str:
		"""``c`` was resolved in the period, whatever its state now (``1`` without a period)."""
		parts = self._on("c.resolved_on")
		return "(" + " and ".join(parts) + ")" if parts else "1"

	def resolved(self) -> str:
		"""``c`` is resolved (or closed) and was resolved in the period."""
		return f"({RESOLVED_NOW.format(alias='c')} and {self.resolved_in()})"

	def timed(self) -> str:
		"""Resolved in the period, with its working days to resolve."""
		return f"({self.resolved()} and c.resolution_working_days is not null)"

	def on_time(self) -> str:
		"""Resolved in the period within the resolution deadline."""
		return f"({self.resolved()} and c.sla_status = %(met)s)"

	def judged(self) -> str:
		"""Resolved in the period and judged against the deadline (within it or late)."""
		return f"({self.resolved()} and c.sla_status in %(judged)s)"

	def rated(self) -> str:
		"""Resolved in the period and rated by the enterprise (1-5)."""
		return f"({self.resolved()} and c.satisfaction_rating > 0)"


@dataclass(frozen=True)
class Scope:
	"""The report's filters, as SQL conditions and parameters."""

	street: str | None = None
	chain: str | None = None
	category: str | None = None
	from_date: dt.date | None = None
	to_date: dt.date | None = None

	@classmethod
	def from_filters(cls, filters) -> Scope:
		filters = filters or {}
		return cls(
			street=filters.get("street") or None,
			chain=filters.get("chain") or None,
			category=filters.get("category") or None,
			from_date=getdate(filters["from_date"]) if filters.get("from_date") else None,
			to_date=getdate(filters["to_date"]) if filters.get("to_date") else None,
		)

	@property
	def period(self) -> Period:
		return Period(self.from_date, self.to_date)

	def params(self) -> dict:
		return {
			"street": self.street,
			"chain": self.chain,
			"category": self.category,
			**self.period.params(),
			"operating": OPERATING,
			"open_states": OPEN_STATES,
			"active_designations": ACTIVE_DESIGNATION_STATUSES,
			"overdue": OVERDUE,
			"draft": wf.DRAFT,
		}

	def enterprise_conditions(self, operating_only: bool = True) -> list[str]:
		"""Conditions on ``e`` (Enterprise): in a chain, and in the street and chain asked for."""
		conditions = ["ifnull(e.industry_chain, '') != ''"]
		if operating_only:
			conditions.append("e.status = %(operating)s")
		if self.street:
			conditions.append("e.street = %(street)s")
		if self.chain:
			conditions.append("e.industry_chain = %(chain)s")
		return conditions

	def case_group_conditions(self, alias: str = "c") -> list[str]:
		"""Conditions on what a group of cases shares (``alias``: a case, or such a group): not a
		draft, its enterprise in a chain (by the copy of the position each case carries, whatever
		the enterprise's status) and in the chain asked for."""
		conditions = [f"{alias}.workflow_state != %(draft)s", f"ifnull({alias}.industry_chain, '') != ''"]
		if self.chain:
			conditions.append(f"{alias}.industry_chain = %(chain)s")
		return conditions

	def case_row_conditions(self) -> list[str]:
		"""Conditions on each case ``c``: the category, and its enterprise's street, asked for."""
		conditions = []
		if self.category:
			conditions.append("c.category = %(category)s")
		if self.street:
			conditions.append("c.street = %(street)s")
		return conditions

	def case_conditions(self) -> list[str]:
		"""Conditions on ``c`` (Support Case) for every case figure."""
		return [*self.case_group_conditions(), *self.case_row_conditions()]


def _where(conditions: list[str]) -> str:
	return " and ".join(conditions) if conditions else "1"


def _rolled_up(inner: str, measures: tuple[str, ...], by: tuple[str, ...] = ()) -> str:
	"""Sum per-position figures up the chain tree: every node gets the figures of its subtree.

	``inner`` selects ``position`` (an Industry Chain name), the ``by`` columns and the
	``measures``; the result has one row per node (and ``by`` value) named ``node``.
	"""
	extra = "".join(f", x.{column}" for column in by)
	sums = ", ".join(f"sum(x.{m}) as {m}" for m in measures)
	return f"""select anc.name as node{extra}, {sums}
		from ({inner}) x
		join `tabIndustry Chain` p on p.name = x.position
		join `tabIndustry Chain` anc on anc.lft <= p.lft and anc.rgt >= p.rgt
		group by anc.name{extra}"""


# --- the figure families: one statement each -------------------------------------------------

ENTERPRISE_MEASURES = ("enterprises", *(f"size_{s.lower()}" for s in SIZE_CLASSES))
PATENT_MEASURES = ("invention", "utility_model", "design", "class_i")
# The patent figures from each enterprise's own counts (enterprise_registry/rollups.py):
# patents by type, and Class I IP (granted inventions).
PATENT_COUNTS = {
	"invention": "invention_patent_count",
	"utility_model": "utility_model_count",
	"design": "design_patent_count",
	"class_i": "class_i_ip_count",
}


def enterprise_figures_sql(scope: Scope) -> str:
	"""SQL: one row per node with its operating enterprises, in all and by size class, and
	their patents by type and Class I IP."""
	sizes = ", ".join(f"sum(e.size_class = '{s}') as size_{s.lower()}" for s in SIZE_CLASSES)
	patents = ", ".join(f"sum(e.{column}) as {measure}" for measure, column in PATENT_COUNTS.items())
	inner = f"""select {POSITION} as position, count(*) as enterprises, {sizes}, {patents}
		from `tabEnterprise` e
		where {_where(scope.enterprise_conditions())}
		group by e.industry_chain, e.chain_link"""  # the covering index's order: no temporary table
	return _rolled_up(inner, (*ENTERPRISE_MEASURES, *PATENT_MEASURES))


def enterprise_figures(scope: Scope) -> dict[str, dict]:
	"""node -> operating enterprises, in all and by size class, and their patents by type and
	Class I IP (``PATENT_MEASURES``)."""
	rows = frappe.db.sql(enterprise_figures_sql(scope), scope.params(), as_dict=True)
	return {row.node: row for row in rows}


def designation_figures(scope: Scope, designation_types: list[str]) -> dict[str, dict[str, int]]:
	"""node -> {designation type: active designations of operating enterprises}."""
	if not designation_types:
		return {}
	inner = f"""select {POSITION} as position, sd.designation_type, count(*) as designations
		from `tabSpecialist Designation` sd
		{FACT_TO_ENTERPRISE.format(alias="sd")}
		where {status_sql("sd")} in %(active_designations)s and sd.designation_type in %(designation_types)s
			and {_where(scope.enterprise_conditions())}
		group by position, sd.designation_type"""
	rows = frappe.db.sql(
		_rolled_up(inner, ("designations",), by=("designation_type",)),
		{**scope.params(), **status_params(), "designation_types": tuple(designation_types)},
		as_dict=True,
	)
	figures: dict[str, dict[str, int]] = {}
	for row in rows:
		figures.setdefault(row.node, {})[row.designation_type] = int(row.designations)
	return figures


CASE_MEASURES = (
	"open_cases",
	"overdue_now",
	"received",
	"resolved",
	"resolution_days",
	"timed",
	"met",
	"judged",
	"rating_sum",
	"rated",
)


def case_figures(scope: Scope) -> dict[str, dict]:
	"""node -> case counts and the sums behind the averages and shares.

	One pass over the covering index of the cases (``chain_figures_v3`` holds every column
	read), grouped by the index's leading columns so the groups stream in index order without
	a temporary table: per position, state and SLA status, how many cases and how many of them
	were received, or resolved, in the period (with their working days and ratings). The state
	and SLA conditions are then applied to these few thousand groups instead of to every case:
	the same figures as ``Period``'s conditions on each case (bench_reports.py checks them
	against a statement that applies them case by case).

	The position is grouped by its 64-bit key (``enterprise_position.POSITION_KEY_COLUMN``)
	and named again by joining the Industry Chain nodes on the same key; in the (never yet
	seen) case of two nodes sharing a key, or before the key column exists, the groups are
	made by the position's names instead (``_case_groups_by_name``), with the same figures.
	"""
	if _position_keys_usable():
		groups, position = _case_groups_by_key(scope)
	else:
		groups, position = _case_groups_by_name(scope)
	resolved_now = RESOLVED_NOW.format(alias="g")
	open_now = "g.workflow_state in %(open_states)s"
	inner = f"""select {position} as position,
			sum(if({open_now}, g.cases, 0)) as open_cases,
			sum(if({open_now} and g.sla_status = %(overdue)s, g.cases, 0)) as overdue_now,
			sum(g.received) as received,
			sum(if({resolved_now}, g.resolved_in, 0)) as resolved,
			sum(case when {resolved_now} then g.days_in end) as resolution_days,
			sum(if({resolved_now}, g.timed_in, 0)) as timed,
			sum(if({resolved_now} and g.sla_status = %(met)s, g.resolved_in, 0)) as met,
			sum(if({resolved_now} and g.sla_status in %(judged)s, g.resolved_in, 0)) as judged,
			sum(case when {resolved_now} then g.rating_sum_in end) as rating_sum,
			sum(if({resolved_now}, g.rated_in, 0)) as rated
		from {groups}
		where g.workflow_state != %(draft)s
		group by position"""
	rows = frappe.db.sql(NO_SPLIT + _rolled_up(inner, CASE_MEASURES), scope.params(), as_dict=True)
	return {row.node: row for row in rows}


# Two of MariaDB's optimisations make this statement slower, and it turns them off for itself:
# "splitting" the grouped cases by the node they are joined to (a LATERAL DERIVED plan) regroups
# the cases once per node, three to four times slower than the one pass in index order; and
# pushing the groups' "not a draft" condition down into the pass compares every case's state
# name, where checking the few thousand groups is enough.
NO_SPLIT = "set statement optimizer_switch = 'split_materialized=off,condition_pushdown_for_derived=off' for "


def _case_group_measures(period: Period) -> str:
	"""The sums each group of cases carries: all its cases, those received in the period, and
	those resolved in it with their working days and ratings.

	These are evaluated for every case (a million at city scale), so each is written to cost
	as little as it can: "resolved in the period" is one condition repeated in each sum (MariaDB
	does not share it), and the period's bounds that no case lies beyond are left out
	(``_in_period``)."""
	reach = frappe.db.sql(
		"""select min(received_on), max(received_on), min(resolved_on), max(resolved_on)
		from `tabSupport Case`"""
	)[0]
	received = _in_period(period, "received_on", reach[0], reach[1])
	resolved = _in_period(period, "resolved_on", reach[2], reach[3])
	return f"""count(*) as cases,
			sum({received}) as received,
			sum({resolved}) as resolved_in,
			sum(if({resolved}, c.resolution_working_days, null)) as days_in,
			count(if({resolved}, c.resolution_working_days, null)) as timed_in,
			sum(if({resolved} and c.satisfaction_rating > 0, c.satisfaction_rating, null)) as rating_sum_in,
			count(if({resolved} and c.satisfaction_rating > 0, 1, null)) as rated_in"""


def _in_period(period: Period, column: str, earliest, latest) -> str:
	"""``period``'s condition on ``c.<column>`` (``Period._on``: from the first day, before the
	day after the last), less a bound no case lies beyond: with ``earliest`` and ``latest`` the
	column's smallest and largest value among all cases, read in the same transaction (so on
	the same snapshot) as the figures. It selects the same cases as the full condition."""
	if not (period.from_date or period.to_date):
		return "1"
	parts = []
	if period.from_date and not (
		earliest is not None and get_datetime(earliest) >= get_datetime(period.from_date)
	):
		parts.append(f"c.{column} >= %(period_start)s")
	if period.to_date and not (
		latest is not None and get_datetime(latest) < get_datetime(add_days(period.to_date, 1))
	):
		parts.append(f"c.{column} < %(period_end)s")
	# Both bounds left out: still only the cases with a date (a missing one is in no period).
	return "(" + " and ".join(parts) + ")" if parts else f"c.{column} is not null"


def _case_groups_by_key(scope: Scope) -> tuple[str, str]:
	"""FROM clause (alias ``g``) and position expression: groups by position key, state and
	SLA status; each group named by the node with its key."""
	conditions = [f"c.{POSITION_KEY_COLUMN} is not null", *scope.case_row_conditions()]
	if scope.chain:
		conditions.append("c.industry_chain = %(chain)s")
	groups = f"""(select c.{POSITION_KEY_COLUMN} as position_key, c.workflow_state, c.sla_status,
			{_case_group_measures(scope.period)}
		from `tabSupport Case` c
		where {_where(conditions)}
		group by c.{POSITION_KEY_COLUMN}, c.workflow_state, c.sla_status) g
		join (select n.name, {position_key_sql("n.name")} as position_key
			from `tabIndustry Chain` n) named on named.position_key = g.position_key"""
	return groups, "named.name"


def _case_groups_by_name(scope: Scope) -> tuple[str, str]:
	"""The same groups, by the position's chain and link names."""
	conditions = [*scope.case_group_conditions("c"), *scope.case_row_conditions()]
	groups = f"""(select c.industry_chain, c.chain_link, c.workflow_state, c.sla_status,
			{_case_group_measures(scope.period)}
		from `tabSupport Case` c
		where {_where(conditions)}
		group by c.industry_chain, c.chain_link, c.workflow_state, c.sla_status) g"""
	return groups, "coalesce(nullif(g.chain_link, ''), g.industry_chain)"


def _position_keys_usable() -> bool:
	"""Whether the cases have their position key and no two Industry Chain nodes share one."""
	if not frappe.db.has_column("Support Case", POSITION_KEY_COLUMN):
		return False
	shared = frappe.db.sql(
		f"""select count(*) - count(distinct {position_key_sql("n.name")})
		from `tabIndustry Chain` n"""
	)[0][0]
	return not shared


# --- the records behind one figure (Industry Chain Details) ------------------------------------


def node_condition(node: str | None, alias: str = "e") -> tuple[str, dict]:
	"""A condition placing the enterprise (``e``) or the case's copy of its position (``c``)
	under ``node`` (any chain when None)."""
	if not node:
		return "1", {}
	info = frappe.db.get_value("Industry Chain", node, ["node_type", "lft", "rgt"], as_dict=True)
	if not info:
		return "0", {}
	if info.node_type == "Chain":
		return f"{alias}.industry_chain = %(node)s", {"node": node}
	return (
		f"""{alias}.chain_link in (select d.name from `tabIndustry Chain` d
			where d.lft >= %(node_lft)s and d.rgt <= %(node_rgt)s)""",
		{"node_lft": info.lft, "node_rgt": info.rgt},
	)


def case_figure_condition(figure: str, scope: Scope) -> str:
	"""The condition on ``c`` that selects the cases a case figure counts."""
	p = scope.period
	return {
		"open_cases": "c.workflow_state in %(open_states)s",
		"overdue_now": "c.workflow_state in %(open_states)s and c.sla_status = %(overdue)s",
		"received": p.received(),
		"resolved": p.resolved(),
		"resolution_time": p.timed(),
		"within_deadline": p.judged(),
		"satisfaction": p.rated(),
	}[figure]


def high_tech_designation() -> str:
	return (
		frappe.db.get_single_value("Industry Report Settings", "high_tech_designation")
		or HIGH_TECH_DESIGNATION
	)


def reported_designation_types() -> list[str]:
	"""The designation types the report has a column for: the ladder tiers, lowest first,
	then the high-tech enterprise designation."""
	return frappe.db.sql_list(
		"""select name from `tabDesignation Type`
		where tier_rank > 0 or name = %(high_tech)s
		order by tier_rank = 0, tier_rank, name""",
		{"high_tech": high_tech_designation()},
	)
