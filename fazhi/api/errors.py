"""API errors: DRF's own, plus the runner's, as {"detail": <message in the user's language>} with the right status."""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from rest_framework.exceptions import Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.cases.runner import TransitionError


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
