"""DRF throttles keyed on `fazhi.core.clientip.client_ip`, so the API counts the same caller as the page limits."""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from fazhi.core.clientip import client_ip


class ClientIpIdent:
    def get_ident(self, request) -> str:
        return client_ip(getattr(request, "_request", request))


class AnonThrottle(ClientIpIdent, AnonRateThrottle):
    pass


class UserThrottle(ClientIpIdent, UserRateThrottle):
    pass
