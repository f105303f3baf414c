"""The statutory clocks of a case: started, stopped, paused, resumed and extended as the procedure declares.

The runner calls these inside a step's transaction; the history writer (import, demo replay) calls the same ones,
so a past case's clocks are what the runner would have made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from functools import cache

from django.db import transaction
from django.db.models import JSONField
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from fazhi.audit.changes import ChangeRecords, snapshot
from fazhi.cases.deadlines import compute_due
from fazhi.cases.errors import TransitionError
from fazhi.cases.events import append_event
from fazhi.cases.models import Case, Deadline
from fazhi.cases.procedure import Clock, Procedure, holds
from fazhi.core.calendar import work_calendar
from fazhi.core.workdays import Unit, WorkCalendar


def apply_clocks(
    case: Case,
    proc: Procedure,
    event: str,
    on: date,
    data: dict,
    calendar: WorkCalendar,
    changes: ChangeRecords,
    open_clocks: dict[str, Deadline] | None = None,
) -> list[Deadline]:
    """Start, stop, pause and resume the case's clocks that the procedure ties to `event`; return those it touched
    (the ones it started among them).

    `data` is the step's view of the case (`steps.step_view`: its recorded facts win over the step's data); a clock
    whose condition does not hold is not started. `open_clocks` are the case's open clocks when the caller has them
    (none for a case just opened); otherwise they are read, only when the event moves a clock at all. The clocks are
    written in bulk (one UPDATE of the changed ones, one INSERT of the started ones) and recorded in `changes`.
    """
    if not touches_clocks(proc, event):
        return []
    if open_clocks is None:
        open_clocks = open_clocks_of(case)
    before = {d.pk: snapshot(d) for d in open_clocks.values()}
    touched = advance_clocks(case, open_clocks, proc, event, on, data, calendar)
    save_clocks(touched, before, changes)
    return touched


def touches_clocks(proc: Procedure, event: str) -> bool:
    """Whether `event` may start, stop, pause or resume any of the procedure's clocks."""
    return any(
        event in c.starts_on or event in c.stops_on or event in c.pauses_on or event in c.resumes_on
        for c in proc.clocks
    )


def open_clocks_of(case: Case) -> dict[str, Deadline]:
    return {d.clock: d for d in case.deadlines.filter(state__in=Deadline.OPEN_STATES)}


def clocks_column(vendor: str, case_table: str) -> str:
    """SQL for a column of the case's query holding every clock of the case as JSON text (`clocks_from_json`), so
    the runner's one read of the locked case brings them: the open ones the step moves, and all of them for the
    tallies counted from a case's clocks (`fazhi.indicators.tallies`, e.g. 超期案件). The JSON functions differ by
    vendor."""
    table = Deadline._meta.db_table
    where = f"d.case_id = {case_table}.id"
    if vendor == "postgresql":
        return f"(SELECT COALESCE(json_agg(d), '[]')::text FROM {table} d WHERE {where})"
    pairs = ", ".join(
        f"'{f.column}', " + (f"json(d.{f.column})" if isinstance(f, JSONField) else f"d.{f.column}")
        for f in Deadline._meta.concrete_fields
    )
    return f"(SELECT json_group_array(json_object({pairs})) FROM {table} d WHERE {where})"


def clocks_from_json(text: str, using: str) -> list[Deadline]:
    """The clocks `clocks_column` read, as Deadline instances loaded from the database (oldest first)."""
    fields = Deadline._meta.concrete_fields
    rows = sorted(json.loads(text or "[]"), key=lambda r: r["id"])
    names = [f.attname for f in fields]
    return [Deadline.from_db(using, names, [f.to_python(row[f.column]) for f in fields]) for row in rows]


def open_by_key(clocks: Iterable[Deadline]) -> dict[str, Deadline]:
    """The open clocks among `clocks`, by key (one open run of a clock at a time)."""
    return {d.clock: d for d in clocks if d.state in Deadline.OPEN_STATES}


def save_clocks(touched: list[Deadline], before: Mapping[int, Deadline], changes: ChangeRecords) -> None:
    """Write what `advance_clocks` did: the changed clocks' changed columns in one UPDATE, then the started clocks
    in one INSERT (a restarted clock is cancelled before its successor starts), each recorded from the values in
    hand (`fazhi.audit.changes`)."""
    changed = [d for d in touched if d.pk is not None]
    started = [d for d in touched if d.pk is None]
    fields: dict[int, list[str]] = {}
    for d in changed:
        old = before[d.pk]
        fields[d.pk] = [f.attname for f in _CLOCK_FIELDS if getattr(old, f.attname) != getattr(d, f.attname)]
    rows = [d for d in changed if fields[d.pk]]
    columns = sorted({f for d in rows for f in fields[d.pk]})
    if rows:
        values = {(c, repr(getattr(d, c))) for d in rows for c in columns}
        if len(values) == len(columns):  # the same new values on every row (e.g. two clocks met): a plain UPDATE
            Deadline.objects.filter(pk__in=[d.pk for d in rows]).update(**{c: getattr(rows[0], c) for c in columns})
        else:
            Deadline.objects.bulk_update(rows, columns)
    new = {id(d) for d in started}
    if started:
        Deadline.objects.bulk_create(started)
    for d in touched:
        if id(d) in new:
            changes.created(d)
        elif fields[d.pk]:
            changes.updated(before[d.pk], d, fields[d.pk])


_CLOCK_FIELDS = [f for f in Deadline._meta.concrete_fields if not f.primary_key]


def advance_clocks(
    case: Case,
    open_clocks: dict[str, Deadline],
    proc: Procedure,
    event: str,
    on: date,
    data: dict,
    calendar: WorkCalendar,
    labels: Mapping[str, str] | None = None,
) -> list[Deadline]:
    """What `event` does to the clocks, in memory: the open ones it stops, pauses, resumes or restarts (changed)
    and the ones it starts (new, unsaved), in the order they are to be saved. The history writer calls this on
    clocks it keeps in memory, so a past case's clocks are the runner's; it passes the clocks' `labels` rendered
    once (clock key → label in the active language) instead of one translation per clock started."""
    touched: list[Deadline] = []
    for clock in proc.clocks:
        current = open_clocks.get(clock.key)
        if current and event in clock.stops_on:
            late = current.due_on is not None and on > current.due_on  # a paused clock has no due date: not late
            current.state = Deadline.State.MISSED if late else Deadline.State.MET
            current.stopped_on = on
            touched.append(current)
        elif current and event in clock.pauses_on and current.state == Deadline.State.RUNNING:
            current.pauses = [*current.pauses, [on.isoformat(), None]]
            current.state, current.due_on = Deadline.State.PAUSED, None
            touched.append(current)
        elif current and event in clock.resumes_on and current.state == Deadline.State.PAUSED:
            current.pauses = [*current.pauses[:-1], [current.pauses[-1][0], on.isoformat()]]
            current.state = Deadline.State.RUNNING
            current.due_on = clock_due(current, calendar)
            touched.append(current)
        if event in clock.starts_on and holds(clock.when, data):
            if current and current.is_open and event not in clock.stops_on:
                current.state, current.stopped_on = Deadline.State.CANCELLED, on  # restarted, e.g. after 补正
                if current not in touched:
                    touched.append(current)
            deadline = _started(
                case,
                clock,
                labels[clock.key] if labels else str(clock.label),
                clock_start(case, clock, on, data),
                clock_amount(clock, case, data) if clock.amount_from else clock.amount,
            )
            deadline.due_on = clock_due(deadline, calendar)
            touched.append(deadline)
    return touched


def clock_amount(clock: Clock, case: Case, facts: Mapping) -> int:
    """The period of a clock whose amount depends on the case (`Clock.amount_from`), else its declared amount."""
    if not clock.amount_from:
        return clock.amount
    amount = _amount_function(clock.amount_from)(case, facts)
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise ValueError(f"{clock.amount_from} gave {amount!r} for clock {clock.key}: a positive int is required")
    return amount


@cache
def _amount_function(path: str) -> Callable[[Case, Mapping], int]:
    return import_string(path)


def _started(case: Case, clock: Clock, label: str, started_on: date, amount: int) -> Deadline:
    """A clock that starts now, every field given its initial value by name and passed in the model's field order:
    Model.__init__'s positional path costs a third of the keyword path (the history writer starts some 150,000 clocks
    at once). A field added to Deadline without an initial value here fails loudly (KeyError)."""
    values: dict[str, object] = {
        "id": None,
        "case_id": case.pk,
        "clock": clock.key,
        "label": label,
        "basis": clock.basis,
        "amount": amount,
        "unit": clock.unit.value,
        "extended_by": 0,
        "started_on": started_on,
        "pauses": [],
        "due_on": None,
        "state": Deadline.State.RUNNING,
        "stopped_on": None,
        "advisory": clock.advisory,
    }
    # positional, in the fields' order: the constructor's fast path (case_id None: history sets it); django-stubs
    # types each positional argument by the first field's type
    return Deadline(*[values[f.attname] for f in Deadline._meta.concrete_fields])  # type: ignore[misc]


def clock_start(case: Case, clock: Clock, on: date, data: dict) -> date:
    """The day a clock counts from: the step's date, a date field of the case, or a date given in the step."""
    if clock.start_from:
        return getattr(case, clock.start_from)
    if clock.start_from_data and data.get(clock.start_from_data):
        return date.fromisoformat(str(data[clock.start_from_data]))
    return on


def clock_due(deadline: Deadline, calendar: WorkCalendar) -> date | None:
    return compute_due(
        started_on=deadline.started_on,
        amount=deadline.amount + deadline.extended_by,
        unit=Unit(deadline.unit),
        pauses=deadline.pauses,
        calendar=calendar,
    )


def extend_clock(
    case: Case,
    clock: Clock,
    data: dict,
    calendar: WorkCalendar,
    open_clocks: dict[str, Deadline],
    changes: ChangeRecords,
) -> None:
    """Extend the case's open `clock` (one targeted UPDATE of its extension and due date, recorded in `changes`)."""
    deadline = open_clocks.get(clock.key)
    before = snapshot(deadline) if deadline is not None else None
    extend_deadline(deadline, clock, data, calendar)
    assert deadline is not None and before is not None
    fields = ["extended_by", "due_on"]
    Deadline.objects.filter(pk=deadline.pk).update(extended_by=deadline.extended_by, due_on=deadline.due_on)
    changes.updated(before, deadline, fields)


def extend_deadline(deadline: Deadline | None, clock: Clock, data: dict, calendar: WorkCalendar) -> None:
    """Extend an open clock in memory by data["extension_days"] (the law's maximum if not given), within bounds."""
    if deadline is None:
        raise TransitionError(_("“%(clock)s”未在计时，不能延期。") % {"clock": clock.label})
    try:
        days = int(data.get("extension_days", clock.max_extension))
    except (TypeError, ValueError):
        raise TransitionError(_("延期天数应为整数。")) from None
    if days <= 0 or deadline.extended_by + days > clock.max_extension:
        raise TransitionError(
            _("延期不得超过%(max)s日（%(basis)s）。") % {"max": clock.max_extension, "basis": clock.extension_basis}
        )
    deadline.extended_by += days
    deadline.due_on = clock_due(deadline, calendar)


def deadlines_recompute(*, since: date, reason: str) -> int:
    """Recompute open clocks that a calendar change on or after `since` may move; log each move on its case."""
    calendar, moved = work_calendar(), 0
    for deadline in Deadline.objects.filter(state__in=Deadline.OPEN_STATES, started_on__lte=since).select_related(
        "case"
    ):
        new_due = clock_due(deadline, calendar)
        if new_due != deadline.due_on:
            with transaction.atomic():
                old = deadline.due_on
                deadline.due_on = new_due
                deadline.save(update_fields=["due_on"])
                append_event(
                    deadline.case,
                    "deadline_recomputed",
                    _("时限重算"),
                    timezone.localdate(),
                    None,
                    "",
                    "",
                    "",
                    {"clock": deadline.clock, "from": str(old), "to": str(new_due), "reason": reason},
                )
            moved += 1
    return moved
