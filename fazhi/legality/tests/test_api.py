"""The legality API: a department's request registered by the section's reviewer, refused with Chinese messages when
malformed (nothing saved), and listed in scope."""

from __future__ import annotations

import pytest
from django.urls import reverse

from fazhi.cases.models import Case

pytestmark = pytest.mark.django_db
URL = "/api/v1/legality/reviews/"


def test_the_route_is_mounted_at_the_lines_prefix():
    assert reverse("legality-reviews") == URL


def test_a_reviewer_registers_a_contract_and_its_clock_starts(baotou, login):
    client = login(baotou["legality_clerk"])
    body = {
        "kind": "contract",
        "title": "包头市城区供热特许经营协议",
        "requesting_body": "包头市住房和城乡建设局",
        "received_on": "2024-03-04",
    }
    response = client.post(URL, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["kind"], data["state"], data["number"]) == ("contract", "received", "包审〔2024〕1号")
    case = Case.objects.get(pk=data["id"])
    assert case.parties.get().name == "包头市住房和城乡建设局"
    assert str(case.deadlines.get(clock="review").due_on) == "2024-03-11"  # 5 WD (local rule)
    listed = client.get(URL, {"kind": "contract"}).json()
    assert [r["number"] for r in listed] == ["包审〔2024〕1号"]
    assert client.get(URL, {"kind": "major_decision"}).json() == []


def test_a_malformed_request_is_refused_in_chinese_and_nothing_is_saved(baotou, login):
    client = login(baotou["legality_clerk"])
    response = client.post(URL, {"kind": "treaty", "title": ""}, content_type="application/json")
    assert response.status_code == 400
    errors = response.json()
    assert "不是有效的选项" in errors["kind"][0] and "送审单位" in errors["requesting_body"][0]
    future = {"kind": "contract", "title": "协议", "requesting_body": "某局", "received_on": "2099-01-01"}
    response = client.post(URL, future, content_type="application/json")
    assert response.status_code == 400 and "收到日期" in response.json()["received_on"][0]
    assert not Case.objects.filter(line="legality").exists()


def test_the_leader_reads_but_does_not_register(baotou, login):
    client = login(baotou["leader"])
    assert client.get(URL).status_code == 200
    body = {"kind": "contract", "title": "协议", "requesting_body": "某局"}
    assert client.post(URL, body, content_type="application/json").status_code == 403
