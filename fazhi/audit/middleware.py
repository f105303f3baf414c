"""Request context for the audit trail: a request id, and the client address django-auditlog records.

The request id comes from X-Request-ID only when our own reverse proxy sent it (FAZHI_TRUSTED_PROXIES) and it
is sane; otherwise a fresh one, so a client cannot make its change records share another request's id.
"""

from __future__ import annotations

import re
import uuid

from auditlog.middleware import AuditlogMiddleware

from fazhi.audit.context import request_id
from fazhi.core.clientip import client_ip, from_trusted_proxy

_SAFE = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "") if from_trusted_proxy(request) else ""
        rid = incoming if _SAFE.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class FazhiAuditlogMiddleware(AuditlogMiddleware):
    """django-auditlog's middleware, recording the client address by `fazhi.core.clientip` (its own reads the
    first X-Forwarded-For entry of any caller, which a client can forge — or make unparseable, which on
    PostgreSQL fails the audited write) and no client-sent port."""

    @staticmethod
    def _get_remote_addr(request):
        return client_ip(request)

    @staticmethod
    def _get_remote_port(request):
        return None
