"""The leaders' dashboard: who sees which region, figures with last year's, links, and a bounded query count."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from fazhi.indicators.tests.test_report import CITY, DONGHE, KUNDULUN, ROWS, make_cases

pytestmark = pytest.mark.django_db

URL = "/indicators/"
D = date


@pytest.fixture
def cases(baotou):
    return make_cases(ROWS)


def test_a_city_leader_sees_the_city_and_every_line(cases, leader, login):
    response = login(leader).get(URL, {"year": 2024})
    assert response.status_code == 200
    scope = response.context["scope"]
    assert (scope.region.code, scope.lines) == (
        "150200000000",
        ("reconsideration", "mediation", "legal_aid", "legality", "supervision"),
    )
    html = response.content.decode()
    assert "领导驾驶舱" in html and "echarts.min.js" in html and "//cdn" not in html
    received = next(f for f in response.context["data"]["lines"][0]["figures"] if f.key == "received")
    assert (received.value, received.previous, received.diff, received.pct) == (9, 3, 6, 200.0)
    ranking = {r["name"]: r["value"] for r in response.context["data"]["ranking"]}
    assert len(ranking) == 11 and ranking["东河区"] == 2  # 9 counties, the 高新区 and 市本级
    assert ranking["市本级"] == 6  # the city office's own cases: the rows add up to the city's 9
    assert sum(ranking.values()) == received.value
    assert response.context["data"]["ranking"][-1]["own"] and "rank" not in response.context["data"]["ranking"][-1]
    assert response.context["data"]["has_map"]


def test_the_year_defaults_to_the_last_full_year_and_links_to_the_demo_year(cases, leader, login):
    from django.utils import timezone

    response = login(leader).get(URL)
    assert response.context["year"] == timezone.localdate().year - 1
    assert response.context["months"] == 12
    assert "?year=2024" in response.content.decode() or timezone.localdate().year - 1 == 2024


def test_the_current_year_is_compared_with_the_same_months_of_last_year(cases, leader, login, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: D(2024, 8, 15))  # 2024 so far: January to July
    response = login(leader).get(URL, {"year": 2024})
    assert response.context["months"] == 7
    received = next(f for f in response.context["data"]["lines"][0]["figures"] if f.key == "received")
    assert (received.value, received.previous) == (7, 2)  # received Jan–Jul 2024 and Jan–Jul 2023
    html = response.content.decode()
    assert "1—7月" in html and "上年同期" in html
    page = login(leader).get(received.link.replace("&amp;", "&")).content.decode()
    assert "months=7" in received.link and 'data-total="7"' in page


def test_a_county_clerk_sees_the_county_only(cases, donghe_clerk, login):
    client = login(donghe_clerk)
    response = client.get(URL, {"year": 2024})
    assert response.status_code == 200
    assert response.context["scope"].region.code == "150202000000"
    received = next(f for f in response.context["data"]["lines"][0]["figures"] if f.key == "received")
    assert received.value == 2
    assert client.get(URL, {"year": 2024, "region": "150203000000"}).status_code == 403  # county B
    assert client.get(URL, {"year": 2024, "region": "150200000000"}).status_code == 403  # the city: wider
    assert client.get(URL, {"year": 2024, "region": "150202001000"}).status_code == 200  # a township of 东河
    assert client.get(URL, {"year": 2024, "region": "999999999999"}).status_code == 404
    assert client.get(URL, {"year": "20x4"}).status_code == 400


def test_citizens_auditors_and_strangers_are_kept_out(baotou, login):
    assert login(baotou["citizen"]).get(URL).status_code == 403
    assert login(baotou["auditor"]).get(URL).status_code == 403
    response = login(None).get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_mediator_sees_the_committee_area_and_mediation_only(baotou, login):
    response = login(baotou["mediator"]).get(URL, {"year": 2024})
    assert response.status_code == 200
    assert (response.context["scope"].region.code, response.context["scope"].lines) == ("150202001000", ("mediation",))


def test_every_count_on_the_dashboard_links_to_as_many_records(cases, leader, login):
    client = login(leader)
    html = client.get(URL, {"year": 2024}).content.decode()
    links = re.findall(r'<a href="([^"]+)" data-value="(\d+)" data-count="1">', html)
    assert len(links) >= 10
    for href, value in links:
        if "key=hearings" in href:
            continue
        page = client.get(href.replace("&amp;", "&")).content.decode()
        assert re.search(r'data-total="(\d+)"', page).group(1) == value, href


def test_the_city_level_row_opens_the_city_offices_own_cases(cases, leader, login):
    response = login(leader).get(URL, {"year": 2024})
    own = response.context["data"]["ranking"][-1]
    assert own["name"] == "市本级" and "own=1" in own["link"]
    page = login(leader).get(own["link"]).content.decode()
    assert 'data-total="6"' in page and "东河区" not in page.split("<table>")[1]


def test_a_drilldown_lists_only_the_cases_the_user_may_see(cases, donghe_clerk, kundulun_clerk, login):
    url = "/indicators/records/?line=reconsideration&key=received&year=2024"
    page = login(donghe_clerk).get(url).content.decode()
    assert page.count('class="record"') == 2
    assert login(kundulun_clerk).get(url).content.decode().count('class="record"') == 1
    assert login(kundulun_clerk).get(url + "&region=150202000000").status_code == 403
    monthly = login(donghe_clerk).get(url + "&month=7").content.decode()
    assert monthly.count('class="record"') == 1


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(URL, {"year": 2024}).status_code == 200
    return len(captured)


def test_the_dashboard_query_count_is_bounded_and_does_not_grow_with_cases(
    cases, leader, login, django_assert_max_num_queries
):
    client = login(leader)
    before = _dashboard_queries(client)
    more = [
        (o, outcome, D(2024, m, 3), D(2024, m, 5), D(2024, m, 25), "ordinary")
        for m in range(1, 13)
        for o in (CITY, DONGHE, KUNDULUN)
        for outcome in ("upheld", "revoked", "mediation_statement")
    ]
    make_cases(more, start=1000)
    after = _dashboard_queries(client)
    assert after == before
    with django_assert_max_num_queries(400):
        client.get(URL, {"year": 2024})


def test_the_drilldown_shows_outcomes_in_words_never_codes(cases, leader, login):
    page = login(leader).get("/indicators/records/?line=reconsideration&key=received&year=2024").content.decode()
    assert "撤销" in page and "调解结案（行政复议调解书）" in page and "不予受理" in page
    for code in ("revoked", "upheld", "mediation_statement", "not_accepted", "settled_withdrawn"):
        assert f">{code}<" not in page, code
