"""The registry's routes × the kernel's personas, as the kernel's permission matrix will run them once it reads
fazhi/rulebook/tests/matrix.py (the rule book is no line, so the kernel's test does not find it by itself yet),
and the lines' personas that answer differently from the kernel persona they are like."""

from __future__ import annotations

import pytest

from fazhi.accounts.models import Membership
from fazhi.core.lines import line_keys
from fazhi.rulebook.tests.matrix import ROUTES
from fazhi.tests.matrix import KERNEL_PERSONAS, LINE_MEMBERS
from fazhi.tests.sampleline.tests.factories import open_sample_case


@pytest.fixture
def people(baotou):
    """As the kernel's matrix: its clerks and the leader hold every registered line in their organisation."""
    for membership in Membership.objects.filter(user__username__in=LINE_MEMBERS):
        membership.lines = sorted(set(membership.lines) | set(line_keys()))
        membership.save(update_fields=["lines"])
    return baotou


@pytest.mark.django_db
@pytest.mark.parametrize("persona", [*KERNEL_PERSONAS, "mediator", "legality_clerk", "legality_head"])
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_registry_route_answers_each_persona_as_expected(route, persona, people, login):
    case = open_sample_case(people["donghe_clerk"])
    spec = ROUTES[route]
    client = login(None if persona == "anonymous" else people[persona])
    url = spec.url(case)
    response = client.post(url, {"version": case.version}) if spec.method == "post" else client.get(url)
    assert response.status_code == spec.expect[persona], (route, persona, response.content[:300])
