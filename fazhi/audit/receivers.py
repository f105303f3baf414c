"""One access record per login lockout (django-axes keeps its own attempt log); connected in AuditConfig.ready.

Audit listens to axes' signal itself, so accounts (below audit) imports nothing from it.
"""

from __future__ import annotations

import logging

from fazhi.accounts.models import User
from fazhi.audit.models import AccessRecord
from fazhi.audit.services import access_record

log = logging.getLogger(__name__)


def record_lockout(sender, request, username, ip_address, **kwargs) -> None:
    """axes' user_locked_out: when a username+address is newly locked (not on each refused try during the lock)."""
    if request is None or getattr(request, "axes_failures_since_start", None) is None:
        return
    account = User.objects.filter(username=username).first() if username else None
    step = "code" if "/login/verify/" in request.path_info or "/login/enrol/" in request.path_info else "password"
    access_record(
        request=request,
        action=AccessRecord.Action.LOCKOUT,
        obj=account,
        object_type="accounts.user",
        username=username or "",
        step=step,
        failures=request.axes_failures_since_start,
    )
    log.warning("login locked out after %s failures (step: %s)", request.axes_failures_since_start, step)
