"""The runner executes a line's procedure: numbers, events, clocks, roles, conflicts, rollback."""

from __future__ import annotations

from datetime import date

import pytest
from auditlog.models import LogEntry

from fazhi.cases.models import Case, CaseEvent, Deadline
from fazhi.cases.runner import (
    ConflictError,
    TransitionError,
    TransitionForbidden,
    apply_due_transitions,
    available_transitions,
    case_transition,
)
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db


def clock(case: Case, key: str) -> Deadline:
    return case.deadlines.exclude(state=Deadline.State.CANCELLED).get(clock=key)


def test_opening_a_case_numbers_it_records_intake_and_starts_the_review_clock(city_clerk):
    case = open_reconsideration(city_clerk)
    assert case.number == "包复〔2024〕1号"
    assert case.state == "received"
    assert list(case.events.values_list("code", flat=True)) == ["received"]
    review = clock(case, "acceptance_review")
    # 5 working days after 2024-09-30: Oct 1–7 National Day, Sat Oct 12 is a make-up working day.
    assert (review.started_on, review.due_on, review.state) == (date(2024, 9, 30), date(2024, 10, 12), "running")


def test_numbers_run_per_organisation_line_and_year(city_clerk):
    first = open_reconsideration(city_clerk, received_on=date(2024, 3, 1))
    second = open_reconsideration(city_clerk, received_on=date(2024, 3, 2))
    next_year = open_reconsideration(city_clerk, received_on=date(2025, 1, 6))
    assert [first.number, second.number, next_year.number] == ["包复〔2024〕1号", "包复〔2024〕2号", "包复〔2025〕1号"]


def test_a_mediator_cannot_register_a_reconsideration(mediator):
    with pytest.raises(TransitionForbidden):
        open_reconsideration(mediator)
    assert not Case.objects.exists()


def test_accepting_stops_review_and_starts_the_60_day_decision_clock(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 8, 1))
    case = case_transition(
        case=case,
        code="accept",
        actor=city_clerk,
        data={"procedure_type": "ordinary"},
        on=date(2024, 8, 2),
        expected_version=1,
    )
    assert (case.state, case.accepted_on, case.version) == ("accepted", date(2024, 8, 2), 2)
    assert clock(case, "acceptance_review").state == "met"
    # 60 calendar days after 2024-08-02 is Tue 2024-10-01, a National Day holiday: rolls to Tue 2024-10-08.
    assert clock(case, "decision").due_on == date(2024, 10, 8)
    event = case.events.get(code="accept")
    assert (event.actor, event.from_state, event.to_state, event.basis) == (
        city_clerk,
        "received",
        "accepted",
        "行政复议法第三十条第一款",
    )


def test_a_clerk_may_not_take_a_section_heads_step_and_sees_no_button_for_it(city_clerk, city_head):
    case = open_reconsideration(city_clerk)
    assert "not_accept" not in {t.code for t in available_transitions(case, city_clerk)}
    assert "not_accept" in {t.code for t in available_transitions(case, city_head)}
    with pytest.raises(TransitionForbidden):
        case_transition(case=case, code="not_accept", actor=city_clerk, data={"reasons": "超过申请期限"})
    case.refresh_from_db()
    assert case.state == "received"


def test_a_step_not_allowed_in_the_current_state_is_refused_in_chinese(city_clerk, city_head):
    case = open_reconsideration(city_clerk)
    with pytest.raises(TransitionError, match="不能执行"):
        case_transition(case=case, code="decide", actor=city_head, data={"decision": "维持"})


def test_required_fields_are_named_when_missing(city_clerk, city_head):
    case = open_reconsideration(city_clerk)
    with pytest.raises(TransitionError, match="理由"):
        case_transition(case=case, code="not_accept", actor=city_head, data={"reasons": "  "[:0]})


def test_a_stale_version_is_a_conflict_and_changes_nothing(city_clerk, city_head):
    case = open_reconsideration(city_clerk)
    case_transition(
        case=case,
        code="accept",
        actor=city_clerk,
        data={"procedure_type": "ordinary"},
        expected_version=1,
        on=date(2024, 10, 8),
    )
    with pytest.raises(ConflictError, match="已被他人修改"):
        case_transition(case=case, code="request_correction", actor=city_head, expected_version=1, data={"items": "x"})
    case.refresh_from_db()
    assert (case.state, case.version) == ("accepted", 2)
    assert case.events.count() == 2


def test_a_failure_inside_the_step_rolls_everything_back(city_clerk, city_head):
    case = open_reconsideration(city_clerk, received_on=date(2024, 8, 1))
    case = case_transition(
        case=case, code="accept", actor=city_clerk, data={"procedure_type": "ordinary"}, on=date(2024, 8, 2)
    )
    events_before = case.events.count()
    with pytest.raises(TransitionError, match="延期不得超过30日"):
        case_transition(
            case=case, code="extend_decision", actor=city_head, data={"reasons": "案情复杂", "extension_days": "31"}
        )
    case.refresh_from_db()
    assert case.version == 2 and case.events.count() == events_before
    assert clock(case, "decision").extended_by == 0


def test_an_extension_moves_the_decision_deadline_within_the_30_day_cap(city_clerk, city_head):
    case = open_reconsideration(city_clerk, received_on=date(2024, 8, 1))
    case = case_transition(
        case=case, code="accept", actor=city_clerk, data={"procedure_type": "ordinary"}, on=date(2024, 8, 2)
    )
    case_transition(
        case=case, code="extend_decision", actor=city_head, data={"reasons": "案情复杂", "extension_days": "30"}
    )
    # 90 calendar days after 2024-08-02 is Thu 2024-10-31, a working day.
    assert clock(case, "decision").due_on == date(2024, 10, 31)
    with pytest.raises(TransitionError):
        case_transition(
            case=case, code="extend_decision", actor=city_head, data={"reasons": "再延", "extension_days": "1"}
        )


def test_suspension_pauses_the_decision_clock_and_resumption_continues_it(city_clerk, city_head):
    case = open_reconsideration(city_clerk, received_on=date(2025, 3, 3))
    case = case_transition(
        case=case, code="accept", actor=city_clerk, data={"procedure_type": "ordinary"}, on=date(2025, 3, 3)
    )
    assert clock(case, "decision").due_on == date(2025, 5, 6)  # 60 CD → Fri 2025-05-02 (Labour Day) → Tue 05-06
    case = case_transition(case=case, code="suspend", actor=city_head, on=date(2025, 3, 13), data={"ground": "5"})
    paused = clock(case, "decision")
    assert (paused.state, paused.due_on) == ("paused", None)
    case = case_transition(case=case, code="resume", actor=city_head, on=date(2025, 4, 2))
    # 10 days used (Mar 4–13); 50 left counted from Apr 2: Apr 2 + 50 days = Thu 2025-05-22, a working day.
    assert clock(case, "decision").due_on == date(2025, 5, 22)
    assert clock(case, "decision").pauses == [["2025-03-13", "2025-04-02"]]


def test_correction_stops_the_review_and_received_materials_restart_it(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 4, 1))
    case = case_transition(
        case=case, code="request_correction", actor=city_clerk, on=date(2024, 4, 2), data={"items": "身份证明"}
    )
    # 10 WD after Tue 2024-04-02: Apr 3; (4–6 Qingming); 7 Sun make-up; 8–12; 15–17 → Wed 2024-04-17.
    assert clock(case, "correction").due_on == date(2024, 4, 17)
    case = case_transition(case=case, code="correction_received", actor=city_clerk, on=date(2024, 4, 10))
    review = case.deadlines.get(clock="acceptance_review", state="running")
    # The review runs again from receipt: 5 WD after Wed 2024-04-10 → Wed 2024-04-17.
    assert (review.started_on, review.due_on) == (date(2024, 4, 10), date(2024, 4, 17))
    assert case.deadlines.filter(clock="acceptance_review", state="met").count() == 1


def test_deemed_acceptance_applies_once_on_the_day_the_review_period_expired(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 9, 30))
    assert apply_due_transitions(today=date(2024, 10, 12)) == 0  # still within the period
    assert apply_due_transitions(today=date(2024, 10, 14)) == 1
    assert apply_due_transitions(today=date(2024, 10, 14)) == 0  # a re-run applies nothing twice
    case.refresh_from_db()
    assert (case.state, case.accepted_on) == ("accepted", date(2024, 10, 12))
    event = case.events.get(code="deemed_accept")
    assert event.actor is None and event.basis == "行政复议法第三十条第三款"
    assert clock(case, "decision").started_on == date(2024, 10, 12)


def test_lapsed_correction_is_deemed_abandoned_and_closes_the_case(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 4, 1))
    case_transition(case=case, code="request_correction", actor=city_clerk, on=date(2024, 4, 2), data={"items": "x"})
    apply_due_transitions(today=date(2024, 4, 18))
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == ("abandoned", "abandoned", date(2024, 4, 17))


def test_users_cannot_trigger_system_only_steps(city_head, city_clerk):
    case = open_reconsideration(city_clerk)
    with pytest.raises(TransitionForbidden):
        case_transition(case=case, code="deemed_accept", actor=city_head)


def test_timeline_events_are_append_only(city_clerk):
    case = open_reconsideration(city_clerk)
    event = CaseEvent.objects.get(case=case)
    event.label = "篡改"
    with pytest.raises(Exception, match="append-only"):
        event.save()
    with pytest.raises(Exception, match="append-only"):
        event.delete()


def test_every_field_change_is_in_the_audit_history(city_clerk):
    case = open_reconsideration(city_clerk)
    case_transition(
        case=case, code="accept", actor=city_clerk, data={"procedure_type": "ordinary"}, on=date(2024, 10, 8)
    )
    entries = LogEntry.objects.get_for_object(case).order_by("timestamp")
    assert entries.count() == 2
    changes = entries.last().changes_dict
    assert changes["state"] == ["received", "accepted"]
    assert changes["version"] == ["1", "2"]
