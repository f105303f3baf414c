"""The nightly audit purge (django-tasks), re-enqueued for the next night like the sweep of lapsed clocks."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from fazhi.audit.retention import purge

PURGE_AT = time(0, 35)  # after the 00:05 sweep of lapsed clocks


def next_purge_at(now: datetime) -> datetime:
    local = timezone.localtime(now)
    candidate = local.replace(hour=PURGE_AT.hour, minute=PURGE_AT.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


@task()
def purge_audit_trail(reschedule: bool = True) -> int:
    """Apply the retention policy (FAZHI_AUDIT_RETENTION_DAYS), then schedule tomorrow's run. Returns rows removed."""
    result = purge()
    if reschedule:
        purge_audit_trail.using(run_after=next_purge_at(timezone.now())).enqueue()
    return result.access_records + result.change_records


NIGHTLY = ((purge_audit_trail, "审计记录清理"),)  # queued by manage.py schedule_sweeps
