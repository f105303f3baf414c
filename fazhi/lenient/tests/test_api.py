"""POST /api/v1/lenient/decisions/: the upload's checks per row, all or nothing, idempotent, own agency only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.lenient.models import Decision, Report

pytestmark = pytest.mark.django_db
URL = "/api/v1/lenient/decisions/"


def _item(i: int, **change):
    return {
        "number": f"包市监罚决〔2024〕{i}号",
        "decided_on": "2024-05-06",
        "entry": "SJ-001",
        "party_kind": "enterprise",
        "amount": "1200.50",
    } | change


def _post(client, items):
    return client.post(URL, items, content_type="application/json")


def test_the_route_is_the_registers(reporter):
    assert reverse("api-lenient-decisions") == URL


def test_a_list_is_reported_and_sent_again_adds_nothing(reporter, entries, login):
    client = login(reporter)
    items = [_item(1), _item(2, party_kind="个人", entry="SJ-002", decided_on="2024-01-02")]
    first = _post(client, items)
    assert first.status_code == 201, first.json()
    body = first.json()
    assert (body["rows"], body["added"], body["already_present"], body["flagged"]) == (2, 2, 0, 1)
    assert body["results"] == [
        {"row": 1, "status": "added", "flags": []},
        {"row": 2, "status": "added", "flags": ["out_of_dates"]},
    ]
    again = _post(client, [*items, _item(3)])
    assert again.status_code == 201
    assert (again.json()["added"], again.json()["already_present"]) == (1, 2)
    assert [r["status"] for r in again.json()["results"]] == ["already_present", "already_present", "added"]
    assert Decision.objects.count() == 3
    assert list(Report.objects.values_list("channel", flat=True)) == ["api", "api"]
    assert _post(client, items).status_code == 200  # nothing new: 200, not 201


def test_one_bad_item_rejects_the_list_with_its_position(reporter, entries, login):
    response = _post(login(reporter), [_item(1), _item(2, amount="多少"), _item(3, decided_on="2024-13-01")])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "amount"), (3, "decided_on")]
    assert all(e["message"] for e in errors)
    assert Decision.objects.count() == 0


def test_malformed_bodies_are_refused_in_chinese(reporter, entries, login):
    client = login(reporter)
    assert "列表" in _post(client, {"number": "x"}).json()["errors"][0]["message"]
    errors = _post(client, [_item(1, extra="x"), [1], _item(3, amount={"v": 1})]).json()["errors"]
    assert [e["row"] for e in errors] == [1, 2, 3]
    assert Decision.objects.count() == 0


def test_another_agencys_decision_is_refused(reporter, entries, county_agency, login):
    response = _post(login(reporter), [_item(1, agency=str(county_agency.pk))])
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"] == "您无权报送该执法机关的决定。"


def test_who_may_report(baotou, entries, market, login):
    assert _post(login(None), [_item(1)]).status_code == 401
    assert _post(login(baotou["citizen"]), [_item(1)]).status_code == 403
    assert _post(login(baotou["donghe_clerk"]), [_item(1)]).status_code == 403
    keeper = _post(login(baotou["supervision_clerk"]), [_item(1, agency="包头市市场监督管理局")])
    assert keeper.status_code == 201, keeper.json()


def test_the_schema_describes_the_report(reporter, login):
    schema = login(reporter).get("/api/v1/schema/", HTTP_ACCEPT="application/json")
    if schema.status_code != 200:
        schema = login(reporter).get(reverse("api-schema") + "?format=json")
    text = schema.content.decode()
    assert "lenient_decisions_report" in text
    assert "ReportResult" in text


def test_a_nul_character_is_refused_with_its_position_not_a_server_error(reporter, entries, login):
    """schemathesis sent an agency name with a NUL in it: PostgreSQL refuses such a string in any query (a 500)."""
    response = _post(login(reporter), [_item(1), _item(2, agency="包头市\x00市场监督管理局", number="A\x00")])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["field"]) for e in errors] == [(2, "agency"), (2, "number")]
    assert "空字符" in errors[0]["message"]
    assert Decision.objects.count() == 0
