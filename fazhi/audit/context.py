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

    Inside a live auditlog context (its middleware's `set_actor`, whose pre_save receiver reads the context
    variable when an entry is saved) the actor is swapped in the variable for the block and restored after. A
    `set_actor` nested in another would leak the outer one's receiver: auditlog disconnects by the variable's
    current value and never restores it, so each request left one receiver connected to LogEntry's pre_save (a
    gunicorn worker accumulated thousands, each called on every entry saved). Outside one (commands, tasks),
    auditlog's own `set_actor`, and the variable restored after it.
    """
    if user is None or not getattr(user, "is_authenticated", False):
        yield
        return
    from auditlog.context import auditlog_value, set_actor

    current = auditlog_value.get(None)
    if _live(current):
        token = auditlog_value.set({**current, "actor": user})
        try:
            yield
        finally:
            auditlog_value.reset(token)
        return
    token = auditlog_value.set({})  # reset below also undoes the value set_actor leaves behind
    try:
        with set_actor(user, remote_addr=(current or {}).get("remote_addr"), remote_port=None):
            yield
    finally:
        auditlog_value.reset(token)


def _live(context: dict | None) -> bool:
    """Whether `context` belongs to a set_actor block still open (its receiver still connected)."""
    duid = context.get("signal_duid") if context else None
    if duid is None:
        return False
    from django.db.models.signals import pre_save

    return any(key[0] == duid for key, *_rest in pre_save.receivers)
