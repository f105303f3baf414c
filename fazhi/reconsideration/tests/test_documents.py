"""Every document 行政复议 issues, read as the applicant would: issued by the 行政复议机关 (the people's government)
with its office as 承办, parties named once, facts, reasons, the article and paragraph relied on, the decision in
words and the notice of rights. Each case is walked through the runner, so the documents are those a step issues.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import TransitionError, case_transition
from fazhi.cases.tests.factories import org
from fazhi.documents.services import document_render
from fazhi.documents.tests.helpers import docx_text
from fazhi.reconsideration.services import Application, PartyInput, reconsideration_intake

pytestmark = pytest.mark.django_db
OFFICE = "包头市人民政府行政复议办公室"
AGENCY = "包头市市场监督管理局"


def intake(actor, name: str = "李明", kind: str = "person", **kwargs) -> Case:
    application = Application(
        applicant=PartyInput(role="applicant", name=name, kind=kind),
        act_description=kwargs.pop("act_description", "行政处罚决定"),
        received_on=kwargs.pop("received_on", date(2024, 9, 26)),
        respondent_name=AGENCY,
        act_type=kwargs.pop("act_type", "penalty"),
        act_on=date(2024, 8, 30),
        knew_on=date(2024, 9, 2),
        amount=kwargs.pop("amount", Decimal("20000")),
        enterprise_applicant=kind == "organisation",
        **kwargs,
    )
    return reconsideration_intake(organisation=org(OFFICE), application=application, actor=actor)


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def text_of(case: Case, kind: str) -> str:
    return docx_text(document_render(case.documents.filter(kind=kind).latest("id")))


def body(text: str) -> str:
    """The text between the title and the 版记, where a party must not be named twice."""
    return text.split("承办单位：")[0]


def assert_reads_well(text: str, *, issuer: str = "包头市人民政府") -> None:
    lines = text.splitlines()
    assert lines[0] == issuer, lines[0]
    assert f"承办单位：{OFFICE}" in text
    assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z_]+", text)  # no code, no English word
    assert "不服李明" not in text and "因李明" not in text and "（单位）" not in text
    assert "1. 1." not in text and "{{" not in text and "{%" not in text
    for lead in ("经审理查明：", "本机关认为："):
        assert all(line.strip() != lead for line in lines), f"empty section {lead}"


def test_correction_acceptance_hearing_extension_and_a_revocation_read_as_the_applicant_would(city_clerk, city_head):
    case = intake(city_clerk)
    items = "1. 申请人身份证明复印件\n2、被申请行政复议的行政处罚决定书复印件\n\n（3）有关证据材料"
    case = step(case, "request_correction", city_clerk, date(2024, 9, 27), items=items)
    notice = text_of(case, "correction_notice")
    assert_reads_well(notice)
    assert "包府复补〔2024〕1号" in notice
    assert "你不服包头市市场监督管理局作出的行政处罚决定，于2024年9月26日提出的行政复议申请" in notice
    assert "1. 申请人身份证明复印件" in notice and "2. 被申请行政复议的行政处罚决定书复印件" in notice
    assert "3. 有关证据材料" in notice and "第三十一条第一款" in notice and "第三十一条第二款" in notice
    assert body(notice).count("李明") == 1  # the 主送 only

    case = step(case, "correction_received", city_clerk, date(2024, 10, 14))
    case = step(case, "accept", city_clerk, date(2024, 10, 15), procedure_type="ordinary")
    acceptance = text_of(case, "acceptance_notice")
    assert_reads_well(acceptance)
    assert "第三十条第一款" in acceptance and "受理日期为2024年10月15日" in acceptance
    assert "本案适用普通程序审理" in acceptance and "七日内" in acceptance and "六十日内" in acceptance
    assert "第四十七条" in acceptance and "第四十八条" in acceptance

    case = step(case, "send_copy", city_clerk, date(2024, 10, 16))
    case = step(case, "hear_parties", city_clerk, date(2024, 10, 20), method="电话", record="申请人坚持请求")
    case = step(
        case,
        "schedule_hearing",
        city_head,
        date(2024, 10, 21),
        hearing_on="2024-10-30",
        hearing_time="上午9时",
        place="包头市人民政府行政复议办公室第一听证室",
    )
    hearing = text_of(case, "hearing_notice")
    assert_reads_well(hearing, issuer=OFFICE)  # a hearing is the office's own act (arts. 50–51)
    assert "李明、包头市市场监督管理局：" in hearing
    assert (
        "听证时间：2024年10月30日上午9时" in hearing and "听证地点：包头市人民政府行政复议办公室第一听证室" in hearing
    )
    assert "听证事项：被申请人作出的行政行为是否合法、适当" in hearing and "第五十一条第二款" in hearing
    case = step(case, "hold_hearing", city_clerk, date(2024, 10, 30), record="听证笔录")
    case = step(case, "extend_decision", city_head, date(2024, 12, 10), reasons="需调取补充证据", extension_days="30")
    extension = text_of(case, "extension_notice")
    assert_reads_well(extension)
    assert "因需调取补充证据，情况复杂" in extension and "第六十二条第一款" in extension and "延长30日" in extension
    assert "抄送：包头市市场监督管理局。" in extension

    with pytest.raises(
        TransitionError, match="第六十三条第一款第一项）不是“撤销”决定所依据的条款（行政复议法第六十四条"
    ):
        step(case, "decide", city_head, date(2024, 12, 20), decision="revoked", decision_ground="63-1-1", reasons="x")
    case = step(
        case,
        "decide",
        city_head,
        date(2024, 12, 20),
        decision="revoked",
        decision_ground="64-1-1",
        facts="2024年8月30日，被申请人以申请人销售过期食品为由作出罚款二万元的行政处罚决定。\n"
        "被申请人提交的证据中，抽检报告所载批号与现场查扣商品批号不一致。",
        reasons="被申请人认定申请人销售过期食品的主要证据不足，该行政处罚决定应予撤销。",
    )
    decision = text_of(case, "decision")
    assert_reads_well(decision)
    assert "包府复决〔2024〕1号" in decision and "行政复议决定书" in decision
    assert "申请人：李明" in decision and "被申请人：包头市市场监督管理局" in decision
    assert body(decision).count("李明") == 1 and "revoked" not in decision
    assert "申请人不服被申请人作出的行政处罚决定，于2024年9月26日向本机关申请行政复议" in decision
    assert "适用普通程序审理" in decision
    assert "经审理查明：2024年8月30日，被申请人以申请人销售过期食品为由" in decision
    assert "\n被申请人提交的证据中" in decision  # the second line of the facts is its own paragraph
    assert "本机关认为：被申请人认定申请人销售过期食品的主要证据不足" in decision
    assert (
        "根据《中华人民共和国行政复议法》第六十四条第一款第一项的规定，本机关决定：撤销被申请人作出的行政处罚决定。"
        in decision
    )
    assert "十五日内，依照《中华人民共和国行政诉讼法》第四十五条的规定向人民法院提起行政诉讼" in decision
    assert "第七十五条第二款" in decision and "第七十七条第一款" in decision


def test_a_decision_without_facts_of_its_own_prints_the_facts_the_case_records(city_clerk, city_head):
    case = intake(city_clerk, act_type="penalty", amount=Decimal("2000"))
    case = step(case, "accept", city_clerk, date(2024, 9, 27), procedure_type="simplified")
    acceptance = text_of(case, "acceptance_notice")
    assert "本案适用简易程序审理" in acceptance and "三日内" in acceptance and "第五十四条" in acceptance
    case = step(case, "decide", city_head, date(2024, 10, 20), decision="upheld", reasons="认定事实清楚，程序合法。")
    decision = text_of(case, "decision")
    assert_reads_well(decision)
    assert (
        "经审理查明：2024年8月30日，被申请人包头市市场监督管理局作出行政处罚决定。涉案金额2,000元。"
        "申请人于2024年9月2日知道该行政行为，于2024年9月26日向本机关申请行政复议。" in decision
    )
    assert "第六十八条的规定，本机关决定：维持被申请人作出的行政处罚决定。" in decision
    assert "适用简易程序审理" in decision


def test_the_decision_states_its_ruling_once_the_specific_disposition_when_given(city_clerk, city_head):
    """The 决定 is printed once: the disposition the step records (变更后的内容…) in place of the decision's general
    words, its further lines as paragraphs of their own; without one, the general words."""
    case = intake(city_clerk, act_type="penalty", amount=Decimal("2000"))
    case = step(case, "accept", city_clerk, date(2024, 9, 27), procedure_type="simplified")
    case = step(
        case,
        "decide",
        city_head,
        date(2024, 10, 20),
        decision="revoked",
        decision_ground="64-1-1",
        reasons="主要事实不清、证据不足。",
        disposition="撤销被申请人作出的罚款二千元的行政处罚决定\n被申请人应当自收到本决定书之日起十日内退还已收取的罚款",
    )
    decision = text_of(case, "decision")
    assert_reads_well(decision)
    assert (
        "本机关决定：撤销被申请人作出的罚款二千元的行政处罚决定。\n被申请人应当自收到本决定书之日起十日内" in decision
    )
    assert decision.count("撤销") == 1, decision  # never the general 撤销被申请人作出的行政处罚决定 as well


def test_a_refusal_to_accept_names_the_ground_and_the_competent_body(city_clerk, city_head):
    case = intake(city_clerk, name="包头市鑫源物流有限公司", kind="organisation")
    case = step(
        case,
        "not_accept",
        city_head,
        date(2024, 9, 29),
        ground="not_competent",
        reasons="被申请人系东河区人民政府工作部门",
        competent_body="东河区人民政府",
    )
    text = text_of(case, "non_acceptance_decision")
    assert_reads_well(text)
    assert "包头市鑫源物流有限公司：" in text and "你单位不服包头市市场监督管理局作出的行政处罚决定" in text
    assert "属于“不属于本机关管辖”的情形" in text and "第三十条第二款" in text
    assert "你单位可以向东河区人民政府提出行政复议申请" in text and "第四十五条" in text
    assert body(text).count("包头市鑫源物流有限公司") == 1


def test_suspension_resumption_mediation_and_terminations(city_clerk, city_head):
    case = intake(city_clerk)
    case = step(case, "accept", city_clerk, date(2024, 9, 27), procedure_type="ordinary")
    case = step(case, "suspend", city_head, date(2024, 10, 8), ground="6")
    suspension = text_of(case, "suspension_notice")
    assert_reads_well(suspension)
    assert "因依法进行调解、和解，申请人和被申请人同意中止" in suspension
    assert "第三十九条第一款第六项" in suspension and "自2024年10月8日起中止行政复议" in suspension
    case = step(case, "resume", city_head, date(2024, 10, 20))
    resumption = text_of(case, "resumption_notice")
    assert_reads_well(resumption)
    assert "第三十九条第二款" in resumption and "自2024年10月20日起恢复审理" in resumption
    case = step(
        case,
        "mediate",
        city_clerk,
        date(2024, 11, 5),
        agreement="1、被申请人将罚款数额变更为一万元\n2、申请人于2024年11月30日前缴纳罚款",
    )
    statement = text_of(case, "mediation_statement")
    assert_reads_well(statement)
    assert "1. 被申请人将罚款数额变更为一万元" in statement and "2. 申请人于2024年11月30日前缴纳罚款" in statement
    assert "第五条、第七十三条第一款" in statement and body(statement).count("李明") == 1

    withdrawn = step(intake(city_clerk), "accept", city_clerk, date(2024, 9, 27), procedure_type="ordinary")
    withdrawn = step(withdrawn, "withdraw", city_head, date(2024, 10, 9), reasons="被申请人已自行撤销原处罚决定")
    text = text_of(withdrawn, "termination_notice")
    assert_reads_well(text)
    assert "第四十一条第一款第一项" in text and "准予撤回" in text and "提起行政诉讼" not in text

    ended = step(intake(city_clerk), "accept", city_clerk, date(2024, 9, 27), procedure_type="ordinary")
    ended = step(ended, "terminate", city_head, date(2024, 10, 9), ground="2")
    text = text_of(ended, "termination_notice")
    assert_reads_well(text)
    assert "第四十一条第一款第二项" in text and "没有近亲属" in text and "第四十五条" in text
