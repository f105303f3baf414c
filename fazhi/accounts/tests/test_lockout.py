"""Five failures (wrong passwords or wrong codes) from one address lock that user there for 30 minutes."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog
from django.test import Client
from django.utils import timezone

from fazhi.accounts.tests.test_two_factor import LOGIN, TASKS, VERIFY, device_of, password_login
from fazhi.accounts.twofactor import current_code
from fazhi.audit.models import AccessRecord
from fazhi.demo.baotou import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


def wrong_passwords(client: Client, username: str, times: int):
    return [client.post(LOGIN, {"username": username, "password": "wrong-password-1A"}) for _ in range(times)]


def test_five_wrong_passwords_lock_the_account_with_a_clear_message_and_an_audit_row(city_clerk):
    client = Client()
    responses = wrong_passwords(client, "city_clerk", 5)
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 429]
    assert "用户名或密码不正确" in responses[0].content.decode()
    assert "锁定30分钟" in responses[-1].content.decode()

    refused = client.post(LOGIN, {"username": "city_clerk", "password": DEMO_PASSWORD})
    assert refused.status_code == 429
    assert "锁定30分钟" in refused.content.decode()
    assert client.get(TASKS).status_code == 302  # not logged in

    assert AccessAttempt.objects.get(username="city_clerk").failures_since_start == 5
    assert AccessFailureLog.objects.filter(username="city_clerk").count() == 5
    record = AccessRecord.objects.get(action="lockout")
    assert (record.object_id, record.detail["username"], record.detail["step"]) == (
        str(city_clerk.pk),
        "city_clerk",
        "password",
    )
    assert record.ip == "127.0.0.1"


def test_the_lock_is_for_that_user_from_that_address_and_ends_after_30_minutes(city_clerk, donghe_clerk):
    wrong_passwords(Client(), "city_clerk", 5)
    _, other_user = password_login("donghe_clerk")
    assert other_user.status_code == 302
    _, other_address = password_login("city_clerk", Client(REMOTE_ADDR="10.0.0.8"))
    assert other_address.status_code == 302
    _, still_locked = password_login("city_clerk")
    assert still_locked.status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=31), tick=False):
        _, after = password_login("city_clerk")
    assert after.status_code == 302 and after["Location"].startswith(VERIFY)


def test_a_forged_forwarded_for_header_does_not_escape_the_lock(city_clerk):
    client = Client()
    for i in range(5):
        client.post(LOGIN, {"username": "city_clerk", "password": "x-Wrong-1"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{i}")
    response = client.post(LOGIN, {"username": "city_clerk", "password": DEMO_PASSWORD}, HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert response.status_code == 429


def test_five_wrong_codes_lock_too_and_end_the_half_logged_in_session(city_clerk):
    client, _ = password_login("city_clerk")
    code = current_code(device_of(city_clerk))
    wrong = "111111" if code != "111111" else "222222"
    statuses = []
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(5):
            traveller.shift(timedelta(seconds=20))  # past django-otp's own throttle, which does not count here
            statuses.append(client.post(VERIFY, {"otp_token": wrong}).status_code)
    assert statuses == [200, 200, 200, 200, 429]
    assert client.get(TASKS)["Location"].startswith(LOGIN)  # logged out, not merely back at the code step
    assert AccessRecord.objects.get(action="lockout").detail["step"] == "code"
    _, again = password_login("city_clerk")
    assert again.status_code == 429


def test_a_successful_second_step_clears_earlier_failures(city_clerk):
    client = Client()
    wrong_passwords(client, "city_clerk", 3)
    password_login("city_clerk", client)
    with time_machine.travel(timezone.now() + timedelta(seconds=5), tick=False):
        assert client.post(VERIFY, {"otp_token": current_code(device_of(city_clerk))}).status_code == 302
    assert not AccessAttempt.objects.filter(username="city_clerk").exists()
