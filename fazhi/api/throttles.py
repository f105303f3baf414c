"""DRF throttles keyed on `fazhi.core.clientip.client_ip`, so the API counts the same caller as the page limits."""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from fazhi.core.clientip import client_ip


class AnonThrottle(AnonRateThrottle):
    def get_ident(self, request) -> str:
        return client_ip(request._request if hasattr(request, "_request") else request)


class UserThrottle(UserRateThrottle):
    def get_ident(self, request) -> str:
        return client_ip(request._request if hasattr(request, "_request") else request)
