"""Every document 法律援助 issues, read as the applicant or the assigned lawyer would: the applicant named once and
never through the case title, the article that fits the case's source, the objection decided by the justice bureau
in a written decision with the route to reconsideration or suit (art. 49), and no numbered closure report of the
centre's own (art. 50). Each case is walked through the runner, so the documents are those a step issues.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import org
from fazhi.documents.services import document_render
from fazhi.documents.tests.helpers import docx_text
from fazhi.legal_aid.models import HardshipStandardRecord
from fazhi.legal_aid.services import AidApplication, PartyInput, aid_application_register

pytestmark = pytest.mark.django_db
CENTRE = "包头市法律援助中心"
BUREAU = "包头市司法局"
LAWYER = {"assignee_kind": "lawyer", "lawyer": "周律师", "firm": "内蒙古正义律师事务所", "practice_years": "8"}


@pytest.fixture(autouse=True)
def standard(db):
    return HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2023, 1, 1), monthly_income_per_capita=Decimal("1500")
    )


def apply(actor, received_on: date = date(2024, 6, 3), **kwargs) -> Case:
    kwargs = {
        "case_category": "civil",
        "matter": "labour",
        "monthly_income_per_capita": Decimal("1200"),
        "verification": "integrity_undertaking",
        **kwargs,
    }
    application = AidApplication(
        applicant=PartyInput(role="applicant", name="王小明"),
        summary="来电人在昆都仑区建筑工地务工，被拖欠工资三个月",
        received_on=received_on,
        **kwargs,
    )
    return aid_application_register(organisation=org(CENTRE), application=application, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def text_of(case: Case, kind: str) -> str:
    return docx_text(document_render(case.documents.filter(kind=kind).latest("id")))


def assert_reads_well(text: str, *, issuer: str = CENTRE) -> None:
    lines = text.splitlines()
    assert lines[0] == issuer, lines[0]
    assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z_]+", text)  # no code, no English word
    assert "来电人" not in text and "你因" not in text  # never the case title pasted into a sentence
    assert "1. 1." not in text and "{{" not in text and "{%" not in text
    body = text.split("承办单位：")[0]
    assert body.count("王小明") <= 1, body


def test_an_application_from_materials_to_assignment_cites_article_43_and_the_closure_is_filed(city_clerk, city_head):
    case = apply(city_clerk)
    case = step(case, "request_materials", city_clerk, date(2024, 6, 4), items="1、身份证明\n2、劳动合同或者工资欠条")
    notice = text_of(case, "supplement_notice")
    assert_reads_well(notice)
    assert "王小明：" in notice and "你于2024年6月3日向本机构提出的法律援助申请（包援〔2024〕1号）" in notice
    assert "1. 身份证明" in notice and "2. 劳动合同或者工资欠条" in notice and "第四十三条第二款" in notice
    case = step(case, "materials_received", city_clerk, date(2024, 6, 6))
    case = step(case, "grant", city_head, date(2024, 6, 7))
    grant = text_of(case, "legal_aid_grant")
    assert_reads_well(grant)
    assert "符合法律援助条件。根据《中华人民共和国法律援助法》第四十三条第一款的规定，本机构决定给予法律援助" in grant
    assert "法律援助形式为民事案件代理" in grant and "三日内指派" in grant and "第四十七条" in grant
    case = step(case, "assign", city_clerk, date(2024, 6, 8), **LAWYER)
    letter = text_of(case, "assignment_letter")
    assert_reads_well(letter)
    assert "内蒙古正义律师事务所：" in letter and "本机构已于2024年6月7日决定为受援人王小明提供法律援助" in letter
    assert "第四十三条第一款的规定，现指派内蒙古正义律师事务所周律师（律师）承办。" in letter
    assert "第三十六条" not in letter and "第五十条" in letter and "第四十六条" in letter

    case = step(case, "close", city_clerk, date(2024, 9, 20), result="won", report="经仲裁调解，用人单位支付欠薪")
    assert case.state == "closed"
    # the lawyer's report is received and filed (art. 50): the centre numbers no document of its own
    assert list(case.documents.order_by("id").values_list("kind", flat=True)) == [
        "supplement_notice",
        "legal_aid_grant",
        "assignment_letter",
    ]
    assert case.events.get(code="close").data["report"] == "经仲裁调解，用人单位支付欠薪"


def test_advance_aid_cites_article_44_and_a_notified_case_article_36(city_clerk, city_head):
    case = step(apply(city_clerk), "advance_aid", city_head, date(2024, 6, 3), days_to_deadline="5")
    grant = text_of(case, "legal_aid_grant")
    assert_reads_well(grant)
    assert "第四十四条第一款第一项规定的情形，本机构决定先行提供法律援助" in grant and "第四十四条第二款" in grant

    notified = apply(
        city_clerk,
        date(2025, 3, 3),
        route="notified",
        case_category="criminal",
        matter="",
        notifier="court",
        notified_ground="life_or_death",
        monthly_income_per_capita=None,
        verification="",
        life_or_death=True,
    )
    notified = step(notified, "assign_notified", city_clerk, date(2025, 3, 4), **LAWYER)
    letter = text_of(notified, "assignment_letter")
    assert_reads_well(letter)
    assert "本机构收到人民法院通知，为王小明指派律师提供法律援助（刑事辩护或者代理）" in letter
    assert "根据《中华人民共和国法律援助法》第三十六条、第二十六条的规定，现指派" in letter
    assert "第四十三条" not in letter and "将指派情况通知人民法院" in letter


def test_a_change_of_lawyer_and_a_termination_copied_to_the_firm(city_clerk, city_head):
    case = step(apply(city_clerk), "grant", city_head, date(2024, 6, 4))
    case = step(case, "assign", city_clerk, date(2024, 6, 5), **LAWYER)
    other = {**LAWYER, "lawyer": "郑律师", "firm": "包头北方律师事务所"}
    case = step(case, "change_assignee", city_clerk, date(2024, 7, 1), reasons="原承办律师长期未与受援人联系", **other)
    letter = text_of(case, "assignment_letter")
    assert_reads_well(letter)
    assert "因原承办律师长期未与受援人联系，根据《中华人民共和国法律援助法》第五十五条的规定" in letter
    assert "改为指派包头北方律师事务所郑律师（律师）承办" in letter
    case = step(case, "terminate", city_head, date(2024, 8, 1), ground="6", reasons="受援人已自行委托律师")
    text = text_of(case, "legal_aid_termination")
    assert_reads_well(text)
    assert "第四十八条第一款第六项规定的“受援人自行委托律师或者其他代理人”情形" in text
    assert f"可以向设立本机构的{BUREAU}提出" in text and "第四十九条" in text
    assert "抄送：包头北方律师事务所。" in text


def test_an_objection_is_decided_by_the_bureau_in_a_written_decision_with_its_notice_of_rights(
    city_clerk, city_head, leader
):
    case = apply(city_clerk, monthly_income_per_capita=Decimal("2600"))
    case = step(case, "refuse", city_head, date(2024, 6, 6), reasons="家庭人均月收入2600元，高于本地经济困难标准")
    refusal = text_of(case, "legal_aid_refusal")
    assert_reads_well(refusal)
    assert "经审查，家庭人均月收入2600元，高于本地经济困难标准，不符合法律援助条件" in refusal
    assert "第四十三条第一款" in refusal and f"可以向设立本机构的{BUREAU}提出" in refusal and "五日内" in refusal

    case = step(case, "file_objection", leader, date(2024, 6, 11), objection="医疗支出未从家庭收入中扣除")
    case = step(
        case,
        "dismiss_objection",
        leader,
        date(2024, 6, 14),
        facts="申请人提交的医疗费票据系其配偶2023年的支出，不影响2024年家庭人均月收入的计算。",
        reasons="法律援助中心认定申请人家庭人均月收入高于本地经济困难标准，事实清楚，适用法律正确。",
    )
    assert case.state == "objection_dismissed"
    decision = text_of(case, "objection_decision")
    assert_reads_well(decision, issuer=BUREAU)  # the bureau that set up the centre decides (art. 49)
    assert "包援异〔2024〕1号" in decision and "异议审查决定书" in decision and "王小明：" in decision
    assert f"你对{CENTRE}于2024年6月6日作出的不予法律援助决定（包援不准〔2024〕1号）有异议，于2024年6月11日" in decision
    assert "你提出：医疗支出未从家庭收入中扣除" in decision and "经审查查明：申请人提交的医疗费票据" in decision
    assert "本机关认为：法律援助中心认定" in decision
    assert f"第四十九条第二款的规定，本机关决定：维持{CENTRE}作出的不予法律援助决定。" in decision
    assert "六十日内向包头市人民政府申请行政复议" in decision and "六个月内向人民法院提起行政诉讼" in decision
    assert "行政诉讼法》第四十六条第一款" in decision and "抄送：包头市法律援助中心。" in decision
    # the bureau examines the objection itself: it is the 承办, not the centre whose decision is contested
    assert f"承办单位：{BUREAU}" in decision and f"承办单位：{CENTRE}" not in decision


def test_an_objection_upheld_orders_the_centre_to_correct_without_a_route_to_sue(city_clerk, city_head, leader):
    case = apply(city_clerk, monthly_income_per_capita=Decimal("2600"))
    case = step(case, "refuse", city_head, date(2024, 6, 6), reasons="家庭人均月收入高于本地经济困难标准")
    case = step(case, "file_objection", leader, date(2024, 6, 11), objection="医疗支出未扣除")
    case = step(case, "uphold_objection", leader, date(2024, 6, 13), reasons="未扣除申请人的大额医疗支出")
    assert case.state == "received"
    decision = text_of(case, "objection_decision")
    assert_reads_well(decision, issuer=BUREAU)
    assert (
        f"本机关决定：责令{CENTRE}改正其作出的不予法律援助决定，对你的法律援助申请依法重新审查并作出决定。" in decision
    )
    assert "提起行政诉讼" not in decision and "经审查查明" not in decision  # no facts given: no bare lead-in
