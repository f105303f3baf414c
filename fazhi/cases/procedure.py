"""The vocabulary in which each line declares its statute: states, transitions, clocks, automatic transitions.

A line's own `procedure.py` builds one `Procedure` from these; `fazhi.cases.runner` executes any of them.
Facts are the fields of the line's detail model that rules depend on (e.g. ordinary or simplified procedure);
a condition `when={"procedure_type": {"simplified"}}` holds when each named fact has one of the listed values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise

from fazhi.cases.fields import Field, FieldKind
from fazhi.core.workdays import Unit

Label = str | Promise  # a plain string or a lazy translation
Condition = Mapping[str, frozenset[str]]
# A check gets the step's view of the case (its recorded facts, the step's own declared data, and "events": the
# codes of steps already taken) and returns problems for the user (empty = fine).
Check = Callable[[Mapping[str, Any]], list[str]]

SYSTEM = "system"  # the role under which automatic (deemed) transitions act
LONG_TEXT = 200  # a text field that may hold more than this many characters is prose: a text area on the form


def holds(condition: Condition, facts: Mapping[str, Any]) -> bool:
    """Whether every fact named by the condition has one of its allowed values."""
    return all(str(facts.get(k, "")) in allowed for k, allowed in condition.items())


@dataclass(frozen=True)
class Clock:
    """A statutory period: it starts (or restarts) on some events, stops on others, and may pause and resume."""

    key: str
    label: Label
    amount: int
    unit: Unit
    basis: str
    starts_on: tuple[str, ...] = ()
    stops_on: tuple[str, ...] = ()
    pauses_on: tuple[str, ...] = ()
    resumes_on: tuple[str, ...] = ()
    when: Condition = field(default_factory=dict)  # the clock starts only when this holds
    start_from: str = ""  # a Case date field to count from instead of the event's date (e.g. "accepted_on")
    start_from_data: str = ""  # …or a date in the step's data (e.g. the day an agreement took effect)
    max_extension: int = 0  # in the clock's own unit; 0 = the law allows none
    extension_basis: str = ""
    advisory: bool = False  # a period the parties may use (e.g. to seek judicial confirmation): it lapses, never late
    # A period that depends on the case (per kind and jurisdiction, e.g. a local rule's review period): the dotted
    # path of a function `(case, facts) -> int` giving the amount in the clock's unit when the clock starts; `facts`
    # is the step's view of the case (its recorded facts). `amount` stays the declared default, shown in the rule
    # list. Resolved once (fazhi.cases.clocks.clock_amount); empty = always `amount`.
    amount_from: str = ""


@dataclass(frozen=True)
class DateCheck:
    """A date in the step's data must lie at least `amount` units after the step (e.g. 听证 notice 5 WD ahead)."""

    field: str
    amount: int
    unit: Unit
    basis: str


@dataclass(frozen=True, kw_only=True)
class Transition:
    """A step the law allows: from which states, to which state, by whom, needing what, under which article.

    The step accepts exactly the data keys it declares (`required` and `optional`), typed and bounded by the
    procedure's `fields`; anything else is refused. Its checks see the case's recorded facts, which a step's data
    never overrides, except the facts the step itself records (`sets_from_data`). A step is taken by members of
    the organisation that owns the case; a `supervisory` step (提级, 责令恢复审理, an objection decided by the
    body that set up a centre) only by members of a body above it.
    """

    code: str
    label: Label
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (an extension, a record of a hearing…)
    roles: frozenset[str]
    basis: str
    required: tuple[str, ...] = ()  # keys that must be present and non-empty in the step's data
    optional: tuple[str, ...] = ()  # further keys the step's form offers
    choices: Mapping[str, Mapping[str, Label]] = field(default_factory=dict)  # data key → allowed values
    when: Condition = field(default_factory=dict)  # the step is open only when the case's facts match
    checks: tuple[Check, ...] = ()
    date_checks: tuple[DateCheck, ...] = ()
    date_fields: tuple[str, ...] = ()  # data keys that must be dates (YYYY-MM-DD), not after the step's date
    sets: Mapping[str, Any] = field(default_factory=dict)  # facts the step sets on the detail
    sets_from_data: tuple[str, ...] = ()  # facts copied from the step's data
    document: str = ""  # the kind of document the step issues (fazhi.documents.kinds)
    outcome: str = ""  # the outcome the case closes with…
    outcome_from: str = ""  # …or the data key that holds it (e.g. the decision type)
    accepts: bool = False  # sets accepted_on
    closes: bool = False  # sets closed_on
    reopens: bool = False  # clears closed_on and outcome (e.g. an objection upheld sends the case back to review)
    extends: str = ""  # key of the clock this step extends by data["extension_days"]
    once: bool = False  # the law allows this step once per case (补正: one notice listing everything)
    repeatable: bool = False  # a step that leaves the state as it is may be taken again (调解记录, 听取意见…)
    supervisory: bool = False  # taken by a body above the case's owner, never by the owner itself
    multiline: tuple[str, ...] = ()  # data keys that hold a list, one item a line (补正 items): a multi-line box

    @property
    def accepted_keys(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)

    @property
    def single(self) -> bool:
        """Whether a case takes this step at most once: a step the law allows once (`once`), or one that leaves the
        state as it is (发送副本, 收到答复: done is done) unless the law lets it recur (`repeatable`). A step that moves
        the case is governed by the states: it is offered again only if the case comes back to its source."""
        return self.once or (self.target is None and not self.repeatable)

    def allows_role(self, roles: set[str]) -> bool:
        return bool(self.roles & roles)


@dataclass(frozen=True)
class AutoTransition:
    """A transition the system takes by itself when a clock lapses (deemed acceptance, deemed withdrawal…)."""

    clock: str
    transition: str
    basis: str


@dataclass(frozen=True)
class Procedure:
    """A line's statute as data; validated when built so a typo fails at import, not in a case."""

    line: str
    number_code: str  # the line's character in case numbers: 包复〔2024〕17号
    initial_state: str
    states: Mapping[str, Label]  # key → Chinese label: `dict(State.choices)` of the line's State enum
    final_states: frozenset[str]
    transitions: tuple[Transition, ...]
    clocks: tuple[Clock, ...]
    initial_event: str = "received"
    intake_roles: frozenset[str] = frozenset({"registrar", "handler", SYSTEM})
    auto: tuple[AutoTransition, ...] = ()
    detail: str = ""  # related name of the line's one-to-one detail on Case, which holds the facts
    facts: tuple[str, ...] = ()  # detail fields that conditions and checks may read, and steps may set
    fields: Mapping[str, Field] = field(default_factory=dict)  # every data key a step may declare: label, type, bounds
    roles: frozenset[str] = frozenset()  # every role the line's steps may name (the kernel's and the line's own)

    def __post_init__(self) -> None:
        problems = []
        if self.initial_state not in self.states:
            problems.append(f"initial state {self.initial_state!r} undeclared")
        codes = {t.code for t in self.transitions}
        if len(codes) != len(self.transitions):
            problems.append("duplicate transition codes")
        for t in self.transitions:
            problems += [f"{t.code}: {p}" for p in self._transition_problems(t)]
        events = codes | {self.initial_event}
        for c in self.clocks:
            problems += [f"clock {c.key}: {p}" for p in self._clock_problems(c, events)]
        for a in self.auto:
            if a.clock not in self.clock_map or a.transition not in codes:
                problems.append(f"auto {a.transition}: unknown clock or transition")
        if problems:
            raise ValueError(f"procedure {self.line}: " + "; ".join(problems))

    def _transition_problems(self, t: Transition) -> list[str]:
        problems = [
            f"unknown state {s!r}" for s in (*t.sources, *([t.target] if t.target else [])) if s not in self.states
        ]
        if t.extends and t.extends not in self.clock_map:
            problems.append(f"extends unknown clock {t.extends!r}")
        problems += [f"undeclared fact {f!r}" for f in (*t.sets, *t.sets_from_data, *t.when) if f not in self.facts]
        for key in t.accepted_keys:
            if key not in self.fields:
                problems.append(f"data key {key!r} has no declared field")
            elif key in self.facts and key not in t.sets_from_data:
                problems.append(f"{key!r} is a recorded fact; only a step that records it may accept it")
        for key in (*t.choices, *t.date_fields, *(dc.field for dc in t.date_checks), *t.sets_from_data, *t.multiline):
            if key not in t.accepted_keys:
                problems.append(f"{key!r} is used but not accepted by the step")
        for key in (*t.date_fields, *(dc.field for dc in t.date_checks)):
            if key in self.fields and self.fields[key].kind != FieldKind.DATE:
                problems.append(f"{key!r} is compared as a date but not declared one")
        for key in t.multiline:
            if key in self.fields and (self.fields[key].kind != FieldKind.TEXT or key in t.choices):
                problems.append(f"{key!r} is a list of lines but not a free text")
        if t.once and t.repeatable:
            problems.append("a step cannot be both once and repeatable")
        if t.outcome_from and (t.outcome_from not in t.required or t.outcome_from not in t.choices):
            problems.append(f"outcome_from {t.outcome_from!r} must be a required key with declared choices")
        if t.extends and "extension_days" not in t.accepted_keys:
            problems.append("an extension must accept extension_days")
        if self.roles and not t.roles <= self.roles | {SYSTEM}:
            problems.append(f"unknown roles {sorted(t.roles - self.roles)}")
        if t.supervisory and SYSTEM in t.roles:
            problems.append("a supervisory step is taken by people, not the system")
        return problems

    def _clock_problems(self, c: Clock, events: set[str]) -> list[str]:
        problems = [
            f"unknown event {e!r}" for e in (*c.starts_on, *c.stops_on, *c.pauses_on, *c.resumes_on) if e not in events
        ]
        problems += [f"condition on unknown key {k!r}" for k in c.when if k not in self.facts and k not in self.fields]
        start = self.fields.get(c.start_from_data)
        if c.start_from_data and (start is None or start.kind != FieldKind.DATE):
            problems.append(f"start_from_data {c.start_from_data!r} is not a declared date field")
        return problems

    @property
    def field_labels(self) -> dict[str, Label]:
        return {key: f.label for key, f in self.fields.items()}

    @property
    def clock_map(self) -> dict[str, Clock]:
        return {c.key: c for c in self.clocks}

    def transition(self, code: str) -> Transition | None:
        return next((t for t in self.transitions if t.code == code), None)

    def form_fields(self, t: Transition) -> list[tuple[str, Label, str, Mapping[str, Label], bool]]:
        """(key, label, input type, options, required) for each data key of a step, for the workbench form: a
        select for declared choices, a list box ("lines") for a list, a text area for prose (a text longer than a
        line's worth, LONG_TEXT), else the field's own input type."""
        return [
            (key, self.fields[key].label, self._input(t, key), t.choices.get(key, {}), key in t.required)
            for key in t.accepted_keys
        ]

    def _input(self, t: Transition, key: str) -> str:
        f = self.fields[key]
        if key in t.choices:
            return "select"
        if key in t.multiline:
            return "lines"
        if f.kind == FieldKind.TEXT and f.max_length > LONG_TEXT:
            return "textarea"
        return f.input_type

    def available(self, state: str, facts: Mapping[str, Any] | None = None) -> list[Transition]:
        """Transitions open from `state` for a case with these facts, in declaration order."""
        return [t for t in self.transitions if state in t.sources and holds(t.when, facts or {})]
