"""The catalogue import: Chinese headers and values, the whole file or nothing, every problem reported."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from fazhi.accounts.models import Organisation
from fazhi.rulebook import imports
from fazhi.rulebook.choices import DocumentKind, Source, Status
from fazhi.rulebook.models import NormativeDocument
from fazhi.rulebook.tests.registry_factories import a_document, legality_member

pytestmark = pytest.mark.django_db

HEADER = ["类别", "标题", "文号", "制定机关", "公布日期", "施行日期", "状态", "状态变更日期", "备案日期", "全文"]
GOOD = [
    [
        "地方性法规",
        "包头市大气污染防治条例",
        "公告第1号",
        "包头市人大常委会",
        "2019-01-10",
        "2019-03-01",
        "有效",
        "",
        "",
        "第一条",
    ],
    [
        "行政规范性文件",
        "包头市城市绿化管理办法（试行）",
        "包府发〔2024〕3号",
        "包头市人民政府",
        "2024/2/1",
        "2024年3月1日",
        "",
        "",
        "2024-02-20",
        "第一条 为了加强城市绿化管理",
    ],
    [
        "政府规章",
        "包头市再生水管理办法",
        "包头市人民政府令第120号",
        "包头市人民政府",
        "2012-05-01",
        "2012-06-01",
        "已废止",
        "2024-06-30",
        "",
        "",
    ],
]


def _xlsx(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(["包头市规章规范性文件目录"])  # a title row above the header, as catalogues have
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _bureau() -> Organisation:
    return Organisation.objects.get(name="包头市司法局")


def test_a_clean_catalogue_is_imported_with_its_kinds_statuses_and_terms(baotou):
    report = imports.run(_xlsx(GOOD), organisation=_bureau(), actor=None)
    assert report.ok and report.created == 3
    trial = NormativeDocument.objects.get(number="包府发〔2024〕3号")
    assert (trial.kind, trial.provisional, trial.expires_on) == (
        DocumentKind.NORMATIVE_DOCUMENT,
        True,
        date(2026, 2, 28),
    )
    assert (trial.source, trial.filed_on, trial.region_id) == (Source.IMPORTED, date(2024, 2, 20), "150200000000")
    repealed = NormativeDocument.objects.get(title="包头市再生水管理办法")
    assert (repealed.status, repealed.status_changed_on) == (Status.REPEALED, date(2024, 6, 30))
    assert trial.versions.get().text == "第一条 为了加强城市绿化管理"


def test_one_bad_row_imports_nothing_and_every_problem_is_listed(baotou):
    a_document(number="公告第9号")
    rows = [
        *GOOD,
        ["法律", "某某办法", "", "", "2024-13-01", "2024-03-01", "已废止", "", "", ""],
        ["地方性法规", "重复文号", "公告第1号", "包头市人大常委会", "2024-01-01", "2024-01-01", "", "", "", ""],
        ["地方性法规", "已有文号", "公告第9号", "包头市人大常委会", "2024-01-01", "2024-01-01", "", "", "", ""],
        [
            "地方性法规",
            "备案早于公布",
            "公告第11号",
            "包头市人大常委会",
            "2024-01-05",
            "2024-01-05",
            "",
            "",
            "2024-01-01",
            "",
        ],
    ]
    report = imports.run(_xlsx(rows), organisation=_bureau(), actor=None)
    assert not report.ok and report.created == 0
    problems = {(e.row, e.column) for e in report.errors}
    assert {(6, "类别"), (6, "制定机关"), (6, "公布日期"), (6, "状态变更日期"), (7, "文号")} <= problems
    assert (8, "文号") in problems  # on record already: the service's own rule, reported against the row
    assert (9, "备案日期") in problems
    assert NormativeDocument.objects.count() == 1  # only the one made before the import
    messages = {e.message for e in report.errors}
    assert any("不是可填的选项" in m for m in messages) and any("与第3行文号重复" in m for m in messages)
    sheet = load_workbook(io.BytesIO(report.to_xlsx())).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "值", "问题"] and sheet.max_row == len(report.errors) + 1


def test_a_dry_run_writes_nothing(baotou):
    report = imports.run(_xlsx(GOOD), organisation=_bureau(), actor=None, dry_run=True)
    assert report.ok and not NormativeDocument.objects.exists()
    assert "检查通过" in imports.summary(report)


def test_a_file_without_the_required_columns_or_not_xlsx_is_refused_in_chinese(baotou):
    report = imports.run(_xlsx(GOOD, header=["标题", "文号", "x"]), organisation=_bureau(), actor=None)
    assert any("缺少必填列" in e.message or "未找到表头" in e.message for e in report.errors)
    report = imports.run("标题,文号\n甲,乙\n".encode(), organisation=_bureau(), actor=None)
    assert any("CSV" in e.message for e in report.errors)
    assert not NormativeDocument.objects.exists()


def test_the_page_imports_for_a_writer_and_refuses_others(baotou, login, kundulun_clerk):
    url = reverse("rulebook:catalogue_import")
    assert login(kundulun_clerk).get(url).status_code == 403
    writer = legality_member("city_legality")
    client = login(writer)
    assert client.get(reverse("rulebook:catalogue_template")).status_code == 200
    bad = client.post(
        url, {"organisation": _bureau().pk, "file": SimpleUploadedFile("目录.xlsx", _xlsx([GOOD[0], GOOD[0]]))}
    )
    assert bad.status_code == 400 and "与第3行文号重复" in bad.content.decode()
    problems = client.get(reverse("rulebook:catalogue_problems"))
    assert problems.status_code == 200 and problems["Content-Type"].startswith("application/vnd.openxml")
    good = client.post(url, {"organisation": _bureau().pk, "file": SimpleUploadedFile("目录.xlsx", _xlsx(GOOD))})
    assert good.status_code == 302 and NormativeDocument.objects.count() == 3


def test_the_template_has_the_chinese_headers(baotou):
    sheet = load_workbook(io.BytesIO(imports.template_xlsx())).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["类别（必填）", "标题（必填）"]


def _normative(title: str, number: str, published: str, case: str = "") -> list[str]:
    return ["行政规范性文件", title, number, "包头市人民政府", published, published, "", "", "", case]


def test_a_number_repeated_with_other_brackets_is_a_duplicate_row(baotou, time_machine):
    time_machine.move_to(date(2024, 8, 1))
    rows = [
        _normative("甲办法", "包府发〔2020〕9号", "2020-03-01"),
        _normative("乙办法", "包府发[2020]9号", "2020-03-01"),
    ]
    report = imports.run(_xlsx(rows, header=[*HEADER[:-1], "合法性审核案号"]), organisation=_bureau(), actor=None)
    assert not report.ok and report.created == 0
    assert [(e.row, e.column) for e in report.errors] == [(4, "文号")]
    assert "与第3行文号重复" in report.errors[0].message
    assert not NormativeDocument.objects.exists()


def test_a_normative_document_published_after_go_live_is_imported_only_with_its_review(baotou, time_machine, settings):
    time_machine.move_to(date(2026, 12, 20))
    settings.FAZHI_RULEBOOK_REVIEW_FROM = "2026-12-01"
    header = [*HEADER[:-1], "合法性审核案号"]
    rows = [
        _normative("旧办法", "包府发〔2026〕1号", "2026-11-30"),
        _normative("新办法", "包府发〔2026〕2号", "2026-12-10"),
        _normative("另一新办法", "包府发〔2026〕3号", "2026-12-10", case="包司审〔2026〕999号"),
    ]
    report = imports.run(_xlsx(rows, header=header), organisation=_bureau(), actor=None)
    assert not report.ok and report.created == 0
    problems = {(e.row, e.column): e.message for e in report.errors}
    assert set(problems) == {(4, "合法性审核案号"), (5, "合法性审核案号")}
    assert (
        "未经合法性审核" in problems[(4, "合法性审核案号")]
        and "未找到该合法性审核案件" in problems[(5, "合法性审核案号")]
    )
    assert not NormativeDocument.objects.exists()
