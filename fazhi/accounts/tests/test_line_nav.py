"""The menus show a link exactly when its view lets the user in: each entry is checked by the function its view
checks (NavEntry.permission), so no persona is offered a page that answers 403, nor denied a link to one it may use.
A user with no staff role lands on a page that says where to go."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.accounts.templatetags.line_nav import KERNEL_AFTER, KERNEL_BEFORE, line_menu, line_nav, may_use
from fazhi.core.lines import lines


def _menu(client) -> str:
    page = client.get(reverse("cases:case_list")).content.decode()
    return page[page.index('<header class="top">') : page.index("</header>")]


@pytest.mark.django_db
def test_a_mediator_sees_the_mediation_link_only(baotou, login):
    menu = _menu(login(baotou["mediator"]))
    assert reverse("mediation:committee_list") in menu
    assert reverse("reconsideration:hearing_calendar") not in menu
    assert reverse("legal_aid:consultation_list") not in menu


@pytest.mark.django_db
def test_the_auditor_sees_no_line_and_the_administrator_every_line(baotou, login):
    menu = _menu(login(baotou["auditor"]))
    assert reverse("mediation:committee_list") not in menu
    assert reverse("indicators:dashboard") not in menu  # auditors read no figures (403)
    assert reverse("audit:access_list") in menu
    menu = _menu(login(baotou["admin"]))
    for name in ["reconsideration:hearing_calendar", "legal_aid:consultation_list", "mediation:committee_list"]:
        assert reverse(name) in menu


def _entries():
    """(line or None, entry) for every link the top bar and the lines' menus may show."""
    yield from ((None, e) for e in (*KERNEL_BEFORE, *KERNEL_AFTER))
    for spec in lines():
        yield from ((spec.key, e) for e in (*spec.nav, *spec.menu))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona",
    [
        "admin",
        "leader",
        "city_head",
        "city_clerk",
        "donghe_clerk",
        "donghe_head",
        "mediator",
        "auditor",
        "citizen",
    ],
)
def test_every_link_shown_opens_and_every_link_hidden_is_refused(baotou, login, persona):
    user = baotou[persona]
    client = login(user)
    for line, entry in _entries():
        url = reverse(entry.url_name) + entry.query
        status = client.get(url).status_code
        shown = may_use(user, line, entry)
        assert shown == (status == 200), (persona, url, shown, status)
        assert status in (200, 302, 403), (persona, url, status)


@pytest.mark.django_db
def test_the_demo_complaints_are_gone(baotou):
    """Issue 13: city_clerk was shown 人民调解, the auditor every line, the leader 登记."""
    links = {p: {link.url for link in line_nav(baotou[p])} for p in ("city_clerk", "auditor", "leader")}
    assert reverse("mediation:committee_list") not in links["city_clerk"]
    assert not links["auditor"] & {reverse(e.url_name) for spec in lines() for e in spec.nav}
    leader_menu = {link.url for spec in lines() for link in line_menu(baotou["leader"], spec.key)}
    assert reverse("reconsideration:intake") not in leader_menu
    assert reverse("reconsideration:hearing_calendar") in leader_menu


@pytest.mark.django_db
def test_a_citizen_lands_on_the_guide(baotou, login):
    client = login(baotou["citizen"])
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("accounts:guide")
    page = response.content.decode()
    assert response.status_code == 200
    assert "12348" in page and "系统管理员" in page
    assert "403" not in page and "Forbidden" not in page
    # a staff page asked for directly says the same, with the refusal's status
    refused = client.get(reverse("cases:case_list"))
    assert refused.status_code == 403
    assert "12348" in refused.content.decode()
    # and the top bar offers a citizen nothing of the workbench
    assert line_nav(baotou["citizen"]) == []
