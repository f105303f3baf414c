"""Background tasks (django-tasks API): the nightly sweep of lapsed clocks, re-enqueued for the next night.

`NIGHTLY` lists this app's nightly tasks with their Chinese names; `manage.py schedule_sweeps` queues every app's.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from fazhi.cases.runner import apply_due_transitions

SWEEP_AT = time(0, 5)  # just after midnight, so a period that ended yesterday is applied first thing today


def next_sweep_at(now: datetime) -> datetime:
    """The next run time: today's sweep hour if still ahead, else tomorrow's."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=SWEEP_AT.hour, minute=SWEEP_AT.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


@task()
def sweep_lapsed_clocks(reschedule: bool = True) -> int:
    """Apply lapsed automatic transitions, then schedule the next sweep. Idempotent: a re-run applies nothing twice."""
    applied = apply_due_transitions()
    if reschedule:
        sweep_lapsed_clocks.using(run_after=next_sweep_at(timezone.now())).enqueue()
    return applied


NIGHTLY = ((sweep_lapsed_clocks, "时限巡检"),)
