"""The network's nightly job (django-tasks): list the certificates whose validity ends within the reminder window for
their keepers (`fazhi.enforcement.reminders`), then re-enqueue itself for the next night like the sweep of lapsed
clocks. `NIGHTLY` is what `manage.py schedule_sweeps` queues."""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django_tasks import task

from fazhi.core.nightly import next_run_at
from fazhi.enforcement.reminders import list_expiring

REMINDERS_AT = time(0, 25)  # after the 00:05 sweep and the rule book's 00:20 evaluations, before the 00:35 purge


def next_reminders_at(now: datetime) -> datetime:
    return next_run_at(now, REMINDERS_AT)


@task()
def remind_expiring_certificates(reschedule: bool = True) -> int:
    """List the certificates expiring within the window (idempotent), then schedule tomorrow's run."""
    listed = list_expiring(timezone.localdate())
    if reschedule:
        remind_expiring_certificates.using(run_after=next_reminders_at(timezone.now())).enqueue()
    return listed


NIGHTLY = ((remind_expiring_certificates, "执法证件到期提醒"),)  # queued by manage.py schedule_sweeps
