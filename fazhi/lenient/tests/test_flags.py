"""Flags: a decision outside its entry's dates, or citing an entry of a field its agency has not got."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.lenient import imports
from fazhi.lenient.models import Decision
from fazhi.lenient.tests.factories import agency, workbook

pytestmark = pytest.mark.django_db


def _upload(actor, *rows):
    outcome = imports.upload(workbook(rows), actor=actor)
    assert outcome.ok, outcome.problems.errors
    return outcome


def test_a_decision_after_the_entry_ended_is_flagged(reporter, entries):
    outcome = _upload(
        reporter,
        ["包头市市场监督管理局", "A1", date(2024, 2, 1), "SJ-002", "企业", 100],
        ["包头市市场监督管理局", "A2", date(2023, 12, 31), "SJ-002", "企业", 100],
    )
    assert outcome.flagged == 1
    assert Decision.objects.get(number="A1").out_of_dates
    assert not Decision.objects.get(number="A2").out_of_dates


def test_a_decision_citing_another_fields_entry_is_flagged(reporter, entries):
    _upload(reporter, ["包头市市场监督管理局", "A1", date(2024, 2, 1), "CG-001", "个人", 0])
    decision = Decision.objects.get()
    assert decision.other_domain and decision.flagged and not decision.out_of_dates


def test_an_agency_with_no_field_recorded_is_not_flagged(keeper, entries):
    agency("包头市某局", domains=())
    _upload(keeper, ["包头市某局", "A1", date(2024, 2, 1), "CG-001", "个人", 0])
    assert not Decision.objects.get().flagged
