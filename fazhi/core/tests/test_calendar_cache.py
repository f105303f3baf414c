"""The cached work calendar (core.calendar): one version check per request or task; edits seen where they must be.

A write "behind Django's back" (plain SQL, no model signal) stands for another process: another gunicorn worker or
a task worker writes the calendar and this process only learns it from the version row the database triggers keep.
"""

from __future__ import annotations

import threading
from datetime import date
from types import SimpleNamespace

import pytest
from django.core.signals import request_started
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django_tasks.signals import task_started

from fazhi.cases.deadlines import deadline_answer
from fazhi.core import calendar as calendar_module
from fazhi.core.calendar import calendar_day_set, calendar_forget, calendar_recheck, work_calendar
from fazhi.core.models import CalendarDay
from fazhi.core.workdays import WorkCalendar

RULE, START = "reconsideration.acceptance_review", date(2024, 11, 4)  # Mon; 5 working days end Mon 2024-11-11
FRIDAY = date(2024, 11, 8)  # made a holiday below: the period then ends Tue 2024-11-12
ORDINARY, WITH_HOLIDAY = date(2024, 11, 11), date(2024, 11, 12)


@pytest.fixture(autouse=True)
def _forget_writes_behind_django():
    """Writes without model signals inside a test's transaction are rolled back unseen: have every thread check again.

    (What `core.calendar` asks of any code in the process that writes calendar days without the model.)
    """
    yield
    calendar_forget()


def _due() -> date:
    return deadline_answer(RULE, START).due


def _holiday_behind_django(day: date) -> None:
    """Add a holiday as another process would: plain SQL, so no model signal reaches this process."""
    ops = connection.ops
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_calendarday (date, kind, name, source, changed_at) VALUES (%s, %s, %s, %s, %s)",
            [
                ops.adapt_datefield_value(day),
                "holiday",
                "临时休假",
                "test",
                ops.adapt_datetimefield_value(timezone.now()),
            ],
        )


def _delete_behind_django(day: date) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_calendarday WHERE date = %s", [connection.ops.adapt_datefield_value(day)])


def _new_request() -> None:
    """What Django sends when a request begins (as its test client does: without closing the test's connection)."""
    request_started.disconnect(close_old_connections)
    try:
        request_started.send(sender=None, environ={})
    finally:
        request_started.connect(close_old_connections)


@pytest.mark.django_db
def test_repeated_answers_run_no_query_and_a_new_request_checks_the_version_once(django_assert_num_queries):
    calendar_recheck()
    work_calendar()
    with django_assert_num_queries(0):
        for _ in range(3):
            _due()
    _new_request()
    with django_assert_num_queries(1):  # the version row, by primary key; the calendar rows only when it changed
        for _ in range(3):
            _due()


@pytest.mark.django_db
def test_an_edit_in_this_process_is_seen_by_the_next_answer():
    assert _due() == ORDINARY
    calendar_day_set(day=FRIDAY, kind="holiday", name="临时休假")
    assert _due() == WITH_HOLIDAY
    calendar_day_set(day=FRIDAY, kind=None)
    assert _due() == ORDINARY
    CalendarDay.objects.create(date=FRIDAY, kind=CalendarDay.Kind.HOLIDAY, name="临时休假")  # model save, no helper
    assert _due() == WITH_HOLIDAY


@pytest.mark.django_db
def test_an_edit_rolled_back_is_not_seen_afterwards():
    assert _due() == ORDINARY
    with pytest.raises(RuntimeError), transaction.atomic():
        calendar_day_set(day=FRIDAY, kind="holiday", name="临时休假")
        assert _due() == WITH_HOLIDAY  # the edit's own transaction counts on the edited calendar
        raise RuntimeError("undo")
    assert not CalendarDay.objects.filter(date=FRIDAY).exists()
    assert _due() == ORDINARY


@pytest.mark.django_db
def test_another_process_edit_is_seen_from_the_next_request_on():
    assert _due() == ORDINARY
    _holiday_behind_django(FRIDAY)
    assert _due() == ORDINARY  # one calendar per unit of work: no query per answer
    _new_request()
    assert _due() == WITH_HOLIDAY
    _delete_behind_django(FRIDAY)
    _new_request()
    assert _due() == ORDINARY


@pytest.mark.django_db
def test_an_older_calendar_shared_by_a_slower_thread_does_not_take_this_thread_back(monkeypatch):
    """A thread that read the version before an edit committed may publish its calendar after one that read it after."""
    _holiday_behind_django(FRIDAY)
    calendar_recheck()
    assert _due() == WITH_HOLIDAY
    monkeypatch.setattr(calendar_module, "_shared", calendar_module._Built(token=-1, calendar=WorkCalendar()))
    assert _due() == WITH_HOLIDAY


@pytest.mark.django_db
def test_a_task_worker_sees_another_process_edit_at_its_next_task():
    assert _due() == ORDINARY
    _holiday_behind_django(FRIDAY)
    result = SimpleNamespace(id="t", task=SimpleNamespace(module_path="fazhi.test"), status="RUNNING")
    task_started.send(sender=None, task_result=result)
    assert _due() == WITH_HOLIDAY


@pytest.mark.django_db
def test_the_public_calculator_answers_on_the_calendar_of_its_request(client):
    params = {"rule": RULE, "start": START.isoformat()}
    assert client.get("/api/v1/deadlines/", params).json()["due"] == ORDINARY.isoformat()
    _holiday_behind_django(FRIDAY)
    assert client.get("/api/v1/deadlines/", params).json()["due"] == WITH_HOLIDAY.isoformat()


def _in_thread(fn) -> None:
    """Run fn in another thread of this process, on that thread's own database connection."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            fn()
        except BaseException as exc:  # re-raised in the test's thread
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not errors, errors


@pytest.mark.django_db(transaction=True)
def test_edits_committed_by_another_connection(baotou):
    """Committed writes on other connections: this process's other threads, and a write without model signals."""
    assert _due() == ORDINARY
    _in_thread(lambda: calendar_day_set(day=FRIDAY, kind="holiday", name="临时休假"))
    assert _due() == WITH_HOLIDAY  # another thread of this process committed it: seen without waiting for a request
    _in_thread(lambda: _delete_behind_django(FRIDAY))
    assert _due() == WITH_HOLIDAY  # as from another process: not before this thread's next unit of work
    _new_request()
    assert _due() == ORDINARY


@pytest.mark.django_db(transaction=True)
def test_another_thread_does_not_see_an_edit_before_it_commits(baotou):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database locks the table for the other connection")
    assert _due() == ORDINARY
    edited, answered = threading.Event(), threading.Event()

    def edit_and_wait() -> None:
        with transaction.atomic():
            calendar_day_set(day=FRIDAY, kind="holiday", name="临时休假")
            assert _due() == WITH_HOLIDAY
            edited.set()
            answered.wait(timeout=30)

    thread = threading.Thread(target=lambda: (edit_and_wait(), connection.close()))
    thread.start()
    assert edited.wait(timeout=30)
    try:
        assert _due() == ORDINARY  # uncommitted elsewhere: neither read nor taken from the process cache
    finally:
        answered.set()
        thread.join(timeout=30)
    assert _due() == WITH_HOLIDAY  # committed: every thread of the process checks again
