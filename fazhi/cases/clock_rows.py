"""A case's clocks as the case page shows them: one row per statutory period, its earlier runs and pauses beside it.

A period the procedure restarts (受理审查 after 收到补正材料: `Clock.starts_on` names both events) is stored as one
Deadline per run; a pause (中止) is kept on the run (`Deadline.pauses`). The page shows the current run on one row and
tells its history in words, each event named by the step the clock declaration ties to it (`starts_on`, `stops_on`,
`pauses_on`, `resumes_on`), so the rule stays in the declaration and the template only shows the words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _

from fazhi.cases.models import CaseEvent, Deadline
from fazhi.cases.procedure import Procedure
from fazhi.cases.registry import day_word
from fazhi.cases.selectors import ClockView, clock_views


@dataclass(frozen=True)
class ClockRow:
    """The current run of one period (`view`) and what came before it, oldest first."""

    view: ClockView
    history: list[str] = field(default_factory=list)

    @property
    def deadline(self) -> Deadline:
        return self.view.deadline


def _named(events: Sequence[CaseEvent], codes: Iterable[str], on: date | str | None) -> str:
    """The label of the case's step of one of `codes` taken on `on` (the step that moved the clock), or ""."""
    day = date.fromisoformat(on) if isinstance(on, str) else on
    codes = set(codes)
    return next((e.label for e in events if e.code in codes and e.on == day), "")


def _day(on: date | str | None) -> str:
    return on.isoformat() if isinstance(on, date) else str(on or "")


def _pauses(d: Deadline, clock, events: Sequence[CaseEvent]) -> list[str]:
    lines = []
    for paused, resumed in d.pauses:
        text = _("%(on)s %(step)s，暂停计时") % {
            "on": paused,
            "step": _named(events, clock.pauses_on if clock else (), paused) or _("中止"),
        }
        if resumed:
            text += _("；%(on)s %(step)s，继续计时") % {
                "on": resumed,
                "step": _named(events, clock.resumes_on if clock else (), resumed) or _("恢复"),
            }
        else:
            text += _("；尚未恢复，中止期间不计入期限")
        lines.append(text)
    return lines


def _run(d: Deadline, clock, events: Sequence[CaseEvent]) -> list[str]:
    """An earlier run of the period: when it started, its pauses, and how it ended."""
    lines = [_("%(on)s 起算，期限 %(n)s%(unit)s") % {"on": _day(d.started_on), "n": d.amount, "unit": day_word(d.unit)}]
    lines += _pauses(d, clock, events)
    if d.extended_by:
        lines.append(_("延长 %(n)s%(unit)s") % {"n": d.extended_by, "unit": day_word(d.unit)})
    step = _named(events, clock.stops_on if clock else (), d.stopped_on)
    lines.append(
        _("%(on)s %(step)s，本次计时结束（%(state)s）")
        % {"on": _day(d.stopped_on), "step": step or _("停止"), "state": d.get_state_display()}
    )
    return lines


def clock_rows(
    proc: Procedure, deadlines: Iterable[Deadline], events: Sequence[CaseEvent], today: date
) -> list[ClockRow]:
    """One row per period of the case, its latest run current, nearest due date first (paused and finished last)."""
    runs: dict[str, list[Deadline]] = {}
    for d in sorted(deadlines, key=lambda d: d.pk):
        runs.setdefault(d.clock, []).append(d)
    clocks = proc.clock_map
    current = clock_views([r[-1] for r in runs.values()], today)
    rows = []
    for view, earlier in zip(current, (r[:-1] for r in runs.values()), strict=True):
        d, clock = view.deadline, clocks.get(view.deadline.clock)
        history: list[str] = []
        for run in earlier:
            history += _run(run, clock, events)
        if earlier:
            restarted = _named(events, clock.starts_on if clock else (), d.started_on)
            history.append(
                _("%(on)s %(step)s，重新起算") % {"on": _day(d.started_on), "step": restarted or _("重新计时")}
            )
        history += _pauses(d, clock, events)
        if d.extended_by:
            history.append(_("已延长 %(n)s%(unit)s") % {"n": d.extended_by, "unit": day_word(d.unit)})
        rows.append(ClockRow(view, history))
    open_first: dict[str, int] = {Deadline.State.RUNNING: 0, Deadline.State.PAUSED: 1}
    return sorted(
        rows, key=lambda r: (open_first.get(r.deadline.state, 2), r.deadline.due_on or date.max, r.deadline.pk)
    )
