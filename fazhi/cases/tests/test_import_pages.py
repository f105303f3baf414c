"""The import pages as a clerk meets them: a menu link for those who may import, a template whose choice columns
are drop-downs of what the import accepts, a page (not a bare 403) saying who may import, problems in the
clerk's own words and values."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.cases.tests.factories import org
from fazhi.legal_aid.tests.test_import import CENTRE, LABOUR, row, xlsx

pytestmark = pytest.mark.django_db

IMPORT = "/legal-aid/import/"


def test_the_menu_links_the_import_for_those_who_may_use_it_only(login, city_head, city_clerk):
    page = login(city_head).get("/legal-aid/standards/").content.decode()
    assert 'href="/legal-aid/import/"' in page and "导入历史数据" in page
    assert 'href="/legal-aid/import/"' not in login(city_clerk).get("/legal-aid/standards/").content.decode()


def test_a_handler_is_told_who_may_import(login, city_clerk):
    response = login(city_clerk).get(IMPORT)
    html = response.content.decode()
    assert response.status_code == 403
    assert "您当前的身份不能导入历史案件" in html and "法律援助中心的登记员或科室负责人" in html
    assert login(city_clerk).get("/legal-aid/import/template/").status_code == 403


def test_the_template_offers_the_allowed_values_as_drop_downs(login, city_head):
    client = login(city_head)
    assert "/legal-aid/import/template/" in client.get(IMPORT).content.decode()
    response = client.get("/legal-aid/import/template/")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    sheet, lists = wb["导入数据"], wb["可填选项"]
    headers = [c.value for c in sheet[1]]
    assert "收到日期（必填）" in headers and "申请事项" in headers
    matter_col = headers.index("申请事项") + 1
    validations = {str(dv.sqref).split(":")[0]: dv for dv in sheet.data_validations.dataValidation}
    letter = sheet.cell(row=1, column=matter_col).column_letter
    dv = validations[f"{letter}2"]
    assert dv.type == "list" and dv.formula1.startswith("'可填选项'!")
    listed = [c.value for c in lists[dv.formula1.split("!")[1].replace("$", "").split(":")[0][0]]][1:]
    assert LABOUR in listed and all(not str(v).isascii() for v in listed if v)
    assert "labour" not in listed
    # the template as filled in (headers with （必填）) imports
    rows = [headers, [None] * len(headers)]
    filled = {"收到日期（必填）": date(2023, 3, 1), "申请人（必填）": "张三", "案件类别（必填）": "民事"}
    for name, value in filled.items():
        rows[1][headers.index(name)] = value
    upload = io.BytesIO(xlsx(rows[1:], headers=rows[0]))
    upload.name = "模板.xlsx"
    done = client.post(IMPORT, {"organisation": org(CENTRE).pk, "file": upload, "dry_run": "on"})
    assert "检查通过" in done.content.decode(), done.content.decode()[-2000:]


def test_problems_quote_the_clerks_own_values_and_list_options_clearly(login, city_head):
    bad = [
        row(date(2023, 1, 5), category="刑事", matter=LABOUR),  # a matter on a criminal case: quoted as written
        row(date(2023, 1, 6), group="外星人"),  # not an option
    ]
    upload = io.BytesIO(xlsx(bad))
    upload.name = "台账.xlsx"
    response = login(city_head).post(IMPORT, {"organisation": org(CENTRE).pk, "file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "labour" not in html and LABOUR in html
    assert "可填：" in html and "／" in html
