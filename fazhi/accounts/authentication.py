"""API authentication: scoped machine tokens, and the session path only once the second factor is passed."""

from __future__ import annotations

import json

from django.db import connections
from django.db.models import TextField
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from fazhi.accounts.access import remember_scopes
from fazhi.accounts.models import ApiToken, Membership, Organisation
from fazhi.accounts.twofactor import is_verified, needs_second_factor
from fazhi.core.compiled import CompiledQuery

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
        token = _token_with_memberships(parts[0])
        if token is None or not token.matches(key):
            raise exceptions.AuthenticationFailed(_("接口令牌无效。"))
        if token.revoked_at is not None:
            raise exceptions.AuthenticationFailed(_("接口令牌已被吊销。"))
        if token.is_expired:
            raise exceptions.AuthenticationFailed(_("接口令牌已过期。"))
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("令牌所属用户已停用。"))
        remember_scopes(token.user, json.loads(token.__dict__.pop("fazhi_memberships") or "[]"))
        now = timezone.now()
        if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)  # no change record for a timestamp
        return token.user, token

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


_PREFIX_MARK = "fazhi-compiled-prefix-mark"  # the prefix's place in the compiled statement (never a real prefix)
_statements: dict[tuple[str, str], CompiledQuery] = {}


def _token_with_memberships(prefix: str) -> ApiToken | None:
    """The token with this prefix, its user and the user's active memberships (region code, lines, role,
    organisation id; JSON text in `fazhi_memberships`) in one statement, compiled once per database
    (fazhi.core.compiled): the two ORM queries this replaces cost every API request more CPU than its own work."""
    connection = connections[ApiToken.objects.db]
    key = (connection.alias, connection.vendor)
    compiled = _statements.get(key)
    if compiled is None:
        token = connection.ops.quote_name(ApiToken._meta.db_table)
        m, o = Membership._meta.db_table, Organisation._meta.db_table
        if connection.vendor == "postgresql":
            row, agg = (
                "json_build_array(o.region_id, m.lines, m.role, m.organisation_id)",
                "COALESCE(json_agg({}), '[]')::text",
            )
        else:
            row, agg = "json_array(o.region_id, json(m.lines), m.role, m.organisation_id)", "json_group_array({})"
        memberships = (
            f"(SELECT {agg.format(row)} FROM {m} m JOIN {o} o ON o.id = m.organisation_id "
            f"WHERE m.user_id = {token}.user_id AND m.is_active)"
        )
        qs = (
            ApiToken.objects.using(connection.alias)
            .select_related("user")
            .filter(prefix=_PREFIX_MARK)
            .annotate(fazhi_memberships=RawSQL(memberships, [], output_field=TextField()))
            .order_by("pk")[:1]
        )
        compiled = _statements[key] = CompiledQuery.of(qs, [_PREFIX_MARK])
    found = compiled.run([prefix], connection.alias)
    return found[0] if found else None


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """DRF's session path (with its CSRF check), refused for staff whose session has not passed the second factor."""

    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None and needs_second_factor(result[0]) and not is_verified(result[0]):
            raise exceptions.PermissionDenied(_("请先完成双因素验证（输入动态验证码）后再访问接口。"))
        return result
