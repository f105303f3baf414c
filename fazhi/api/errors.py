"""API errors: DRF's own, plus the runner's, as {"detail": <message in the user's language>} with the right status."""

from __future__ import annotations

import math

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.cases.errors import TransitionError


def exception_handler(exc, context):
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc)}, status=exc.status)
    if isinstance(exc, Throttled):
        wait = max(1, math.ceil(exc.wait)) if exc.wait is not None else None
        message = (
            _("请求过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": wait}
            if wait is not None
            else _("请求过于频繁，请稍后再试。")
        )
        response = Response({"detail": message}, status=exc.status_code)
        if wait is not None:
            response["Retry-After"] = str(wait)
        return response
    return drf_exception_handler(exc, context)


@csrf_exempt  # it changes nothing, and a POST to a wrong path is 404, not the CSRF page
def not_found(request, *args, **kwargs) -> JsonResponse:
    """A path under /api/v1/ that names no operation: the API's JSON 404, not the site's HTML page."""
    return JsonResponse({"detail": _("未找到。")}, status=404, json_dumps_params={"ensure_ascii": False})
