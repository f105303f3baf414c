"""OpenAPI descriptions of fazhi's own authenticators, so /api/v1/schema/ names every way in (drf-spectacular)."""

from __future__ import annotations

from drf_spectacular.authentication import SessionScheme
from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "fazhi.accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "接口令牌：Authorization: Bearer fz_<前缀>_<密钥>（按读、写范围授权，可吊销）",
        }


class VerifiedSessionScheme(SessionScheme):
    """The browser session, accepted only once the second factor is passed; described like Django's session."""

    target_class = "fazhi.accounts.authentication.VerifiedSessionAuthentication"
