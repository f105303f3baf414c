"""The current request's id, shared by the change log (auditlog's correlation id), timeline events and reads."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

request_id: ContextVar[str | None] = ContextVar("fazhi_request_id", default=None)


def get_request_id() -> str | None:
    """The id of the request being served, or None outside a request (commands, tasks)."""
    return request_id.get()


@contextmanager
def acting_as(user) -> Iterator[None]:
    """Attribute change records to `user`.

    django-auditlog's middleware reads request.user before DRF authenticates a token, so API writes would be
    recorded without an actor; every service that writes on behalf of a user runs inside this.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    from auditlog.context import auditlog_value, set_actor

    current = auditlog_value.get({})
    with set_actor(user, remote_addr=current.get("remote_addr"), remote_port=current.get("remote_port")):
        yield
