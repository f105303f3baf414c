"""Machine tokens: hashed at rest, scoped (read / write), expiring, revocable, recorded in the change history."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone
from rest_framework.test import APIClient

from fazhi.accounts.models import ApiToken
from fazhi.accounts.tests.test_two_factor import device_of
from fazhi.accounts.totp_secrets import clear_key
from fazhi.accounts.twofactor import current_code, demo_key

pytestmark = pytest.mark.django_db

CASES, MEDIATION = "/api/v1/cases/", "/api/v1/mediation/disputes/"


def bearer(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


def test_only_a_prefix_and_a_digest_are_stored(donghe_clerk):
    token, key = ApiToken.issue(user=donghe_clerk, name="省平台", scopes=["read"])
    assert key.startswith(f"fz_{token.prefix}_") and len(key) > 40
    stored = ApiToken.objects.filter(pk=token.pk).values()[0]
    assert key not in str(stored)
    assert stored["key_hash"] == hashlib.sha256(key.encode()).hexdigest()


def test_a_read_token_reads_and_cannot_write(donghe_clerk):
    _, key = ApiToken.issue(user=donghe_clerk, name="省平台", scopes=["read"])
    assert bearer(key).get(CASES).status_code == 200
    refused = bearer(key).post(MEDIATION, {}, format="json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "该接口令牌为只读令牌，不能修改数据。"


def test_a_write_token_passes_the_permission(donghe_clerk):
    _, key = ApiToken.issue(user=donghe_clerk, name="移动端", scopes=["read", "write"])
    assert bearer(key).post(MEDIATION, {}, format="json").status_code == 400  # the empty form, not the scope


def test_last_use_is_stamped(donghe_clerk):
    token, key = ApiToken.issue(user=donghe_clerk, name="省平台", scopes=["read"])
    bearer(key).get(CASES)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_brings_its_users_active_memberships_in_one_statement(donghe_clerk, django_assert_num_queries):
    """The token, its user and the user's active memberships are one statement; the scopes it caches on the user
    are those `scopes_of` reads (an inactive membership and another user's count for nothing)."""
    from rest_framework.request import Request
    from rest_framework.test import APIRequestFactory

    from fazhi.accounts.access import scopes_of
    from fazhi.accounts.authentication import ApiTokenAuthentication
    from fazhi.accounts.models import Membership, Organisation, User

    Membership.objects.create(
        user=donghe_clerk, organisation=Organisation.objects.get(name="昆都仑区司法局"), role="handler", lines=["x"]
    )
    Membership.objects.create(
        user=donghe_clerk,
        organisation=Organisation.objects.get(name="包头市司法局"),
        role="leader",
        lines=["mediation"],
        is_active=False,
    )
    token, key = ApiToken.issue(user=donghe_clerk, name="省平台", scopes=["read"])
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())  # no stamp in the counted request
    request = Request(APIRequestFactory().get(CASES, HTTP_AUTHORIZATION=f"Bearer {key}"))
    with django_assert_num_queries(1):
        user, auth = ApiTokenAuthentication().authenticate(request)
        cached = sorted(scopes_of(user), key=repr)
    assert auth.pk == token.pk and user == donghe_clerk
    assert cached == sorted(scopes_of(User.objects.get(pk=donghe_clerk.pk)), key=repr)
    names = set(Organisation.objects.filter(pk__in=[s.organisation_id for s in cached]).values_list("name", flat=True))
    assert len(cached) == 2 and names == {"东河区司法局", "昆都仑区司法局"}
    assert next(s for s in cached if s.lines == {"x"}).prefix == "150203"  # 昆都仑区's subtree


@pytest.mark.parametrize("breakage", ["revoked", "expired", "wrong_secret", "malformed", "inactive_user"])
def test_unusable_tokens_get_401(donghe_clerk, breakage):
    token, key = ApiToken.issue(user=donghe_clerk, name="省平台", scopes=["read"])
    if breakage == "revoked":
        token.revoke()
    elif breakage == "expired":
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif breakage == "wrong_secret":
        key = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    elif breakage == "malformed":
        key = "not-a-token"
    else:
        donghe_clerk.is_active = False
        donghe_clerk.save()
    response = bearer(key).get(CASES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert any("\u4e00" <= ch <= "\u9fff" for ch in response.json()["detail"])


def test_creation_and_revocation_are_in_the_change_history(donghe_clerk):
    token, _ = ApiToken.issue(user=donghe_clerk, name="省平台", scopes=["read"])
    token.revoke()
    entries = LogEntry.objects.get_for_object(token).order_by("timestamp", "id")
    assert [e.action for e in entries] == [LogEntry.Action.CREATE, LogEntry.Action.UPDATE]
    assert "revoked_at" in entries[1].changes_dict
    assert all("key_hash" not in e.changes_dict for e in entries)


def test_the_api_token_command_creates_lists_and_revokes(donghe_clerk):
    out = StringIO()
    call_command("api_token", "create", "donghe_clerk", "--name", "省平台", "--days", "30", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get()
    assert token.matches(key) and token.scopes == ["read"]
    assert abs((token.expires_at - timezone.now()) - timedelta(days=30)) < timedelta(minutes=1)
    assert bearer(key).get(CASES).status_code == 200

    listing = StringIO()
    call_command("api_token", "list", stdout=listing)
    assert token.prefix in listing.getvalue() and key not in listing.getvalue() and "有效" in listing.getvalue()

    call_command("api_token", "revoke", f"fz_{token.prefix}_", stdout=StringIO())
    assert bearer(key).get(CASES).status_code == 401
    with pytest.raises(CommandError):
        call_command("api_token", "create", "nobody", "--name", "x", stdout=StringIO())


def test_the_write_flag_gives_both_scopes(donghe_clerk):
    call_command("api_token", "create", "donghe_clerk", "--name", "移动端", "--write", stdout=StringIO())
    assert ApiToken.objects.get().scopes == ["read", "write"]


def test_otp_code_prints_the_code_of_demo_devices_only(city_clerk, baotou):
    out = StringIO()
    call_command("otp_code", "city_clerk", stdout=out)
    assert out.getvalue().strip() == current_code(device_of(city_clerk))
    assert clear_key(device_of(city_clerk).key) == demo_key("city_clerk")  # stored encrypted

    device = device_of(city_clerk)
    device.name = "手机验证器"  # as if the user had enrolled their own phone
    device.save()
    with pytest.raises(CommandError, match="本命令不能查看"):
        call_command("otp_code", "city_clerk", stdout=StringIO())
