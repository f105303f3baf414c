"""The published lists of a completed cleanup (继续有效、废止、失效目录): the Word text and the Excel rows."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from openpyxl import load_workbook

from fazhi.accounts.models import Organisation
from fazhi.rulebook import campaigns, lists
from fazhi.rulebook.choices import CleanupResult
from fazhi.rulebook.tests.registry_factories import a_normative_document, legality_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def completed(baotou):
    alice = legality_member("alice")
    campaign = campaigns.campaign_create(
        actor=alice,
        organisation=Organisation.objects.get(name="包头市司法局"),
        title="涉及罚款事项的规范性文件专项清理",
        topic="罚款",
        started_on=date(2024, 6, 3),
    )
    plan = [
        ("包头市城市道路挖掘罚款办法", "包府发〔2020〕1号", CleanupResult.REPEAL, "与上位法不一致。"),
        ("包头市生态环境罚款裁量办法", "包府发〔2021〕3号", CleanupResult.AMEND, "裁量档次需细化。"),
        ("包头市行政处罚裁量基准办法", "=HYPERLINK(1)", CleanupResult.REMAIN_VALID, ""),
    ]
    for title, number, result, reasons in plan:
        doc = a_normative_document(title=title, number=number, text="处以罚款。", published_on=date(2021, 5, 6))
        item = campaigns.campaign_add(campaign=campaign, documents=[doc], actor=alice)[0]
        amend = result == CleanupResult.AMEND
        campaigns.item_decide(
            item=item,
            result=result,
            reasons=reasons,
            owner="包头市生态环境局" if amend else "",
            due_on=date(2024, 12, 31) if amend else None,
            decided_on=date(2024, 7, 20),
            actor=alice,
        )
    return campaigns.campaign_close(campaign=campaign, actor=alice, closed_on=date(2024, 7, 31))


def test_the_word_lists_put_each_document_under_its_list(completed):
    doc = Document(io.BytesIO(lists.lists_docx(completed)))
    paragraphs = [p.text for p in doc.paragraphs]
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]

    assert paragraphs[0] == "涉及罚款事项的规范性文件专项清理结果目录"
    headings = [p for p in paragraphs if p.startswith(("一、", "二、", "三、"))]
    assert headings == [
        "一、继续有效的文件目录（2件）",
        "二、决定废止的文件目录（1件）",
        "三、宣布失效的文件目录（0件）",
    ]
    assert "无。" in paragraphs  # the empty 失效 list says so
    assert len(tables) == 2
    valid, repealed = tables
    assert valid[0] == ["序号", "文件名称", "文号", "制定机关", "公布日期", "备注"]
    assert [row[1] for row in valid[1:]] == ["《包头市生态环境罚款裁量办法》", "《包头市行政处罚裁量基准办法》"]
    assert valid[1][5] == "拟修改（包头市生态环境局，2024年12月31日前完成）：裁量档次需细化。"
    assert repealed[1][1:] == [
        "《包头市城市道路挖掘罚款办法》",
        "包府发〔2020〕1号",
        "包头市人民政府",
        "2021-05-06",
        "与上位法不一致。",
    ]
    assert "包头市司法局" in paragraphs[-2] and "2024年7月31日" in paragraphs[-1]
    section = doc.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)  # GB/T 9704 margins


def test_the_excel_lists_have_a_sheet_per_list_and_formula_safe_cells(completed):
    wb = load_workbook(io.BytesIO(lists.lists_xlsx(completed)))
    assert wb.sheetnames == ["继续有效的文件目录", "决定废止的文件目录", "宣布失效的文件目录"]
    rows = {name: [list(r) for r in wb[name].iter_rows(values_only=True)] for name in wb.sheetnames}

    assert rows["继续有效的文件目录"][1] == ["序号", "文件名称", "文号", "制定机关", "公布日期", "备注"]
    assert [r[1] for r in rows["继续有效的文件目录"][2:]] == [
        "《包头市生态环境罚款裁量办法》",
        "《包头市行政处罚裁量基准办法》",
    ]
    assert rows["继续有效的文件目录"][3][2] == "'=HYPERLINK(1)"  # a 文号 that looks like a formula is text
    assert rows["决定废止的文件目录"][2][1:3] == ["《包头市城市道路挖掘罚款办法》", "包府发〔2020〕1号"]
    assert len(rows["宣布失效的文件目录"]) == 2  # title and header, no document


def test_the_lists_stay_chinese_for_a_reader_of_the_english_interface(completed):
    from django.utils import translation

    with translation.override("en"):
        doc = Document(io.BytesIO(lists.lists_docx(completed)))
        wb = load_workbook(io.BytesIO(lists.lists_xlsx(completed)))
    assert doc.tables[0].rows[0].cells[0].text == "序号"
    assert wb.sheetnames[0] == "继续有效的文件目录"
