"""Staff pass a second factor after the password: enforced on every page and on the API's session path."""

from __future__ import annotations

import re
from base64 import b32decode
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from fazhi.accounts.models import ApiToken, Membership, Organisation, Role, User
from fazhi.accounts.totp_secrets import clear_key
from fazhi.accounts.twofactor import DEMO_DEVICE_NAME, current_code, demo_key, issue_recovery_codes
from fazhi.core.crypto import is_token
from fazhi.demo.baotou import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN, VERIFY, ENROL = "/accounts/login/", "/accounts/login/verify/", "/accounts/login/enrol/"
TASKS, API_CASES = "/cases/tasks/", "/api/v1/cases/"


def password_login(username: str, client: Client | None = None, password: str = DEMO_PASSWORD):
    """The real first step (the login form), not force_login: the session has no second factor yet."""
    client = client or Client()
    response = client.post(LOGIN, {"username": username, "password": password, "next": TASKS})
    return client, response


def device_of(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)


def later(seconds: int):
    """Past django-otp's per-device throttle (1 s, 2 s, 4 s … after each wrong code)."""
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def test_demo_staff_have_a_confirmed_demo_device_and_the_citizen_none(baotou):
    device = device_of(baotou["city_clerk"])
    assert (device.name, clear_key(device.key)) == (DEMO_DEVICE_NAME, demo_key("city_clerk"))
    stored = TOTPDevice.objects.filter(pk=device.pk).values_list("key", flat=True).get()
    assert is_token(stored) and demo_key("city_clerk") not in stored  # the secret is encrypted at rest
    assert device_of(baotou["admin"]).name == DEMO_DEVICE_NAME
    assert not TOTPDevice.objects.filter(user=baotou["citizen"]).exists()


def test_after_the_password_a_staff_session_reaches_no_page_and_no_api_until_the_code(city_clerk):
    client, response = password_login("city_clerk")
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fcases%2Ftasks%2F"

    page = client.get("/cases/")
    assert page.status_code == 302 and page["Location"] == f"{VERIFY}?next=%2Fcases%2F"
    assert client.post("/cases/export/").status_code == 302
    assert client.get("/admin/").status_code == 302

    api = client.get(API_CASES)
    assert api.status_code == 403
    assert "双因素验证" in api.json()["detail"]

    form = client.get(VERIFY)
    assert form.status_code == 200 and "输入动态验证码" in form.content.decode()


def test_a_wrong_code_is_refused_and_the_right_one_opens_pages_and_api(city_clerk):
    client, _ = password_login("city_clerk")
    wrong = client.post(VERIFY, {"otp_token": "000000", "next": TASKS})
    if current_code(device_of(city_clerk)) == "000000":  # one chance in a million
        pytest.skip("the current code happens to be 000000")
    assert wrong.status_code == 200
    assert "验证码不正确" in wrong.content.decode()
    assert client.get(TASKS).status_code == 302

    with later(5):
        right = client.post(VERIFY, {"otp_token": current_code(device_of(city_clerk)), "next": TASKS})
        assert right.status_code == 302 and right["Location"] == TASKS
        assert client.get(TASKS).status_code == 200
        assert client.get(API_CASES).status_code == 200


def test_the_same_code_cannot_be_used_twice(city_clerk):
    code = current_code(device_of(city_clerk))
    first, _ = password_login("city_clerk")
    assert first.post(VERIFY, {"otp_token": code}).status_code == 302
    second, _ = password_login("city_clerk")
    assert second.post(VERIFY, {"otp_token": code}).status_code == 200
    assert second.get(TASKS).status_code == 302


def test_a_recovery_code_works_once(city_clerk):
    codes = issue_recovery_codes(city_clerk)
    assert len(codes) == 10 and len(set(codes)) == 10

    client, _ = password_login("city_clerk")
    response = client.post(VERIFY, {"otp_token": codes[0].upper(), "next": TASKS})
    assert response.status_code == 302 and response["Location"] == TASKS
    assert client.get(TASKS).status_code == 200
    assert StaticToken.objects.filter(device__user=city_clerk).count() == 9

    again, _ = password_login("city_clerk")
    with later(5):
        refused = again.post(VERIFY, {"otp_token": codes[0]})
    assert refused.status_code == 200 and "验证码不正确或已使用" in refused.content.decode()
    assert again.get(TASKS).status_code == 302


def test_a_new_staff_member_enrols_with_the_qr_code_and_gets_ten_recovery_codes(baotou):
    user = User.objects.create_user("new_clerk", password=DEMO_PASSWORD, full_name="新承办")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(name="东河区司法局"), role=Role.HANDLER, lines=["mediation"]
    )
    client, response = password_login("new_clerk")
    assert response["Location"] == f"{ENROL}?next=%2Fcases%2Ftasks%2F"
    assert client.get(TASKS)["Location"].startswith(ENROL)
    assert client.get(API_CASES).status_code == 403

    page = client.get(ENROL).content.decode()
    assert "<svg" in page  # the QR code is drawn inline; the only script is the site-wide focus helper
    assert all("focus-first-error.js" in tag for tag in re.findall(r"<script\b[^>]*>", page))
    secret = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', page).group(1)
    key = b32decode(secret.replace(" ", ""))
    assert key.hex() == clear_key(TOTPDevice.objects.get(user=user, confirmed=False).key)  # the device's key

    with later(5):
        wrong = client.post(ENROL, {"otp_token": "12345x"})
        assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    with later(15):
        code = f"{TOTP(key).token():06d}"  # what the authenticator app computes from the scanned secret
        done = client.post(ENROL, {"otp_token": code, "next": TASKS})
        assert done.status_code == 200
        assert "no-store" in done["Cache-Control"]  # the codes are shown once and not kept by the browser
        shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
        assert len(shown) == 10
        assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
        assert TOTPDevice.objects.get(user=user).confirmed
        assert client.get(TASKS).status_code == 200
        assert client.get(API_CASES).status_code == 200

    # the next login asks for a code, not a new enrolment
    _, again = password_login("new_clerk")
    assert again["Location"].startswith(VERIFY)


def new_staff_member(username: str = "new_clerk") -> User:
    user = User.objects.create_user(username, password=DEMO_PASSWORD, full_name="新承办")
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(name="东河区司法局"), role=Role.HANDLER, lines=["mediation"]
    )
    return user


def shown_secret(response) -> bytes:
    found = re.search(r'<code id="otp-secret">([A-Z2-7 ]+)</code>', response.content.decode())
    assert found, "the enrolment page shows no secret"
    return b32decode(found.group(1).replace(" ", ""))


def test_an_enrolment_secret_is_shown_to_one_session_only(baotou):
    """Someone with only the password of a not yet enrolled member must not learn the secret the member confirms."""
    user = new_staff_member()
    intruder, _ = password_login("new_clerk")
    stolen = shown_secret(intruder.get(ENROL))
    member, _ = password_login("new_clerk")
    own = shown_secret(member.get(ENROL))
    assert own != stolen
    assert shown_secret(member.get(ENROL)) == own  # a reload keeps the session's device
    assert [clear_key(k) for k in TOTPDevice.objects.filter(user=user).values_list("key", flat=True)] == [own.hex()]

    with later(5):  # the intruder's secret does not confirm the member's enrolment
        refused = member.post(ENROL, {"otp_token": f"{TOTP(stolen).token():06d}"})
        assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
        assert shown_secret(refused) == own
    with later(15):
        assert member.post(ENROL, {"otp_token": f"{TOTP(own).token():06d}", "next": TASKS}).status_code == 200
        assert member.get(TASKS).status_code == 200
        keys = TOTPDevice.objects.filter(user=user).values_list("key", "confirmed")
        assert [(clear_key(k), confirmed) for k, confirmed in keys] == [(own.hex(), True)]
        # the intruder's secret is worth nothing now: not on the enrolment page, not on the code step
        assert intruder.get(ENROL)["Location"].startswith(VERIFY)
        again, _ = password_login("new_clerk")
        refused = again.post(VERIFY, {"otp_token": f"{TOTP(stolen).token():06d}"})
        assert refused.status_code == 200 and "验证码不正确" in refused.content.decode()
        assert again.get(TASKS).status_code == 302


def test_a_session_whose_enrolment_was_replaced_cannot_confirm_it(baotou):
    user = new_staff_member()
    first, _ = password_login("new_clerk")
    replaced = shown_secret(first.get(ENROL))
    second, _ = password_login("new_clerk")
    second.get(ENROL)
    with later(5):
        refused = first.post(ENROL, {"otp_token": f"{TOTP(replaced).token():06d}"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "二维码已失效" in page
    assert shown_secret(refused) != replaced  # a fresh device, for this session only
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert first.get(TASKS)["Location"].startswith(ENROL)


def test_the_citizen_is_not_asked_for_a_second_factor(citizen):
    client, response = password_login("citizen")
    assert response["Location"] == TASKS
    assert client.get(VERIFY).status_code == 302  # nothing to verify: sent on
    landing = client.get(TASKS)  # not the code step: the page that tells a citizen where to go
    assert landing.status_code == 302 and landing["Location"] == "/accounts/guide/"
    assert client.get("/cases/").status_code == 403  # a staff page: the ordinary staff-only refusal


def test_token_authentication_is_not_asked_for_a_second_factor(city_clerk):
    """A machine token is the second factor's counterpart for scripts: issued by an operator, scoped, revocable."""
    _, key = ApiToken.issue(user=city_clerk, name="省平台", scopes=["read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert client.get(API_CASES).status_code == 200


def test_an_idle_session_is_logged_out(city_clerk):
    client, _ = password_login("city_clerk")
    with later(5):
        client.post(VERIFY, {"otp_token": current_code(device_of(city_clerk))})
        assert client.get(TASKS).status_code == 200
    with later(5 + 31 * 60):
        response = client.get(TASKS)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?expired=idle")
    assert "长时间未操作" in client.get(response["Location"]).content.decode()
    assert client.get(TASKS)["Location"].startswith(LOGIN)


def test_a_session_older_than_eight_hours_ends_even_when_busy(city_clerk, login):
    client = login(city_clerk)
    assert client.get(TASKS).status_code == 200
    start = timezone.now()
    for minutes in range(20, 9 * 60, 20):  # a request every 20 minutes, never idle
        with time_machine.travel(start + timedelta(minutes=minutes, seconds=1), tick=False):
            response = client.get(TASKS)
        if response.status_code != 200:
            break
    assert minutes == 8 * 60
    assert response.status_code == 302 and "expired=age" in response["Location"]


def test_force_login_in_tests_is_a_verified_login(city_clerk, login):
    """The test shortcut (conftest) stands for both steps; a session without the device key is refused again."""
    client = login(city_clerk)
    assert client.get(TASKS).status_code == 200
    session = client.session
    del session["otp_device_id"]
    session.save()
    assert client.get(TASKS).status_code == 302


def test_the_admin_never_shows_a_totp_secret(baotou, login):
    device = device_of(baotou["city_clerk"])
    page = login(baotou["admin"]).get(f"/admin/otp_totp/totpdevice/{device.pk}/change/")
    assert page.status_code == 200
    assert device.key not in page.content.decode()


def test_otp_reset_sends_the_user_back_to_enrolment_and_is_in_the_change_history(city_clerk):
    from io import StringIO

    from auditlog.models import LogEntry
    from django.core.management import call_command

    issue_recovery_codes(city_clerk)
    device = device_of(city_clerk)
    call_command("otp_reset", "city_clerk", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=city_clerk).exists()
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE, object_pk=str(device.pk))
    assert deleted.filter(content_type__model="totpdevice").exists()
    _, response = password_login("city_clerk")
    assert response["Location"].startswith(ENROL)


def test_using_a_code_writes_no_change_record(city_clerk):
    from auditlog.models import LogEntry

    last = LogEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    client, _ = password_login("city_clerk")
    with later(5):
        assert client.post(VERIFY, {"otp_token": current_code(device_of(city_clerk))}).status_code == 302
    assert not LogEntry.objects.filter(content_type__model="totpdevice", pk__gt=last).exists()


def test_the_demo_device_of_a_database_from_before_the_rename_is_kept_once(baotou):
    from fazhi.accounts.twofactor import OLD_DEMO_DEVICE_NAME, ensure_demo_device

    user = baotou["city_clerk"]
    TOTPDevice.objects.create(user=user, name=OLD_DEMO_DEVICE_NAME, key=demo_key("city_clerk"), confirmed=True)
    device = ensure_demo_device(user)  # both names present: one device is left, under the new name
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "name")) == [(device.pk, DEMO_DEVICE_NAME)]
    TOTPDevice.objects.filter(pk=device.pk).update(name=OLD_DEMO_DEVICE_NAME)
    assert ensure_demo_device(user).pk == device.pk  # only the old name: renamed, not duplicated
    assert TOTPDevice.objects.get(user=user).name == DEMO_DEVICE_NAME
