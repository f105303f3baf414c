"""Writing access records."""

from __future__ import annotations

from django.db import models

from fazhi.audit.context import get_request_id
from fazhi.audit.models import AccessRecord


def access_record(*, request, action: str, obj: models.Model | None = None, object_type: str = "", **detail):
    """Record that the request's user read or exported `obj` (or a set described by `object_type`/`detail`)."""
    user = request.user if getattr(request, "user", None) and request.user.is_authenticated else None
    return AccessRecord.objects.create(
        user=user,
        action=action,
        object_type=object_type or (obj._meta.label_lower if obj is not None else ""),
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        path=request.get_full_path()[:300],
        ip=request.META.get("REMOTE_ADDR") or None,
        request_id=get_request_id() or "",
        detail={k: str(v) for k, v in detail.items()},
    )
