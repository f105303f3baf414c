"""The vocabulary in which each line declares its statute: states, transitions, clocks, automatic transitions.

A line's own `procedure.py` builds one `Procedure` from these; `fazhi.cases.runner` executes any of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from django.utils.functional import Promise

from fazhi.core.workdays import Unit

Label = str | Promise  # a plain string or a lazy translation

SYSTEM = "system"  # the role under which automatic (deemed) transitions act


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
    max_extension: int = 0  # in the clock's own unit; 0 = the law allows none
    extension_basis: str = ""

    @property
    def rule(self) -> str:
        """The rule key used by the deadline calculator, e.g. `acceptance_review`."""
        return self.key


@dataclass(frozen=True)
class Transition:
    """A step the law allows: from which states, to which state, by whom, needing what, under which article."""

    code: str
    label: Label
    sources: tuple[str, ...]
    target: str | None  # None: the state does not change (e.g. an extension)
    roles: frozenset[str]
    basis: str
    required: tuple[str, ...] = ()  # keys that must be present and non-empty in the transition's data
    document: str = ""  # the document the step issues (受理通知书 …)
    outcome: str = ""  # the outcome the case closes with
    accepts: bool = False  # sets accepted_on
    closes: bool = False  # sets closed_on
    extends: str = ""  # key of the clock this step extends by data["extension_days"]

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
    states: Mapping[str, Label]  # key → Chinese label
    final_states: frozenset[str]
    transitions: tuple[Transition, ...]
    clocks: tuple[Clock, ...]
    initial_event: str = "received"
    intake_roles: frozenset[str] = frozenset({"registrar", "handler", SYSTEM})
    auto: tuple[AutoTransition, ...] = ()
    public_rules: tuple[str, ...] = field(default=())  # clocks offered by the deadline calculator

    def __post_init__(self) -> None:
        problems = []
        if self.initial_state not in self.states:
            problems.append(f"initial state {self.initial_state!r} undeclared")
        codes = {t.code for t in self.transitions}
        if len(codes) != len(self.transitions):
            problems.append("duplicate transition codes")
        for t in self.transitions:
            for s in (*t.sources, *([t.target] if t.target else [])):
                if s not in self.states:
                    problems.append(f"{t.code}: unknown state {s!r}")
            if t.extends and t.extends not in self.clock_map:
                problems.append(f"{t.code}: extends unknown clock {t.extends!r}")
        events = codes | {self.initial_event}
        for c in self.clocks:
            for e in (*c.starts_on, *c.stops_on, *c.pauses_on, *c.resumes_on):
                if e not in events:
                    problems.append(f"clock {c.key}: unknown event {e!r}")
        for a in self.auto:
            if a.clock not in self.clock_map or a.transition not in codes:
                problems.append(f"auto {a.transition}: unknown clock or transition")
        if problems:
            raise ValueError(f"procedure {self.line}: " + "; ".join(problems))

    @property
    def clock_map(self) -> dict[str, Clock]:
        return {c.key: c for c in self.clocks}

    def transition(self, code: str) -> Transition | None:
        return next((t for t in self.transitions if t.code == code), None)

    def available(self, state: str) -> list[Transition]:
        """Transitions whose source includes `state`, in declaration order."""
        return [t for t in self.transitions if state in t.sources]
