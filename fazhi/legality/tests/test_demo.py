"""The line's demo: the 2024 replay gives the seed's 1,026 reviews, and the live walk goes through the runner."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.demo.replay import baotou as baotou_place
from fazhi.indicators.registry import Period, compute
from fazhi.legality.demo import load_demo
from fazhi.legality.demo_replay import replay

pytestmark = pytest.mark.django_db


def test_the_replay_gives_the_seeds_1026_reviews_in_2024(baotou):
    written = replay(baotou_place())
    assert written == 958 + 21 + 1026 + 24
    figures = compute(["legality"], Period.year(2024, "150200000000"[:4]))["legality"]
    assert figures["legality_reviews"] == 1026
    assert set(figures["by_kind"]) == {"contract", "normative_document", "major_decision"}
    assert (
        figures["by_kind"]["contract"] > figures["by_kind"]["normative_document"] > figures["by_kind"]["major_decision"]
    )
    assert {"lawful", "lawful_if_amended", "unlawful", "sign", "sign_if_amended", "do_not_sign"} == set(
        figures["by_outcome"]
    )
    assert figures["returned"] == 24
    # the replay is seeded: its figures are exact (about 2% of the reviews run late)
    assert (figures["average_review_working_days"], figures["overdue"]) == (6.2, 25)
    assert not Case.objects.filter(line="legality").exclude(state__in=("concluded", "returned")).exists()


def test_the_live_demo_walks_reviews_through_the_runner(baotou):
    assert load_demo(count=9, today=date(2026, 6, 30)) == 9
    cases = Case.objects.filter(line="legality")
    assert cases.count() == 9
    concluded = cases.filter(state="concluded")
    assert concluded.count() == 7 and all(c.documents.filter(kind="legality_opinion").exists() for c in concluded)
    open_cases = cases.filter(state="received")  # one in eight left open, with its clock running
    assert open_cases.count() == 2 and all(c.deadlines.get().state == "running" for c in open_cases)
    assert load_demo(count=9, today=date(2026, 6, 30)) == 0  # once per database
