"""Computing and recomputing statutory clocks on the work calendar."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fazhi.core.workdays import Unit, WorkCalendar, due_date, elapsed, explain


def compute_due(
    *, started_on: date, amount: int, unit: Unit, pauses: list[list[str | None]], calendar: WorkCalendar
) -> date | None:
    """The due date of a clock that started on `started_on`, with its pauses; None while it is paused.

    Days up to and including the pause day count; counting resumes after the resumption day, as the start day
    of any period is not counted (民事诉讼法 art. 85). Month periods cannot pause (no statute pauses one).
    """
    remaining, segment_start = amount, started_on
    for paused_on, resumed_on in pauses:
        if unit == Unit.MONTH:
            raise ValueError("month periods cannot be paused")
        remaining -= elapsed(segment_start, date.fromisoformat(paused_on), unit, calendar)  # type: ignore[arg-type]
        if resumed_on is None:
            return None
        segment_start = date.fromisoformat(resumed_on)
    return due_date(segment_start, max(remaining, 0), unit, calendar)


def days_left(due_on: date, today: date, unit: Unit, calendar: WorkCalendar) -> int:
    """Units left until the due date (negative when overdue), in the clock's own unit."""
    if unit == Unit.WORKING_DAY:
        return elapsed(today, due_on, unit, calendar) if due_on >= today else -elapsed(due_on, today, unit, calendar)
    return (due_on - today).days


@dataclass(frozen=True)
class DeadlineAnswer:
    """What the deadline calculator answers, on the page and in the API."""

    rule: str
    start: date
    due: date
    amount: int
    unit: str
    basis: str
    label: str
    explanation: str
    calendar_covers: bool


def deadline_answer(rule: str, start: date) -> DeadlineAnswer:
    """Compute a declared rule's due date from `start` on the official calendar (KeyError: unknown rule)."""
    from fazhi.cases.registry import deadline_rules
    from fazhi.core.calendar import work_calendar

    clock = deadline_rules()[rule]
    calendar = work_calendar()
    due = due_date(start, clock.amount, clock.unit, calendar)
    return DeadlineAnswer(
        rule=rule,
        start=start,
        due=due,
        amount=clock.amount,
        unit=clock.unit.value,
        basis=clock.basis,
        label=str(clock.label),
        explanation=explain(start, clock.amount, clock.unit, calendar, basis=clock.basis),
        calendar_covers=calendar.covers(start) and calendar.covers(due),
    )
