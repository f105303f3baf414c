"""What a step accepts and what it checks, for every line: the runner's contract with the procedures.

A step accepts exactly its declared data keys, each parsed by the line's `Field` declaration; anything else is
refused. Conditions and checks read the case's recorded facts, which posted data never overrides: only the facts
the step itself records (`sets_from_data`) come from its data, and changing any other fact is its own declared
step (e.g. 转为普通程序, 行政复议法 art. 55). A step is dated between the case's receipt and today.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.cases.errors import StateConflict, TransitionError
from fazhi.cases.fields import FieldError
from fazhi.cases.models import Case
from fazhi.cases.procedure import Procedure, Transition, holds
from fazhi.core.calendar import work_calendar
from fazhi.core.workdays import due_date

SYSTEM_NOTE_KEYS = frozenset({"auto", "clock", "basis"})  # what the sweep records of a deemed step


def step_data(proc: Procedure, t: Transition, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The step's data parsed by its declarations; an undeclared key or a malformed value is a TransitionError."""
    undeclared = sorted(str(k) for k in raw if k not in t.accepted_keys)
    if undeclared:
        allowed = "、".join(str(proc.fields[k].label) for k in t.accepted_keys) or _("无")
        raise TransitionError(
            _("“%(action)s”不接受以下内容：%(keys)s。本步骤可填写：%(allowed)s。")
            % {"action": t.label, "keys": "、".join(undeclared), "allowed": allowed}
        )
    data: dict[str, Any] = {}
    problems = []
    for key, value in raw.items():
        try:
            parsed = proc.fields[key].parse(value)
        except FieldError as exc:
            problems.append(str(exc))
            continue
        if parsed != "":  # text that is only spaces is not given (a required key then reports missing)
            data[key] = parsed
    if problems:
        raise TransitionError("；".join(problems))
    return data


def step_view(t: Transition, facts: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """What the step's conditions, checks and clocks read: its data, overridden by the case's recorded facts,
    except the facts this step records itself."""
    recorded = {k: data[k] for k in t.sets_from_data if k in data}
    return {**data, **facts, **recorded}


def step_check(
    case: Case,
    t: Transition,
    on: date,
    data: Mapping[str, Any],
    facts: Mapping[str, Any],
    *,
    event_codes: frozenset[str] | None = None,
) -> None:
    """Every declared precondition of the step, each failing with a message for the user.

    `event_codes`: the codes of the case's events when the caller has read them (else a step taken once asks)."""
    if not holds(t.when, facts):  # the step is open for the case as recorded, before the step
        raise StateConflict(_("本案不适用“%(action)s”。") % {"action": t.label})
    labels = case.procedure.field_labels
    missing = [str(labels[k]) for k in t.required if k not in data]
    if missing:
        raise TransitionError(_("请填写：%(fields)s") % {"fields": "、".join(missing)})
    for key, allowed in t.choices.items():
        if key in data and str(data[key]) not in allowed:
            raise TransitionError(
                _("“%(value)s”不是有效的选项，可选：%(options)s")
                % {"value": data[key], "options": "、".join(str(v) for v in allowed.values())}
            )
    if on < case.received_on:
        raise TransitionError(_("操作日期不能早于收到日期。"))
    if on > timezone.localdate():
        raise TransitionError(_("操作日期不能晚于今天。"))
    if t.single and (t.code in event_codes if event_codes is not None else case.events.filter(code=t.code).exists()):
        if t.once:
            message = _("“%(action)s”依法只能进行一次（%(basis)s）。")
            raise StateConflict(message % {"action": t.label, "basis": t.basis})
        raise StateConflict(_("本案已办理“%(action)s”，不能重复办理。") % {"action": t.label})
    for key in t.date_fields:
        if key in data and date.fromisoformat(data[key]) > on:
            raise TransitionError(_("%(field)s不能晚于办理日期。") % {"field": labels[key]})
    calendar = None
    for dc in t.date_checks:
        if dc.field not in data:
            continue
        calendar = calendar or work_calendar()
        earliest = due_date(on, dc.amount, dc.unit, calendar)
        if date.fromisoformat(data[dc.field]) < earliest:
            raise TransitionError(
                _("%(field)s不得早于 %(earliest)s（%(basis)s）。")
                % {"field": labels[dc.field], "earliest": earliest.isoformat(), "basis": dc.basis}
            )
    view = step_view(t, facts, data)
    problems = [p for check in t.checks for p in check(view)]
    if problems:
        raise TransitionError("；".join(problems))


def step_move(case: Case, t: Transition, on: date, data: Mapping[str, Any]) -> dict[str, Any]:
    """Move the case as the step declares (state, outcome, acceptance and closing dates), in memory; return the
    facts the step records on the detail. The runner and the history writer both move a case through this."""
    if t.target:
        case.state = t.target
    if t.outcome or t.outcome_from:
        case.outcome = t.outcome or str(data[t.outcome_from])
    if t.accepts:
        case.accepted_on = on
    if t.closes:
        case.closed_on = on
    if t.reopens:
        case.closed_on, case.outcome = None, ""
    return {**t.sets, **{k: data[k] for k in t.sets_from_data if k in data}}
