"""The read API for the province: bodies and certificates with their status, scoped to the caller's region; other
lines' staff 403, strangers 401; bad filters 400 in Chinese; no ID number served."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.accounts.models import Organisation
from fazhi.enforcement import services
from fazhi.enforcement.tests.factories import agency, an_officer, id_number, issued, keeper

pytestmark = pytest.mark.django_db


def test_certificates_with_status_within_the_callers_region(baotou, login):
    dong = issued(an_officer(1), number="JD1")
    kun = issued(an_officer(2, unit=agency("昆都仑区市场监督管理局", "150203000000")), number="JD2")
    services.certificate_move(actor=None, certificate=kun, code="suspend", on=date(2024, 6, 1), data={"reason": "x"})
    url = reverse("api-enforcement-certificates")
    city = login(baotou["supervision_clerk"]).get(url).json()
    assert {(r["number"], r["status"], r["status_label"]) for r in city["results"]} == {
        ("JD1", "valid", "有效"),
        ("JD2", "suspended", "已暂扣"),
    }
    assert id_number(1) not in str(city)
    alice = keeper("alice")
    assert [r["number"] for r in login(alice).get(url).json()["results"]] == ["JD1"]
    assert login(alice).get(reverse("api-enforcement-certificate", args=[kun.pk])).status_code == 404
    assert login(alice).get(reverse("api-enforcement-certificate", args=[dong.pk])).json()["holder"] == "韩执法"
    in_force = login(baotou["supervision_clerk"]).get(url + "?in_force_on=2024-07-01").json()
    assert [r["number"] for r in in_force["results"]] == ["JD1"]


def test_bodies_by_tier_and_day(baotou, login):
    services.body_register(
        actor=None,
        name="东河区机构",
        host=Organisation.objects.get(name="东河区司法局"),
        established_on=date(2024, 3, 1),
    )
    url = reverse("api-enforcement-bodies")
    client = login(baotou["supervision_clerk"])
    assert [b["tier_label"] for b in client.get(url + "?tier=county").json()["results"]] == ["旗县区级"]
    assert client.get(url + "?on=2024-02-01").json()["count"] == 0
    assert client.get(url + "?on=2024-03-01").json()["count"] == 1


def test_the_api_refuses_strangers_other_lines_and_bad_filters(baotou, login):
    url = reverse("api-enforcement-certificates")
    assert login(None).get(url).status_code == 401
    assert login(baotou["mediator"]).get(url).status_code == 403
    bad = login(baotou["supervision_clerk"]).get(url + "?in_force_on=2024-13-01&kind=x")
    assert bad.status_code == 400
    assert "日期格式应为" in str(bad.json()) and "不是有效的选项" in str(bad.json())
