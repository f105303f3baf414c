"""The line's demo: the 2024 replay gives the seed's 10 health checks and 16 unit heads interviewed (from the
agencies the reconsideration replay corrected), a few supervision cases, and the registries' figures."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.demo.lines import line_demos
from fazhi.demo.replay import baotou as baotou_place
from fazhi.indicators.registry import Period, compute
from fazhi.supervision import demo_replay, signals
from fazhi.supervision.demo import load_demo
from fazhi.supervision.demo_replay import replay
from fazhi.supervision.models import Interview

pytestmark = pytest.mark.django_db
CITY = "150200000000"


def test_the_replay_gives_the_seeds_checks_and_interviews(baotou, monkeypatch):
    monkeypatch.setattr(demo_replay, "registry_replays", list)  # the registries' own replays: their own tests
    place = baotou_place()
    demos = dict(line_demos())
    demos["reconsideration"].replay(place)  # the corrections the interviews are proposed from
    written = replay(place)
    assert written == 7 + 12
    figures = compute(["supervision"], Period.year(2024, CITY[:4]))["supervision"]
    assert figures["rule_of_law_health_checks"] == 10
    assert figures["unit_heads_interviewed"] == 16
    before = compute(["supervision"], Period.year(2023, CITY[:4]))["supervision"]
    assert (before["rule_of_law_health_checks"], before["unit_heads_interviewed"]) == (8, 11)
    assert figures["rectifications_reported"] >= figures["rectifications_on_time"] > 0
    assert figures["filed"] == 11 and figures["not_duplicated"] == 1 and figures["government_decisions"] == 1
    # every interviewed agency was corrected or lost a suit in the half-year its proposal counts
    for interview in Interview.objects.filter(state="held"):
        corrected = signals.corrected_cases(CITY, interview.period_start, interview.period_end, interview.agency_id)
        lost = signals.lost_suit_cases(CITY, interview.period_start, interview.period_end, interview.agency_id)
        assert interview.corrected == corrected.count() and interview.corrected + interview.lost_suits > 0
        assert lost.count() >= 0
    assert not Case.objects.filter(line="supervision").exclude(state__in=("closed", "declined")).exists()
    assert replay(place) == 0  # idempotent: nothing written twice
    assert compute(["supervision"], Period.year(2024, CITY[:4]))["supervision"]["unit_heads_interviewed"] == 16


def test_the_live_demo_walks_leads_through_the_runner(baotou):
    assert load_demo(count=4, today=date(2026, 6, 30)) == 4
    cases = Case.objects.filter(line="supervision")
    assert cases.count() == 4
    assert cases.filter(state="rectifying").count() == 1
    assert cases.get(state="rectifying").documents.filter(kind="supervision_opinion").exists()
    assert load_demo(count=4, today=date(2026, 6, 30)) == 0
