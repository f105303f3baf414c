"""Reads shared by the workbench and the API: scoped case lists, my tasks, a case's clocks explained."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from fazhi.cases.deadlines import days_left
from fazhi.cases.models import Case, Deadline
from fazhi.core.calendar import work_calendar
from fazhi.core.workdays import Unit, explain

DUE_SOON_DAYS = 3


def case_list(*, user, line: str = "", state: str = "", open_only: bool = False) -> QuerySet[Case]:
    """Cases the user may see, newest first, optionally filtered."""
    qs = Case.objects.visible_to(user).select_related("organisation", "region", "assignee")
    if line:
        qs = qs.filter(line=line)
    if state:
        qs = qs.filter(state=state)
    if open_only:
        qs = qs.open()
    return qs


@dataclass(frozen=True)
class ClockView:
    deadline: Deadline
    left: int | None
    status: str  # overdue | due_soon | running | paused | met | missed | cancelled
    explanation: str

    @property
    def overdue_by(self) -> int:
        return -self.left if self.left is not None and self.left < 0 else 0


def clock_views(deadlines, today: date, *, explained: bool = True) -> list[ClockView]:
    """Each deadline with its days left, status mark and (if asked) the day count explained."""
    calendar = work_calendar()
    views = []
    for d in deadlines:
        left, status, text = None, d.state, ""
        if d.state == Deadline.State.RUNNING and d.due_on:
            left = days_left(d.due_on, today, Unit(d.unit), calendar)
            status = "overdue" if left < 0 else "due_soon" if left <= DUE_SOON_DAYS else "running"
            if d.advisory and left < 0:
                status = "lapsed"  # the parties' period ran out: nobody is late
            if explained:
                text = explain(d.started_on, d.amount + d.extended_by, Unit(d.unit), calendar, basis=d.basis)
            if explained and d.pauses:
                text += f"（期间中止{len(d.pauses)}次，中止期间不计入。）"
        views.append(ClockView(d, left, status, text))
    return views


def my_tasks(*, user, today: date) -> list[ClockView]:
    """Running clocks of the open cases the user may see (assigned to them or unassigned), nearest first."""
    deadlines = (
        Deadline.objects.visible_to(user)
        .filter(case__closed_on__isnull=True, state=Deadline.State.RUNNING)
        .exclude(advisory=True, due_on__lt=today)
        .filter(Q(case__assignee=user) | Q(case__assignee__isnull=True))
        .select_related("case")
        .order_by("due_on", "id")
    )
    return clock_views(deadlines, today, explained=False)


AGEING_BUCKETS = [
    ("overdue", "已超期"),
    ("due_soon", f"{DUE_SOON_DAYS}日内到期"),
    ("week", "7日内到期"),
    ("later", "7日以后"),
]


def ageing(tasks: list[ClockView]) -> list[tuple[str, str, int]]:
    """How many running clocks fall in each ageing bucket, for the top of the task list."""

    def bucket(c: ClockView) -> str:
        if c.status in ("overdue", "due_soon"):
            return c.status
        return "week" if c.left is not None and c.left <= 7 else "later"

    counts = {key: 0 for key, _ in AGEING_BUCKETS}
    for c in tasks:
        counts[bucket(c)] += 1
    return [(key, label, counts[key]) for key, label in AGEING_BUCKETS]


@dataclass(frozen=True)
class TimelineEntry:
    event: object
    details: list[tuple[str, str]]  # (label, value) of what the step recorded, choices shown by their label


def timeline(case: Case) -> list[TimelineEntry]:
    """The legal timeline with each step's recorded data in words (听证日期, 决定类型: 维持…)."""
    proc = case.procedure
    labels = proc.field_labels
    entries = []
    for event in case.events.select_related("actor"):
        t = proc.transition(event.code)
        choices = t.choices if t else {}
        details = [
            (str(labels.get(k, k)), str(choices.get(k, {}).get(str(v), v)))
            for k, v in event.data.items()
            if k in labels and v not in ("", None)
        ]
        entries.append(TimelineEntry(event, details))
    return entries
