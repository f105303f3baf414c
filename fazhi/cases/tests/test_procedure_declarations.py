"""A procedure with a contradiction in it fails when it is built (at import), never in a case."""

from __future__ import annotations

import pytest

from fazhi.cases.fields import day, text
from fazhi.cases.procedure import SYSTEM, Clock, Procedure, Transition
from fazhi.core.workdays import Unit

STATES = {"open": "办理中", "closed": "已办结"}
FIELDS = {
    "reasons": text("理由"),
    "result": text("结果"),
    "when_on": day("日期"),
    "place": text("地点"),
    "risk": text("风险"),
}


def build(*transitions: Transition, clocks: tuple[Clock, ...] = ()) -> Procedure:
    return Procedure(
        line="probe",
        number_code="测",
        initial_state="open",
        states=STATES,
        final_states=frozenset({"closed"}),
        transitions=transitions,
        clocks=clocks,
        detail="probe",
        facts=("risk",),
        fields=FIELDS,
        roles=frozenset({"handler"}),
    )


def step(**kwargs) -> Transition:
    return Transition(
        **{"code": "close", "label": "办结", "sources": ("open",), "target": "closed", "roles": frozenset({"handler"})}
        | {"basis": "测试条文"}
        | kwargs
    )


@pytest.mark.parametrize(
    ("transition", "problem"),
    [
        (step(required=("undeclared",)), "has no declared field"),
        (step(optional=("risk",)), "is a recorded fact"),
        (step(date_fields=("when_on",)), "used but not accepted"),
        (step(required=("place",), date_fields=("place",)), "compared as a date"),
        (step(required=("result",), outcome_from="result"), "declared choices"),
        (step(roles=frozenset({"sheriff"})), "unknown roles"),
        (step(roles=frozenset({SYSTEM}), supervisory=True), "taken by people"),
        (step(sets={"unknown_fact": True}), "undeclared fact"),
    ],
)
def test_a_contradictory_step_is_refused_when_built(transition, problem):
    with pytest.raises(ValueError, match=problem):
        build(transition)


@pytest.mark.parametrize(
    ("clock", "problem"),
    [
        (Clock("c", "时限", 5, Unit.WORKING_DAY, "条文", starts_on=("nothing",)), "unknown event"),
        (Clock("c", "时限", 5, Unit.WORKING_DAY, "条文", when={"mood": frozenset({"x"})}), "condition on unknown key"),
        (Clock("c", "时限", 5, Unit.WORKING_DAY, "条文", start_from_data="place"), "not a declared date field"),
    ],
)
def test_a_contradictory_clock_is_refused_when_built(clock, problem):
    with pytest.raises(ValueError, match=problem):
        build(step(), clocks=(clock,))


def test_a_consistent_procedure_builds():
    assert build(step(required=("reasons",))).transition("close") is not None


def test_transitions_take_keywords_only():
    with pytest.raises(TypeError):
        Transition("close", "办结", ("open",), "closed", frozenset({"handler"}), "条文")  # type: ignore[misc]
