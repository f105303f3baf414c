"""A clock whose period depends on the case (`Clock.amount_from`): the function decides each start's amount, the
declared amount is used when none is named, and a clock without one asks nothing of the database."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from fazhi.cases.clocks import advance_clocks
from fazhi.cases.fields import text
from fazhi.cases.models import Case
from fazhi.cases.procedure import Clock, Procedure, Transition
from fazhi.core.workdays import Unit, WorkCalendar

CALLS: list[tuple[str, str]] = []


def period_of(case: Case, facts: Mapping) -> int:
    """Ten working days for a contract, else three (a stand-in for a line's per-kind, per-region table)."""
    CALLS.append((case.region_id, str(facts.get("kind", ""))))
    return 10 if facts.get("kind") == "contract" else 3


def broken(case: Case, facts: Mapping) -> int:
    return 0


def build(amount_from: str) -> Procedure:
    return Procedure(
        line="probe",
        number_code="测",
        initial_state="open",
        states={"open": "审查中", "closed": "已办结"},
        final_states=frozenset({"closed"}),
        transitions=(
            Transition(
                code="close", label="办结", sources=("open",), target="closed", roles=frozenset({"h"}), basis="测"
            ),
        ),
        clocks=(
            Clock("review", "审查", 5, Unit.WORKING_DAY, "测试条文", starts_on=("received",), amount_from=amount_from),
        ),
        facts=("kind",),
        fields={"kind": text("种类")},
        roles=frozenset({"h"}),
    )


# Monday 2024-06-03 to Friday 2024-06-28: no holiday, weekends only
CALENDAR = WorkCalendar(holidays=frozenset(), make_up_working_days=frozenset())


def start(proc: Procedure, facts: dict) -> list:
    case = Case(line="probe", region_id="150202000000", received_on=date(2024, 6, 3))
    return advance_clocks(case, {}, proc, "received", date(2024, 6, 3), facts, CALENDAR)


def test_the_function_gives_each_case_its_period():  # no database either: the function here reads none
    proc = build(f"{__name__}.period_of")
    CALLS.clear()
    (contract,) = start(proc, {"kind": "contract"})
    (other,) = start(proc, {"kind": "document"})
    assert (contract.amount, contract.due_on) == (10, date(2024, 6, 17))
    assert (other.amount, other.due_on) == (3, date(2024, 6, 6))
    assert CALLS == [("150202000000", "contract"), ("150202000000", "document")]


def test_without_a_function_the_declared_amount_counts():
    # no django_db mark: a query here would fail the test (pytest-django blocks database access)
    (clock,) = start(build(""), {"kind": "contract"})
    assert (clock.amount, clock.due_on) == (5, date(2024, 6, 10))


def test_a_function_giving_no_period_fails_loudly():
    with pytest.raises(ValueError, match="positive int"):
        start(build(f"{__name__}.broken"), {})
