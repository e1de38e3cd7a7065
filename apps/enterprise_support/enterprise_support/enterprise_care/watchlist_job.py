"""The daily watch-list job (企业预警): gather the facts of every operating enterprise set-wise,
assess them with :mod:`enterprise_support.domain.watchlist`, and bring the Enterprise Watch
Flag records and Enterprise.watch_score in line.

Facts are gathered with one query per signal over all enterprises (GROUP BY enterprise), never
document by document:

* figures -- the Enterprise Annual Figure history, plus the enterprise's own latest figures
  (annual_revenue in 10k CNY, employees, revenue_year) as that year's row when the history
  lacks the year;
* requests and complaints -- cases received in the rule's window, Draft and Merged cases left
  out; a complaint is a case of the category 投诉举报;
* overdue -- open cases whose SLA status is Overdue now;
* designations -- designations in force that end within the rule's window. **A renewal has
  been started** when the enterprise holds another designation of the same type that ends
  later (typically the renewed certificate, 'Not Yet Valid' until the old one ends);
* visits -- the latest Enterprise Visit on or before today against the site's Visit Coverage
  Rules, read as the Visit Coverage report reads them (a site without rules holds nobody to
  visits). While no visit has been recorded at all
  (or the visits table does not exist yet) the visit signal is not assessed: it would flag
  every enterprise as never visited. Each enterprise's missing data is said as such;
* satisfaction -- the lowest rating given in the window and its case.

Reconciling is set-wise too: flags that no longer fire are deleted, new and changed flags are
written with one bulk insert (a changed flag is replaced, keeping its first day, note and
acknowledgement), and watch_score is set with one UPDATE. An acknowledged flag stays
acknowledged while its facts key equals the acknowledged one; new facts put it On Watch again.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

import frappe
from frappe import _
from frappe.translate import print_language
from frappe.utils import cint, flt, getdate, now_datetime, nowdate

from enterprise_support.domain import case_workflow as wf
from enterprise_support.domain import visit_coverage as vc
from enterprise_support.domain import watchlist as wl
from enterprise_support.enterprise_care.doctype.enterprise_watch_flag.enterprise_watch_flag import (
	flag_name,
)
from enterprise_support.enterprise_care.visits import coverage_rules
from enterprise_support.enterprise_care.watch_rules import load_rules

FLAG = "Enterprise Watch Flag"
ACTIVE = "On Watch"
ACKNOWLEDGED = "Acknowledged"
COMPLAINT_CATEGORY = "投诉举报"
OPERATING = "Operating"
OPEN_STATES = (
	wf.SUBMITTED,
	wf.ACCEPTED,
	wf.DISPATCHED,
	wf.IN_PROGRESS,
	wf.RETURNED,
	wf.AWAITING_ENTERPRISE,
	wf.REOPENED,
)
NOT_COUNTED_STATES = (wf.DRAFT, wf.MERGED)
CASE_NAMES_SHOWN = 5
CHUNK = 5000
INSERT_ROWS = 1000
FLAG_COLUMNS = (
	"name",
	"enterprise",
	"enterprise_name",
	"service_officer",
	"street",
	"industry_chain",
	"signal",
	"weight",
	"explanation",
	"facts_key",
	"status",
	"acknowledged_key",
	"note",
	"acknowledged_by",
	"acknowledged_on",
	"first_flagged_on",
	"last_evaluated_on",
)


def run_daily() -> None:
	"""The scheduler's entry (hooks.py, daily)."""
	run()


def run(today: dt.date | str | None = None, enterprises: Sequence[str] | None = None) -> dict:
	"""Assess every operating enterprise (or only ``enterprises``) on ``today`` and reconcile
	the flags and scores. Returns counts: enterprises assessed, flagged, flags inserted,
	replaced, deleted, and whether visit data was there."""
	today = getdate(today or nowdate())
	result = evaluate(today, enterprises)
	counts = reconcile(result["assessments"], today, enterprises)
	counts.update(
		enterprises=len(result["assessments"]),
		flagged=sum(1 for a in result["assessments"].values() if a.flagged),
		visit_data=result["visit_data"],
	)
	return counts


def evaluate(today: dt.date, enterprises: Sequence[str] | None = None) -> dict:
	"""The assessment of each enterprise with facts: ``{"assessments": {name: Assessment},
	"visit_data": bool}``. Without visit data the visit signal is left out (and said missing)."""
	rules = load_rules()
	by_code = {rule.code: rule for rule in rules}
	facts, visit_data = gather_facts(today, by_code, enterprises)
	used = rules if visit_data else tuple(r for r in rules if r.code != wl.NOT_VISITED)
	wl.validate_rules(used)
	return {
		"assessments": {
			name: wl.assess(item, used, today, rules_checked=True) for name, item in facts.items()
		},
		"visit_data": visit_data,
	}


# -- facts -------------------------------------------------------------------------------


def _scope(column: str, enterprises: Sequence[str] | None) -> str:
	return f" and {column} in %(enterprises)s" if enterprises is not None else ""


def _window_start(today: dt.date, rule: wl.SignalRule | None) -> dt.date:
	return today - dt.timedelta(days=max(cint(rule.window_days) if rule else 0, 0))


def gather_facts(
	today: dt.date, rules: dict[str, wl.SignalRule], enterprises: Sequence[str] | None = None
) -> tuple[dict[str, wl.EnterpriseFacts], bool]:
	"""One query per signal; returns the facts of every enterprise that has any, and whether
	visit data exists."""
	if enterprises is not None and not enterprises:
		return {}, False
	params = {
		"enterprises": tuple(enterprises or ()),
		"operating": OPERATING,
		"not_counted": NOT_COUNTED_STATES,
		"open_states": OPEN_STATES,
		"complaint": COMPLAINT_CATEGORY,
		"today": today,
		"tomorrow": today + dt.timedelta(days=1),
	}
	operating = f"e.status = %(operating)s{_scope('e.name', enterprises)}"
	parts: dict[str, dict] = defaultdict(dict)

	for name, figures in _figures(operating, params).items():
		parts[name]["figures"] = figures
	for key, code, extra in (
		("requests", wl.FREQUENT_REQUESTS, ""),
		("complaints", wl.COMPLAINT, " and c.category = %(complaint)s"),
	):
		for name, count in _case_counts(operating, params, _window_start(today, rules.get(code)), extra):
			parts[name][key] = count
	for name, overdue in _overdue(operating, params).items():
		parts[name]["overdue"] = overdue
	window = cint(rules[wl.DESIGNATION_EXPIRING].window_days) if wl.DESIGNATION_EXPIRING in rules else 0
	for name, items in _designations(operating, params, today, window).items():
		parts[name]["designations"] = items
	for name, rating in _lowest_ratings(
		operating, params, _window_start(today, rules.get(wl.LOW_SATISFACTION))
	).items():
		parts[name]["lowest_rating"] = rating
	coverages, visit_data = _coverages(operating, params, today)
	for name, coverage in coverages.items():
		parts[name]["coverage"] = coverage

	return {name: wl.EnterpriseFacts(enterprise=name, **fields) for name, fields in parts.items()}, visit_data


def _figures(operating: str, params: dict) -> dict[str, tuple[wl.YearFigure, ...]]:
	"""The figures history plus the enterprise's latest figures for a year the history lacks.
	Revenue goes from 10k CNY to CNY."""
	by_enterprise: dict[str, dict[int, wl.YearFigure]] = defaultdict(dict)
	for name, year, revenue, employees in frappe.db.sql(
		f"""select f.parent, f.year, f.operating_revenue, f.employees
		from `tabEnterprise Annual Figure` f join `tabEnterprise` e on e.name = f.parent
		where f.parenttype = 'Enterprise' and f.parentfield = 'annual_figures' and {operating}""",
		params,
	):
		by_enterprise[name][cint(year)] = _year_figure(year, revenue, employees)
	for name, year, revenue, employees in frappe.db.sql(
		f"""select e.name, e.revenue_year, e.annual_revenue, e.employees from `tabEnterprise` e
		where {operating} and e.revenue_year > 0 and (e.annual_revenue > 0 or e.employees > 0)""",
		params,
	):
		if cint(year) not in by_enterprise[name]:
			by_enterprise[name][cint(year)] = _year_figure(year, revenue, employees)
	return {name: tuple(years.values()) for name, years in by_enterprise.items() if years}


def _year_figure(year, revenue_wan, employees) -> wl.YearFigure:
	revenue = flt(revenue_wan)
	return wl.YearFigure(
		year=cint(year),
		revenue=(Decimal(repr(revenue)) * wl.WAN).normalize() if revenue > 0 else None,
		employees=cint(employees) or None,
	)


def _case_counts(operating: str, params: dict, since: dt.date, extra: str) -> Iterable:
	"""(enterprise, CaseCount) of the cases received from ``since`` to today."""
	rows = frappe.db.sql(
		f"""select c.enterprise, count(*),
			substring_index(group_concat(c.name order by c.received_on, c.name separator '\\n'),
				'\\n', {CASE_NAMES_SHOWN})
		from `tabSupport Case` c join `tabEnterprise` e on e.name = c.enterprise
		where c.received_on >= %(since)s and c.received_on < %(tomorrow)s
			and c.workflow_state not in %(not_counted)s{extra} and {operating}
		group by c.enterprise""",
		{**params, "since": since},
	)
	for name, count, names in rows:
		yield name, wl.CaseCount(count=cint(count), names=tuple((names or "").split("\n")) if names else ())


def _overdue(operating: str, params: dict) -> dict[str, tuple[wl.OverdueCase, ...]]:
	found: dict[str, list] = defaultdict(list)
	for name, case, due in frappe.db.sql(
		f"""select c.enterprise, c.name, c.resolution_due
		from `tabSupport Case` c join `tabEnterprise` e on e.name = c.enterprise
		where c.sla_status = 'Overdue' and c.workflow_state in %(open_states)s and {operating}""",
		params,
	):
		found[name].append(wl.OverdueCase(name=case, due=getdate(due) if due else dt.date.min))
	return {name: tuple(items) for name, items in found.items()}


def _designations(
	operating: str, params: dict, today: dt.date, window: int
) -> dict[str, tuple[wl.ExpiringDesignation, ...]]:
	"""Designations in force ending within ``window`` days, with whether a renewal was started
	(another designation of the same type for the same enterprise that ends later)."""
	if window < 1:
		return {}
	found: dict[str, list] = defaultdict(list)
	for name, record, kind, valid_to, renewed in frappe.db.sql(
		f"""select d.enterprise, d.name, d.designation_type, d.valid_to,
			exists(select 1 from `tabSpecialist Designation` r where r.enterprise = d.enterprise
				and r.designation_type = d.designation_type and r.name != d.name
				and r.valid_to > d.valid_to)
		from `tabSpecialist Designation` d join `tabEnterprise` e on e.name = d.enterprise
		where d.valid_to >= %(today)s and d.valid_to <= %(until)s
			and (d.valid_from is null or d.valid_from <= %(today)s) and {operating}""",
		{**params, "until": today + dt.timedelta(days=window)},
	):
		found[name].append(
			wl.ExpiringDesignation(
				name=record, designation_name=kind, valid_to=getdate(valid_to), renewal_started=bool(renewed)
			)
		)
	return {name: tuple(items) for name, items in found.items()}


def _lowest_ratings(operating: str, params: dict, since: dt.date) -> dict[str, wl.LowestRating]:
	"""The lowest rating given from ``since`` to today and its case, per enterprise: a range of
	the ``rated_on`` index (the cases rated in the window), not a scan of every case."""
	rows = frappe.db.sql(
		f"""select c.enterprise, min(c.satisfaction_rating),
			substring_index(group_concat(c.name order by c.satisfaction_rating, c.rated_on desc,
				c.name separator '\\n'), '\\n', 1)
		from `tabSupport Case` c join `tabEnterprise` e on e.name = c.enterprise
		where c.satisfaction_rating between 1 and 5 and c.rated_on >= %(since)s
			and c.rated_on < %(tomorrow)s and {operating}
		group by c.enterprise""",
		{**params, "since": since},
	)
	return {
		name: wl.LowestRating(rating=cint(rating), case_name=case) for name, rating, case in rows if rating
	}


def visits_recorded() -> bool:
	"""Whether any visit has been recorded on the site."""
	if not frappe.db.table_exists("Enterprise Visit"):
		return False
	return bool(frappe.db.sql("select 1 from `tabEnterprise Visit` where docstatus < 2 limit 1"))


def _coverages(operating: str, params: dict, today: dt.date) -> tuple[dict[str, vc.Coverage], bool]:
	"""Each enterprise's visit coverage on ``today``; nothing while no visit is recorded."""
	if not visits_recorded():
		return {}, False
	rules = coverage_rules()  # the same rules as the Visit Coverage report
	found = {}
	for name, is_key, rank, last_visit in frappe.db.sql(
		f"""select e.name, e.is_key_enterprise, t.tier_rank, v.last_visit
		from `tabEnterprise` e
		left join `tabDesignation Type` t on t.name = e.highest_designation
		left join (select enterprise, max(visit_date) as last_visit from `tabEnterprise Visit`
			where docstatus < 2 and visit_date <= %(today)s group by enterprise) v
			on v.enterprise = e.name
		where {operating}""",
		params,
	):
		rule = vc.rule_for(bool(is_key), cint(rank) or None, rules)
		if rule is not None:
			found[name] = vc.coverage_status(getdate(last_visit) if last_visit else None, today, rule.period)
	return found, True


# -- explanations ------------------------------------------------------------------------


def explain(finding: wl.Finding) -> str:
	"""The finding as the user reads it: Chinese from the domain on a Chinese site, else the
	domain's English template, translated."""
	if (frappe.local.lang or "zh").startswith("zh"):
		return wl.explain_zh(finding)
	return _(finding.message).format(**finding.params)


def missing_notes(assessment: wl.Assessment | None, visit_data: bool) -> list[str]:
	"""What could not be assessed for lack of data, each said in one sentence."""
	notes = [explain(f) for f in assessment.missing] if assessment else []
	if not visit_data:
		notes.append(_("No visits are recorded yet: visit coverage is not assessed"))
	return notes


# -- reconciling -------------------------------------------------------------------------


def reconcile(
	assessments: dict[str, wl.Assessment], today: dt.date, enterprises: Sequence[str] | None = None
) -> dict:
	"""Bring the flags in line with the assessments, set-wise; then the scores. The
	explanations are written in the site's language, whoever runs the job."""
	if enterprises is not None and not enterprises:
		return {"inserted": 0, "replaced": 0, "deleted": 0}
	with print_language(frappe.db.get_default("lang") or "zh"):
		return _reconcile(assessments, today, enterprises)


def _reconcile(
	assessments: dict[str, wl.Assessment], today: dt.date, enterprises: Sequence[str] | None
) -> dict:
	scope = " where enterprise in %(enterprises)s" if enterprises is not None else ""
	params = {"enterprises": tuple(enterprises or ())}
	existing = {
		row.name: row
		for row in frappe.db.sql(
			f"select {', '.join(f'`{c}`' for c in FLAG_COLUMNS)} from `tab{FLAG}`{scope}",
			params,
			as_dict=True,
		)
	}
	flagged = {
		flag_name(name, finding.code): (name, finding)
		for name, assessment in assessments.items()
		for finding in assessment.flagged
	}
	context = _enterprise_context({name for name, _finding in flagged.values()})
	now = now_datetime()
	to_write, replaced = [], []
	for key, (name, finding) in flagged.items():
		old = existing.get(key)
		row = _flag_row(key, name, finding, context.get(name) or {}, old, today)
		if old is not None:
			if all(
				_same(old.get(column), row[column])
				for column in FLAG_COLUMNS
				if column != "last_evaluated_on"
			):
				continue
			replaced.append(key)
		to_write.append(row)
	gone = [key for key in existing if key not in flagged]
	_delete(gone + replaced)
	if to_write:
		_insert_flags(
			[
				tuple(row[c] for c in FLAG_COLUMNS) + ("Administrator", "Administrator", now, now, 0, 0)
				for row in to_write
			]
		)
	frappe.db.sql(f"update `tab{FLAG}` set last_evaluated_on = %(today)s{scope}", {**params, "today": today})
	update_scores(enterprises)
	return {"inserted": len(to_write) - len(replaced), "replaced": len(replaced), "deleted": len(gone)}


def _flag_row(key: str, name: str, finding: wl.Finding, context: dict, old, today: dt.date) -> dict:
	acknowledged = bool(old and old.status == ACKNOWLEDGED and old.acknowledged_key == finding.facts_key)
	return {
		"name": key,
		"enterprise": name,
		"enterprise_name": context.get("enterprise_name"),
		"service_officer": context.get("service_officer"),
		"street": context.get("street"),
		"industry_chain": context.get("industry_chain"),
		"signal": finding.code,
		"weight": finding.weight,
		"explanation": explain(finding),
		"facts_key": finding.facts_key,
		"status": ACKNOWLEDGED if acknowledged else ACTIVE,
		"acknowledged_key": old.acknowledged_key if old else None,
		"note": old.note if old else None,
		"acknowledged_by": old.acknowledged_by if old else None,
		"acknowledged_on": old.acknowledged_on if old else None,
		"first_flagged_on": old.first_flagged_on if old and old.first_flagged_on else today,
		"last_evaluated_on": today,
	}


def _insert_flags(rows: list[tuple]) -> None:
	"""Multi-row INSERTs of INSERT_ROWS flags each, the values escaped by the driver (Frappe's
	``bulk_insert`` renders every value through its query builder: about half a millisecond per
	row, most of a first run over 100,000 enterprises)."""
	columns = (*FLAG_COLUMNS, "owner", "modified_by", "creation", "modified", "docstatus", "idx")
	one = "(" + ", ".join(["%s"] * len(columns)) + ")"
	head = f"insert into `tab{FLAG}` ({', '.join(f'`{c}`' for c in columns)}) values "
	for start in range(0, len(rows), INSERT_ROWS):
		chunk = rows[start : start + INSERT_ROWS]
		frappe.db.sql(head + ", ".join([one] * len(chunk)), tuple(value for row in chunk for value in row))


def _same(a, b) -> bool:
	return (a or None) == (b or None) or str(a) == str(b)


def _enterprise_context(names: set[str]) -> dict[str, dict]:
	context = {}
	names = sorted(names)
	for start in range(0, len(names), CHUNK):
		for row in frappe.db.sql(
			"""select name, enterprise_name, service_officer, street, industry_chain
			from `tabEnterprise` where name in %(names)s""",
			{"names": tuple(names[start : start + CHUNK])},
			as_dict=True,
		):
			context[row.name] = row
	return context


def _delete(names: list[str]) -> None:
	for start in range(0, len(names), CHUNK):
		frappe.db.sql(
			f"delete from `tab{FLAG}` where name in %(names)s", {"names": tuple(names[start : start + CHUNK])}
		)


def update_scores(enterprises: Sequence[str] | None = None) -> None:
	"""Enterprise.watch_score = the sum of the weights of its flags On Watch, in one UPDATE."""
	if enterprises is not None and not enterprises:
		return
	scope = " and e.name in %(enterprises)s" if enterprises is not None else ""
	frappe.db.sql(
		f"""update `tabEnterprise` e
		left join (select enterprise, sum(weight) as score from `tab{FLAG}`
			where status = %(active)s group by enterprise) f on f.enterprise = e.name
		set e.watch_score = coalesce(f.score, 0)
		where e.watch_score != coalesce(f.score, 0){scope}""",
		{"active": ACTIVE, "enterprises": tuple(enterprises or ())},
	)
