"""Every document 人民调解 issues, read as the parties would: each party named once (its row or its line of the
party list), the dispute in words without the names the case title begins with, the facts and terms of the
agreement, the articles relied on and the notice of rights (司法确认 within 30 days, art. 33; suit, art. 32; other
routes after a failed mediation, art. 26). Each dispute is walked through the runner.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import PartyInput, case_transition
from fazhi.cases.tests.factories import org
from fazhi.documents.services import document_render
from fazhi.documents.tests.helpers import docx_text
from fazhi.mediation.services import Dispute, dispute_register

pytestmark = pytest.mark.django_db
COMMITTEE = "和平路街道人民调解委员会"


def register(actor, received_on: date = date(2024, 5, 6), **kwargs) -> Case:
    dispute = Dispute(
        parties=[PartyInput(role="applicant", name="赵桂英"), PartyInput(role="respondent", name="李建国")],
        dispute_type="neighbour",
        summary="因楼上漏水损坏房屋发生纠纷",
        received_on=received_on,
        **kwargs,
    )
    return dispute_register(organisation=org(COMMITTEE), dispute=dispute, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def text_of(case: Case, kind: str) -> str:
    return docx_text(document_render(case.documents.filter(kind=kind).latest("id")))


def assert_reads_well(text: str) -> None:
    assert text.splitlines()[0] == COMMITTEE
    assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z_]+", text)  # no code, no English word
    assert "1. 1." not in text and "{{" not in text and "{%" not in text
    for name in ("赵桂英", "李建国"):
        assert text.count(name) == 1, (name, text)  # named once, never through the case title
    lines = text.splitlines()
    for lead in ("纠纷主要事实、争议事项及各方责任：", "纠纷简要情况|", "协议内容（履行方式、期限）|", "人民调解员|"):
        assert lead not in lines, f"empty field: {lead}"


def test_registration_and_a_written_agreement_then_the_application_for_judicial_confirmation(mediator):
    case = register(mediator, amount=Decimal("8000"))
    case = step(case, "accept", mediator, date(2024, 5, 7))
    registration = text_of(case, "mediation_registration")
    assert_reads_well(registration)
    assert "当事人|申请人：赵桂英；被申请人：李建国" in registration and "纠纷类型|邻里纠纷" in registration
    assert "纠纷简要情况|因楼上漏水损坏房屋发生纠纷，涉及金额8,000元" in registration  # the summary recorded
    assert "受理方式|☑当事人申请　□主动调解　□委托移送" in registration and "第十七条" in registration

    case = step(
        case,
        "agree_written",
        mediator,
        date(2024, 5, 20),
        facts="2024年4月，被申请人家中水管破裂，致申请人房屋顶棚及墙面受损。被申请人对漏水事实无异议，"
        "双方对赔偿数额有争议。",
        terms="1、被申请人于2024年5月31日前赔偿申请人维修费用6000元\n2、申请人自行维修，被申请人予以配合",
        agreement_effective_on="2024-05-20",
        agreement_amount="6000",
    )
    agreement = text_of(case, "mediation_agreement")
    assert_reads_well(agreement)
    assert "申请人：赵桂英" in agreement and "被申请人：李建国" in agreement
    assert "纠纷主要事实、争议事项及各方责任：2024年4月，被申请人家中水管破裂" in agreement
    assert "1. 被申请人于2024年5月31日前赔偿申请人维修费用6000元" in agreement
    assert "2. 申请人自行维修，被申请人予以配合" in agreement and "协议金额共计6000元。" in agreement
    assert "第二十九条、第三十一条" in agreement and "第三十二条" in agreement
    assert "三十日内共同向人民法院申请司法确认" in agreement and "第三十三条" in agreement

    case = step(case, "apply_confirmation", mediator, date(2024, 5, 24), court="包头市东河区人民法院")
    application = text_of(case, "judicial_confirmation_application")
    assert "申请人：赵桂英" in application and "申请人：李建国" in application
    assert "申请人之间的邻里纠纷（" in application and "于2024年5月20日自愿达成调解协议" in application
    assert "协议内容为：被申请人于2024年5月31日前赔偿申请人维修费用6000元；申请人自行维修" in application
    assert "第三十三条第一款" in application and "第二百零五条" in application
    assert application.splitlines()[application.splitlines().index("此致") + 1] == "包头市东河区人民法院"
    # the parties' application, not the committee's document: no 版头, 文号, seal, 署名 or 版记; the parties sign
    lines = [line for line in application.splitlines() if line.strip()]
    assert lines[0] == "司法确认申请书" and COMMITTEE not in lines and "承办单位" not in application
    number = case.documents.get(kind="judicial_confirmation_application").number
    assert number not in application and "申请人（签名、盖章或者按指印）：" in lines


def test_the_registration_form_states_the_dispute_as_recorded_not_as_the_case_title(mediator):
    """纠纷简要情况 is the summary the mediator recorded at registration, whatever the case title says."""
    case = register(mediator)
    Case.objects.filter(pk=case.pk).update(title="赵桂英与李建国邻里纠纷（已更正）")
    case.refresh_from_db()
    case = step(case, "accept", mediator, date(2024, 5, 7))
    registration = text_of(case, "mediation_registration")
    assert "纠纷简要情况|因楼上漏水损坏房屋发生纠纷" in registration.splitlines()
    assert "已更正" not in registration and "与李建国" not in registration


def test_an_agreement_without_facts_of_its_own_states_the_dispute_it_settles(mediator):
    case = step(register(mediator), "accept", mediator, date(2024, 5, 7))
    case = step(
        case, "agree_written", mediator, date(2024, 5, 9), terms="被申请人修复管道", agreement_effective_on="2024-05-09"
    )
    agreement = text_of(case, "mediation_agreement")
    assert_reads_well(agreement)
    assert "纠纷主要事实、争议事项及各方责任：申请人因楼上漏水损坏房屋发生纠纷，属于邻里纠纷。" in agreement
    assert "协议金额" not in agreement


def test_an_oral_agreement_and_a_termination_name_each_party_once(mediator):
    case = step(register(mediator, source="proactive"), "accept", mediator, date(2024, 5, 7))
    assert "受理方式|□当事人申请　☑主动调解　□委托移送" in text_of(case, "mediation_registration")
    case = step(case, "agree_oral", mediator, date(2024, 5, 8), terms="被申请人当场赔礼道歉并赔偿500元")
    record = text_of(case, "oral_agreement_record")
    assert_reads_well(record)
    assert "纠纷简要情况|申请人因楼上漏水损坏房屋发生纠纷（邻里纠纷）" in record
    assert "协议内容（履行方式、期限）|被申请人当场赔礼道歉并赔偿500元" in record and "第三十条" in record

    failed = step(register(mediator), "accept", mediator, date(2024, 5, 7))
    failed = step(
        failed,
        "terminate",
        mediator,
        date(2024, 6, 1),
        reasons="双方对赔偿数额分歧较大",
        routes="可以向人民法院提起民事诉讼",
    )
    notice = text_of(failed, "mediation_termination_notice")
    assert_reads_well(notice)
    assert "赵桂英、李建国：" in notice and "本委员会受理的邻里纠纷（" in notice
    assert "经调解，双方对赔偿数额分歧较大，调解不成" in notice and "第二十六条" in notice
    assert "你们可以依法通过仲裁、行政、司法等途径维护自己的权利：可以向人民法院提起民事诉讼。" in notice
