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


def test_the_report_prints_every_figure_of_the_issue_equal_to_the_seed(baotou):
    """The annual report's JSON after the replay (reconsideration's, then this line's with the three registries'):
    every figure of the issue under the reference file's key, equal to the seed (a minimum where it says "N+")."""
    import json
    from io import StringIO
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    place = baotou_place()
    demos = dict(line_demos())
    demos["reconsideration"].replay(place)
    replay(place)
    out = StringIO()
    call_command("annual_report", region=CITY, year=2024, format="json", stdout=out)
    figures = json.loads(out.getvalue())
    # the repository's copy of the seed's figures (fazhi/demo/tests/test_replay.py checks it equals the shared one)
    seed = json.loads(
        (Path(settings.BASE_DIR) / "fazhi" / "demo" / "data" / "baotou-2024-figures.json").read_text("utf-8")
    )
    expected = {
        "enforcement_supervision": [
            "rule_of_law_health_checks",
            "unit_heads_interviewed",
            "certified_supervisors",
            "certified_supervisors_growth_pct",
        ],
        "business_environment": [
            "lenient_penalty_cases",
            "lenient_penalty_amount_yuan",
            "enterprises_with_notary_service_relations",
            "industrial_parks_visited",
            "enterprises_visited",
            "lectures",
        ],
    }
    for section, keys in expected.items():
        for key in keys:
            want, got = seed[section][key], figures[section][key]
            if isinstance(want, dict):
                assert float(got) >= want["min"], (section, key, got)
            elif key.endswith("_pct"):  # printed as a decimal string; a whole percent, as the seed (352 on 260)
                assert round(float(got)) == want, (section, key, got)
            else:
                assert got == want, (section, key, got)
    text = StringIO()
    call_command("annual_report", region=CITY, year=2024, format="text", stdout=text)
    assert (
        "一年来，行政执法监督持续加强。全市建成行政执法协调监督工作体系，设立市级行政执法监督机构36个，旗县区级9个，"
        "苏木乡镇（街道）级48个；持证行政执法监督人员达到352名" in text.getvalue()
    )
    assert "对10个行政执法部门开展法治体检，约谈行政诉讼败诉、行政复议被纠错单位负责人16人" in text.getvalue()
    assert "全市各行政执法部门办理免罚轻罚案件126000件" in text.getvalue()
    bodies = seed["enforcement_supervision"]["supervision_bodies"]
    assert figures["enforcement_supervision"]["supervision_bodies"] == bodies  # nested as in the seed's file
