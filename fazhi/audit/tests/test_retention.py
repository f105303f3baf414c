"""The retention policy: audit rows older than the kept period go, younger ones stay, never under six months."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.management import CommandError, call_command
from django.utils import timezone

from fazhi.audit.models import AccessRecord
from fazhi.audit.retention import purge
from fazhi.audit.tasks import next_purge_at, purge_audit_trail
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db


@pytest.fixture
def aged(login, city_clerk):
    """A case opened and read at 184, 182 and 0 days ago: change records and access records of each age."""
    now = timezone.now()
    cases = {}
    for days in (184, 182, 0):
        with time_machine.travel(now - timedelta(days=days), tick=False):
            case = open_reconsideration(city_clerk, title=f"{days}天前")
            login(city_clerk).get(f"/cases/{case.pk}/")
        cases[days] = case
    return cases


def ages(model, field: str) -> set[int]:
    now = timezone.now()
    return {round((now - getattr(r, field)).total_seconds() / 86400) for r in model.objects.all()}


def access_ages() -> set[int]:
    return {
        round((timezone.now() - r.at).total_seconds() / 86400) for r in AccessRecord.objects.exclude(action="purge")
    }


def test_rows_older_than_the_kept_days_go_and_younger_ones_stay(aged, capsys):
    assert access_ages() == {184, 182, 0} and ages(LogEntry, "timestamp") == {184, 182, 0}
    old_changes = LogEntry.objects.filter(timestamp__lt=timezone.now() - timedelta(days=183)).count()
    call_command("purge_audit", "--keep-days", "183")
    assert access_ages() == {182, 0}
    assert ages(LogEntry, "timestamp") == {182, 0}
    out = capsys.readouterr().out
    assert "保留183天" in out and f"访问记录1条、变更记录{old_changes}条" in out
    purge_record = AccessRecord.objects.get(action="purge")
    assert purge_record.user is None and purge_record.detail["access_records"] == "1"
    assert purge_record.detail["change_records"] == str(old_changes) and purge_record.detail["keep_days"] == "183"


def test_a_dry_run_counts_and_deletes_nothing(aged, capsys):
    call_command("purge_audit", "--keep-days", "183", "--dry-run")
    assert "将删除" in capsys.readouterr().out
    assert access_ages() == {184, 182, 0} and ages(LogEntry, "timestamp") == {184, 182, 0}
    assert not AccessRecord.objects.filter(action="purge").exists()


@pytest.mark.parametrize("days", ["182", "30", "0", "-1"])
def test_less_than_six_months_is_refused_and_nothing_is_deleted(aged, days):
    with pytest.raises(CommandError, match="审计记录至少保存183天"):
        call_command("purge_audit", "--keep-days", days)
    assert access_ages() == {184, 182, 0}


def test_the_default_is_the_setting_and_a_setting_below_the_floor_is_refused(aged, settings):
    assert settings.FAZHI_AUDIT_RETENTION_DAYS == 3 * 365
    call_command("purge_audit")
    assert access_ages() == {184, 182, 0}  # nothing is three years old
    settings.FAZHI_AUDIT_RETENTION_DAYS = 183
    call_command("purge_audit")
    assert access_ages() == {182, 0}
    settings.FAZHI_AUDIT_RETENTION_DAYS = 90
    with pytest.raises(CommandError):
        call_command("purge_audit")


def test_the_purge_is_the_only_way_rows_leave(aged):
    with pytest.raises(PermissionError):
        AccessRecord.objects.all().delete()
    with pytest.raises(PermissionError):
        AccessRecord.objects.filter(at__lt=timezone.now()).update(object_repr="x")
    assert access_ages() == {184, 182, 0}
    assert purge(keep_days=183).access_records == 1


def test_the_nightly_task_applies_the_setting_and_comes_back_tomorrow(aged, settings):
    settings.FAZHI_AUDIT_RETENTION_DAYS = 183
    removed = purge_audit_trail.call(reschedule=False)
    assert removed >= 2 and access_ages() == {182, 0}
    now = timezone.now()
    assert now < next_purge_at(now) <= now + timedelta(days=1)
    assert timezone.localtime(next_purge_at(now)).strftime("%H:%M") == "00:35"


def test_schedule_sweeps_queues_the_purge_once(capsys):
    from django_tasks_db.models import DBTaskResult

    call_command("schedule_sweeps")
    call_command("schedule_sweeps")
    out = capsys.readouterr().out
    assert "已加入审计记录清理任务。" in out and "审计记录清理任务已在队列中。" in out
    assert DBTaskResult.objects.filter(task_path=purge_audit_trail.module_path).count() == 1
