"""The work calendar as stored in the database, cached per process until a calendar day changes."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from fazhi.core.models import CalendarDay
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
