"""The business environment's replay gives the seed's 2024 figures for 包头市 exactly, a smaller 2023, a service list
published in two versions, and replaying it again changes nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from auditlog.models import LogEntry

from fazhi.business import figures
from fazhi.business.demo import demo_uscc, replay_business
from fazhi.business.models import Enterprise, IndustrialPark, NotaryRelation, OutreachEvent, ServiceList
from fazhi.core.validators import uscc_org_code_ok, validate_uscc

# the repository's copy of the seed's figures (fazhi/demo/tests/test_replay.py holds it equal to the shared one)
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "baotou-2024-figures.json"
BAOTOU = "150200000000"
EXPECTED_2024 = {
    "enterprises_with_notary_service_relations": 72,
    "industrial_parks_visited": 10,
    "enterprises_visited": 52,
    "lectures": 104,
}
EXPECTED_2023 = {
    "enterprises_with_notary_service_relations": 50,
    "industrial_parks_visited": 8,
    "enterprises_visited": 36,
    "lectures": 78,
}


def _figures(year: int, prefix: str = "1502") -> dict[str, int]:
    return {key: figures.figure(key, prefix, date(year, 1, 1), date(year, 12, 31)) for key in figures.RECORDS}


def test_the_expected_figures_meet_the_seed():
    seed = json.loads(SEED.read_text())["business_environment"]
    for key, value in EXPECTED_2024.items():
        wanted = seed[key]
        assert value >= wanted["min"] if isinstance(wanted, dict) else value == wanted, key


def test_the_demo_usccs_are_valid():
    for n in range(100):
        code = demo_uscc("150202000000", n)
        assert validate_uscc(code) == code
        assert uscc_org_code_ok(code)


@pytest.mark.django_db
def test_the_replay_yields_the_seeds_figures_and_runs_twice_without_change(baotou):
    replay_business(BAOTOU, 2024)
    assert _figures(2024) == EXPECTED_2024
    assert _figures(2023) == EXPECTED_2023
    assert IndustrialPark.objects.count() == 14
    service_list = ServiceList.objects.get(region_id=BAOTOU)
    assert list(service_list.versions.values_list("number", flat=True).order_by("number")) == [1, 2]
    assert service_list.current().number == 2 and service_list.draft() is None
    assert service_list.current().items.count() == 15
    counts = [m.objects.count() for m in (Enterprise, IndustrialPark, NotaryRelation, OutreachEvent)]
    changes = LogEntry.objects.count()

    replay_business(BAOTOU, 2024)  # its speed is the benchmark's to check, never a timed test's

    assert [m.objects.count() for m in (Enterprise, IndustrialPark, NotaryRelation, OutreachEvent)] == counts
    assert _figures(2024) == EXPECTED_2024
    assert service_list.versions.count() == 2
    assert LogEntry.objects.count() == changes  # nothing was written again


@pytest.mark.django_db
def test_a_county_counts_its_own_records_only(baotou):
    replay_business(BAOTOU, 2024)
    donghe = _figures(2024, "150202")
    city = _figures(2024)
    assert 0 < donghe["industrial_parks_visited"] < city["industrial_parks_visited"]
    assert 0 < donghe["lectures"] < city["lectures"]
