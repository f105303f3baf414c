"""When a nightly task runs next: each app's `tasks.py` names its hour, this one rule turns it into a time."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone


def next_run_at(now: datetime, at: time) -> datetime:
    """Today at `at` (local time) if still ahead, else tomorrow at `at`."""
    local = timezone.localtime(now)
    candidate = local.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return candidate if candidate > local else candidate + timedelta(days=1)
