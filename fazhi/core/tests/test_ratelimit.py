"""Rate limits on what anonymous callers reach: the pages (fazhi.core.ratelimit) and the API (DRF throttles)."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from rest_framework.throttling import SimpleRateThrottle

from fazhi.core.clientip import client_ip

pytestmark = pytest.mark.django_db

CALCULATOR = "/cases/deadlines/"
API_CALCULATOR = "/api/v1/deadlines/?rule=legal_aid.review&start=2024-04-29"


@pytest.fixture
def three_a_minute(settings):
    settings.FAZHI_ANON_RATE = "3/m"


def test_an_anonymous_address_is_slowed_down_with_a_chinese_message(client, three_a_minute):
    assert [client.get(CALCULATOR).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(CALCULATOR)
    assert response.status_code == 429
    assert "访问过于频繁" in response.content.decode()
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_login_page_counts_too(client, three_a_minute):
    for _ in range(3):
        client.get(CALCULATOR)
    assert client.get("/accounts/login/").status_code == 429


def test_another_address_has_its_own_allowance(client, three_a_minute):
    for _ in range(4):
        client.get(CALCULATOR)
    assert client.get(CALCULATOR, REMOTE_ADDR="10.1.2.3").status_code == 200


def test_a_forged_forwarded_for_header_does_not_reset_the_count(client, three_a_minute):
    for i in range(3):
        client.get(CALCULATOR, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    assert client.get(CALCULATOR, HTTP_X_FORWARDED_FOR="10.9.9.99").status_code == 429


def test_signed_in_staff_are_not_counted(login, donghe_clerk, three_a_minute):
    client = login(donghe_clerk)
    assert 429 not in {client.get(CALCULATOR).status_code for _ in range(5)}


def test_behind_a_declared_proxy_the_client_address_is_the_proxy_s_last_hop(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.FAZHI_TRUSTED_PROXIES = []
    assert client_ip(request) == "10.0.0.1"  # no proxy declared: the header is ignored
    settings.FAZHI_TRUSTED_PROXIES = ["10.0.0.1"]
    assert client_ip(request) == "203.0.113.7"  # what our proxy saw, not what the client wrote before it
    other = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(other) == "10.0.0.2"  # a caller that is not our proxy cannot name an address


def test_the_lockout_and_the_api_throttle_name_the_same_client(settings):
    from django.utils.module_loading import import_string
    from rest_framework.request import Request

    from fazhi.api.throttles import AnonThrottle

    settings.FAZHI_TRUSTED_PROXIES = ["10.0.0.1"]
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert import_string(settings.AXES_CLIENT_IP_CALLABLE)(request) == "203.0.113.7"
    assert AnonThrottle().get_ident(Request(request)) == "203.0.113.7"


def test_the_api_throttles_anonymous_calls_with_a_chinese_message(client, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    assert [client.get(API_CALCULATOR).status_code for _ in range(2)] == [200, 200]
    response = client.get(API_CALCULATOR)
    assert response.status_code == 429
    assert "请求过于频繁" in response.json()["detail"]
    assert 1 <= int(response["Retry-After"]) <= 60


def test_the_schema_is_throttled_too(client, monkeypatch):
    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "anon", "1/minute")
    assert client.get("/api/v1/schema/").status_code == 200
    assert client.get("/api/v1/schema/").status_code == 429


def test_the_api_throttles_each_signed_in_caller(baotou, monkeypatch):
    from rest_framework.test import APIClient

    from fazhi.accounts.models import ApiToken

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "user", "2/minute")
    _, key = ApiToken.issue(user=baotou["city_clerk"], name="test", scopes=["read"])
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert [api.get("/api/v1/cases/").status_code for _ in range(3)] == [200, 200, 429]
