"""The menu shows a line's links only to those who hold a role for it."""

from __future__ import annotations

import pytest
from django.urls import reverse


def _menu(client) -> str:
    page = client.get(reverse("cases:my_tasks")).content.decode()
    return page[page.index('<header class="top">') : page.index("</header>")]


@pytest.mark.django_db
def test_a_mediator_sees_the_mediation_link_only(baotou, login):
    menu = _menu(login(baotou["mediator"]))
    assert reverse("mediation:committee_list") in menu
    assert reverse("reconsideration:hearing_calendar") not in menu
    assert reverse("legal_aid:consultation_list") not in menu


@pytest.mark.django_db
def test_the_auditor_sees_no_line_and_the_administrator_every_line(baotou, login):
    assert reverse("mediation:committee_list") not in _menu(login(baotou["auditor"]))
    menu = _menu(login(baotou["admin"]))
    for name in ["reconsideration:hearing_calendar", "legal_aid:consultation_list", "mediation:committee_list"]:
        assert reverse(name) in menu
