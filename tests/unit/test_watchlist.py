import datetime as dt
import inspect
from decimal import Decimal

import pytest

from enterprise_support.domain import visit_coverage as vc
from enterprise_support.domain import watchlist as wl
from enterprise_support.domain.watchlist import (
	CLEAR,
	COMPLAINT,
	DEFAULT_RULES,
	DESIGNATION_EXPIRING,
	EMPLOYEES_DROP,
	FLAGGED,
	FREQUENT_REQUESTS,
	LOW_SATISFACTION,
	MISSING,
	NOT_VISITED,
	OVERDUE_REQUEST,
	REVENUE_DROP,
	SIGNALS,
	CaseCount,
	EnterpriseFacts,
	ExpiringDesignation,
	LowestRating,
	OverdueCase,
	SignalRule,
	WatchlistError,
	YearFigure,
	assess,
	drop_percent,
	explain_zh,
	format_cny,
	last_two,
	quiet,
	round_percent,
)

D = dt.date
TODAY = D(2026, 11, 28)
RULES = {rule.code: rule for rule in DEFAULT_RULES}
YI = Decimal(100_000_000)


def rule(code, **changes):
	base = RULES[code]
	return SignalRule(
		changes.get("code", base.code),
		changes.get("threshold", base.threshold),
		changes.get("weight", base.weight),
		changes.get("window_days", base.window_days),
		changes.get("enabled", base.enabled),
	)


def facts(**kwargs):
	return EnterpriseFacts("ENT-0001", **kwargs)


def revenue(*pairs):
	return facts(figures=tuple(YearFigure(year, value) for year, value in pairs))


def employees(*pairs):
	return facts(figures=tuple(YearFigure(year, None, value) for year, value in pairs))


def check(code, f, today=TODAY, **rule_changes):
	return wl._CHECKS[code](f, rule(code, **rule_changes), today)


# -- rules --------------------------------------------------------------------------------


def test_signals_and_default_rules():
	assert SIGNALS == (
		REVENUE_DROP,
		EMPLOYEES_DROP,
		FREQUENT_REQUESTS,
		COMPLAINT,
		OVERDUE_REQUEST,
		DESIGNATION_EXPIRING,
		NOT_VISITED,
		LOW_SATISFACTION,
	)
	assert [(r.code, r.threshold, r.weight, r.window_days, r.enabled) for r in DEFAULT_RULES] == [
		(REVENUE_DROP, Decimal(20), 30, None, True),
		(EMPLOYEES_DROP, Decimal(20), 20, None, True),
		(FREQUENT_REQUESTS, Decimal(3), 10, 90, True),
		(COMPLAINT, Decimal(1), 20, 90, True),
		(OVERDUE_REQUEST, Decimal(1), 15, None, True),
		(DESIGNATION_EXPIRING, Decimal(90), 10, 90, True),
		(NOT_VISITED, Decimal(0), 10, None, True),
		(LOW_SATISFACTION, Decimal(2), 15, 365, True),
	]


@pytest.mark.parametrize(
	"rules, code",
	[
		((SignalRule("stock_price", Decimal(1), 1, None),), "unknown_signal"),
		((RULES[COMPLAINT], RULES[COMPLAINT]), "repeated_signal"),
		((rule(REVENUE_DROP, threshold=20),), "bad_threshold"),
		((rule(REVENUE_DROP, threshold=Decimal(-1)),), "bad_threshold"),
		((rule(REVENUE_DROP, weight=-5),), "bad_weight"),
		((rule(REVENUE_DROP, weight=True),), "bad_weight"),
		((rule(COMPLAINT, window_days=None),), "bad_window"),
		((rule(LOW_SATISFACTION, window_days=0),), "bad_window"),
	],
)
def test_bad_rules_are_errors(rules, code):
	with pytest.raises(WatchlistError) as err:
		assess(facts(), rules, TODAY)
	assert err.value.code == code


# -- revenue and employees ------------------------------------------------------------------


def test_drop_percent_is_unrounded_and_rounded_half_up_for_display():
	assert drop_percent(Decimal("425000000"), Decimal("310000000")) == Decimal(
		"27.05882352941176470588235294"
	)
	assert round_percent(Decimal("26.5")) == 27
	assert round_percent(Decimal("26.49")) == 26
	assert round_percent(Decimal("-12.5")) == -13


def test_revenue_drop_flags_with_the_chinese_explanation():
	f = check(REVENUE_DROP, revenue((2025, Decimal("4.25") * YI), (2026, Decimal("3.1") * YI)))
	assert f.status == FLAGGED
	assert f.weight == 30
	assert (
		f.message == "Operating revenue down {drop}% ({previous_year}: {previous} → {latest_year}: {latest})"
	)
	assert f.params["drop"] == 27
	assert f.params["previous_year"] == 2025 and f.params["latest_year"] == 2026
	assert explain_zh(f) == "营业收入下降 27%（2025年 4.25 亿元 → 2026年 3.1 亿元）"
	assert f.message.format(**f.params) == "Operating revenue down 27% (2025: 425000000 → 2026: 310000000)"
	assert (f.params["previous_text"], f.params["latest_text"]) == ("4.25 亿元", "3.1 亿元")


def test_revenue_brief_example():
	f = check(REVENUE_DROP, revenue((2025, Decimal(420_000_000)), (2026, Decimal(310_000_000))))
	assert explain_zh(f) == "营业收入下降 26%（2025年 4.2 亿元 → 2026年 3.1 亿元）"


def test_revenue_drop_exactly_on_the_threshold_flags():
	f = check(REVENUE_DROP, revenue((2025, Decimal(10_000_000)), (2026, Decimal(8_000_000))))
	assert f.status == FLAGGED
	assert f.params["drop_exact"] == Decimal(20)
	assert explain_zh(f) == "营业收入下降 20%（2025年 1000 万元 → 2026年 800 万元）"


def test_revenue_drop_just_under_the_threshold_does_not_flag():
	# 19.99 %: the rounded display would say 20 %, the comparison does not round
	f = check(REVENUE_DROP, revenue((2025, Decimal(10_000_000)), (2026, Decimal(8_001_000))))
	assert f.status == CLEAR
	assert f.params["drop_exact"] == Decimal("19.99")
	assert f.params["drop"] == 20
	assert explain_zh(f) == "营业收入下降 19.99%，未达 20%（2025年 1000 万元 → 2026年 800.1 万元）"


def test_revenue_increase_and_flat_are_clear():
	up = check(REVENUE_DROP, revenue((2025, Decimal(3_000_000)), (2026, Decimal(3_600_000))))
	assert up.status == CLEAR
	assert explain_zh(up) == "营业收入增长 20%（2025年 300 万元 → 2026年 360 万元）"
	flat = check(REVENUE_DROP, revenue((2025, Decimal(800)), (2026, Decimal(800))))
	assert flat.status == CLEAR
	assert explain_zh(flat) == "营业收入持平（2025年 800 元 → 2026年 800 元）"


def test_revenue_with_one_year_is_missing():
	f = check(REVENUE_DROP, revenue((2026, Decimal(310_000_000))))
	assert f.status == MISSING
	assert f.message == "Operating revenue: no figures for the previous year, not assessed"
	assert explain_zh(f) == "营业收入缺少上一年度数据（仅有 2026年），未评估"


@pytest.mark.parametrize("previous", [Decimal(0), None])
def test_previous_year_not_reported_is_missing(previous):
	f = check(
		REVENUE_DROP, revenue((2024, Decimal(500_000_000)), (2025, previous), (2026, Decimal(310_000_000)))
	)
	assert f.status == MISSING
	assert f.params["latest_year"] == 2026
	assert f.message == "Operating revenue: no figures for the previous year, not assessed"


def test_no_revenue_at_all_is_missing():
	for f in (check(REVENUE_DROP, facts()), check(REVENUE_DROP, revenue((2025, 0), (2026, None)))):
		assert f.status == MISSING
		assert f.message == "Operating revenue: no figures reported, not assessed"
		assert explain_zh(f) == "营业收入未填报，未评估"


def test_latest_year_not_reported_compares_the_two_before():
	figures = revenue((2024, Decimal(500_000_000)), (2025, Decimal(350_000_000)), (2026, Decimal(0)))
	f = check(REVENUE_DROP, figures)
	assert f.status == FLAGGED
	assert explain_zh(f) == "营业收入下降 30%（2024年 5 亿元 → 2025年 3.5 亿元）"


def test_years_need_not_be_consecutive_and_order_does_not_matter():
	f = check(REVENUE_DROP, revenue((2026, Decimal(300_000)), (2023, Decimal(1_000_000))))
	assert f.status == FLAGGED
	assert explain_zh(f) == "营业收入下降 70%（2023年 100 万元 → 2026年 30 万元）"


def test_last_two_and_repeated_years():
	figures = (YearFigure(2026, Decimal(5)), YearFigure(2025, None, 10), YearFigure(2024, Decimal(7)))
	assert last_two(figures, "revenue") == (figures[1], figures[0])
	assert last_two(figures, "employees") == (figures[2], figures[1])
	with pytest.raises(WatchlistError) as err:
		last_two((YearFigure(2026, Decimal(5)), YearFigure(2026, Decimal(6))), "revenue")
	assert err.value.code == "repeated_year"


def test_employees_drop():
	f = check(EMPLOYEES_DROP, employees((2025, 200), (2026, 150)))
	assert f.status == FLAGGED and f.weight == 20
	assert explain_zh(f) == "员工人数下降 25%（2025年 200 人 → 2026年 150 人）"
	assert f.message == "Employees down {drop}% ({previous_year}: {previous} → {latest_year}: {latest})"
	on_line = check(EMPLOYEES_DROP, employees((2025, 200), (2026, 160)))
	assert on_line.status == FLAGGED and on_line.params["drop"] == 20
	under = check(EMPLOYEES_DROP, employees((2025, 10000), (2026, 8001)))
	assert under.status == CLEAR and under.params["drop_exact"] == Decimal("19.99")
	missing = check(EMPLOYEES_DROP, employees((2025, 0), (2026, 150)))
	assert missing.status == MISSING
	assert missing.message == "Employees: no figures for the previous year, not assessed"
	assert explain_zh(missing) == "员工人数缺少上一年度数据（仅有 2026年），未评估"


def test_float_figures_are_read_by_their_shortest_repr():
	f = check(REVENUE_DROP, revenue((2025, 0.3), (2026, 0.24)))
	assert f.params["drop_exact"] == Decimal(20)
	assert f.status == FLAGGED


@pytest.mark.parametrize(
	"amount, text",
	[
		(Decimal(420_000_000), "4.2 亿元"),
		(Decimal(425_000_000), "4.25 亿元"),
		(Decimal(300_000_000), "3 亿元"),
		(Decimal(100_000_000), "1 亿元"),
		(Decimal(123_456_789), "1.23 亿元"),
		(Decimal(99_999_999), "1 亿元"),
		(Decimal(3_500_000), "350 万元"),
		(Decimal(3_505_000), "350.5 万元"),
		(Decimal(10_000), "1 万元"),
		(Decimal(9_999), "9999 元"),
		(Decimal(800), "800 元"),
		(Decimal("800.50"), "800.5 元"),
		(Decimal(0), "0 元"),
		(Decimal(-3_500_000), "-350 万元"),
		(500_000_000, "5 亿元"),
	],
)
def test_format_cny(amount, text):
	assert format_cny(amount) == text


# -- requests, complaints, overdue ----------------------------------------------------------


def test_frequent_requests():
	four = facts(requests=CaseCount(4, ("ES-0001", "ES-0002", "ES-0003", "ES-0004")))
	f = check(FREQUENT_REQUESTS, four)
	assert f.status == FLAGGED and f.weight == 10
	assert explain_zh(f) == "90 天内提出诉求 4 件（ES-0001、ES-0002、ES-0003、ES-0004）"
	assert (
		f.message.format(**f.params) == "4 requests in the last 90 days (ES-0001, ES-0002, ES-0003, ES-0004)"
	)
	on_line = check(FREQUENT_REQUESTS, facts(requests=CaseCount(3, ("A", "B", "C"))))
	assert on_line.status == FLAGGED
	under = check(FREQUENT_REQUESTS, facts(requests=CaseCount(2, ("A", "B"))))
	assert under.status == CLEAR
	assert explain_zh(under) == "90 天内提出诉求 2 件"
	assert check(FREQUENT_REQUESTS, facts()).status == CLEAR


def test_only_the_first_names_are_listed():
	f = check(FREQUENT_REQUESTS, facts(requests=CaseCount(12, ("ES-1", "ES-2"))))
	assert explain_zh(f) == "90 天内提出诉求 12 件（ES-1、ES-2等）"


def test_request_window_comes_from_the_rule():
	f = check(FREQUENT_REQUESTS, facts(requests=CaseCount(5, ("A",))), window_days=30, threshold=Decimal(5))
	assert f.status == FLAGGED
	assert explain_zh(f) == "30 天内提出诉求 5 件（A等）"


def test_complaint():
	f = check(COMPLAINT, facts(complaints=CaseCount(1, ("ES-0007",))))
	assert f.status == FLAGGED and f.weight == 20
	assert explain_zh(f) == "90 天内有投诉举报 1 件（ES-0007）"
	none = check(COMPLAINT, facts())
	assert none.status == CLEAR
	assert explain_zh(none) == "90 天内无投诉举报"
	assert check(COMPLAINT, facts(complaints=CaseCount(1, ("X",))), threshold=Decimal(2)).status == CLEAR
	# a zero threshold does not flag an enterprise without complaints
	assert check(COMPLAINT, facts(), threshold=Decimal(0)).status == CLEAR


def test_overdue_request():
	cases = (OverdueCase("ES-0009", D(2026, 11, 20)), OverdueCase("ES-0003", D(2026, 11, 2)))
	f = check(OVERDUE_REQUEST, facts(overdue=cases))
	assert f.status == FLAGGED and f.weight == 15
	assert explain_zh(f) == "有 2 件诉求已超期（ES-0003、ES-0009）"
	assert f.message.format(**f.params) == "2 requests overdue (ES-0003, ES-0009)"
	none = check(OVERDUE_REQUEST, facts())
	assert none.status == CLEAR
	assert explain_zh(none) == "无超期诉求"
	assert check(OVERDUE_REQUEST, facts(overdue=cases[:1]), threshold=Decimal(2)).status == CLEAR


# -- designations ---------------------------------------------------------------------------

GIANT = '国家级专精特新"小巨人"'


def designation(valid_to, renewal_started=False, name="DES-0001", what=GIANT):
	return ExpiringDesignation(name, what, valid_to, renewal_started)


def test_designation_expiring_without_renewal():
	f = check(DESIGNATION_EXPIRING, facts(designations=(designation(D(2026, 12, 31)),)))
	assert f.status == FLAGGED and f.weight == 10
	assert explain_zh(f) == '国家级专精特新"小巨人"资质将于 2026-12-31 到期（剩 33 天），尚未启动复核'
	assert f.message.format(**f.params) == (
		'国家级专精特新"小巨人" expires on 2026-12-31 (33 days left); no renewal started'
	)


def test_designation_window_edges():
	on_line = check(DESIGNATION_EXPIRING, facts(designations=(designation(TODAY + dt.timedelta(days=90)),)))
	assert on_line.status == FLAGGED
	beyond = check(DESIGNATION_EXPIRING, facts(designations=(designation(TODAY + dt.timedelta(days=91)),)))
	assert beyond.status == CLEAR
	assert explain_zh(beyond) == "90 天内无待复核到期资质"
	last_day = check(DESIGNATION_EXPIRING, facts(designations=(designation(TODAY),)))
	assert last_day.status == FLAGGED
	assert explain_zh(last_day) == '国家级专精特新"小巨人"资质将于 2026-11-28 到期（剩 0 天），尚未启动复核'
	expired = check(DESIGNATION_EXPIRING, facts(designations=(designation(TODAY - dt.timedelta(days=1)),)))
	assert expired.status == CLEAR


def test_renewal_started_clears():
	f = check(DESIGNATION_EXPIRING, facts(designations=(designation(D(2026, 12, 31), True),)))
	assert f.status == CLEAR


def test_several_designations_soonest_first():
	items = (
		designation(D(2027, 1, 15), name="DES-2", what="高新技术企业"),
		designation(D(2026, 12, 31), name="DES-1"),
		designation(D(2026, 12, 1), True, name="DES-3", what="创新型中小企业"),
	)
	f = check(DESIGNATION_EXPIRING, facts(designations=items))
	assert f.params["count"] == 2
	assert explain_zh(f) == (
		'国家级专精特新"小巨人"资质将于 2026-12-31 到期（剩 33 天），尚未启动复核；'
		"高新技术企业资质将于 2027-01-15 到期（剩 48 天），尚未启动复核"
	)


# -- visits ---------------------------------------------------------------------------------


def test_not_visited_this_quarter():
	cov = vc.coverage_status(D(2026, 5, 10), TODAY, vc.QUARTER)
	f = check(NOT_VISITED, facts(coverage=cov))
	assert f.status == FLAGGED and f.weight == 10
	assert explain_zh(f) == "本季度应走访未走访（上次走访 2026-05-10）"
	assert f.message.format(**f.params) == "Not visited this Quarter (last visit 2026-05-10)"


def test_never_visited():
	f = check(NOT_VISITED, facts(coverage=vc.coverage_status(None, TODAY, vc.YEAR)))
	assert f.status == FLAGGED
	assert explain_zh(f) == "从未走访"
	assert f.message == "Never visited"


def test_due_and_visited_are_clear():
	due = check(NOT_VISITED, facts(coverage=vc.coverage_status(D(2026, 9, 30), TODAY, vc.QUARTER)))
	assert due.status == CLEAR
	assert explain_zh(due) == "本季度待走访，应于 2026-12-31 前完成"
	done = check(NOT_VISITED, facts(coverage=vc.coverage_status(D(2026, 10, 1), TODAY, vc.QUARTER)))
	assert done.status == CLEAR
	assert explain_zh(done) == "本季度已走访（2026-10-01）"
	no_rule = check(NOT_VISITED, facts())
	assert no_rule.status == CLEAR
	assert explain_zh(no_rule) == "无走访要求"


# -- satisfaction ---------------------------------------------------------------------------


def test_low_satisfaction():
	f = check(LOW_SATISFACTION, facts(lowest_rating=LowestRating(2, "ES-0042")))
	assert f.status == FLAGGED and f.weight == 15
	assert explain_zh(f) == "满意度评价 2 分（ES-0042）"
	assert check(LOW_SATISFACTION, facts(lowest_rating=LowestRating(1, "ES-1"))).status == FLAGGED
	three = check(LOW_SATISFACTION, facts(lowest_rating=LowestRating(3, "ES-0042")))
	assert three.status == CLEAR
	assert explain_zh(three) == "365 天内最低满意度评价 3 分"
	unrated = check(LOW_SATISFACTION, facts())
	assert unrated.status == CLEAR
	assert explain_zh(unrated) == "365 天内无满意度评价"


@pytest.mark.parametrize("rating", [0, 6, True, 2.0])
def test_a_rating_outside_one_to_five_is_an_error(rating):
	with pytest.raises(WatchlistError) as err:
		check(LOW_SATISFACTION, facts(lowest_rating=LowestRating(rating, "ES-1")))
	assert err.value.code == "bad_rating"


# -- assessment -----------------------------------------------------------------------------


def troubled():
	return EnterpriseFacts(
		"ENT-0001",
		figures=(
			YearFigure(2025, Decimal(420_000_000), 200),
			YearFigure(2026, Decimal(310_000_000), 190),
		),
		requests=CaseCount(4, ("ES-1", "ES-2", "ES-3", "ES-4")),
		complaints=CaseCount(1, ("ES-3",)),
		overdue=(OverdueCase("ES-2", D(2026, 11, 1)),),
		designations=(designation(D(2026, 12, 31)),),
		coverage=vc.coverage_status(D(2026, 5, 10), TODAY, vc.QUARTER),
		lowest_rating=LowestRating(2, "ES-1"),
	)


def test_score_is_the_sum_of_the_flagged_weights():
	result = assess(troubled(), DEFAULT_RULES, TODAY)
	assert [f.code for f in result.findings] == list(SIGNALS)
	assert [f.code for f in result.flagged] == [s for s in SIGNALS if s != EMPLOYEES_DROP]
	assert result.score == 30 + 10 + 20 + 15 + 10 + 10 + 15 == 110
	assert result.missing == ()
	assert result.enterprise == "ENT-0001"


def test_missing_findings_are_listed_and_not_scored():
	result = assess(EnterpriseFacts("ENT-0002"), DEFAULT_RULES, TODAY)
	assert [f.code for f in result.missing] == [REVENUE_DROP, EMPLOYEES_DROP]
	assert result.flagged == ()
	assert result.score == 0


def test_disabled_rules_give_no_finding_and_order_follows_signals():
	rules = tuple(reversed([rule(r.code, enabled=r.code != COMPLAINT) for r in DEFAULT_RULES]))
	result = assess(troubled(), rules, TODAY)
	assert COMPLAINT not in [f.code for f in result.findings]
	assert [f.code for f in result.findings] == [s for s in SIGNALS if s != COMPLAINT]
	assert result.score == 90


def test_weights_come_from_the_rules():
	rules = (rule(REVENUE_DROP, weight=50), rule(OVERDUE_REQUEST, weight=1))
	result = assess(troubled(), rules, TODAY)
	assert [f.code for f in result.findings] == [REVENUE_DROP, OVERDUE_REQUEST]
	assert result.score == 51


# -- acknowledgement ------------------------------------------------------------------------


def key_of(code, f, today=TODAY):
	return check(code, f, today).facts_key


def test_facts_key_is_stable_and_short():
	a = assess(troubled(), DEFAULT_RULES, TODAY)
	b = assess(troubled(), DEFAULT_RULES, TODAY)
	assert [f.facts_key for f in a.findings] == [f.facts_key for f in b.findings]
	assert all(len(f.facts_key) == 16 and int(f.facts_key, 16) >= 0 for f in a.findings)
	assert len({f.facts_key for f in a.findings}) == len(SIGNALS)


def test_facts_key_changes_with_the_facts():
	base = troubled()
	assert key_of(REVENUE_DROP, base) != key_of(
		REVENUE_DROP,
		revenue((2025, Decimal(420_000_000)), (2026, Decimal(300_000_000))),
	)
	assert key_of(
		REVENUE_DROP, revenue((2025, Decimal("420000000.00")), (2026, Decimal(310_000_000)))
	) == key_of(REVENUE_DROP, revenue((2025, Decimal(420_000_000)), (2026, Decimal("310000000"))))
	assert key_of(FREQUENT_REQUESTS, base) != key_of(
		FREQUENT_REQUESTS, facts(requests=CaseCount(4, ("ES-1", "ES-2", "ES-3", "ES-5")))
	)
	assert key_of(COMPLAINT, base) != key_of(COMPLAINT, facts(complaints=CaseCount(1, ("ES-4",))))
	assert key_of(OVERDUE_REQUEST, base) != key_of(
		OVERDUE_REQUEST, facts(overdue=(OverdueCase("ES-2", D(2026, 11, 2)),))
	)
	assert key_of(DESIGNATION_EXPIRING, base) != key_of(
		DESIGNATION_EXPIRING, facts(designations=(designation(D(2026, 12, 30)),))
	)
	assert key_of(LOW_SATISFACTION, base) != key_of(
		LOW_SATISFACTION, facts(lowest_rating=LowestRating(2, "ES-9"))
	)
	assert key_of(LOW_SATISFACTION, base) != key_of(
		LOW_SATISFACTION, facts(lowest_rating=LowestRating(1, "ES-1"))
	)


def test_facts_key_does_not_depend_on_today_or_days_left():
	f = facts(designations=(designation(D(2026, 12, 31)),))
	assert key_of(DESIGNATION_EXPIRING, f, D(2026, 11, 28)) == key_of(DESIGNATION_EXPIRING, f, D(2026, 12, 5))
	assert key_of(REVENUE_DROP, troubled(), D(2026, 1, 1)) == key_of(REVENUE_DROP, troubled(), D(2027, 1, 1))


def test_not_visited_key_is_per_period():
	q4 = vc.coverage_status(D(2026, 5, 10), D(2026, 11, 28), vc.QUARTER)
	q4_later = vc.coverage_status(D(2026, 5, 10), D(2026, 12, 20), vc.QUARTER)
	q1 = vc.coverage_status(D(2026, 5, 10), D(2027, 1, 5), vc.QUARTER)
	assert key_of(NOT_VISITED, facts(coverage=q4)) == key_of(NOT_VISITED, facts(coverage=q4_later))
	assert key_of(NOT_VISITED, facts(coverage=q4)) != key_of(NOT_VISITED, facts(coverage=q1))


def test_quiet_until_the_facts_change():
	result = assess(troubled(), DEFAULT_RULES, TODAY)
	by_code = {f.code: f for f in result.findings}
	acknowledged = {COMPLAINT: by_code[COMPLAINT].facts_key}
	assert quiet(by_code[COMPLAINT], acknowledged) is True
	assert quiet(by_code[REVENUE_DROP], acknowledged) is False
	assert quiet(by_code[REVENUE_DROP], {REVENUE_DROP: by_code[COMPLAINT].facts_key}) is False
	assert [f.code for f in result.unacknowledged(acknowledged)] == [
		s for s in SIGNALS if s not in (EMPLOYEES_DROP, COMPLAINT)
	]
	changed = EnterpriseFacts("ENT-0001", complaints=CaseCount(2, ("ES-3", "ES-8")))
	new = assess(changed, DEFAULT_RULES, TODAY)
	assert quiet(new.flagged[0], acknowledged) is False


def test_no_frappe_in_the_domain_modules():
	assert "import frappe" not in inspect.getsource(wl)
	assert "import frappe" not in inspect.getsource(vc)
