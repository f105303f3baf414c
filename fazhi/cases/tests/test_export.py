"""The Excel export: the filtered list in the user's scope only, formula-safe, and recorded."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from fazhi.audit.models import AccessRecord
from fazhi.cases.tests.factories import open_county_case

pytestmark = pytest.mark.django_db


def rows(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
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
