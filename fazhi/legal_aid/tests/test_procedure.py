"""The Legal Aid Law as the runner executes it; dates counted by hand (start day excluded, calendar days)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, TransitionError, case_transition
from fazhi.cases.tests.factories import org
from fazhi.documents.models import IssuedDocument
from fazhi.legal_aid.models import HardshipStandardRecord
from fazhi.legal_aid.services import AidApplication, aid_application_register

pytestmark = pytest.mark.django_db
CENTRE = "包头市法律援助中心"


@pytest.fixture(autouse=True)
def standard(db):
    return HardshipStandardRecord.objects.create(
        region_id="150200000000",
        effective_from=date(2023, 1, 1),
        monthly_income_per_capita=Decimal("1500"),
    )


def apply(actor, received_on: date, **kwargs) -> Case:
    kwargs = {
        "case_category": "civil",
        "matter": "labour",
        "monthly_income_per_capita": Decimal("1200"),
        "verification": "integrity_undertaking",
        **kwargs,
    }
    application = AidApplication(
        applicant=PartyInput(role="applicant", name="孙七"), summary="追索劳动报酬", received_on=received_on, **kwargs
    )
    return aid_application_register(organisation=org(CENTRE), application=application, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def due(case: Case, clock: str) -> date | None:
    return case.deadlines.filter(clock=clock).exclude(state="cancelled").latest("id").due_on


def lawyer(**kw):
    return {"assignee_kind": "lawyer", "lawyer": "周律师", "firm": "内蒙古某律师事务所", "practice_years": "5", **kw}


def test_application_to_closure_and_quality_review(city_clerk, city_head):
    case = apply(city_clerk, date(2024, 9, 27), recipient_group="migrant_worker", claim_kind="wages")
    assert case.legal_aid.qualifies is True and "第三十一条" in case.legal_aid.assessment
    # Review 7 days after Fri 2024-09-27 is Fri 10-04 (National Day, Oct 1–7): ends Tue 10-08.
    assert due(case, "review") == date(2024, 10, 8)
    case = step(case, "request_materials", city_clerk, date(2024, 9, 29), items="劳动合同、工资欠条")
    assert case.deadlines.get(clock="review").state == "paused"
    case = step(case, "materials_received", city_clerk, date(2024, 10, 9))
    # 2 days used (Sep 28–29), 5 left after Wed 10-09: Mon 10-14.
    assert due(case, "review") == date(2024, 10, 14)
    case = step(case, "grant", city_head, date(2024, 10, 10))
    # Assignment 3 days after Thu 10-10 is Sun 10-13: ends Mon 10-14.
    assert due(case, "assignment") == date(2024, 10, 14)
    case = step(case, "assign", city_clerk, date(2024, 10, 11), **lawyer())
    case = step(
        case,
        "close",
        city_clerk,
        date(2024, 12, 20),
        result="won",
        report="调解结案，用人单位支付欠薪",
        amount_awarded="86000",
        amount_collected="80000",
        basis_document="（2024）内0202民初123号调解书",
    )
    assert (case.state, case.outcome, case.closed_on) == ("closed", "won", date(2024, 12, 20))
    case = step(case, "quality_review", city_head, date(2025, 1, 10), quality_grade="excellent", subsidy_yuan="3000")
    detail = case.legal_aid
    assert (detail.amount_awarded, detail.quality_grade, detail.subsidy_yuan) == (
        Decimal("86000"),
        "excellent",
        Decimal("3000"),
    )
    # the closure report is the lawyer's, received and filed (art. 50): the centre numbers no document of its own
    kinds = list(IssuedDocument.objects.filter(case=case).order_by("id").values_list("kind", flat=True))
    assert kinds == ["supplement_notice", "legal_aid_grant", "assignment_letter"]
    assert case.events.get(code="close").data["report"] == "调解结案，用人单位支付欠薪"


def test_granting_against_a_negative_assessment_needs_a_written_reason(city_clerk, city_head):
    case = apply(city_clerk, date(2024, 6, 3), monthly_income_per_capita=Decimal("2600"))
    assert case.legal_aid.qualifies is False and "高于本地经济困难标准1500" in case.legal_aid.assessment
    with pytest.raises(TransitionError, match="书面理由"):
        step(case, "grant", city_head, date(2024, 6, 4))
    case = step(case, "grant", city_head, date(2024, 6, 4), override_reason="申请人突发重病，家庭支出骤增")
    assert case.legal_aid.override_reason.startswith("申请人突发重病")


def test_life_or_death_cases_need_a_lawyer_with_three_years(city_clerk, city_head):
    case = apply(city_clerk, date(2024, 6, 3), case_category="criminal", matter="", life_or_death=True)
    case = step(case, "grant", city_head, date(2024, 6, 4))
    with pytest.raises(TransitionError, match="第二十六条"):
        step(case, "assign", city_clerk, date(2024, 6, 5), **lawyer(practice_years="2"))
    with pytest.raises(TransitionError, match="第二十六条"):
        step(case, "assign", city_clerk, date(2024, 6, 5), **lawyer(assignee_kind="basic_legal_worker"))
    assert step(case, "assign", city_clerk, date(2024, 6, 5), **lawyer(practice_years="3")).state == "assigned"


def test_notified_cases_skip_review_and_are_assigned_within_three_days(city_clerk):
    case = apply(
        city_clerk,
        date(2025, 1, 26),
        route="notified",
        case_category="criminal",
        matter="",
        notifier="court",
        notified_ground="minor",
        monthly_income_per_capita=None,
    )
    assert case.legal_aid.qualifies is True and "第二十五条" in case.legal_aid.assessment
    assert not case.deadlines.filter(clock="review").exists()
    # 3 days after Sun 2025-01-26 (make-up working day) is Wed 01-29, in Spring Festival (Jan 28–Feb 4): Wed 02-05.
    assert due(case, "notified_assignment") == date(2025, 2, 5)
    case = step(case, "assign_notified", city_clerk, date(2025, 1, 27), **lawyer())
    assert (case.state, case.accepted_on) == ("assigned", date(2025, 1, 27))


def test_an_objection_upheld_sends_the_case_back_to_review(city_clerk, city_head, leader):
    case = apply(city_clerk, date(2024, 4, 25), monthly_income_per_capita=Decimal("2600"))
    case = step(case, "refuse", city_head, date(2024, 4, 28), reasons="收入高于标准")
    assert case.closed_on == date(2024, 4, 28)
    with pytest.raises(TransitionError, match="权限"):  # made to the bureau that set up the centre (art. 49 ¶1)
        step(case, "file_objection", city_clerk, date(2024, 4, 29), objection="申请人提出异议")
    case = step(case, "file_objection", leader, date(2024, 4, 29), objection="申请人提出异议")
    # The bureau decides within 5 days of Mon 04-29: Sat 05-04, inside Labour Day (May 1–5): Mon 05-06.
    assert due(case, "objection") == date(2024, 5, 6)
    with pytest.raises(TransitionError, match="权限"):  # the bureau decides, not the centre (art. 49)
        step(case, "uphold_objection", city_head, date(2024, 5, 6), reasons="x")
    case = step(case, "uphold_objection", leader, date(2024, 5, 6), reasons="未核减医疗支出，责令重新审查")
    assert (case.state, case.closed_on, case.outcome) == ("received", None, "")
    # Review again: 7 days after Mon 05-06 is Mon 05-13.
    assert due(case, "review") == date(2024, 5, 13)


def test_advance_aid_only_when_a_deadline_is_under_seven_days_away(city_clerk, city_head):
    case = apply(city_clerk, date(2024, 6, 3))
    with pytest.raises(TransitionError, match="第四十四条"):
        step(case, "advance_aid", city_head, date(2024, 6, 3), days_to_deadline="10")
    assert step(case, "advance_aid", city_head, date(2024, 6, 3), days_to_deadline="5").state == "granted"


def test_termination_uses_the_article_48_grounds(city_clerk, city_head):
    case = step(apply(city_clerk, date(2024, 6, 3)), "grant", city_head, date(2024, 6, 4))
    case = step(case, "assign", city_clerk, date(2024, 6, 5), **lawyer())
    with pytest.raises(TransitionError, match="不是有效的选项"):
        step(case, "terminate", city_head, date(2024, 7, 1), ground="9", reasons="x")
    case = step(case, "terminate", city_head, date(2024, 7, 1), ground="6", reasons="受援人自行委托律师")
    assert (case.state, case.outcome) == ("terminated", "terminated")
    assert IssuedDocument.objects.filter(case=case, kind="legal_aid_termination").exists()


def test_no_standard_means_no_automatic_yes(city_clerk, standard):
    standard.delete()
    case = apply(city_clerk, date(2024, 6, 3))
    assert case.legal_aid.qualifies is False and "尚未设定" in case.legal_aid.assessment
