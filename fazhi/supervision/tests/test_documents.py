"""The 督办函 and 监督意见书 as the agency reads them: issued by the justice bureau with its number, addressed to the
agency, the problem, what it is to do, and the deadline the issuer set; Chinese only."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fazhi.documents.services import document_render
from fazhi.documents.tests.helpers import docx_text
from fazhi.supervision.tests.factories import register, step

pytestmark = pytest.mark.django_db
D = date(2024, 3, 4)


def text_of(case, kind: str) -> str:
    return docx_text(document_render(case.documents.get(kind=kind)))


def assert_reads_well(text: str) -> None:
    assert text.splitlines()[0] == "包头市司法局", text.splitlines()[0]
    assert not re.search(r"[A-Za-z]", text), re.findall(r"[A-Za-z_]+", text)
    assert "{{" not in text and "{%" not in text and "1. 1." not in text


@pytest.mark.parametrize(
    ("code", "kind", "number", "words"),
    [
        ("issue_urging_letter", "supervision_urging_letter", "包督督〔2024〕1号", "第二十七条"),
        ("issue_opinion", "supervision_opinion", "包督监〔2024〕1号", "第二十八条"),
    ],
)
def test_the_document_states_the_problem_the_requirement_and_the_issuers_deadline(baotou, code, kind, number, words):
    clerk, head = baotou["supervision_clerk"], baotou["supervision_head"]
    case = step(register(clerk), "file_case", clerk, D)
    case = step(
        case,
        code,
        head,
        D,
        problem="对无证经营举报受理后逾期未作处理",
        requirement="1. 依法调查处理该举报\n2. 将处理结果告知举报人",
        rectify_days="20",
        legal_basis="《市场监督管理投诉举报处理暂行办法》第三十一条",
    )
    doc = case.documents.get(kind=kind)
    assert doc.number == number
    text = text_of(case, kind)
    assert_reads_well(text)
    assert "包头市市场监督管理局：" in text and words in text
    assert "对无证经营举报受理后逾期未作处理。" in text
    assert "1. 依法调查处理该举报" in text and "2. 将处理结果告知举报人" in text
    assert "之日起20日内" in text
    assert "监督事项：举报人反映某无证经营餐馆" in text
