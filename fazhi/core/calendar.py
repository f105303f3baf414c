"""The work calendar as stored in the database, cached per process; and its edits.

How the cache stays correct with several processes (gunicorn workers, task workers) and threads (issue 12):

- The database keeps a version token in a one-row table (`core_calendarversion`), which triggers change on every
  write to `core_calendarday`, whatever wrote it (migration 0003). The process keeps one calendar with the token it
  was built under, published for all its threads.
- A thread reads the token (one query by primary key) at most once per unit of work: after `request_started`,
  after django-tasks' `task_started`, and after this process wrote a calendar day (model signals, on commit too).
  Otherwise `work_calendar()` compares two integers and returns the cached calendar. Outside requests and tasks
  (a management command, a shell, a benchmark) the first call checks and later calls reuse the calendar until
  this process writes one, or `calendar_recheck()` is called.
- A calendar built inside a transaction that wrote the calendar (the receivers of `calendar_changed` recompute
  clocks on the edited calendar) is kept for that thread only until the transaction ends, so no other thread
  sees an edit before it commits, nor one that is rolled back.

So an answer reflects every calendar edit committed before the request or task began, as the per-call aggregate
query did before (it also saw edits committed in the middle of a request; a request now answers on one calendar).
Django's cache framework was not used: it is local memory here (no shared cache is configured), and a Redis round
trip per call would cost what the table read costs. Hand-written because the maintained query caches do not fit:
django-cachalot needs a cache shared by the processes (Redis, memcached), misses writes made outside Django, and
still builds the ORM query and asks the cache on every call.

Code in a process that writes calendar days other than through the model (bulk_create, QuerySet.update, raw SQL)
calls `calendar_forget()` once its transaction has ended, so that the threads of that process check again.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.signals import request_started
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_delete, post_migrate, post_save

from fazhi.core.models import CalendarDay
from fazhi.core.signals import calendar_changed
from fazhi.core.workdays import WorkCalendar

VERSION_TABLE = "core_calendarversion"  # created with its triggers by migration core.0003
_TOKEN_SQL = f"SELECT token FROM {VERSION_TABLE} WHERE id = 1"  # a constant: no input reaches it
TOKEN_COLUMN = f"({_TOKEN_SQL})"  # the token as a column of another statement (then `calendar_token_read`)


@dataclass(frozen=True)
class _Built:
    token: int | None  # None: the version row is missing (tables emptied); still a value to compare
    calendar: WorkCalendar


class _ThreadState(threading.local):
    epoch = -1  # the process epoch at this thread's last check; -1: check at the next call
    built: _Built | None = None  # the calendar this thread last checked: what it answers on until it checks again
    dirty = False  # this thread's connection wrote a calendar day in a transaction that may still be open
    dirty_in: object = None  # the outermost atomic block of that transaction


_shared: _Built | None = None  # the last calendar a thread checked outside a writing transaction, to share
_epoch = 0  # bumped when this process wrote a calendar day: every thread checks again
_local = _ThreadState()


def work_calendar() -> WorkCalendar:
    """The current official calendar, from the process cache once this unit of work has checked its version."""
    state = _local
    if state.epoch == _epoch and not state.dirty:
        return state.built.calendar  # type: ignore[union-attr]  # set whenever epoch is
    return _checked(state)


def calendar_recheck(**_: object) -> None:
    """Have this thread read the version token again at its next `work_calendar()` (a new unit of work began).

    Connected to `request_started` and django-tasks' `task_started`; long-running loops of other kinds call it
    between their units of work.
    """
    _local.epoch = -1


def calendar_token_read(token: int | None) -> None:
    """The version token as a statement the caller runs anyway has just read it (`TOKEN_COLUMN`: the runner's
    locked read of the case): this unit of work's check, without a query of its own. Nothing when this thread
    has checked already."""
    state = _local
    if state.epoch != _epoch or state.dirty:
        _checked(state, (token,))


def calendar_forget(**_: object) -> None:
    """Have every thread of this process check again; connected to writes of calendar days and `post_migrate`."""
    global _epoch
    _epoch += 1


def _checked(state: _ThreadState, read: tuple[int | None] | None = None) -> WorkCalendar:
    """Read the version token; reuse this thread's or the shared calendar built under it, else build one.

    Each thread answers on the calendar it checked itself, so a slower thread publishing an older calendar to
    `_shared` never takes a thread back in time; a calendar built while dirty is not published.
    """
    global _shared
    connection = connections[DEFAULT_DB_ALIAS]
    if state.dirty and (not connection.in_atomic_block or connection.atomic_blocks[0] is not state.dirty_in):
        state.dirty = False  # the writing transaction ended (committed or rolled back)
    epoch = _epoch  # read before the token: a write after this point makes the next call check again
    if read is None:
        with connection.cursor() as cursor:  # a plain cursor: compiling the ORM query costs 10× running it
            cursor.execute(_TOKEN_SQL)
            row = cursor.fetchone()
        token = row[0] if row else None
    else:  # read by the caller's statement, just before (calendar_token_read)
        token = read[0]
    shared = _shared
    if state.built is not None and state.built.token == token:
        built = state.built
    elif shared is not None and shared.token == token:
        built = shared
    else:  # token first, rows second: the rows are at least as new as the token they are filed under
        built = _Built(token, _load())
    state.built = built
    if not state.dirty:  # while dirty the token may be this transaction's own: check at every call, share nothing
        _shared = built
        state.epoch = epoch
    return built.calendar


def _load() -> WorkCalendar:
    rows = list(CalendarDay.objects.values_list("date", "kind", "name"))
    return WorkCalendar(
        holidays=frozenset(d for d, kind, _ in rows if kind == CalendarDay.Kind.HOLIDAY),
        make_up_working_days=frozenset(d for d, kind, _ in rows if kind == CalendarDay.Kind.MAKE_UP_WORKING_DAY),
        years=frozenset(d.year for d, _, _ in rows),
        names={d: name for d, _, name in rows if name},
    )


def _calendar_day_written(*, using: str = DEFAULT_DB_ALIAS, **_: Any) -> None:
    """A calendar day saved or deleted by this process: every thread checks again, now and once it commits."""
    calendar_forget()
    connection = connections[using]
    if connection.in_atomic_block:
        _local.dirty, _local.dirty_in = True, connection.atomic_blocks[0]
        transaction.on_commit(_committed, using=using)


def _committed() -> None:
    _local.dirty = False
    calendar_forget()


def connect_receivers() -> None:
    """Called once from `CoreConfig.ready`: the unit-of-work boundaries and the writes the cache listens to."""
    request_started.connect(calendar_recheck, dispatch_uid="fazhi.core.calendar.recheck.request")
    post_save.connect(_calendar_day_written, sender=CalendarDay, dispatch_uid="fazhi.core.calendar.saved")
    post_delete.connect(_calendar_day_written, sender=CalendarDay, dispatch_uid="fazhi.core.calendar.deleted")
    post_migrate.connect(calendar_forget, dispatch_uid="fazhi.core.calendar.migrated")  # also after `flush`
    try:
        from django_tasks.signals import task_started
    except ImportError:  # pragma: no cover - django-tasks is a dependency; Django 6 has django.tasks
        return
    task_started.connect(calendar_recheck, dispatch_uid="fazhi.core.calendar.recheck.task")


def calendar_day_set(*, day: date, kind: str | None, name: str = "", source: str = "administrator") -> int:
    """Mark `day` a holiday or make-up working day (kind None: an ordinary day again); open clocks follow.

    Returns how many open deadlines moved, as the receivers of `calendar_changed` report them (cases' clocks; each
    moved deadline gets a timeline event saying why). One transaction: a failing receiver undoes the edit.
    """
    with transaction.atomic():
        if kind is None:
            CalendarDay.objects.filter(date=day).delete()
        else:
            CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name, "source": source})
        _calendar_day_written()  # as the model signals do; also when the day was already ordinary (nothing deleted)
        label = dict(CalendarDay.Kind.choices).get(kind, "工作日/休息日（按星期）") if kind else "按星期"
        reason = f"工作日历调整：{day:%Y-%m-%d} 设为{label}"
        replies = calendar_changed.send(sender=CalendarDay, since=day, reason=reason)
        return sum(int(moved or 0) for _receiver, moved in replies)
