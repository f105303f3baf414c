"""Two staff on one case: the second gets a conflict message, the first's step stands, the second's typing is kept.

The workbench and the API send the version the user saw; the runner locks the case row and refuses a stale version.
The last test races two real API calls on PostgreSQL (row locks), where both would otherwise pass the check.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import connection
from rest_framework.test import APIClient

from fazhi.accounts.models import ApiToken
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import open_reconsideration


def accepted_case(clerk):
    case = open_reconsideration(clerk, received_on=date(2024, 10, 8))
    return case_transition(
        case=case, code="accept", actor=clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
    )


@pytest.mark.django_db
def test_the_second_editor_is_told_and_keeps_what_they_typed(login, city_clerk, city_head):
    case = accepted_case(city_clerk)  # version 2: both open the case page now
    seen = case.version
    first = login(city_clerk).post(f"/cases/{case.pk}/transitions/send_copy/", {"version": seen, "on": "2024-10-10"})
    assert first.status_code == 302
    typed = {"version": seen, "on": "2024-10-11", "reasons": "案情复杂，需要调查取证", "extension_days": "30"}
    second = login(city_head).post(f"/cases/{case.pk}/transitions/extend_decision/", typed)
    html = second.content.decode()
    assert second.status_code == 400
    assert "已被他人修改" in html and "您填写的内容未保存" in html
    assert "案情复杂，需要调查取证" in html  # the form comes back filled in: nothing typed is lost
    case.refresh_from_db()
    assert case.version == seen + 1
    assert list(case.events.order_by("id").values_list("code", flat=True))[-1] == "send_copy"
    assert not case.events.filter(code="extend_decision").exists()
    # after reloading, the second editor's step goes through on the current version
    again = login(city_head).post(f"/cases/{case.pk}/transitions/extend_decision/", {**typed, "version": seen + 1})
    assert again.status_code == 302
    assert case.events.filter(code="extend_decision").count() == 1


@pytest.mark.django_db
def test_the_api_answers_409_to_a_stale_version_and_changes_nothing(city_clerk, city_head):
    case = accepted_case(city_clerk)
    api = APIClient()
    api.force_authenticate(city_clerk)
    assert (
        api.post(
            f"/api/v1/cases/{case.pk}/transitions/", {"code": "send_copy", "version": 2}, format="json"
        ).status_code
        == 200
    )
    api.force_authenticate(city_head)
    stale = {"code": "extend_decision", "version": 2, "data": {"reasons": "复杂", "extension_days": 30}}
    response = api.post(f"/api/v1/cases/{case.pk}/transitions/", stale, format="json")
    assert response.status_code == 409 and "已被他人修改" in response.json()["detail"]
    case.refresh_from_db()
    assert case.version == 3 and not case.events.filter(code="extend_decision").exists()


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_api_calls_on_one_version_one_wins_one_gets_409(baotou):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite runs one writer at a time")
    clerk, head = baotou["city_clerk"], baotou["city_head"]
    case = accepted_case(clerk)
    barrier = threading.Barrier(2)
    results: dict[str, tuple[int, dict]] = {}

    def call(user, payload) -> None:
        try:
            _, key = ApiToken.issue(user=user, name="race", scopes=["read", "write"])
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
            barrier.wait()
            response = client.post(f"/api/v1/cases/{case.pk}/transitions/", payload, format="json")
            results[user.username] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [
        threading.Thread(target=call, args=(clerk, {"code": "send_copy", "version": 2})),
        threading.Thread(
            target=call,
            args=(head, {"code": "extend_decision", "version": 2, "data": {"reasons": "复杂", "extension_days": 30}}),
        ),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    statuses = sorted(status for status, _ in results.values())
    assert statuses == [200, 409], results
    loser = next(body for status, body in results.values() if status == 409)
    assert "已被他人修改" in loser["detail"]
    case.refresh_from_db()
    assert case.version == 3
    assert case.events.filter(code__in=["send_copy", "extend_decision"]).count() == 1
