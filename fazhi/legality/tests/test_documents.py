"""The 合法性审核意见书 as the requesting department reads it: issued by the justice bureau with its number, what
was sent and when, who was heard, the reasons, the articles, and the conclusion in words; Chinese only."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fazhi.documents.services import document_render
from fazhi.documents.tests.helpers import docx_text
from fazhi.legality.tests.factories import DECISION_RECORD, request_review, step

pytestmark = pytest.mark.django_db
BUREAU = "包头市司法局"


def opinion_of(case) -> str:
    return docx_text(document_render(case.documents.get(kind="legality_opinion")))


def assert_reads_well(text: str) -> None:
    assert text.splitlines()[0] == BUREAU, text.splitlines()[0]
    assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z_]+", text)  # no code, no English word
    assert "{{" not in text and "{%" not in text and "1. 1." not in text


def test_a_contract_signed_after_amendment_lists_the_conditions(baotou):
    clerk, head = baotou["legality_clerk"], baotou["legality_head"]
    case = step(request_review(clerk, "contract"), "accept", clerk, date(2024, 3, 4))
    case = step(
        case,
        "conclude_contract",
        head,
        date(2024, 3, 8),
        outcome="sign_if_amended",
        opinion="合同主体适格，特许经营期限符合规定，但价格调整机制缺少上限",
        conditions="1、第十二条明确价格调整上限\n2、第二十条增加违约责任条款",
        legal_basis="《基础设施和公用事业特许经营管理办法》第十八条",
    )
    doc = case.documents.get()
    assert doc.number == "包审意〔2024〕1号"
    text = opinion_of(case)
    assert_reads_well(text)
    assert "合法性审核意见书" in text and doc.number in text
    assert "包头市住房和城乡建设局：" in text
    assert "你单位于2024年3月4日送请审核的《包头市城区供热特许经营协议》（政府合同）及相关材料收悉" in text
    assert "价格调整机制缺少上限" in text and "《基础设施和公用事业特许经营管理办法》第十八条。" in text
    assert "经审核，该合同按下列意见修改后可以签订：" in text
    assert "1. 第十二条明确价格调整上限" in text and "2. 第二十条增加违约责任条款" in text
    assert "本意见依据本地区政府合同合法性审查的有关规定作出。" in text
    assert "不得" not in text  # nothing forbidden: no unlawful-finding sentence
    assert text.count("下列意见") == 1 and "理由如下" not in text  # one lead-in, into the amendments


def test_an_unlawful_major_decision_names_those_heard_and_forbids_discussion(baotou):
    clerk, head = baotou["legality_clerk"], baotou["legality_head"]
    case = request_review(clerk, "major_decision")
    case = step(case, "accept_decision", clerk, date(2024, 3, 4), **DECISION_RECORD)
    case = step(
        case, "legal_opinion", clerk, date(2024, 3, 6), reviewer="赵明", capacity="legal_adviser", opinion="违法"
    )
    case = step(
        case, "legal_opinion", clerk, date(2024, 3, 7), reviewer="钱亮", capacity="public_lawyer", opinion="违法"
    )
    case = step(
        case,
        "conclude",
        head,
        date(2024, 3, 12),
        outcome="unlawful",
        opinion="方案拟新设收费项目",
        reasons="新设收费项目没有法律、法规依据\n未按规定组织价格听证",
    )
    text = opinion_of(case)
    assert_reads_well(text)
    assert "该事项列入重大行政决策事项目录（2024年包头市重大行政决策事项目录第3项）。" in text
    assert "听取了赵明（法律顾问）、钱亮（公职律师）的法律意见" in text
    assert "经审核，该重大行政决策不合法，理由如下：" in text
    assert "1. 新设收费项目没有法律、法规依据" in text and "2. 未按规定组织价格听证" in text
    assert "不得提交决策机关讨论（《重大行政决策程序暂行条例》第二十五条第二款）" in text
    assert "本意见依据《重大行政决策程序暂行条例》第二十五条至第二十八条作出。" in text


def test_a_lawful_normative_document_says_so_in_words(baotou):
    clerk, head = baotou["legality_clerk"], baotou["legality_head"]
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    case = step(case, "conclude", head, date(2024, 3, 15), outcome="lawful", opinion="制定主体、程序和内容均符合规定")
    text = opinion_of(case)
    assert_reads_well(text)
    assert "该行政规范性文件符合法定权限和法定程序" in text and "审核结论为：合法。" in text
    assert (
        "本意见依据《国务院办公厅关于全面推行行政规范性文件合法性审核机制的指导意见》（国办发〔2018〕115号）作出"
        in text
    )
    assert "理由如下" not in text and "修改" not in text and "重大行政决策" not in text
