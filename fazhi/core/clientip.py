"""The one answer to "where did this request come from", used by the rate limits, the lockout and the audit trail.

REMOTE_ADDR, unless the request came from a reverse proxy the operator listed in FAZHI_TRUSTED_PROXIES: then the
last X-Forwarded-For hop that is not itself a trusted proxy. A client that writes the header itself gains nothing
(its connection is not from a trusted proxy, so the header is ignored), and behind nginx every limit, lock and
access record names the real client rather than the proxy.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest

UNKNOWN = "0.0.0.0"


def from_trusted_proxy(request: HttpRequest) -> bool:
    """Whether the connection comes from a reverse proxy the operator listed (whose headers may be believed)."""
    return request.META.get("REMOTE_ADDR") in set(getattr(settings, "FAZHI_TRUSTED_PROXIES", ()))


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR") or UNKNOWN
    if from_trusted_proxy(request):
        trusted = set(settings.FAZHI_TRUSTED_PROXIES)
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if hop in trusted:
                continue
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                break
    return remote
