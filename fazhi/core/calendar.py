"""The work calendar as stored in the database, cached per process until a calendar day changes; and its edits."""

from __future__ import annotations

import threading
from datetime import date

from django.db import transaction
from django.db.models import Count, Max

from fazhi.core.models import CalendarDay
from fazhi.core.signals import calendar_changed
from fazhi.core.workdays import WorkCalendar

_lock = threading.Lock()
_cache: dict[str, object] = {}


def work_calendar() -> WorkCalendar:
    """The current official calendar; one cheap aggregate query decides whether the cached copy is stale."""
    key = tuple(CalendarDay.objects.aggregate(n=Count("id"), last=Max("id"), changed=Max("changed_at")).values())
    with _lock:
        if _cache.get("key") == key:
            return _cache["calendar"]  # type: ignore[return-value]
    rows = list(CalendarDay.objects.values_list("date", "kind", "name"))
    calendar = WorkCalendar(
        holidays=frozenset(d for d, kind, _ in rows if kind == CalendarDay.Kind.HOLIDAY),
        make_up_working_days=frozenset(d for d, kind, _ in rows if kind == CalendarDay.Kind.MAKE_UP_WORKING_DAY),
        years=frozenset(d.year for d, _, _ in rows),
        names={d: name for d, _, name in rows if name},
    )
    with _lock:
        _cache.update(key=key, calendar=calendar)
    return calendar


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
        label = dict(CalendarDay.Kind.choices).get(kind, "工作日/休息日（按星期）") if kind else "按星期"
        reason = f"工作日历调整：{day:%Y-%m-%d} 设为{label}"
        replies = calendar_changed.send(sender=CalendarDay, since=day, reason=reason)
        return sum(int(moved or 0) for _receiver, moved in replies)
