"""The Excel export: the filtered list in the user's scope only, formula-safe, and recorded."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case
from fazhi.cases.tests.factories import open_county_case

pytestmark = pytest.mark.django_db


def rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
    return list(sheet.iter_rows(values_only=True))


def test_county_b_exports_never_contain_county_a_cases(login, donghe_clerk, kundulun_clerk):
    a = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    b = open_county_case(kundulun_clerk, "昆都仑区司法局", received_on=date(2024, 5, 7))
    numbers = [r[0] for r in rows(login(kundulun_clerk).get("/cases/export/"))[1:]]
    assert numbers == [b.number]
    assert a.number not in numbers
    record = AccessRecord.objects.get(action="export")
    assert record.user == kundulun_clerk


def test_filters_apply_to_the_export(login, donghe_clerk):
    open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    late = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 9, 2))
    numbers = [r[0] for r in rows(login(donghe_clerk).get("/cases/export/", {"received_after": "2024-09-01"}))[1:]]
    assert numbers == [late.number]


def test_a_title_that_looks_like_a_formula_is_neutralised(login, donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    case.title = '=HYPERLINK("http://evil","点我")'
    case.save()
    title = rows(login(donghe_clerk).get("/cases/export/"))[1][2]
    assert title.startswith("'=")


def test_the_list_link_opens_a_page_saying_what_the_file_will_hold(login, donghe_clerk):
    open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    open_county_case(donghe_clerk, "东河区司法局", received_on=date(2023, 5, 6))
    client = login(donghe_clerk)
    listed = client.get("/cases/", {"line": "mediation"}).content.decode()
    assert "/cases/export/prepare/?line=mediation" in listed
    page = client.get("/cases/export/prepare/", {"line": "mediation", "year": "2024", "region": "150202000000"})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-total="1"' in html and "人民调解案件_东河区_2024.xlsx" in html
    assert "/cases/export/?line=mediation&amp;year=2024&amp;region=150202000000" in html
    assert not AccessRecord.objects.filter(action="export").exists()  # looking is not exporting
    bad = client.get("/cases/export/prepare/", {"year": "24"})
    assert bad.status_code == 400 and "年份应为2000至2100之间。" in bad.content.decode()


def test_the_file_is_streamed_named_after_its_rows_and_shows_labels(login, donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    Case.objects.filter(pk=case.pk).update(outcome="success", closed_on=date(2024, 6, 1), state="closed")
    response = login(donghe_clerk).get("/cases/export/", {"line": "mediation", "year": "2024"})
    assert response.streaming
    assert response["Content-Disposition"] == (
        "attachment; filename=\"cases.xlsx\"; filename*=UTF-8''"
        "%E4%BA%BA%E6%B0%91%E8%B0%83%E8%A7%A3%E6%A1%88%E4%BB%B6_2024.xlsx"  # 人民调解案件_2024.xlsx
    )
    header, row = rows(response)
    assert header[:3] == ("案号", "条线", "案由")
    assert row[1] == "人民调解" and row[5] == "窗口" and row[7] == "达成书面调解协议"
    assert "success" not in row and "walk_in" not in row and "mediation" not in row
    assert row[8].date() == date(2024, 5, 6)  # a date, not text
    assert AccessRecord.objects.get(action="export").detail["file"] == "人民调解案件_2024.xlsx"
