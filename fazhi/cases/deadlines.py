"""Computing and recomputing statutory clocks on the work calendar; the public deadline calculator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext

from fazhi.cases.fields import EARLIEST_DATE, ISO_DAY, LATEST_DATE
from fazhi.cases.registry import deadline_rules
from fazhi.core.calendar import work_calendar
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


# The calculator answers for start dates within the bounds of a step's dates (EARLIEST_DATE–LATEST_DATE), so no
# period declared by a line runs past what a date can hold, and a date the API schema calls valid is answered.


class DeadlineInputError(ValueError):
    """A rule or a start date the calculator cannot answer for; the message is for the user, `field` names the input."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


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


def parse_start(text: str) -> date:
    """A start date typed as YYYY-MM-DD (the API's form of it), or DeadlineInputError."""
    try:
        if not ISO_DAY.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise DeadlineInputError(
            gettext("起算日格式不正确：%(text)s，应为 YYYY-MM-DD。") % {"text": text or gettext("（空）")}, "start"
        ) from None


def deadline_answer(rule: str, start: date) -> DeadlineAnswer:
    """A registered clock's due date from `start` on the official calendar, explained (民事诉讼法 art. 85).

    DeadlineInputError for an unknown rule or a start date outside EARLIEST_DATE–LATEST_DATE.
    """
    found = deadline_rules().get(rule)
    if found is None:
        raise DeadlineInputError(gettext("未知的期限规则：%(value)s") % {"value": rule or gettext("（空）")}, "rule")
    if not EARLIEST_DATE <= start <= LATEST_DATE:
        raise DeadlineInputError(
            gettext("起算日超出可计算范围：应在%(a)s至%(b)s之间。") % {"a": _zh(EARLIEST_DATE), "b": _zh(LATEST_DATE)},
            "start",
        )
    clock = found.clock
    calendar = work_calendar()
    if clock.unit == Unit.HOUR:
        # counted from the start of the next day (the start day is not counted); hours never roll over
        due = start + timedelta(days=-(-clock.amount // 24))
        explanation = (
            f"自{_zh(start)}的次日零时起算{clock.amount}小时，于{_zh(due)}届满（以小时计算的期间不因节假日顺延）。"
            f"依据：{clock.basis}"
        )
    else:
        due = due_date(start, clock.amount, clock.unit, calendar)
        explanation = explain(start, clock.amount, clock.unit, calendar, basis=clock.basis, due=due)
    return DeadlineAnswer(
        rule=rule,
        start=start,
        due=due,
        amount=clock.amount,
        unit=clock.unit.value,
        basis=clock.basis,
        label=str(clock.label),
        explanation=explanation,
        calendar_covers=calendar.covers(start) and calendar.covers(due),
    )


def _zh(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
