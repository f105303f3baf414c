"""API errors: DRF's own, plus the runner's, as {"detail": <message in the user's language>} with the right status."""

from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from fazhi.cases.runner import TransitionError


def exception_handler(exc, context):
    if isinstance(exc, TransitionError):
        return Response({"detail": str(exc)}, status=exc.status)
    return drf_exception_handler(exc, context)
