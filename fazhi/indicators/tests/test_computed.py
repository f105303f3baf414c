"""`Computed` figures evaluated for several periods at once (`LineIndicators.computed`, the lines' `computed_many`):
the same values as each figure's own `fn`, in one statement per table, and the dashboard asks them that way."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Deadline
from fazhi.cases.tests.factories import org
from fazhi.indicators import rollups
from fazhi.indicators.dashboard import dashboard, figure_scope
from fazhi.indicators.registry import Computed, Period, registry
from fazhi.legal_aid.models import Consultation
from fazhi.reconsideration.models import AgencyAnalysis, Litigation
from fazhi.reconsideration.tests.test_indicators import CITY, DONGHE, KUNDULUN, make_cases

pytestmark = pytest.mark.django_db
D = date

PERIODS = [
    Period.year(2024, "1502"),
    Period.year(2023, "1502"),
    Period.year(2024, "150202"),  # 东河区
    Period.year(2023, "150203"),  # 昆都仑区
    Period(D(2024, 3, 1), D(2024, 8, 31), "1502"),  # not whole years: any period
]


@pytest.fixture
def records(baotou, city_clerk):
    """Something in every computed figure's table, in both years, in the city office and two counties."""
    rows = [
        (office, "revoked" if i % 2 else "upheld", D(year, 2, 1), D(year, 2, 3), D(year, 5, 1), "ordinary")
        for year in (2023, 2024)
        for office in (CITY, DONGHE, KUNDULUN)
        for i in range(2)
    ]
    cases = make_cases(rows)
    clock = {"clock": "decision", "label": "审理期限", "basis": "第62条", "amount": 60, "unit": "CD"}
    for n, case in enumerate(cases):
        year = case.received_on.year
        if n % 3 == 0:  # stopped late in its year
            Deadline.objects.create(
                case=case, **clock, started_on=D(year, 2, 3), due_on=D(year, 4, 3), state="missed",
                stopped_on=D(year, 6, 1),
            )  # fmt: skip
        elif n % 3 == 1:  # still running past its due date (late at the end of both years when started in 2023)
            Deadline.objects.create(case=case, **clock, started_on=D(year, 2, 3), due_on=D(year, 4, 3))
        else:  # advisory: never overdue; plus one met in time
            Deadline.objects.create(case=case, **clock, started_on=D(year, 2, 3), due_on=D(year, 4, 3), advisory=True)
            Deadline.objects.create(
                case=case, **clock, started_on=D(year, 2, 3), due_on=D(year, 4, 3), state="met",
                stopped_on=D(year, 3, 1),
            )  # fmt: skip
        if n % 2:
            Litigation.objects.create(
                case=case, filed_on=D(year, 6, 1), court="东河区人民法院", result="lost", judged_on=D(year, 9, 1)
            )
    for year in (2023, 2024):
        for office in ("包头市司法局", DONGHE):
            analysis = AgencyAnalysis.objects.create(
                organisation=org(office), title="败诉纠错分析", reported_on=D(year, 4, 10)
            )
            analysis.lost_litigation_cases.add(*cases[:3])
            analysis.corrected_cases.add(*cases[1:5])
    for n, region in enumerate(("150200000000", "150202000000", "150202000000")):
        Organisation.objects.create(name=f"联系点{n}", short_name="企", kind="liaison_point", region_id=region)
    for year in (2023, 2024):
        for region, channels in (("150200000000", ("walk_in", "duty_lawyer")), ("150202000000", ("online",) * 3)):
            for channel in channels:
                Consultation.objects.create(
                    organisation=org("包头市法律援助中心"), region_id=region, channel=channel, on=D(year, 7, 1),
                    summary="咨询", handled_by=city_clerk,
                )  # fmt: skip
    rollups.rebuild()  # the clocks were written outside any step, as a loader writes them: a rebuild counts them
    return cases


def one_by_one(line: str, period: Period) -> dict[str, object]:
    li = registry()[line]
    return {i.key: i.fn(period, li) for i in li.indicators if isinstance(i, Computed)}


@pytest.mark.parametrize(
    ("line", "statements"),
    [
        # the tallies (overdue, lost suits) in one rollup read; the clocks again for the period that is not a
        # calendar year (overdue is tallied by year); liaison points; analyses
        ("reconsideration", 4),
        ("legal_aid", 1),  # the tallies: one rollup read
    ],
)
def test_many_periods_at_once_give_what_each_figure_gives_alone(records, line, statements):
    li = registry()[line]
    with CaptureQueriesContext(connection) as captured:
        together = li.computed(PERIODS)
    assert len(captured) == statements  # whatever the number of periods
    assert together == [one_by_one(line, p) for p in PERIODS]
    assert any(v for values in together for v in values.values())  # not a comparison of zeros
    assert li.computed(PERIODS[:1], only=frozenset({"missing"})) == [{}]


def test_the_batched_figures_are_the_expected_counts(records):
    city, last_year, donghe = registry()["reconsideration"].computed(PERIODS[:3])
    # 6 cases a year: 2 clocks stopped late, 2 running late (2024 also counts 2023's), 2 advisory or met
    assert (city["overdue"], last_year["overdue"], donghe["overdue"]) == (6, 4, 1)
    assert (city["lost_litigation"], last_year["lost_litigation"], donghe["lost_litigation"]) == (3, 3, 1)
    assert (city["analysis_reports"], city["lost_litigation_cases_analysed"], city["corrected_cases_analysed"]) == (
        2,
        3,
        4,
    )
    assert (donghe["analysis_reports"], city["enterprise_reconsideration_liaison_points"]) == (1, 3)
    assert donghe["enterprise_reconsideration_liaison_points"] == 2
    aid = registry()["legal_aid"].computed(PERIODS[:3])
    assert [(a["consultations"], a["duty_lawyer_help"]) for a in aid] == [(4, 1), (4, 1), (3, 0)]


def test_a_single_period_compute_uses_the_batch_and_agrees_with_the_records(records):
    li = registry()["reconsideration"]
    for period in PERIODS:
        fast, live = li.compute(period), li.compute_live(period)
        assert fast == live and {k: fast[k] for k in one_by_one(li.line, period)} == one_by_one(li.line, period)


def test_the_dashboard_reads_the_tallied_figures_from_the_rollups_alone(records, leader):
    scope = figure_scope(leader)
    with CaptureQueriesContext(connection) as captured:
        data = dashboard(scope, 2024)
    sql = [q["sql"] for q in captured]
    for table in ("cases_deadline", "reconsideration_litigation", "legal_aid_consultation"):
        assert not any(f'"{table}"' in s for s in sql), table  # counted ahead: no row of theirs is read
    figures = {(f.line, f.key): f for x in data["lines"] for f in x["all"]}
    for line in ("reconsideration", "legal_aid"):
        now, before = one_by_one(line, PERIODS[0]), one_by_one(line, PERIODS[1])
        for key, value in now.items():
            assert (figures[(line, key)].value, figures[(line, key)].previous) == (value, before[key])


def test_the_ranking_of_a_computed_figure_asks_all_counties_at_once(records, leader):
    scope = figure_scope(leader)
    with CaptureQueriesContext(connection) as captured:
        data = dashboard(scope, 2024, figure="reconsideration.overdue")
    assert not any('"cases_deadline"' in q["sql"] for q in captured)  # the clocks are tallied
    ranks = {r["code"]: r["value"] for r in data["ranking"]}
    assert ranks["150202000000"] == 1 and ranks["150203000000"] == 2 and ranks["150204000000"] == 0
