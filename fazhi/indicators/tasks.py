"""Background tasks (django-tasks API): the hourly fold of rollup deltas, re-enqueued for the next hour.

`NIGHTLY` lists this app's recurring tasks with their Chinese names; `manage.py schedule_sweeps` queues every app's
(it starts the chain; each run schedules the next). The fold runs every hour rather than every night: the dashboard
reads the pending deltas on every page, and a busy day's 40,000 of them cost it ~90 ms at 10M cases; a fold is one
short transaction and safe to run at any time (cbf7a9e), so an hour's deltas are all a page ever reads.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks import task

from fazhi.indicators.rollups import fold

# Minutes past every hour; 00:20 stays after the 00:05 sweep of lapsed clocks, so the deltas its steps wrote are
# folded within the quarter hour.
FOLD_MINUTE = 20
FOLD_EVERY = timedelta(hours=1)


def next_fold_at(now: datetime) -> datetime:
    """The next FOLD_MINUTE past an hour (local time) strictly after `now`."""
    local = timezone.localtime(now)
    candidate = local.replace(minute=FOLD_MINUTE, second=0, microsecond=0)
    return candidate if candidate > local else candidate + FOLD_EVERY


@task()
def fold_rollup_deltas(reschedule: bool = True) -> int:
    """Fold the pending deltas into the rollups, so the dashboard reads few rows; then schedule the next hour's."""
    folded = fold()
    if reschedule:
        fold_rollup_deltas.using(run_after=next_fold_at(timezone.now())).enqueue()
    return folded


NIGHTLY = ((fold_rollup_deltas, "统计增量合并"),)
