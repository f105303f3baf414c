"""API authentication: scoped machine tokens, and the session path only once the second factor is passed."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from fazhi.accounts.models import ApiToken
from fazhi.accounts.twofactor import is_verified, needs_second_factor

# last_used_at is written at most this often per token, not on every call
LAST_USED_RESOLUTION_SECONDS = 60


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer fz_<prefix>_<secret>`: a revoked, expired or unknown key is refused (401)."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("接口令牌格式不正确。"))
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("接口令牌格式不正确。")) from None
        parts = ApiToken.split(key)
        if parts is None:
            raise exceptions.AuthenticationFailed(_("接口令牌格式不正确。"))
        token = ApiToken.objects.select_related("user").filter(prefix=parts[0]).first()
        if token is None or not token.matches(key):
            raise exceptions.AuthenticationFailed(_("接口令牌无效。"))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("接口令牌已被吊销。"))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("接口令牌已过期。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌所属用户已停用。"))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # no change record for a timestamp
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """DRF's session path (with its CSRF check), refused for staff whose session has not passed the second factor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_second_factor(result[0]) and not is_verified(result[0]):
            raise exceptions.PermissionDenied(_("请先完成双因素验证（输入动态验证码）后再访问接口。"))
        return result
