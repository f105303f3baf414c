"""Legal-aid figures from case-level records against hand counts."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.indicators import rollups
from fazhi.indicators.registry import Period
from fazhi.legal_aid.indicators import INDICATORS
from fazhi.legal_aid.models import Consultation, LegalAidDetail

pytestmark = pytest.mark.django_db
D = date


def make(rows: list[tuple]) -> None:
    """rows: (route, category, received, accepted, closed, outcome, group, claim, awarded, collected, grade)."""
    centre = org("包头市法律援助中心")
    cases = Case.objects.bulk_create(
        Case(
            line="legal_aid",
            number=f"包援〔{r[2].year}〕{i}号",
            organisation=centre,
            region=centre.region,
            title="t",
            state="closed" if r[4] else "received",
            outcome=r[5],
            received_on=r[2],
            accepted_on=r[3],
            closed_on=r[4],
        )
        for i, r in enumerate(rows, start=1)
    )
    LegalAidDetail.objects.bulk_create(
        LegalAidDetail(
            case=c,
            route=r[0],
            case_category=r[1],
            recipient_group=r[6],
            claim_kind=r[7],
            amount_awarded=r[8],
            amount_collected=r[9],
            quality_grade=r[10],
        )
        for c, r in zip(cases, rows, strict=True)
    )
    rollups.rebuild()  # rows written in bulk, as a loader would: the figures read rollups


def test_figures_match_a_hand_count(baotou, settings, city_clerk):
    a = "application"
    make(
        [
            (
                a,
                "civil",
                D(2024, 1, 3),
                D(2024, 1, 5),
                D(2024, 4, 1),
                "won",
                "migrant_worker",
                "wages",
                50000,
                40000,
                "excellent",
            ),
            (
                a,
                "civil",
                D(2024, 2, 3),
                D(2024, 2, 5),
                D(2024, 5, 1),
                "mediated",
                "herder",
                "work_injury",
                30000,
                30000,
                "good",
            ),
            (
                a,
                "civil",
                D(2024, 3, 3),
                D(2024, 3, 5),
                D(2024, 6, 1),
                "won",
                "",
                "wages",
                9000,
                9000,
                "",
            ),  # not a worker group
            (a, "civil", D(2024, 3, 3), D(2024, 3, 5), D(2024, 6, 1), "won", "migrant_worker", "other", 7000, 0, ""),
            (
                "notified",
                "criminal",
                D(2024, 4, 3),
                D(2024, 4, 4),
                D(2024, 8, 1),
                "defence",
                "",
                "",
                None,
                None,
                "pass",
            ),
            (a, "non_litigation", D(2024, 5, 3), D(2024, 5, 6), None, "", "", "", None, None, ""),  # open
            (a, "civil", D(2024, 6, 3), None, D(2024, 6, 8), "refused", "", "", None, None, ""),
            (
                a,
                "civil",
                D(2023, 12, 20),
                D(2023, 12, 22),
                D(2024, 2, 1),
                "won",
                "migrant_worker",
                "wages",
                1000,
                1000,
                "",
            ),
        ]
    )
    for channel in ("walk_in", "hotline_12348", "online", "duty_lawyer"):
        Consultation.objects.create(
            organisation=org("包头市法律援助中心"),
            region_id="150200000000",
            channel=channel,
            on=D(2024, 7, 1),
            summary="咨询",
            handled_by=city_clerk,
        )
    f = INDICATORS.compute(Period.year(2024, "1502"))
    assert (f["applications"], f["notified_criminal_cases"]) == (6, 1)
    # cases = became aid cases in 2024 (accepted_on): 4 granted civil + 1 notified + 1 non-litigation = 6
    assert (f["cases"], f["granted"], f["refused"]) == (6, 5, 1)
    # closed in 2024 with a closure result: the 5 closed 2024 ones + the 2023 case closed in Feb 2024 = 6
    assert f["closed"] == 6
    # litigation (criminal, civil, administrative, state compensation) among the 6 cases: 5
    assert (f["litigation_cases"], f["litigation_share_pct"]) == (5, 83.33)
    # workers: migrant worker/herder claiming wages or injury, closed in 2024: 50000 + 30000 + 1000 awarded
    assert f["recovered_for_workers_yuan"] == 81000
    settings.FAZHI_INDICATORS = {"legal_aid": {"recovered_amounts": ["legal_aid__amount_collected"]}}
    assert INDICATORS.compute(Period.year(2024, "1502"))["recovered_for_workers_yuan"] == 71000
    assert (f["consultations"], f["duty_lawyer_help"]) == (3, 1)
    assert f["quality_grades"] == {"excellent": 1, "good": 1, "pass": 1}
