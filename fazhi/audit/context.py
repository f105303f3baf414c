"""The current request's id, shared by the change log (auditlog's correlation id), timeline events and reads."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("fazhi_request_id", default=None)


def get_request_id() -> str | None:
    """The id of the request being served, or None outside a request (commands, tasks)."""
    return request_id.get()
