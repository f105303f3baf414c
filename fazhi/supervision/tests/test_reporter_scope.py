"""An agency's reporter holds the supervision line to report lenient-penalty decisions, yet reads none of the line's
cases: the line narrows that role to its own organisation's records (LineSpec.own_organisation_roles)."""

from __future__ import annotations

import pytest

from fazhi.accounts.access import scope_q
from fazhi.cases.models import Case, Party
from fazhi.supervision.tests.factories import register

pytestmark = pytest.mark.django_db


def test_a_reporter_sees_no_supervision_case_of_its_region(baotou, login):
    clerk, reporter = baotou["supervision_clerk"], baotou["agency_reporter"]
    case = register(clerk)  # a complaint about the reporter's own agency, owned by the supervision body
    assert Case.objects.visible_to(clerk).filter(pk=case.pk).exists()
    assert not Case.objects.visible_to(reporter).filter(pk=case.pk).exists()
    assert not Party.objects.visible_to(reporter).filter(case=case).exists()
    assert scope_q(reporter) is not None  # it still reads its own organisation's records of the line
    page = login(reporter).get("/cases/", {"line": "supervision"})
    assert case.number not in page.content.decode()
    assert login(reporter).get(f"/cases/{case.pk}/").status_code == 404
