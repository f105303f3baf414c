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
from django_ratelimit.core import get_usage

from fazhi.core.clientip import client_ip
from fazhi.core.errors import too_many_requests

GROUP = "fazhi.anonymous"


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
                return too_many_requests(request, max(1, int(usage["time_left"])))
        return self.get_response(request)
