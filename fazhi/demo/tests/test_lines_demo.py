"""The mediation and legal-aid demos: walked through the runner, reproducible, every figure non-trivial."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.models import Count

from fazhi.cases.models import Case
from fazhi.core.crypto import is_token
from fazhi.indicators.registry import Period
from fazhi.legal_aid.demo import load_demo as load_legal_aid_demo
from fazhi.legal_aid.indicators import INDICATORS as LEGAL_AID
from fazhi.legal_aid.models import Consultation
from fazhi.mediation.demo import load_demo as load_mediation_demo
from fazhi.mediation.indicators import INDICATORS as MEDIATION
from fazhi.mediation.models import Committee

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 27)


def test_the_mediation_demo_builds_committees_and_disputes_in_every_state(baotou):
    assert load_mediation_demo(count=60, today=TODAY) == 60
    states = set(Case.objects.filter(line="mediation").values_list("state", flat=True))
    assert {"received", "mediating", "agreed"} <= states
    assert all(not c.composition_problems() for c in Committee.objects.all())
    figures = MEDIATION.compute(Period.year(2025, "1502"))
    assert figures["disputes_mediated"] > 40 and 90 <= figures["success_rate_pct"] <= 100
    assert load_mediation_demo(count=60, today=TODAY) == 0  # never twice into a filled database


def test_the_legal_aid_demo_walks_applications_to_closure_and_review(baotou):
    assert load_legal_aid_demo(count=60, today=TODAY) == 60
    states = dict(Case.objects.filter(line="legal_aid").values_list("state").annotate(n=Count("id")))
    assert {"received", "closed", "refused"} <= set(states)
    figures = LEGAL_AID.compute(Period.year(2025, "1502"))
    assert figures["cases"] > 0 and figures["recovered_for_workers_yuan"] > 0 and figures["consultations"] == 300
    # the callers' phones are stored encrypted and found again by their blind index
    caller = Consultation.objects.exclude(phone="").first()
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM legal_aid_consultation WHERE id = %s", [caller.pk])
        assert is_token(cursor.fetchone()[0])
    assert caller in Consultation.objects.with_phone(caller.phone)
