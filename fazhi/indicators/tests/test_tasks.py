"""The recurring tasks: each app's queued once by schedule_sweeps; the fold task empties the rollup deltas hourly."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from fazhi.audit.tasks import purge_audit_trail
from fazhi.cases.tasks import sweep_lapsed_clocks
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.indicators.models import RollupDelta
from fazhi.indicators.tasks import fold_rollup_deltas, next_fold_at

pytestmark = pytest.mark.django_db


def test_schedule_sweeps_queues_each_apps_nightly_task_once(capsys):
    call_command("schedule_sweeps")
    call_command("schedule_sweeps")
    out = capsys.readouterr().out
    for name in ("时限巡检", "审计记录清理", "统计增量合并"):
        assert out.count(f"已加入{name}任务。") == 1 and out.count(f"{name}任务已在队列中。") == 1
    for job in (sweep_lapsed_clocks, purge_audit_trail, fold_rollup_deltas):
        assert DBTaskResult.objects.filter(task_path=job.module_path).count() == 1


def test_the_fold_task_folds_the_deltas_and_runs_again_within_the_hour(city_clerk):
    open_reconsideration(city_clerk, received_on=date(2024, 11, 4))
    assert RollupDelta.objects.exists()
    before = timezone.now()
    assert fold_rollup_deltas.call() > 0
    assert not RollupDelta.objects.exists()
    queued = DBTaskResult.objects.get(task_path=fold_rollup_deltas.module_path)
    assert before < queued.run_after <= timezone.now() + timedelta(hours=1)
    assert timezone.localtime(queued.run_after).strftime("%M:%S") == "20:00"


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        ("2024-11-04 09:05", "2024-11-04 09:20"),
        ("2024-11-04 09:20", "2024-11-04 10:20"),  # strictly after: never the run that is going on
        ("2024-11-04 09:59", "2024-11-04 10:20"),
        ("2024-11-04 00:05", "2024-11-04 00:20"),  # after the 00:05 sweep of lapsed clocks, that same night
        ("2024-12-31 23:30", "2025-01-01 00:20"),
    ],
)
def test_the_fold_is_scheduled_every_hour_at_twenty_past(local, expected):
    now = timezone.make_aware(datetime.strptime(local, "%Y-%m-%d %H:%M"))
    assert timezone.localtime(next_fold_at(now)).strftime("%Y-%m-%d %H:%M") == expected
