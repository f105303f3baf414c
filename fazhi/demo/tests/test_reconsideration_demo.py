"""The reconsideration demo: deterministic, every state present, every case walked by the runner."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import Count

from fazhi.cases.models import Case, CaseEvent
from fazhi.indicators.registry import Period
from fazhi.reconsideration.demo import load_demo as load_reconsideration_demo
from fazhi.reconsideration.indicators import INDICATORS

pytestmark = pytest.mark.django_db


def test_the_demo_covers_every_state_across_offices_and_is_reproducible(baotou):
    made = load_reconsideration_demo(count=120, today=date(2026, 11, 27))
    states = dict(Case.objects.values_list("state").annotate(n=Count("id")))
    assert made == Case.objects.count() == 120
    assert set(states) == {
        "received",
        "correction_requested",
        "accepted",
        "hearing_scheduled",
        "suspended",
        "not_accepted",
        "abandoned",
        "mediated",
        "decided",
        "terminated",
    }
    assert Case.objects.values("organisation").distinct().count() == 3
    # every case has its intake event and every closed one its closing step, written by the runner
    assert CaseEvent.objects.filter(code="received").count() == 120
    assert not Case.objects.filter(closed_on__isnull=False, events__isnull=True).exists()
    first = INDICATORS.compute(Period.year(2025, "1502"))

    assert load_reconsideration_demo(count=120, today=date(2026, 11, 27)) == 0  # not twice into a filled database
    assert INDICATORS.compute(Period.year(2025, "1502")) == first
