"""Writes to the work calendar that must move the clocks they touch."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from fazhi.cases.runner import deadlines_recompute
from fazhi.core.models import CalendarDay


def calendar_day_set(*, day: date, kind: str | None, name: str = "", source: str = "administrator") -> int:
    """Mark `day` a holiday or make-up working day (kind None: an ordinary day again); recompute open clocks.

    Returns how many open deadlines moved; each moved deadline gets a timeline event saying why.
    """
    with transaction.atomic():
        if kind is None:
            CalendarDay.objects.filter(date=day).delete()
        else:
            CalendarDay.objects.update_or_create(date=day, defaults={"kind": kind, "name": name, "source": source})
        label = dict(CalendarDay.Kind.choices).get(kind, "工作日/休息日（按星期）") if kind else "按星期"
        return deadlines_recompute(since=day, reason=f"工作日历调整：{day:%Y-%m-%d} 设为{label}")
