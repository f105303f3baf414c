"""The case API uses the workbench's runner: same rules, same scoping, clear errors, audited reads."""

from __future__ import annotations

import json
import secrets
from datetime import date

import pytest
from rest_framework.renderers import JSONRenderer
from rest_framework.test import APIClient

from fazhi.accounts.models import ApiToken
from fazhi.audit.models import AccessRecord
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


def test_a_clerk_accepts_a_case_through_the_api(api, city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 8, 1))
    response = api(city_clerk).post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"code": "accept", "version": 1, "on": "2024-08-02", "data": {"procedure_type": "ordinary"}},
        format="json",
    )
    assert response.status_code == 200, response.content
    assert (response.json()["state"], response.json()["version"], response.json()["accepted_on"]) == (
        "accepted",
        2,
        "2024-08-02",
    )


def test_transition_response_is_the_serializers(api, city_clerk):
    """The transition answers with CaseSerializer's body of the case as stored after the step (built from the case
    in hand, not through the serializer)."""
    from fazhi.cases.api import CaseSerializer
    from fazhi.cases.models import Case

    case = open_reconsideration(city_clerk, received_on=date(2024, 8, 1))
    Case.objects.filter(pk=case.pk).update(assignee=city_clerk)
    client = api(city_clerk)
    for code, on, data in (
        ("accept", "2024-08-02", {"procedure_type": "ordinary"}),
        ("hear_parties", "2024-08-03", {"method": "电话", "record": "双方陈述了意见"}),
    ):
        version = Case.objects.get(pk=case.pk).version
        response = client.post(
            f"/api/v1/cases/{case.pk}/transitions/",
            {"code": code, "version": version, "on": on, "data": data},
            format="json",
        )
        assert response.status_code == 200, response.content
        stored = CaseSerializer(Case.objects.get(pk=case.pk)).data
        assert response.json() == dict(stored)
        assert list(response.json()) == list(stored)
    assert response.json()["assignee"] == city_clerk.pk
    assert (response.json()["state"], response.json()["accepted_on"]) == ("accepted", "2024-08-02")


@pytest.mark.parametrize(
    ("payload", "status", "message"),
    [
        (
            {"code": "decide", "version": 1, "data": {"decision": "upheld", "reasons": "事实清楚"}},
            409,
            "不能执行",
        ),  # not open from its state: a conflict
        ({"code": "decide", "version": 1, "data": {"decision": "维持", "reasons": "事实清楚"}}, 400, "可选"),
        ({"code": "accept", "version": 1, "data": {"procedure_type": "ordinary", "amount": "1"}}, 400, "不接受"),
        ({"code": "accept", "version": 1, "data": {"procedure_type": "ordinary"}, "force": True}, 400, "不接受"),
        ({"code": "deemed_accept", "version": 1}, 400, "未知的操作"),  # the system's own step is not offered
        ({"code": "accept", "version": 7}, 409, "已被他人修改"),
        ({"code": "nonsense", "version": 1}, 400, "未知的操作"),
        ({"code": "accept"}, 400, None),
        ({"code": "accept", "version": 1, "on": "2024-02-30"}, 400, None),
        (
            {"code": "accept", "version": 1, "on": "2020-01-01", "data": {"procedure_type": "ordinary"}},
            400,
            "不能早于收到日期",
        ),
    ],
)
def test_bad_transitions_are_refused_and_leave_the_case_as_it_was(api, city_clerk, payload, status, message):
    case = open_reconsideration(city_clerk)
    response = api(city_clerk).post(f"/api/v1/cases/{case.pk}/transitions/", payload, format="json")
    assert response.status_code == status
    if message:
        assert message in str(response.json())
    case.refresh_from_db()
    assert (case.state, case.version, case.events.count()) == ("received", 1, 1)


def test_a_clerk_cannot_take_a_section_heads_step(api, city_clerk):
    case = open_reconsideration(city_clerk)
    response = api(city_clerk).post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"code": "not_accept", "version": 1, "data": {"ground": "other", "reasons": "x"}},
        format="json",
    )
    assert response.status_code == 403
    assert "权限" in response.json()["detail"]


def test_detail_masks_personal_data_and_records_the_read(api, city_clerk):
    case = open_reconsideration(city_clerk)
    body = api(city_clerk).get(f"/api/v1/cases/{case.pk}/").json()
    assert body["parties"][0]["id_number"] == "110105********002X"
    assert body["parties"][0]["phone"] == "138****5678"
    assert [e["code"] for e in body["events"]] == ["received"]
    record = AccessRecord.objects.get()
    assert (record.user, record.action, record.object_id) == (city_clerk, "view", str(case.pk))


def test_case_detail_is_the_serializers(api, city_clerk):
    """The detail is built from `values()` (fazhi.cases.api.case_detail_body), not the nested serializers: the same
    body, keys in the same order, for a case with parties, running and stopped clocks and several events."""
    from fazhi.cases.api import CaseDetailSerializer
    from fazhi.cases.models import Case

    case = open_reconsideration(city_clerk, received_on=date(2024, 8, 1))
    client = api(city_clerk)
    for code, on, data in (
        ("accept", "2024-08-02", {"procedure_type": "ordinary"}),
        ("hear_parties", "2024-08-03", {"method": "电话", "record": "双方陈述了意见"}),
    ):
        version = Case.objects.get(pk=case.pk).version
        posted = {"code": code, "version": version, "on": on, "data": data}
        assert client.post(f"/api/v1/cases/{case.pk}/transitions/", posted, format="json").status_code == 200
    body = client.get(f"/api/v1/cases/{case.pk}/").json()
    stored = CaseDetailSerializer(Case.objects.get(pk=case.pk)).data
    assert body == json.loads(JSONRenderer().render(stored))
    assert list(body) == list(stored)
    assert [list(e) for e in body["events"]] == [list(e) for e in stored["events"]]
    assert len(body["events"]) >= 3 and body["deadlines"] and body["parties"]
    assert body["parties"][0]["id_number"] == "110105********002X"


def bearer(user) -> APIClient:
    _, key = ApiToken.issue(user=user, name="test", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_a_token_client_lists_only_its_scope(city_clerk, kundulun_clerk):
    open_reconsideration(city_clerk)
    response = bearer(kundulun_clerk).get("/api/v1/cases/")
    assert response.status_code == 200 and response.json()["count"] == 0
    assert bearer(city_clerk).get("/api/v1/cases/").json()["count"] == 1


def test_an_old_style_drf_token_header_is_refused(city_clerk):
    """DRF's unscoped, non-expiring `Token <40 hex>` scheme is gone: such a header authenticates nobody."""
    from django.apps import apps
    from django.conf import settings

    assert not apps.is_installed("rest_framework.authtoken")
    assert (
        "rest_framework.authentication.TokenAuthentication"
        not in settings.REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"]
    )
    open_reconsideration(city_clerk)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {secrets.token_hex(20)}")
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_list_query_count_does_not_grow_with_cases(api, city_clerk, django_assert_max_num_queries):
    for day in range(1, 8):
        open_reconsideration(city_clerk, received_on=date(2024, 3, day))
    with django_assert_max_num_queries(4):
        assert api(city_clerk).get("/api/v1/cases/").json()["count"] == 7


def test_the_openapi_schema_is_served_and_names_the_routes(client):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/api/v1/cases/", "/api/v1/cases/{id}/", "/api/v1/cases/{id}/transitions/", "/api/v1/deadlines/"} <= set(
        paths
    )
    # two ways in: the scoped bearer token and the session after its second factor; no DRF `Token` scheme
    schemes = response.json()["components"]["securitySchemes"]
    assert (schemes["apiToken"]["type"], schemes["apiToken"]["scheme"]) == ("http", "bearer")
    assert set(schemes) == {"apiToken", "cookieAuth"}


def test_the_schema_validates_without_warnings():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    assert "openapi: 3" in out.getvalue()
