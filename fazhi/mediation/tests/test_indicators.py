"""Mediation figures from case-level records against hand counts, and the Baotou 2024 success rate."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.indicators import rollups
from fazhi.indicators.registry import Period
from fazhi.mediation.indicators import INDICATORS
from fazhi.mediation.models import MediationDetail

pytestmark = pytest.mark.django_db
D = date


def make(rows: list[tuple]) -> None:
    """rows: (outcome, received, closed, source, type, agreement_kind, escalation, persons, amount, performance)."""
    committee = org("和平路街道人民调解委员会")
    cases = Case.objects.bulk_create(
        Case(
            line="mediation",
            number=f"和调〔{r[1].year}〕{i}号",
            organisation=committee,
            region=committee.region,
            title="t",
            state="agreed" if r[0] == "success" else "mediating",
            outcome=r[0],
            received_on=r[1],
            accepted_on=r[1],
            closed_on=r[2],
        )
        for i, r in enumerate(rows, start=1)
    )
    MediationDetail.objects.bulk_create(
        MediationDetail(
            case=c,
            source=r[3],
            dispute_type=r[4],
            agreement_kind=r[5],
            escalation_risk=r[6],
            persons_involved=r[7],
            amount=r[8],
            performance=r[9],
        )
        for c, r in zip(cases, rows, strict=True)
    )
    rollups.rebuild()  # rows written in bulk, as a loader would: the figures read rollups


def test_figures_match_a_hand_count(baotou):
    make(
        [
            (
                "success",
                D(2024, 1, 3),
                D(2024, 1, 10),
                "application",
                "neighbour",
                "written",
                False,
                2,
                5000,
                "performed",
            ),
            ("success", D(2024, 2, 3), D(2024, 2, 4), "proactive", "neighbour", "oral", True, 6, None, "performed"),
            (
                "success",
                D(2024, 3, 3),
                D(2024, 3, 20),
                "referral_court",
                "labour",
                "written",
                False,
                2,
                20000,
                "partly",
            ),
            ("failed", D(2024, 4, 3), D(2024, 5, 3), "application", "contract", "", True, 3, 80000, ""),
            ("declined", D(2024, 6, 3), D(2024, 6, 4), "application", "marriage_family", "", False, 2, None, ""),
            ("", D(2024, 12, 20), None, "referral_police", "traffic", "", False, 2, None, ""),  # open
            ("success", D(2023, 12, 28), D(2024, 1, 5), "application", "consumer", "oral", False, 2, 800, ""),
            ("success", D(2024, 12, 28), D(2025, 1, 5), "application", "consumer", "oral", False, 2, 800, ""),  # 2025
        ]
    )
    f = INDICATORS.compute(Period.year(2024, "1502"))
    # received in 2024: 7 (not the 2023 one); by source: application 4, proactive 1, referrals 2
    assert (f["received"], f["received_on_application"], f["received_proactive"], f["received_by_referral"]) == (
        7,
        4,
        1,
        2,
    )
    # closed in 2024 and mediated (success or failed; the refusal was never mediated): 5; successful: 4
    assert (f["disputes_mediated"], f["successful"], f["success_rate_pct"]) == (5, 4, 80.0)
    assert (f["written_agreements"], f["oral_agreements"]) == (2, 2)
    assert f["amount_yuan"] == 5000 + 20000 + 80000 + 800
    assert (f["performed"], f["performance_rate_pct"]) == (2, 50.0)
    assert (f["escalations_prevented"], f["escalations_prevented_persons"]) == (1, 6)
    assert f["received_by_type"] == {
        "consumer": 1,
        "contract": 1,
        "labour": 1,
        "marriage_family": 1,
        "neighbour": 2,
        "traffic": 1,
    }


def test_the_command_prints_the_baotou_success_rate_from_40120_records(baotou):
    make(
        [("success", D(2024, 5, 6), D(2024, 5, 8), "application", "neighbour", "oral", False, 2, None, "")] * 39679
        + [("failed", D(2024, 5, 6), D(2024, 6, 6), "application", "neighbour", "", False, 2, None, "")] * 441
    )
    out = StringIO()
    call_command("indicators", line=["mediation"], region="150200000000", year=2024, format="json", stdout=out)
    f = json.loads(out.getvalue())["mediation"]
    assert (f["disputes_mediated"], f["successful"], f["success_rate_pct"]) == (40120, 39679, 98.9)
