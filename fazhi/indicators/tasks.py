"""Background tasks (django-tasks API): the nightly fold of rollup deltas, re-enqueued for the next night.

`NIGHTLY` lists this app's nightly tasks with their Chinese names; `manage.py schedule_sweeps` queues every app's.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone
from django_tasks import task

from fazhi.indicators.rollups import fold

FOLD_AT = time(0, 20)  # after the 00:05 sweep of lapsed clocks, so the deltas its steps wrote are folded that night


def next_fold_at(now: datetime) -> datetime:
    """The next run time: today's fold hour if still ahead, else tomorrow's."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=FOLD_AT.hour, minute=FOLD_AT.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)


@task()
def fold_rollup_deltas(reschedule: bool = True) -> int:
    """Fold the pending deltas into the rollups, so the dashboard reads few rows; then schedule tomorrow's run."""
    folded = fold()
    if reschedule:
        fold_rollup_deltas.using(run_after=next_fold_at(timezone.now())).enqueue()
    return folded


NIGHTLY = ((fold_rollup_deltas, "统计增量合并"),)
