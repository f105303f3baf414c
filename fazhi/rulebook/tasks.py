"""The rule book's nightly job (django-tasks): open the expiry evaluations that have come due and close as 失效
the normative documents whose term ended undecided; re-enqueued for the next night like the sweep of lapsed clocks.
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django_tasks import task

from fazhi.core.nightly import next_run_at
from fazhi.rulebook.services import open_due_evaluations

EVALUATIONS_AT = time(0, 20)  # after the 00:05 sweep of lapsed clocks, before the 00:35 audit purge


def next_evaluations_at(now: datetime) -> datetime:
    return next_run_at(now, EVALUATIONS_AT)


@task()
def open_evaluations(reschedule: bool = True) -> int:
    """Open due evaluation tasks (idempotent: a re-run opens nothing twice), then schedule tomorrow's run."""
    result = open_due_evaluations()
    if reschedule:
        open_evaluations.using(run_after=next_evaluations_at(timezone.now())).enqueue()
    return result.opened + result.expired


NIGHTLY = ((open_evaluations, "规范性文件届满评估"),)  # queued by manage.py schedule_sweeps
