"""Reads shared by the workbench and the API: scoped case lists, my tasks, a case's clocks explained."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.cases.deadlines import days_left
from fazhi.cases.models import Case, Deadline
from fazhi.core.calendar import work_calendar
from fazhi.core.workdays import Unit, explain

DUE_SOON_DAYS = 3


CASE_ORDER = ("-received_on", "-id")  # the list's one order; the indexes of migration 0006 serve it under each scope
TASK_ORDER = ("due_on", "id")
PAGE_SIZE = 50
COUNT_CAP = 1000  # below this many rows a list's total is counted exactly; above it, estimated


def case_list(*, user, line: str = "", state: str = "", open_only: bool = False) -> QuerySet[Case]:
    """Cases the user may see, newest first, optionally filtered."""
    qs = Case.objects.visible_to(user).select_related("organisation", "region", "assignee").order_by(*CASE_ORDER)
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


def task_deadlines(*, user, today: date) -> QuerySet[Deadline]:
    """Running clocks of the open cases the user may see (assigned to them or unassigned), nearest first."""
    return (
        Deadline.objects.visible_to(user)
        .filter(case__closed_on__isnull=True, state=Deadline.State.RUNNING, due_on__isnull=False)
        .exclude(advisory=True, due_on__lt=today)
        .filter(Q(case__assignee=user) | Q(case__assignee__isnull=True))
        .select_related("case")
        .order_by(*TASK_ORDER)
    )


def my_tasks(*, user, today: date) -> list[ClockView]:
    """Every running clock of the user's open cases, nearest first (small scopes and tests; pages use task_page)."""
    return clock_views(task_deadlines(user=user, today=today), today, explained=False)


# -- keyset pages and estimated totals ------------------------------------------------------------------------
#
# Hand-written rather than django's Paginator or DRF's CursorPagination: an OFFSET page costs every row before it,
# and DRF's cursor keeps only the first ordering key with an offset (capped at 1000) for ties, while at 10M cases
# one received_on day holds more than 1000 cases. A keyset page costs one index range whatever its depth.


class BadCursor(ValueError):
    """A page position that is not one this module wrote."""


@dataclass(frozen=True)
class Page:
    rows: list[Any]
    next_cursor: str | None  # the position after the last row (None: this is the last page)
    previous_cursor: str | None  # the position before the first row (None: this is the first page)

    def __iter__(self):
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def _keys(ordering: tuple[str, str]) -> tuple[str, str, bool]:
    """(first key, tie-breaker, descending) of a two-key ordering whose keys run the same way."""
    first, second = ordering
    assert first.startswith("-") == second.startswith("-"), "both keys must run the same way"
    return first.lstrip("-"), second.lstrip("-"), first.startswith("-")


def encode_cursor(row: Any, ordering: tuple[str, str]) -> str:
    """A row's position (a model instance or a `values()` dict): its first key and tie-breaker, `2024-05-06~123`."""
    first, second, _ = _keys(ordering)
    value, pk = (row[first], row[second]) if isinstance(row, dict) else (getattr(row, first), getattr(row, second))
    return f"{'' if value is None else value.isoformat()}~{pk}"


def decode_cursor(cursor: str) -> tuple[date, int]:
    try:
        day, _, pk = cursor.partition("~")
        return date.fromisoformat(day), int(pk)
    except ValueError as exc:
        raise BadCursor(cursor) from exc


def keyset_page(
    qs: QuerySet,
    ordering: tuple[str, str],
    *,
    after: str | None = None,
    before: str | None = None,
    size: int = PAGE_SIZE,
) -> Page:
    """One page of `qs` in `ordering` (a date key, then the primary key), after or before a position.

    The range condition repeats the bare bound on the first key (`received_on <= d AND (received_on < d OR id < n)`)
    so the index range starts at the position instead of the planner filtering every row before it.
    """
    first, second, desc = _keys(ordering)
    position = after or before
    backwards = before is not None and after is None
    if position:
        day, pk = decode_cursor(position)
        later = desc != backwards  # the page lies towards smaller keys
        op, strict = ("lte", "lt") if later else ("gte", "gt")
        qs = qs.filter(
            Q(**{f"{first}__{op}": day}) & (Q(**{f"{first}__{strict}": day}) | Q(**{f"{second}__{strict}": pk}))
        )
    order = ordering if not backwards else tuple(k[1:] if k.startswith("-") else f"-{k}" for k in ordering)
    rows = list(qs.order_by(*order)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if backwards:
        rows.reverse()
        has_next, has_previous = True, more
    else:
        has_next, has_previous = more, bool(position)
    return Page(
        rows,
        encode_cursor(rows[-1], ordering) if rows and has_next else None,
        encode_cursor(rows[0], ordering) if rows and has_previous else None,
    )


@dataclass(frozen=True)
class Total:
    n: int
    exact: bool


ESTIMATE_SECONDS = 60  # how long a list's estimated total is reused (it is shown as "约 N 件" anyway)


def estimated_rows(qs: QuerySet) -> int | None:
    """PostgreSQL's planner estimate of the rows `qs` returns (EXPLAIN, nothing run), reused for ESTIMATE_SECONDS
    per query text from the process's cache (a round trip less per page); None on other databases."""
    if qs.query.is_empty():
        return None
    from django.core.cache import cache
    from django.db import connections

    if connections[qs.db].vendor != "postgresql":
        return None
    sql, params = qs.order_by().query.sql_with_params()
    key = "fazhi.estimate." + hashlib.sha256(repr((qs.db, sql, params)).encode()).hexdigest()
    estimate = cache.get(key)
    if estimate is None:
        plan = json.loads(qs.order_by().explain(format="json"))
        estimate = int(plan[0]["Plan"]["Plan Rows"])
        cache.set(key, estimate, ESTIMATE_SECONDS)
    return estimate


def total(qs: QuerySet, *, exact: bool = False, cap: int = COUNT_CAP) -> Total:
    """How many rows `qs` holds: exact when asked, or when the planner expects fewer than `cap` rows and a count that
    stops at `cap` confirms it; else PostgreSQL's planner estimate (EXPLAIN, never below `cap`), so a long list
    costs one plan, not a scan. SQLite has no cheap estimate: it counts."""
    if exact:
        return Total(qs.count(), True)
    estimate = estimated_rows(qs)
    if estimate is not None and estimate >= cap:
        return Total(estimate, False)
    bounded = qs.order_by()[:cap].count()
    if bounded < cap:
        return Total(bounded, True)
    if estimate is None:
        return Total(qs.count(), True)
    return Total(cap, False)


def page_total(qs: QuerySet, page: Page, *, first_page: bool, exact: bool = False) -> Total:
    """The list's total for a page of it: a first page without a next one holds the whole list; else `total`."""
    if first_page and page.next_cursor is None:
        return Total(len(page.rows), True)
    return total(qs, exact=exact)


AGEING_BUCKETS = [
    ("overdue", "已超期"),
    ("due_soon", f"{DUE_SOON_DAYS}日内到期"),
    ("week", "7日内到期"),
    ("later", "7日以后"),
]


def _last_day_within(days: int, today: date, unit: Unit, calendar) -> date:
    """The last due date that leaves at most `days` units (days_left is monotonic in the due date)."""
    if unit != Unit.WORKING_DAY:
        return today + timedelta(days=days)
    day = today + timedelta(days=days)
    while days_left(day + timedelta(days=1), today, unit, calendar) <= days:
        day += timedelta(days=1)
    return day


AGEING_EXACT_LIMIT = 20_000  # task lists the planner expects longer than this get estimated bucket counts


def ageing_totals(tasks: QuerySet[Deadline], today: date) -> list[tuple[str, str, Total]]:
    """The ageing buckets of a task list (overdue, due soon, within a week, later), counted in SQL for any scope:
    one aggregate (exact) unless PostgreSQL's planner expects more than AGEING_EXACT_LIMIT tasks, then each bucket's
    planner estimate (EXPLAIN only)."""
    calendar = work_calendar()
    working = Q(unit=Unit.WORKING_DAY)

    def within(days: int) -> Q:
        return (working & Q(due_on__lte=_last_day_within(days, today, Unit.WORKING_DAY, calendar))) | (
            ~working & Q(due_on__lte=today + timedelta(days=days))
        )

    soon, week = within(DUE_SOON_DAYS), within(7)
    buckets = {
        "overdue": Q(due_on__lt=today),
        "due_soon": Q(due_on__gte=today) & soon,
        "week": Q(due_on__gte=today) & ~soon & week,
        "later": Q(due_on__gte=today) & ~week,
    }
    estimate = estimated_rows(tasks)
    if estimate is not None and estimate > AGEING_EXACT_LIMIT:
        totals = {key: Total(estimated_rows(tasks.filter(q)) or 0, False) for key, q in buckets.items()}
    else:
        counts = tasks.order_by().aggregate(**{key: Count("pk", filter=q) for key, q in buckets.items()})
        totals = {key: Total(counts[key], True) for key in buckets}
    return [(key, label, totals[key]) for key, label in AGEING_BUCKETS]


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
