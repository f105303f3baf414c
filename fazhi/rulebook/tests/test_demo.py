"""The rule book's demo replays the seed's 2024 cleanup figures, and replaying it again changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry

from fazhi.rulebook import figures
from fazhi.rulebook.choices import CampaignState, Source, Status
from fazhi.rulebook.demo import replay_rulebook
from fazhi.rulebook.models import CleanupCampaign, CleanupItem, NormativeDocument

# the repository's copy of the seed's figures (fazhi/demo/tests/test_replay.py holds it equal to the shared one)
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "baotou-2024-figures.json"
BAOTOU = "150200000000"
EXPECTED = {
    "cleanup_rounds": 10,
    "documents_repealed": 12,
    "documents_amended": 4,
    "local_regulations_enacted_or_amended": 8,
    "local_regulations_repealed": 5,
    "government_rules_repealed": 4,
}


def test_the_expected_figures_are_the_seeds():
    seed = json.loads(SEED.read_text())["rules_cleanup"]
    assert {k: seed[k] for k in EXPECTED} == EXPECTED


@pytest.mark.django_db
def test_the_replay_yields_the_seeds_figures_and_runs_twice_without_change(baotou):
    replay_rulebook(region_code=BAOTOU, year=2024)

    assert {key: fn(BAOTOU, 2024) for key, fn in figures.RULES_CLEANUP.items()} == EXPECTED
    assert {key: fn(BAOTOU, 2023) for key, fn in figures.RULES_CLEANUP.items()} == dict.fromkeys(EXPECTED, 0)
    # what the indicators declare: the same counts for a period (the city's subtree, the year)
    period = SimpleNamespace(region_prefix="1502", start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert {key: figures.PERIOD_FIGURES[key](period, None) for key in EXPECTED} == EXPECTED
    repealed = figures.RECORDS["documents_repealed"]("1502", period.start, period.end)
    assert "包头市劳动者工资保障条例" in {d.title for d in repealed}
    assert set(CleanupCampaign.objects.values_list("topic", flat=True)) == {
        "涉不平等对待企业",
        "罚款",
        "延迟退休",
        "文物保护",
    }
    assert not CleanupCampaign.objects.exclude(state=CampaignState.CLOSED).exists()
    assert not NormativeDocument.objects.exclude(source=Source.DEMO).exists()
    wages = NormativeDocument.objects.get(title="包头市劳动者工资保障条例")
    assert (wages.status, wages.status_changed_on.year) == (Status.REPEALED, 2024)
    assert NormativeDocument.objects.get(title="包头市再生水管理办法").status == Status.REPEALED
    air = NormativeDocument.objects.get(title="包头市大气污染防治条例")
    assert (air.status, air.versions.count()) == (Status.IN_FORCE, 2)
    assert NormativeDocument.objects.get(title="包头市治理货物运输超限超载条例").published_on.year == 2024
    # written through the services: each row's creation is in the change history, with the actor
    assert LogEntry.objects.get_for_model(CleanupItem).filter(actor__username="admin").exists()

    counts = (NormativeDocument.objects.count(), CleanupCampaign.objects.count(), CleanupItem.objects.count())
    history = LogEntry.objects.count()
    replay_rulebook(region_code=BAOTOU, year=2024)
    assert (NormativeDocument.objects.count(), CleanupCampaign.objects.count(), CleanupItem.objects.count()) == counts
    assert LogEntry.objects.count() == history
    assert {key: fn(BAOTOU, 2024) for key, fn in figures.RULES_CLEANUP.items()} == EXPECTED


@pytest.mark.django_db
def test_each_rounds_documents_are_found_by_its_search(baotou):
    """The made-up texts carry the topic's words: each round's documents are what its search finds in scope."""
    from fazhi.rulebook import campaigns

    replay_rulebook(region_code=BAOTOU, year=2024)
    for campaign in CleanupCampaign.objects.all():
        scope = campaigns.in_scope(campaign).model.objects.filter(pk__in=campaign.items.values("document_id"))
        found = set(campaigns._found(campaign.query, scope).values_list("pk", flat=True))
        assert found == set(campaign.items.values_list("document_id", flat=True)), campaign.title
