"""Appending to a case's legal timeline (CaseEvent): append-only, with the request id of the step."""

from __future__ import annotations

from fazhi.audit.context import get_request_id
from fazhi.cases.models import CaseEvent


def append_event(case, code, label, on, actor, from_state, to_state, basis, data) -> CaseEvent:
    event = new_event(case, code, label, on, actor, from_state, to_state, basis, data)
    event.save(force_insert=True)
    return event


def new_event(case, code, label, on, actor, from_state, to_state, basis, data) -> CaseEvent:
    """The event `append_event` saves, unsaved (intake writes it with the case in one statement)."""
    return CaseEvent(
        case=case,
        code=code,
        label=label,
        on=on,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        basis=basis,
        data=data or {},
        request_id=get_request_id() or "",
    )
