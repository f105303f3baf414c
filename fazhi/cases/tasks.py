"""Background tasks (django-tasks API): the nightly sweep of lapsed clocks, re-enqueued for the next night.

`NIGHTLY` lists this app's nightly tasks with their Chinese names; `manage.py schedule_sweeps` queues every app's.
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django_tasks import task

from fazhi.cases.runner import apply_due_transitions
from fazhi.core.nightly import next_run_at

SWEEP_AT = time(0, 5)  # just after midnight, so a period that ended yesterday is applied first thing today


def next_sweep_at(now: datetime) -> datetime:
    return next_run_at(now, SWEEP_AT)


@task()
def sweep_lapsed_clocks(reschedule: bool = True) -> int:
    """Apply lapsed automatic transitions, then schedule the next sweep. Idempotent: a re-run applies nothing twice."""
    applied = apply_due_transitions()
    if reschedule:
        sweep_lapsed_clocks.using(run_after=next_sweep_at(timezone.now())).enqueue()
    return applied


NIGHTLY = ((sweep_lapsed_clocks, "时限巡检"),)
