"""Malformed Excel files, for every line's import: each gets a clear Chinese reason, and nothing is written.

Wrong encodings (CSV in UTF-8, GB18030 or Excel's UTF-16 "Unicode text", HTML saved as .xls), other formats renamed,
broken and oversized files, zip bombs, empty sheets, missing or repeated columns, formula and error cells, too many
rows — through the importer the page and the command share, and through each line's import page.
"""

from __future__ import annotations

import importlib
import io
import re
import zipfile

import pytest
from openpyxl import Workbook

from fazhi.accounts.models import Organisation
from fazhi.cases.imports import reading
from fazhi.cases.models import Case, CaseEvent, NumberSequence, Party

pytestmark = pytest.mark.django_db

# line → (organisation that imports, a persona allowed to, the line's required columns, its import page)
LINES = {
    "reconsideration": ("包头市人民政府行政复议办公室", "city_clerk", ["收到日期", "申请人", "被申请人"]),
    "mediation": ("和平路街道人民调解委员会", "mediator", ["收到日期", "申请人", "纠纷类型"]),
    "legal_aid": ("包头市法律援助中心", "city_head", ["收到日期", "申请人", "案件类别"]),
}
PAGES = {
    "reconsideration": "/reconsideration/import/",
    "mediation": "/mediation/import/",
    "legal_aid": "/legal-aid/import/",
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def workbook(*rows) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zipped(**members: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, text in members.items():
            z.writestr(name.replace("__", "/"), text)
    return out.getvalue()


def data_row(headers: list[str], **values) -> list:
    plain = {"收到日期": "2023-03-01", "申请人": "张三", "被申请人": "某区市场监督管理局", "纠纷类型": "邻里纠纷"}
    plain["案件类别"] = "民事"
    return [values.get(h, plain.get(h, "x")) for h in headers]


# name → (bytes for a line's required headers, expected words in the reason, settings to shrink a limit)
CSV = "收到日期,申请人,被申请人\n2023-03-01,张三,某局\n"
MALFORMED = {
    "csv-utf8-renamed": (lambda h: CSV.encode(), "CSV", {}),
    "csv-utf8-bom": (lambda h: CSV.encode("utf-8-sig"), "CSV", {}),
    "csv-gb18030": (lambda h: CSV.encode("gb18030"), "CSV", {}),
    "unicode-text-utf16": (lambda h: CSV.replace(",", "\t").encode("utf-16"), "CSV", {}),
    "html-saved-as-excel": (
        lambda h: '<html><head><meta charset="gbk"></head><body><table><tr><td>收到日期</td></tr></table>'.encode(
            "gbk"
        ),
        "网页",
        {},
    ),
    "xml-spreadsheet-2003": (
        lambda h: b'<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com"/>',
        "XML",
        {},
    ),
    "old-xls-or-encrypted": (lambda h: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls", {}),
    "pdf-renamed": (lambda h: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj", "不是 Excel", {}),
    "docx-renamed": (lambda h: zipped(word__document_xml="<w:document/>"), "Word", {}),
    "truncated-zip": (lambda h: workbook(h, data_row(h))[:300], "损坏", {}),
    "zip-bomb": (lambda h: workbook(h, *[data_row(h)] * 50), "解压后过大", {"MAX_UNPACKED_BYTES": 2_000}),
    "oversized": (lambda h: workbook(h, *[data_row(h)] * 50), "请分成多个文件导入", {"MAX_BYTES": 2_000}),
    "empty-file": (lambda h: b"", "文件为空", {}),
    "empty-sheet": (lambda h: workbook(), "工作簿为空", {}),
    "header-only": (lambda h: workbook(h), "没有数据行", {}),
    "no-header": (lambda h: workbook(["甲", "乙"], ["1", "2"]), "未找到表头", {}),
    "missing-column": (lambda h: workbook(h[:2], data_row(h[:2])), "缺少必填列", {}),
    "repeated-column": (lambda h: workbook([*h, h[1]], [*data_row(h), "李四"]), "该列重复出现", {}),
    "formula-cell": (lambda h: workbook(h, data_row(h, 收到日期="=TODAY()")), "请勿在单元格中使用公式", {}),
    "error-cell": (lambda h: workbook(h, data_row(h, 申请人="#REF!")), "错误值", {}),
    "too-many-rows": (lambda h: workbook(h, *[data_row(h)] * 5), "数据超过", {"MAX_ROWS": 3}),
}


def counts() -> tuple[int, ...]:
    return (Case.objects.count(), CaseEvent.objects.count(), Party.objects.count(), NumberSequence.objects.count())


@pytest.mark.parametrize("kind", sorted(MALFORMED))
@pytest.mark.parametrize("line", sorted(LINES))
def test_a_malformed_file_gets_a_chinese_reason_and_changes_nothing(line, kind, baotou, monkeypatch):
    organisation, persona, headers = LINES[line]
    make, expected, limits = MALFORMED[kind]
    for name, value in limits.items():
        monkeypatch.setattr(reading, name, value)
    importer = importlib.import_module(f"fazhi.{line}.imports").IMPORTER
    before = counts()
    report = importer.run(
        make(headers),
        organisation=Organisation.objects.get(name=organisation),
        actor=baotou[persona],
        file_name="台账.xlsx",
    )
    messages = [e.message for e in report.errors]
    assert not report.ok and report.created == 0
    assert any(expected in m for m in messages), messages
    assert all(CJK.search(m) for m in messages), messages
    assert counts() == before


@pytest.mark.parametrize("kind", ["csv-gb18030", "html-saved-as-excel", "zip-bomb", "formula-cell", "missing-column"])
@pytest.mark.parametrize("line", sorted(LINES))
def test_the_import_page_answers_400_in_chinese_and_changes_nothing(line, kind, baotou, login, monkeypatch):
    organisation, persona, headers = LINES[line]
    make, expected, limits = MALFORMED[kind]
    for name, value in limits.items():
        monkeypatch.setattr(reading, name, value)
    upload = io.BytesIO(make(headers))
    upload.name = "2023年台账.xlsx"
    before = counts()
    response = login(baotou[persona]).post(
        PAGES[line], {"organisation": Organisation.objects.get(name=organisation).pk, "file": upload}
    )
    assert response.status_code == 400
    assert expected in response.content.decode()
    assert counts() == before
