"""Writing access records: `access_record` for a view that records by hand, `records_access` to mark a view.

A view that shows a sensitive record or hands out a file is marked declaratively::

    @records_access("view", what="corrections.subject")
    @staff_required
    def subject_detail(request, pk): ...

and every successful answer of it writes one AccessRecord (who, what, when, from where: user, object, time, IP,
user agent, request id). The view may name the object it showed with `accessed(request, obj, **detail)`;
otherwise the record names `what` and the URL's `pk`. `fazhi.audit.tests.test_read_coverage` fails when a
download or export route is not marked.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from auditlog.context import auditlog_value
from django.core.exceptions import ObjectDoesNotExist
from django.db import models

from fazhi.accounts.access import Read
from fazhi.audit.context import get_request_id
from fazhi.audit.models import AccessRecord
from fazhi.core.clientip import client_ip
from fazhi.core.logging import mask_text

# line → what its case panel shows that is sensitive (registered by the line, e.g. legal aid's finances)
SENSITIVE_PANELS: dict[str, str] = {}


def sensitive_panel(line: str, label: str) -> None:
    """Declare that the case page of `line` shows `label`; each read of such a page carries it in its record."""
    SENSITIVE_PANELS[line] = str(label)


def _case_of(obj: models.Model | None) -> Any:
    if obj is None:
        return None
    if obj._meta.label_lower == "cases.case":
        return obj
    try:
        return getattr(obj, "case", None)
    except ObjectDoesNotExist:
        return None


def access_record(
    *, request, action: str, obj: models.Model | None = None, object_type: str = "", object_id: str = "", **detail
):
    """Record that the request's user read or exported `obj` (or a set described by `object_type`/`detail`)."""
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    case = _case_of(obj)
    line = str(getattr(case, "line", "") or "")
    if line:
        detail.setdefault("line", line)
        if case is obj and line in SENSITIVE_PANELS:
            detail.setdefault("contains", SENSITIVE_PANELS[line])
    return AccessRecord.objects.create(
        user=user,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else str(object_id)[:60],
        object_repr=str(obj)[:200] if obj is not None else "",
        case_number=str(getattr(case, "number", "") or "")[:60],
        path=mask_text(request.get_full_path())[:300],  # a backstop: views put tokens, not values, in URLs
        ip=client_ip(request),
        user_agent=request.headers.get("User-Agent", "")[:300],
        request_id=get_request_id() or getattr(request, "request_id", "") or "",
        detail={k: mask_text(str(v)) for k, v in detail.items()},
    )


def reads_recorded(read: Read) -> None:
    """One access record per row of a line that logs every read (LineSpec.log_every_read), written where the row was
    read (`visible_to`, outside any view's hands): who, which row, its case, the request's id and client address."""
    user = read.user if getattr(read.user, "is_authenticated", False) else None
    ip = auditlog_value.get({}).get("remote_addr")  # set per request by FazhiAuditlogMiddleware (fazhi.core.clientip)
    objects = {o.pk: o for o in read.objects}
    label = read.model._meta.label_lower
    records = []
    for pk in read.ids:
        obj = objects.get(pk)
        case = obj if obj is not None and label == "cases.case" else None
        if obj is not None and case is None:  # its case only when already loaded: a record never slows the read
            case = obj._state.fields_cache.get("case")
        records.append(
            AccessRecord(
                user=user,
                action=AccessRecord.Action.VIEW,
                object_type=label,
                object_id=str(pk)[:60],
                object_repr=str(obj)[:200] if obj is not None else "",
                case_number=str(getattr(case, "number", "") or "")[:60],
                ip=ip,
                request_id=get_request_id() or "",
                detail={"line": str(getattr(case, "line", "") or ",".join(sorted(read.lines)))},
            )
        )
    AccessRecord.objects.bulk_create(records)


def accessed(request, obj: models.Model | None = None, *, object_type: str = "", **detail) -> None:
    """Inside a `records_access` view: name what the answer shows (once per object); the decorator records it."""
    named = request.__dict__.get("_fazhi_accessed")
    if named is None:  # a view that shows sensitive data without the mark would record nothing: fail loudly
        raise RuntimeError("accessed() called outside a @records_access view")
    named.append((obj, object_type, detail))


@dataclass(frozen=True)
class AccessMark:
    """What a marked view records (kept on the view as `.records_access`, for the coverage test)."""

    action: str
    what: str


def records_access(action: str, *, what: str, when: Callable[..., bool] | None = None):
    """Mark a view as reading sensitive data: each answer that shows it (2xx, or any answer after `accessed()`)
    writes an AccessRecord; `when(request)` false skips the record (e.g. a report's HTML page, only downloads).

    Put it outermost (above `staff_required`), so refused and redirected requests record nothing.
    """
    if action not in AccessRecord.Action.values:
        raise ValueError(f"unknown access action {action!r}")

    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            request._fazhi_accessed = []
            response = view(request, *args, **kwargs)
            named = request.__dict__.pop("_fazhi_accessed", [])
            if when is not None and not when(request):
                return response
            if named:
                for obj, object_type, detail in named:
                    access_record(request=request, action=action, obj=obj, object_type=object_type or "", **detail)
            elif 200 <= response.status_code < 300:
                access_record(request=request, action=action, object_type=what, object_id=kwargs.get("pk", ""))
            return response

        wrapped.records_access = AccessMark(action, what)
        return wrapped

    return decorate
