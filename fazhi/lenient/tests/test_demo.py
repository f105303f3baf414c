"""The Baotou replay: the seed's figures exactly for 2024, fewer in 2023, idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.lenient import figures
from fazhi.lenient.choices import Domain
from fazhi.lenient.demo import replay_lenient
from fazhi.lenient.models import Decision, ListEntry

pytestmark = pytest.mark.django_db


def test_the_replay_gives_the_seeds_figures_and_runs_once(baotou):
    replay_lenient("150200000000", 2024)
    y2024, y2023 = (date(2024, 1, 1), date(2024, 12, 31)), (date(2023, 1, 1), date(2023, 12, 31))
    assert figures.lenient_penalty_cases("1502", *y2024) == 126_000
    assert figures.lenient_penalty_amount_yuan("1502", *y2024) == Decimal("90632500.00")
    assert figures.lenient_penalty_cases("1502", *y2023) == 95_000
    assert figures.lenient_penalty_amount_yuan("1502", *y2023) < Decimal("90000000")
    by_type = sum(figures.figure(f"lenient_by_type_{k}", "1502", *y2024) for k in ("no_penalty", "reduced", "lighter"))
    assert by_type == 126_000
    assert 0 < figures.figure("lenient_flagged", "1502", *y2024) < 1_000
    for domain in Domain:  # a few dozen entries per field… or at least a dozen for the small ones
        assert ListEntry.objects.filter(domain=domain).count() >= 12
    assert Decision.objects.filter(agency__region__level="county").exists()

    replay_lenient("150200000000", 2024)
    assert Decision.objects.count() == 221_000
