"""The errors a step can raise; each message is for the user, each carries its HTTP status."""

from __future__ import annotations


class TransitionError(Exception):
    """A step the law or the user's role does not allow now; the message is for the user."""

    status = 400


class TransitionForbidden(TransitionError):
    status = 403


class ConflictError(TransitionError):
    """Someone else changed the case since this user loaded it."""

    status = 409


class StateConflict(TransitionError):
    """The step does not fit the case as it now stands (its state, its recorded facts, a step the law allows once)."""

    status = 409
