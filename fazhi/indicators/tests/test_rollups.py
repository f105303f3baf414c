"""Rollups kept in the writers' transactions agree with a rebuild from case records and with a live count."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection

from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, TransitionError, available_transitions, case_transition
from fazhi.cases.tests.factories import org
from fazhi.indicators import rollups
from fazhi.indicators.models import Rollup, RollupDelta
from fazhi.indicators.registry import Period, registry
from fazhi.legal_aid.models import HardshipStandardRecord
from fazhi.legal_aid.services import AidApplication, aid_application_register
from fazhi.mediation.services import Dispute, dispute_register
from fazhi.reconsideration.services import Application, reconsideration_intake

pytestmark = pytest.mark.django_db
DATA = {  # plausible data for any step's required keys
    "procedure_type": "ordinary",
    "items": "材料",
    "reasons": "理由",
    "ground": "5",
    "decision": "upheld",
    "record": "记录",
    "method": "电话",
    "agreement": "协议",
    "settlement": "和解",
    "content": "意见",
    "opinion": "意见",
    "terms": "条款",
    "routes": "诉讼",
    "consent": "同意",
    "extension_days": "5",
    "reported_to": "派出所",
    "measures": "劝导",
    "court": "法院",
    "confirmation_result": "granted",
    "performance": "performed",
    "result": "won",
    "report": "报告",
    "quality_grade": "good",
    "assignee_kind": "lawyer",
    "lawyer": "律师",
    "firm": "律所",
    "practice_years": "5",
    "amount_awarded": "12000",
    "override_reason": "特殊困难",
    "written_review_reason": "书面审理",
    "place": "听证室",
}


def random_history(rng: random.Random, users) -> None:
    start = date(2024, 1, 2)
    for i in range(45):
        received = start + timedelta(days=rng.randint(0, 300))
        kind = i % 3
        if kind == 0:
            case = reconsideration_intake(
                organisation=org("包头市人民政府行政复议办公室"),
                actor=users["city_clerk"],
                application=Application(
                    applicant=PartyInput(role="applicant", name="甲"), act_description="罚款", received_on=received
                ),
            )
        elif kind == 1:
            case = dispute_register(
                organisation=org("和平路街道人民调解委员会"),
                actor=users["mediator"],
                dispute=Dispute(
                    parties=[PartyInput(role="applicant", name="乙")],
                    dispute_type=rng.choice(["neighbour", "labour"]),
                    summary="纠纷",
                    received_on=received,
                    amount=Decimal(rng.randint(0, 9000)),
                    escalation_risk=rng.random() < 0.3,
                ),
            )
        else:
            case = aid_application_register(
                organisation=org("包头市法律援助中心"),
                actor=users["city_clerk"],
                application=AidApplication(
                    applicant=PartyInput(role="applicant", name="丙"),
                    case_category="civil",
                    matter="labour",
                    summary="欠薪",
                    received_on=received,
                    monthly_income_per_capita=Decimal(rng.choice([900, 3000])),
                    recipient_group="migrant_worker",
                    claim_kind="wages",
                ),
            )
        on = received
        for _ in range(rng.randint(0, 6)):
            actor = users[rng.choice(["city_clerk", "city_head", "mediator", "leader"])]
            steps = [t for t in available_transitions(case, actor) if t.code not in ("schedule_hearing",)]
            if not steps:
                continue
            t = rng.choice(steps)
            on = on + timedelta(days=rng.randint(0, 20))
            data = {k: DATA.get(k, "x") for k in t.required}
            if t.code == "agree_written":
                data["agreement_effective_on"] = on.isoformat()
            try:
                case = case_transition(case=case, code=t.code, actor=actor, on=on, data=data)
            except TransitionError:
                case = Case.objects.get(pk=case.pk)


def snapshot() -> dict:
    periods = [Period.year(2024, "1502"), Period.year(2025, "1502"), Period.year(2024, "150202001")]
    return {(line, p): li.compute(p) for line, li in registry().items() for p in periods}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_incremental_rollups_equal_a_rebuild_and_a_live_count(baotou, seed):
    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2023, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    random_history(random.Random(seed), baotou)
    assert Case.objects.filter(closed_on__isnull=False).count() >= 5  # the histories do close cases
    incremental = snapshot()
    live = {(line, p): registry()[line].compute_live(p) for line, p in incremental}
    assert incremental == live
    rollups.fold()
    assert not RollupDelta.objects.exists() and snapshot() == incremental
    rollups.rebuild()
    assert snapshot() == incremental
    assert Rollup.objects.exists()


def test_a_caller_needing_one_figure_skips_the_ones_that_query_their_own_tables(baotou):
    values = registry()["reconsideration"].compute(Period.year(2024, "1502"), only=frozenset({"received"}))
    assert values["received"] == 0 and "correction_rate_pct" in values
    assert "overdue" not in values  # a Computed figure with its own query
    assert "average_days_to_close" in values  # a CaseDays figure: rolled up like the counts


@pytest.mark.parametrize("state", ["pending deltas", "folded", "rebuilt"])
def test_one_grid_read_gives_every_month_and_region_what_the_records_give(baotou, state):
    """The dashboard's one grouped read per line, summed over any month and county (county grain) or township
    (case grain), equals a separate read of that part and a live count of the records."""
    from calendar import monthrange

    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2023, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    random_history(random.Random(7), baotou)
    if state == "folded":
        rollups.fold()
        assert {"case", "county", "city"} == set(Rollup.objects.values_list("grain", flat=True).distinct())
    elif state == "rebuilt":
        rollups.rebuild()
        assert not RollupDelta.objects.exists()
        assert {"case", "county", "city"} == set(Rollup.objects.values_list("grain", flat=True).distinct())

    def nonzero(totals):
        return {k: v for k, v in totals.items() if v != (0, Decimal(0))}

    townships = sorted({code[:9] for code in Case.objects.values_list("region_id", flat=True) if code[6:9] != "000"})
    split = 0
    for line, li in registry().items():
        by_county = rollups.read_grid(line, Period(date(2024, 1, 1), date(2025, 12, 31), "1502"), 6)
        by_township = rollups.read_grid(line, Period(date(2024, 1, 1), date(2025, 12, 31), "1502"), 9)
        for month in range(1, 13):
            last = monthrange(2024, month)[1]
            for grid, prefixes in ((by_county, ["1502", "150202", "150203", "150204"]), (by_township, townships)):
                for prefix in prefixes:
                    period = Period(date(2024, month, 1), date(2024, month, last), prefix)
                    part = nonzero(rollups.grid_totals(grid, period))
                    assert part == nonzero(rollups.read(line, period)), (line, month, prefix)
                    assert part == nonzero(li.live_totals(period)), (line, month, prefix)
                    split += bool(part) and prefix != "1502"
    assert townships and split  # the histories put cases in counties and townships, so both splits are exercised


def test_a_period_that_is_not_whole_months_is_counted_from_the_records(baotou):
    random_history(random.Random(4), baotou)
    li = registry()["reconsideration"]
    period = Period(date(2024, 3, 15), date(2024, 9, 10), "1502")
    assert not period.whole_months and Period.year(2024, "1502").whole_months
    with pytest.raises(ValueError):
        rollups.read("reconsideration", period)
    assert li.compute(period) == li.compute_live(period)
    assert li.compute(period)["received"] == li.indicator_cases("received", period).count()


def test_the_dashboard_ranks_every_figure_by_county_as_the_records_count_it(baotou):
    """Each figure the ranking may show (counts, sums, averages, ratios), read per county from one grouped read
    of its own measures, equals a live count for that county."""
    from fazhi.indicators import dashboard as d

    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2023, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    random_history(random.Random(11), baotou)
    rollups.fold()
    scope = d.figure_scope(baotou["leader"])
    page = d.dashboard(scope, 2024)
    nonzero = 0
    for choice, _label in page["figure_choices"]:
        line, key = choice.split(".", 1)
        li = registry()[line]
        for row in d.ranking(scope, 2024, line, key):
            expected = li.compute_live(Period.year(2024, row["code"][:6]))[key]
            assert row["value"] == expected, (choice, row["code"])
            nonzero += bool(row["value"])
    assert nonzero
    for x in page["lines"]:  # the year's cards equal a live count of the city too
        live = registry()[x["line"]].compute_live(Period.year(2024, scope.prefix))
        assert {f.key: f.value for f in x["figures"]} == {f.key: live[f.key] for f in x["figures"]}


def _withdrawn_reconsideration(baotou) -> Case:
    case = reconsideration_intake(
        organisation=org("包头市人民政府行政复议办公室"),
        actor=baotou["city_clerk"],
        application=Application(
            applicant=PartyInput(role="applicant", name="甲"), act_description="罚款", received_on=date(2024, 3, 1)
        ),
    )
    Case.objects.filter(pk=case.pk).update(outcome="withdrawn", state="closed", closed_on=date(2024, 4, 2))
    return case


def test_contributions_follow_changed_outcome_sets_and_a_swapped_registry(baotou, settings, monkeypatch):
    """The compiled statements are kept per line: changed settings or other declarations compile afresh."""
    import dataclasses

    case = _withdrawn_reconsideration(baotou)
    key = ("reconsideration", "mediated_or_settled", date(2024, 4, 1), case.region_id)
    assert key not in rollups.contributions([case.pk])  # 撤回 is not 调解和解 by default
    settings.FAZHI_INDICATORS = {"reconsideration": {"mediated_or_settled": ["mediation_statement", "withdrawn"]}}
    assert rollups.contributions([case.pk])[key] == (1, 0)

    li = registry()["reconsideration"]
    only_received = dataclasses.replace(
        li, indicators=tuple(i for i in li.indicators if i.key == "received"), tallies=()
    )
    monkeypatch.setattr(rollups, "registry", lambda: {"reconsideration": only_received})
    assert set(rollups.contributions([case.pk])) == {("reconsideration", "received", date(2024, 3, 1), case.region_id)}


def test_the_rollups_add_eight_small_queries_to_a_step(baotou, django_assert_num_queries):
    """The cases' lines once, per line the case measures, the counted events and the clocks (the overdue tally of
    reconsideration, fazhi.indicators.tallies) before and after, one insert. (Nine queries below: those eight and
    the change itself.) On PostgreSQL the database makes the difference (fazhi.indicators.rollup_sql): the case
    measures and events in one prepared statement before, one INSERT … SELECT after, the tally before and after:
    five, six with the change."""
    case = _withdrawn_reconsideration(baotou)
    before = rollups.contributions([case.pk])
    with rollups.tracking([case.pk]):  # PostgreSQL: the session prepares the line's statements once, here
        pass
    with django_assert_num_queries(6 if connection.vendor == "postgresql" else 9), rollups.tracking([case.pk]):
        Case.objects.filter(pk=case.pk).update(closed_on=date(2024, 5, 6))
    moved = {(d.measure, d.month, d.count) for d in RollupDelta.objects.filter(measure="closed")}
    assert moved >= {("closed", date(2024, 4, 1), -1), ("closed", date(2024, 5, 1), 1)}
    assert sum(v[0] for v in before.values()) == sum(v[0] for v in rollups.contributions([case.pk]).values())


def test_a_delta_committed_while_folding_waits_for_the_next_fold(baotou, monkeypatch):
    """Ids are taken before commit, so a delta may become visible mid-fold with an id below the ones read: the
    fold deletes only the rows it summed (with `id <= last` the late delta was lost)."""
    month = date(2024, 3, 1)

    def delta(**kw):
        return RollupDelta.objects.create(
            line="reconsideration", measure="received", month=month, region_code="150202001000", count=1, **kw
        )

    first, gap, last = (delta().pk for _ in range(3))
    RollupDelta.objects.filter(pk=gap).delete()
    original = Rollup.objects.bulk_create

    def late_writer(*args, **kwargs):  # the writer that took id `gap.pk` commits now
        delta(id=gap)
        return original(*args, **kwargs)

    monkeypatch.setattr(Rollup.objects, "bulk_create", late_writer)
    rollups.fold()
    monkeypatch.setattr(Rollup.objects, "bulk_create", original)
    assert list(RollupDelta.objects.values_list("id", flat=True)) == [gap] and first < gap < last
    period = Period(month, date(2024, 3, 31), "1502")
    assert rollups.read("reconsideration", period)["received"] == (3, 0)
    rollups.fold()
    assert not RollupDelta.objects.exists() and rollups.read("reconsideration", period)["received"] == (3, 0)
