"""Searching the case list by a person without the person's number in the URL (issue 13: data on disk and in logs)."""

from __future__ import annotations

import pytest

from fazhi.api.tests.test_cases_api import api, bearer  # noqa: F401 - the fixture and the token client
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db
ID_NUMBER, PHONE = "11010519491231002X", "13812345678"  # the factory's applicant


def test_a_token_for_the_number_finds_the_persons_cases_and_the_url_holds_no_number(api, city_clerk):  # noqa: F811
    case = open_reconsideration(city_clerk)
    client = api(city_clerk)
    for value in (ID_NUMBER, PHONE, f" {ID_NUMBER.lower()} "):
        response = client.post("/api/v1/party-token/", {"value": value}, format="json")
        assert response.status_code == 200
        token = response.json()["token"]
        assert ID_NUMBER not in token and PHONE not in token and "1949" not in token
        listed = client.get("/api/v1/cases/", {"party": token}).json()
        assert [row["id"] for row in listed["results"]] == [case.pk]
    other = client.post("/api/v1/party-token/", {"value": "13900001111"}, format="json").json()["token"]
    assert client.get("/api/v1/cases/", {"party": other}).json()["results"] == []


def test_a_bad_value_is_refused_in_chinese(api, city_clerk):  # noqa: F811
    response = api(city_clerk).post("/api/v1/party-token/", {"value": "张三"}, format="json")
    assert response.status_code == 400
    assert "请填写完整的身份证号码或电话号码" in response.content.decode()


def test_a_read_only_machine_token_may_ask_and_a_citizen_may_not(city_clerk, baotou):
    assert bearer(city_clerk).post("/api/v1/party-token/", {"value": PHONE}, format="json").status_code == 200
    from rest_framework.test import APIClient

    citizen = APIClient()
    citizen.force_authenticate(baotou["citizen"])
    assert citizen.post("/api/v1/party-token/", {"value": PHONE}, format="json").status_code == 403
