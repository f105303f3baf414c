"""The People's Mediation Law as the runner executes it; dates counted by hand (start day excluded, calendar days)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, TransitionError, case_transition
from fazhi.cases.tests.factories import org
from fazhi.documents.models import IssuedDocument
from fazhi.mediation.services import Dispute, QuickOutcome, dispute_quick_record, dispute_register

pytestmark = pytest.mark.django_db
COMMITTEE = "和平路街道人民调解委员会"


def register(actor, received_on: date, **kwargs) -> Case:
    dispute = Dispute(
        parties=[PartyInput(role="applicant", name="王五"), PartyInput(role="respondent", name="赵六")],
        dispute_type="neighbour",
        summary="与邻居因排水发生纠纷",
        received_on=received_on,
        **kwargs,
    )
    return dispute_register(organisation=org(COMMITTEE), dispute=dispute, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def due(case: Case, clock: str) -> date | None:
    return case.deadlines.filter(clock=clock).exclude(state="cancelled").latest("id").due_on


def test_a_written_agreement_starts_the_confirmation_window_from_the_day_it_took_effect(mediator):
    case = register(mediator, date(2024, 8, 26), amount=Decimal("12000"))
    case = step(case, "accept", mediator, date(2024, 8, 26))
    case = step(case, "session", mediator, date(2024, 8, 28), record="双方陈述")
    case = step(
        case,
        "agree_written",
        mediator,
        date(2024, 9, 2),
        terms="赵六于9月底前修复排水沟",
        agreement_effective_on="2024-09-01",
        agreement_amount="3000",
    )
    assert (case.state, case.outcome, case.closed_on) == ("agreed", "success", date(2024, 9, 2))
    detail = case.mediation
    assert (detail.agreement_kind, detail.agreement_effective_on, detail.agreement_amount) == (
        "written",
        date(2024, 9, 1),
        Decimal("3000"),
    )
    # 30 days after Sun 2024-09-01 is Tue 10-01 (National Day, Oct 1–7): ends Tue 10-08.
    assert due(case, "judicial_confirmation") == date(2024, 10, 8)
    assert case.deadlines.get(clock="mediation").state == "met"
    kinds = list(IssuedDocument.objects.filter(case=case).order_by("id").values_list("kind", flat=True))
    assert kinds == ["mediation_registration", "mediation_agreement"]


def test_an_oral_agreement_takes_effect_the_day_it_is_reached(mediator):
    case = register(mediator, date(2025, 12, 1))
    case = step(case, "accept", mediator, date(2025, 12, 1))
    case = step(case, "agree_oral", mediator, date(2025, 12, 2), terms="当场道歉并赔偿500元")
    # 30 days after Tue 2025-12-02 is Thu 2026-01-01 (New Year, Jan 1–3): Sun 01-04 is a make-up working day.
    assert due(case, "judicial_confirmation") == date(2026, 1, 4)
    assert case.mediation.agreement_kind == "oral"
    assert IssuedDocument.objects.filter(case=case, kind="oral_agreement_record").exists()


def test_the_one_month_soft_limit_extends_by_consent_up_to_the_cap(mediator):
    case = register(mediator, date(2024, 9, 20))
    case = step(case, "accept", mediator, date(2024, 9, 20))
    # 30 days after Fri 2024-09-20 is Sun 10-20: ends Mon 10-21.
    assert due(case, "mediation") == date(2024, 10, 21)
    case = step(case, "extend", mediator, date(2024, 10, 18), consent="双方书面同意延长", extension_days="15")
    # 45 days after 09-20 is Mon 11-04.
    assert due(case, "mediation") == date(2024, 11, 4)
    with pytest.raises(TransitionError, match="30"):
        step(case, "extend", mediator, date(2024, 11, 1), consent="再次同意", extension_days="16")


def test_termination_names_the_other_routes_and_issues_the_notice(mediator):
    case = register(mediator, date(2024, 5, 6))
    case = step(case, "accept", mediator, date(2024, 5, 6))
    with pytest.raises(TransitionError, match="已告知的其他途径"):
        step(case, "terminate", mediator, date(2024, 5, 20), reasons="分歧较大")
    case = step(case, "terminate", mediator, date(2024, 5, 20), reasons="分歧较大", routes="可申请仲裁或向人民法院起诉")
    assert (case.state, case.outcome) == ("terminated", "failed")
    assert IssuedDocument.objects.filter(case=case, kind="mediation_termination_notice").exists()


def test_a_party_refusing_means_no_mediation(mediator):
    case = step(register(mediator, date(2024, 5, 6)), "decline", mediator, date(2024, 5, 7), reasons="被申请人明确拒绝")
    assert (case.state, case.outcome, case.accepted_on) == ("declined", "declined", None)
    assert not case.deadlines.exists()


def test_escalation_is_reported_and_flagged(mediator):
    case = register(mediator, date(2024, 5, 6), persons_involved=5)
    case = step(case, "report_escalation", mediator, date(2024, 5, 6), reported_to="和平路派出所", measures="分开劝导")
    assert case.mediation.escalation_risk is True


def test_confirmation_follow_up_and_performance_are_recorded(mediator):
    case = register(mediator, date(2024, 8, 26))
    case = step(case, "accept", mediator, date(2024, 8, 26))
    case = step(case, "agree_written", mediator, date(2024, 9, 2), terms="t", agreement_effective_on="2024-09-02")
    case = step(case, "apply_confirmation", mediator, date(2024, 9, 10), court="东河区人民法院")
    assert case.deadlines.get(clock="judicial_confirmation").state == "met"
    case = step(case, "record_confirmation", mediator, date(2024, 9, 30), confirmation_result="granted")
    case = step(case, "follow_up", mediator, date(2024, 10, 15), performance="performed", record="已履行完毕")
    assert (case.mediation.confirmation_result, case.mediation.performance) == ("granted", "performed")
    with pytest.raises(TransitionError, match="不是有效的选项"):
        step(case, "follow_up", mediator, date(2024, 10, 16), performance="maybe", record="x")


def test_an_effective_date_after_the_step_is_refused(mediator):
    case = step(register(mediator, date(2024, 8, 26)), "accept", mediator, date(2024, 8, 26))
    with pytest.raises(TransitionError, match="不能晚于办理日期"):
        step(case, "agree_written", mediator, date(2024, 9, 2), terms="t", agreement_effective_on="2024-09-05")
    with pytest.raises(TransitionError, match="YYYY-MM-DD"):
        step(case, "agree_written", mediator, date(2024, 9, 2), terms="t", agreement_effective_on="九月二日")


def test_quick_entry_takes_the_same_statutory_steps(mediator):
    dispute = Dispute(
        parties=[PartyInput(role="applicant", name="甲"), PartyInput(role="respondent", name="乙")],
        dispute_type="consumer",
        summary="购物纠纷",
        received_on=date(2024, 6, 3),
    )
    case = dispute_quick_record(
        organisation=org(COMMITTEE),
        dispute=dispute,
        actor=mediator,
        outcome=QuickOutcome("agree_oral", date(2024, 6, 3), terms="退货退款"),
    )
    assert [e.code for e in case.events.order_by("id")] == ["received", "accept", "agree_oral"]
    assert (case.state, case.closed_on) == ("agreed", date(2024, 6, 3))


def test_a_malformed_amount_is_a_message_not_a_crash(mediator):
    case = step(register(mediator, date(2024, 8, 26)), "accept", mediator, date(2024, 8, 26))
    with pytest.raises(TransitionError, match="协议金额"):
        step(case, "agree_oral", mediator, date(2024, 9, 2), terms="t", agreement_amount="三千")
    case.refresh_from_db()
    assert case.state == "mediating"


def test_the_confirmation_window_is_the_parties_option_and_lapses_without_being_late(mediator):
    from fazhi.cases.runner import apply_due_transitions

    case = register(mediator, date(2024, 8, 26))
    case = step(case, "accept", mediator, date(2024, 8, 26))
    case = step(case, "agree_oral", mediator, date(2024, 9, 2), terms="t")
    window = case.deadlines.get(clock="judicial_confirmation")
    assert (window.advisory, window.due_on) == (True, date(2024, 10, 8))  # Oct 2 → National Day → Oct 8
    apply_due_transitions(today=date(2024, 10, 9))
    window.refresh_from_db()
    assert (window.state, window.stopped_on) == ("lapsed", date(2024, 10, 8))
