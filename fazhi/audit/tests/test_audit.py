"""Every change carries actor and request id; the trail cannot be edited or deleted through any interface."""

from __future__ import annotations

import pytest
from auditlog.models import LogEntry

from fazhi.audit.models import AccessRecord
from fazhi.cases.models import CaseEvent
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db


def test_a_step_from_the_workbench_is_logged_with_actor_and_request_id(login, city_clerk, settings):
    settings.FAZHI_TRUSTED_PROXIES = ["127.0.0.1"]  # the test client stands for our reverse proxy
    case = open_reconsideration(city_clerk)
    response = login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/",
        {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"},
        HTTP_X_REQUEST_ID="req-test-00042",
    )
    assert response["X-Request-ID"] == "req-test-00042"
    change = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).get()
    assert (change.actor, change.cid) == (city_clerk, "req-test-00042")
    assert change.changes_dict["state"] == ["received", "accepted"]
    assert CaseEvent.objects.get(case=case, code="accept").request_id == "req-test-00042"


def test_a_client_cannot_choose_its_request_id_or_the_address_in_the_change_history(login, city_clerk, settings):
    """Only our proxy's X-Request-ID is kept, and the change record's address is the one fazhi.core.clientip
    names: a forged X-Forwarded-For is ignored, and an unparseable one does not break the audited write."""
    settings.FAZHI_TRUSTED_PROXIES = []
    case = open_reconsideration(city_clerk)
    response = login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/",
        {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"},
        HTTP_X_REQUEST_ID="req-test-00042",
        HTTP_X_FORWARDED_FOR="not-an-ip, 6.6.6.6",
        REMOTE_ADDR="10.1.1.1",
    )
    assert response.status_code == 302 and response["X-Request-ID"] != "req-test-00042"
    change = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).get()
    assert (change.remote_addr, change.remote_port, change.cid) == ("10.1.1.1", None, response["X-Request-ID"])


def test_an_unsafe_request_id_header_is_replaced(login, city_clerk):
    response = login(city_clerk).get("/cases/", HTTP_X_REQUEST_ID="<script>")
    assert response["X-Request-ID"] != "<script>" and len(response["X-Request-ID"]) == 32


@pytest.mark.parametrize(
    "url",
    [
        "/admin/auditlog/logentry/{log}/delete/",
        "/admin/audit/accessrecord/{access}/delete/",
        "/admin/cases/caseevent/{event}/delete/",
        "/admin/cases/case/{case}/change/",
    ],
)
def test_not_even_the_administrator_can_change_the_trail(login, baotou, city_clerk, url):
    case = open_reconsideration(city_clerk)
    client = login(baotou["admin"])
    client.get(f"/cases/{case.pk}/")
    ids = {
        "log": LogEntry.objects.first().pk,
        "access": AccessRecord.objects.first().pk,
        "event": CaseEvent.objects.first().pk,
        "case": case.pk,
    }
    response = client.post(url.format(**ids), {"post": "yes"})
    assert response.status_code == 403
    assert LogEntry.objects.filter(pk=ids["log"]).exists() and AccessRecord.objects.filter(pk=ids["access"]).exists()


def test_access_records_refuse_updates_and_deletes(login, city_clerk):
    case = open_reconsideration(city_clerk)
    login(city_clerk).get(f"/cases/{case.pk}/")
    record = AccessRecord.objects.get()
    with pytest.raises(PermissionError):
        record.save()
    with pytest.raises(PermissionError):
        record.delete()


def test_a_token_api_step_is_recorded_with_its_actor(city_clerk):
    from rest_framework.test import APIClient

    from fazhi.accounts.models import ApiToken

    case = open_reconsideration(city_clerk)
    _, key = ApiToken.issue(user=city_clerk, name="test", scopes=["read", "write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.post(
        f"/api/v1/cases/{case.pk}/transitions/",
        {"code": "accept", "version": 1, "on": "2024-10-08", "data": {"procedure_type": "ordinary"}},
        format="json",
    )
    assert response.status_code == 200
    changes = LogEntry.objects.filter(timestamp__gte=case.created_at).exclude(action=LogEntry.Action.CREATE)
    assert changes.exists() and {c.actor for c in changes} == {city_clerk}
