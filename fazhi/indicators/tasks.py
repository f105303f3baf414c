"""Background tasks (django-tasks API): the nightly fold of rollup deltas, re-enqueued for the next night.

`NIGHTLY` lists this app's nightly tasks with their Chinese names; `manage.py schedule_sweeps` queues every app's.
"""

from __future__ import annotations

from datetime import datetime, time

from django.utils import timezone
from django_tasks import task

from fazhi.core.nightly import next_run_at
from fazhi.indicators.rollups import fold

FOLD_AT = time(0, 20)  # after the 00:05 sweep of lapsed clocks, so the deltas its steps wrote are folded that night


def next_fold_at(now: datetime) -> datetime:
    return next_run_at(now, FOLD_AT)


@task()
def fold_rollup_deltas(reschedule: bool = True) -> int:
    """Fold the pending deltas into the rollups, so the dashboard reads few rows; then schedule tomorrow's run."""
    folded = fold()
    if reschedule:
        fold_rollup_deltas.using(run_after=next_fold_at(timezone.now())).enqueue()
    return folded


NIGHTLY = ((fold_rollup_deltas, "统计增量合并"),)
