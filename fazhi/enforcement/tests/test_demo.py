"""The Baotou replay gives the seed's network figures for 2024 (36 / 9 / 48 bodies, 352 certified supervisors, +35%
on 2023's 260) from the certificates' history, reuses the agencies by name, and changes nothing when run again."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest

from fazhi.accounts.models import Organisation
from fazhi.enforcement import figures
from fazhi.enforcement.demo import replay_enforcement
from fazhi.enforcement.models import Certificate, CertificateEvent, Officer, SupervisionBody

# the repository's copy of the seed's figures (fazhi/demo/tests/test_replay.py holds it equal to the shared one)
SEED = Path(__file__).resolve().parents[2] / "demo" / "data" / "baotou-2024-figures.json"
BAOTOU = "150200000000"


def _value(key: str, year: int):
    period = SimpleNamespace(start=date(year, 1, 1), end=date(year, 12, 31), region_prefix="1502")
    return figures.PERIOD_FIGURES[key](period, None)


def test_the_seed_says_what_the_replay_is_built_to():
    seed = json.loads(SEED.read_text())["enforcement_supervision"]
    assert seed["supervision_bodies"] == {"city": 36, "county": 9, "township": 48}
    assert (seed["certified_supervisors"], seed["certified_supervisors_growth_pct"]) == (352, 35)


@pytest.mark.django_db
def test_the_replay_yields_the_seeds_figures_and_runs_twice_without_change(baotou):
    market = Organisation.objects.get(name="包头市市场监督管理局")
    replay_enforcement(BAOTOU, 2024)
    figures_2024 = {key: _value(key, 2024) for key in figures.PERIOD_FIGURES}
    assert figures_2024["supervision_bodies_city"] == 36
    assert figures_2024["supervision_bodies_county"] == 9
    assert figures_2024["supervision_bodies_township"] == 48
    assert figures_2024["certified_supervisors"] == 352
    assert figures_2024["certified_supervisors_growth_pct"] == 35  # a whole percent, as the seed writes it
    assert _value("certified_supervisors", 2023) == 260
    assert 0 < figures_2024["certificates_expiring"] < 100
    assert _value("supervision_bodies_township", 2023) < 48
    assert Officer.objects.filter(organisation=market).exists()  # the persona's agency is reused, not copied
    assert Organisation.objects.filter(name="包头市市场监督管理局").count() == 1
    townships = SupervisionBody.objects.filter(tier="township").values_list("region__level", "region__code")
    assert {level for level, _ in townships} == {"township"} and all(code.startswith("1502") for _, code in townships)
    counts = (
        SupervisionBody.objects.count(),
        Officer.objects.count(),
        Certificate.objects.count(),
        CertificateEvent.objects.count(),
    )
    replay_enforcement(BAOTOU, 2024)
    assert (
        SupervisionBody.objects.count(),
        Officer.objects.count(),
        Certificate.objects.count(),
        CertificateEvent.objects.count(),
    ) == counts
    assert Certificate.objects.filter(kind="enforcement").count() > 500
