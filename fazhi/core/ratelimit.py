"""Rate limits for what an anonymous caller can reach: every workbench page, per client address.

The API has DRF's own throttles (settings.REST_FRAMEWORK, answered in Chinese by fazhi.api.errors); this middleware
covers the rest — the login page, the public deadline calculator, the language switch and any page added later —
so a new public view is limited without anyone remembering to decorate it. Signed-in users are not counted here.
Counters live in the default cache (see docs/security.md on several worker processes).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

GROUP = "fazhi.anonymous"


def client_ip(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the address the n-th trusted proxy saw (FAZHI_NUM_PROXIES = n).

    X-Forwarded-For is read only when proxies are declared, and from the right, so a client cannot choose its own
    key by sending the header itself. Matches DRF's NUM_PROXIES rule, so both limits count the same caller.
    """
    proxies = getattr(settings, "FAZHI_NUM_PROXIES", 0)
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote


def _by_address(group: str, request: HttpRequest) -> str:
    return client_ip(request)


class AnonymousRateLimitMiddleware:
    """Answer 429 (with Retry-After) once an anonymous address passes FAZHI_ANON_RATE on the workbench pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (user is None or not user.is_authenticated) and not request.path_info.startswith("/api/"):
            usage = get_usage(request, group=GROUP, key=_by_address, rate=settings.FAZHI_ANON_RATE, increment=True)
            if usage is not None and usage["should_limit"]:
                wait = max(1, int(usage["time_left"]))
                response = HttpResponse(
                    _("访问过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": wait},
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
