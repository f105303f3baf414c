"""The nightly audit purge (django-tasks), re-enqueued for the next night like the sweep of lapsed clocks."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django_tasks import task

from fazhi.audit.retention import purge
from fazhi.core.nightly import next_run_at

PURGE_AT = time(0, 35)  # after the 00:05 sweep of lapsed clocks


def next_purge_at(now: datetime) -> datetime:
    return next_run_at(now, PURGE_AT)


@task()
def purge_audit_trail(reschedule: bool = True) -> int:
    """Apply the retention policy (FAZHI_AUDIT_RETENTION_DAYS), then schedule tomorrow's run. Returns rows removed."""
    result = purge()
    if reschedule:
        purge_audit_trail.using(run_after=next_purge_at(timezone.now())).enqueue()
    return result.access_records + result.change_records


NIGHTLY = ((purge_audit_trail, "审计记录清理"),)  # queued by manage.py schedule_sweeps
