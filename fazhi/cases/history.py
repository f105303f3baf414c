"""Writing past cases — imported from a register, replayed by the demo — the way the runner would have written them.

A past case is told as the steps it went through: transition codes of its line's procedure, each with its date and,
where known, who took it and the step's data. Each step is taken as the runner takes it: the state it reaches, the
outcome, the acceptance and closing dates and the facts it records come from the declared `Transition`; its data
is parsed by the line's field declarations (`fazhi.cases.steps.step_data`); it appends a CaseEvent with the step's
label and legal basis; and it moves the clocks through the runner's own rules (`fazhi.cases.clocks`), the parties'
own periods that ran out unused closed as lapsed, as the nightly sweep closes them. The cases are numbered in their
organisation's gap-free series, written in chunks, and the layers above are told of them through
`fazhi.cases.hooks.cases_opened` (the rollups), all in the caller's transaction. No state is set anywhere else.

What only a live step does is left out: documents (a past step's document was issued at the time), the checks that
weigh a step's evidence (`Transition.checks`), and the step's required keys, choices and date checks (a register
records what was decided, rarely each step's papers; an outcome is still checked against its declared choices).
A step the procedure does not declare, a step the case's state or facts do not allow, a step dated before receipt
or after today is a `HistoryError`, before anything is written. `steps_to` finds the declared steps to what a
register records of a closed case (its outcome and dates).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.context import get_request_id
from fazhi.cases.bulk import allocate_numbers
from fazhi.cases.clocks import advance_clocks, extend_deadline
from fazhi.cases.copying import HistoryCopier
from fazhi.cases.errors import TransitionError
from fazhi.cases.hooks import cases_opened
from fazhi.cases.models import Case, Deadline
from fazhi.cases.procedure import Procedure, Transition, holds
from fazhi.cases.registry import procedure_for
from fazhi.cases.runner import PartyInput
from fazhi.cases.steps import step_data, step_move, step_view
from fazhi.core.calendar import work_calendar
from fazhi.core.lines import line_label
from fazhi.core.workdays import WorkCalendar

__all__ = [
    "HistoryError",
    "HistoryErrors",
    "PastCase",
    "Step",
    "Summary",
    "history_check_many",
    "history_walk",
    "history_write",
    "history_write_many",
    "steps_to",
]

CHUNK = 25_000  # cases per batch of INSERTs and per call of the listeners (SQLite allows ≥ 32,766 parameters)


class HistoryError(ValueError):
    """A past case whose steps the procedure does not allow; the message is for the user (an import's row error)."""


class HistoryErrors(HistoryError):
    """Every past case of a write whose steps are not allowed: (index in the cases given, message), in order.

    Its own message is the first case's, so a caller that expects one HistoryError reads it as before.
    """

    def __init__(self, failures: list[tuple[int, str]]) -> None:
        super().__init__(failures[0][1])
        self.failures = failures


@dataclass(frozen=True)
class Step:
    """One step a case went through: a transition code of its line's procedure, its date, who took it, its data."""

    code: str
    on: date
    actor: Any = None  # a User, or None when not on record (or the system's own step)
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Summary:
    """One timeline event standing for the whole history, when who took each step is not on record (an import)."""

    code: str
    label: str
    on: date
    actor: Any = None
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(eq=False)
class PastCase:
    """A case to write as history: its row (unsaved, without state), detail, parties and the steps it went through.

    `case.number` is kept when given; otherwise the next of its organisation's series for its year of receipt.
    """

    case: Case
    detail: models.Model | None = None
    parties: Sequence[PartyInput] = ()
    steps: Sequence[Step] = ()
    received_by: Any = None  # actor of the intake event
    note: Mapping[str, Any] = field(default_factory=dict)  # added to every event's data (e.g. the data set's name)
    summary: Summary | None = None  # one event for the whole history instead of one per step
    clocks: bool = True  # False: keep no clocks (a closed case whose intermediate steps are not on record)
    events: list[list[Any]] = field(default_factory=list, init=False, repr=False)  # set by history_walk
    deadlines: list[Deadline] = field(default_factory=list, init=False, repr=False)


def history_walk(past: PastCase, *, calendar: WorkCalendar | None = None, today: date | None = None) -> None:
    """Take the steps in memory as the runner would: state, outcome, dates and facts on the case and its detail,
    the events, the clocks. Raises HistoryError (nothing is written here); walking again gives the same result."""
    _walk(past, _Shared(calendar or work_calendar(), today or timezone.localdate()))


def history_check_many(pasts: Sequence[PastCase], *, today: date | None = None) -> list[tuple[int, str]]:
    """Walk every past case in memory on one calendar (see `history_walk`); the (index, message) of each whose
    steps are not allowed. Nothing is written."""
    return _walk_all(pasts, _Shared(work_calendar(), today or timezone.localdate()))


def _walk_all(pasts: Sequence[PastCase], shared: _Shared) -> list[tuple[int, str]]:
    failures = []
    for i, past in enumerate(pasts):
        try:
            _walk(past, shared)
        except HistoryError as exc:
            failures.append((i, str(exc)))
    return failures


class _Shared:
    """What the cases of one write share: the calendar, today, and each procedure's transitions and labels (in the
    active language) looked up once — a lazy label costs more than the row it labels."""

    def __init__(self, calendar: WorkCalendar, today: date) -> None:
        self.calendar, self.today, self.received = calendar, today, _("收到申请")
        self._lines: dict[str, tuple[Procedure, dict[str, tuple[Transition, str]], dict[str, str]]] = {}

    def line(self, key: str) -> tuple[Procedure, dict[str, tuple[Transition, str]], dict[str, str]]:
        """The line's procedure, its transitions by code with their labels, and its clocks' labels."""
        if key not in self._lines:
            proc = procedure_for(key)
            steps = {t.code: (t, str(t.label)) for t in proc.transitions}
            self._lines[key] = (proc, steps, {c.key: str(c.label) for c in proc.clocks})
        return self._lines[key]


def _walk(past: PastCase, shared: _Shared) -> None:
    case, detail = past.case, past.detail
    proc, steps, clock_labels = shared.line(case.line)
    state, case.outcome, case.accepted_on, case.closed_on = proc.initial_state, "", None, None
    case.state = state
    facts = {f: getattr(detail, f) for f in proc.facts} if detail is not None else {}
    actor_id = getattr(past.received_by, "pk", None)
    events = [[proc.initial_event, shared.received, case.received_on, actor_id, "", state, "", dict(past.note)]]
    deadlines: list[Deadline] = []

    def clocks(event: str, on: date, view: dict[str, Any]) -> None:
        open_clocks = {d.clock: d for d in deadlines if d.is_open}
        for d in advance_clocks(case, open_clocks, proc, event, on, view, shared.calendar, clock_labels):
            if not any(d is kept for kept in deadlines):
                deadlines.append(d)

    if past.clocks:
        clocks(proc.initial_event, case.received_on, facts)
    taken: set[str] = set()
    for step in past.steps:
        t, label = _allowed(proc, steps, case, state, step, facts, shared.today)
        if t.single and t.code in taken:
            raise HistoryError(_("“%(action)s”依法只能进行一次（%(basis)s）。") % {"action": t.label, "basis": t.basis})
        taken.add(t.code)
        try:
            data = step_data(proc, t, step.data)
        except TransitionError as exc:
            raise HistoryError(str(exc)) from None
        if t.outcome_from and str(data.get(t.outcome_from, "")) not in t.choices[t.outcome_from]:
            raise HistoryError(
                _("“%(action)s”须写明有效的%(field)s。")
                % {"action": t.label, "field": proc.field_labels[t.outcome_from]}
            )
        from_state = state
        updates = step_move(case, t, step.on, data)
        state = case.state
        if updates:
            _record_facts(proc, detail, updates)
            facts = facts | updates
        actor_id = getattr(step.actor, "pk", None)
        events.append([t.code, label, step.on, actor_id, from_state, state, t.basis, {**data, **past.note}])
        if past.clocks:
            if t.extends:
                current = next((d for d in deadlines if d.clock == t.extends and d.is_open), None)
                try:
                    extend_deadline(current, proc.clock_map[t.extends], data, shared.calendar)
                except TransitionError as exc:
                    raise HistoryError(str(exc)) from None
            clocks(t.code, step.on, step_view(t, facts, data))
    for d in deadlines:  # the parties' own periods that ran out unused, closed as the nightly sweep closes them
        if d.advisory and d.state == Deadline.State.RUNNING and d.due_on and d.due_on < shared.today:
            d.state, d.stopped_on = Deadline.State.LAPSED, d.due_on
    if past.summary is not None:
        s = past.summary
        events = [[s.code, s.label, s.on, getattr(s.actor, "pk", None), "", state, "", {**s.data, **past.note}]]
    past.events, past.deadlines = events, deadlines


def _allowed(
    proc: Procedure,
    steps: dict[str, tuple[Transition, str]],
    case: Case,
    state: str,
    step: Step,
    facts: dict[str, Any],
    today: date,
) -> tuple[Transition, str]:
    """The step's transition and label, when the procedure allows it for the case as it stands."""
    if step.code not in steps:
        raise HistoryError(_("“%(code)s”不是%(line)s的办理步骤。") % {"code": step.code, "line": line_label(case.line)})
    t, label = steps[step.code]
    if state not in t.sources:
        raise HistoryError(
            _("案件状态为“%(state)s”时不能“%(action)s”。") % {"state": proc.states.get(state, state), "action": t.label}
        )
    if not holds(t.when, facts):
        raise HistoryError(_("本案不适用“%(action)s”。") % {"action": t.label})
    if step.on < case.received_on:
        raise HistoryError(_("“%(action)s”的日期（%(on)s）早于收到日期。") % {"action": t.label, "on": step.on})
    if step.on > today:
        raise HistoryError(_("“%(action)s”的日期（%(on)s）晚于今天。") % {"action": t.label, "on": step.on})
    return t, label


def _record_facts(proc: Procedure, detail: models.Model | None, updates: Mapping[str, Any]) -> None:
    """Set the facts a step records on the detail, cleaned by their model fields as the runner's full_clean does."""
    if detail is None:
        raise HistoryError(_("本案没有%(line)s的案件信息。") % {"line": line_label(proc.line)})
    problems = []
    for key, value in updates.items():
        f = _field(type(detail), key)
        try:
            setattr(detail, f.attname, f.clean(value, detail))
        except ValidationError as exc:
            problems.append(f"{proc.field_labels.get(key, key)}：{'、'.join(exc.messages)}")
    if problems:
        raise HistoryError("；".join(problems))


@cache
def _field(model: type[models.Model], name: str) -> models.Field:
    f = model._meta.get_field(name)
    assert isinstance(f, models.Field)
    return f


MAX_PATH = 8


def steps_to(
    line: str,
    detail: models.Model | None,
    *,
    received_on: date,
    accepted_on: date | None,
    closed_on: date,
    outcome: str,
) -> list[Step]:
    """The steps a closed case took to what a register records of it — accepted on a day or never, closed on a day
    with an outcome — by the shortest path the procedure declares for the case's facts.

    Steps before acceptance are dated the day of receipt, acceptance and the steps after it the day of acceptance,
    the closing step the day of closing. A step that would set a fact contrary to the recorded one is not taken
    (a written agreement for an oral one). HistoryError when no declared path leads there.
    """
    proc = procedure_for(line)
    facts = {f: getattr(detail, f) for f in proc.facts} if detail is not None else {}
    try:  # the path depends only on these: an import of 10⁵ rows has a handful of distinct keys
        key: tuple | None = (id(proc), tuple(facts.items()), accepted_on is None, outcome)
        hash(key)
    except TypeError:
        key = None
    cached = _PATHS.get(key) if key is not None else None
    if cached is not None and cached[0] is proc:
        path = cached[1]
    else:
        path = _shortest_path(proc, facts, accepted=accepted_on is not None, outcome=outcome)
        if key is not None:
            if len(_PATHS) >= 4096:
                _PATHS.clear()
            _PATHS[key] = (proc, path)
    if path is None:
        raise HistoryError(
            _("按%(line)s的办理程序，无法得到“%(outcome)s”的结果。") % {"line": line_label(line), "outcome": outcome}
        )
    return _dated(list(path), outcome, received_on, accepted_on, closed_on)


_PATHS: dict[tuple, tuple[Procedure, tuple[Transition, ...] | None]] = {}


def _shortest_path(
    proc: Procedure, facts: Mapping[str, Any], *, accepted: bool, outcome: str
) -> tuple[Transition, ...] | None:
    """The shortest declared path from the initial state to a closing step giving `outcome` (None: there is none)."""
    start = (proc.initial_state, False)
    queue: deque[tuple[tuple[str, bool], tuple[Transition, ...]]] = deque([(start, ())])
    seen = {start}
    while queue:
        (state, was_accepted), path = queue.popleft()
        if len(path) >= MAX_PATH:
            continue
        for t in proc.available(state, facts):
            if t.reopens or (t.accepts and (was_accepted or not accepted)):
                continue
            if any(str(facts.get(k)) != str(v) for k, v in t.sets.items()):
                continue
            now_accepted = was_accepted or t.accepts
            if t.closes:
                if _gives(t, outcome) and now_accepted == accepted:
                    return (*path, t)
                continue
            reached = (t.target, now_accepted) if t.target else None
            if reached and reached not in seen:
                seen.add(reached)
                queue.append((reached, (*path, t)))
    return None


def _gives(t: Transition, outcome: str) -> bool:
    if t.outcome:
        return t.outcome == outcome
    return bool(t.outcome_from) and (t.outcome_from not in t.choices or outcome in t.choices[t.outcome_from])


def _dated(
    path: list[Transition], outcome: str, received_on: date, accepted_on: date | None, closed_on: date
) -> list[Step]:
    steps, on = [], received_on
    for t in path:
        if t.accepts and accepted_on is not None:
            on = accepted_on
        if t.closes:
            steps.append(Step(t.code, closed_on, data={t.outcome_from: outcome} if t.outcome_from else {}))
        else:
            steps.append(Step(t.code, on))
    return steps


def history_write(past: PastCase, *, record_changes_by: Any = None) -> Case:
    """Write one past case (see `history_write_many`)."""
    return history_write_many([past], record_changes_by=record_changes_by)[0]


def history_write_many(
    pasts: Sequence[PastCase], *, chunk: int = CHUNK, record_changes_by: Any = None, today: date | None = None
) -> list[Case]:
    """Walk every past case, number them, then write cases, details, parties, events and clocks in chunks.

    All or nothing: a case whose steps are not allowed writes nothing; every such case is listed by the
    `HistoryErrors` raised (a HistoryError whose message is the first's). `record_changes_by`: also write the
    change record (django-auditlog) of the cases, details and parties, as that user (imports keep it; the demo
    replay does not).
    """
    shared = _Shared(work_calendar(), today or timezone.localdate())
    with transaction.atomic():
        allocate_numbers([p.case for p in pasts])
        # per batch, the walk, then one COPY per table and the rollup listener; the next batch is walked and its
        # rows built while the last one is copied. A refused case stops the building, not the walk: every refused
        # case is listed, and the batches already sent are rolled back with the rest.
        copier = HistoryCopier(pasts, changes_by=record_changes_by, request_id=get_request_id() or "", tell=_opened)
        copier.write(chunk, walk=lambda part: _walk_all(part, shared), refuse=HistoryErrors)
    return [p.case for p in pasts]


def _opened(case_ids: Sequence[int], *, lines: set[str], clocks: Mapping[int, Any] | None = None) -> None:
    """The listeners told of a batch written, through this module's name (a test parks the write there)."""
    cases_opened(case_ids, lines=lines, clocks=clocks)
