"""The import's fast paths give what the slow ones gave: calamine reads what openpyxl read (and leaves formula, error
and far-apart cells to it), the bulk change record is auditlog's own, and every refused history is listed."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, timedelta

import pytest
from auditlog.diff import model_instance_diff
from openpyxl import Workbook
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from fazhi.cases.bulk import _diff_plan, _repr_plan, light_instance
from fazhi.cases.history import HistoryErrors, PastCase, Step, history_write_many
from fazhi.cases.imports import reading
from fazhi.cases.imports.reporting import ImportReport
from fazhi.cases.models import Case, Party
from fazhi.cases.tests.factories import org
from fazhi.cases.tests.test_history import application, decided
from fazhi.mediation.imports import import_mediation, validate_workbook
from fazhi.mediation.models import MediationDetail
from fazhi.mediation.tests.test_import import COMMITTEE, GOOD, HEADERS, row, xlsx

pytestmark = pytest.mark.django_db


def rewrite_sheet(data: bytes, edit) -> bytes:
    """The workbook with its first sheet's XML passed through `edit` (as another program would have saved it)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = edit(content)
            dst.writestr(info, content)
    return out.getvalue()


@pytest.fixture
def read_by(monkeypatch):
    """Which reader read each file: wraps both paths."""
    used: list[str] = []
    calamine, openpyxl = reading._calamine_rows, reading._openpyxl_rows

    def fast(data, last_row=None):
        found = calamine(data, last_row)
        if found is not None:
            used.append("calamine")
        return found

    def slow(data, report):
        used.append("openpyxl")
        return openpyxl(data, report)

    monkeypatch.setattr(reading, "_calamine_rows", fast)
    monkeypatch.setattr(reading, "_openpyxl_rows", slow)
    return used


def test_calamine_reads_the_rows_openpyxl_reads(mediator, monkeypatch, read_by):
    data = xlsx(GOOD)
    fast = validate_workbook(data, organisation=org(COMMITTEE), actor=mediator)
    monkeypatch.setattr(reading, "_calamine_rows", lambda data, last_row=None: None)
    slow = validate_workbook(data, organisation=org(COMMITTEE), actor=mediator)
    assert read_by == ["calamine", "openpyxl"]
    assert fast.ok and slow.ok and len(fast.rows) == len(GOOD)
    assert fast.rows == slow.rows  # every date, amount, count, choice and name alike


def test_the_rows_are_numbered_as_excel_numbers_them_when_the_sheet_starts_lower(mediator, read_by):
    wb = Workbook()
    ws = wb.active
    ws["B3"], ws["C3"] = "说明：请勿修改表头", None
    for i, h in enumerate(HEADERS):
        ws.cell(row=5, column=3 + i, value=h)
    for i, v in enumerate(row(date(2023, 1, 5), amount="-5")):
        ws.cell(row=8, column=3 + i, value=v)
    out = io.BytesIO()
    wb.save(out)
    report = validate_workbook(out.getvalue(), organisation=org(COMMITTEE), actor=mediator)
    assert read_by == ["calamine"]
    assert [(e.row, e.column, e.value) for e in report.errors] == [(8, "涉及金额", "-5")]


def test_a_formula_with_its_cached_value_is_refused_at_its_cell(mediator, read_by):
    plain = xlsx([row(date(2023, 1, 5)), row(date(2023, 1, 6), amount="=SUM(1,2)")])
    # as Excel saves it: the formula and the value it last computed (calamine alone would read 3)
    data = rewrite_sheet(plain, lambda x: re.sub(rb"<f>SUM\(1,2\)</f><v\s*/?>(</v>)?", b"<f>SUM(1,2)</f><v>3</v>", x))
    assert b"<v>3</v>" in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    report = import_mediation(data, organisation=org(COMMITTEE), actor=mediator)
    assert read_by == ["openpyxl"]
    assert [(e.row, e.column) for e in report.errors] == [(3, "涉及金额")]
    assert "请勿在单元格中使用公式" in report.errors[0].message
    assert not Case.objects.filter(line="mediation").exists()


def test_an_error_cell_is_refused_at_its_cell(mediator, read_by):
    data = xlsx([row(date(2023, 1, 5), summary="#N/A")])  # openpyxl writes it as an error cell (t="e")
    assert b't="e"' in zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    report = validate_workbook(data, organisation=org(COMMITTEE), actor=mediator)
    assert read_by == ["openpyxl"]
    assert [(e.row, e.column, e.value) for e in report.errors] == [(2, "简要情况", "#N/A")]
    assert "错误值" in report.errors[0].message


@pytest.mark.parametrize("far", ["XFD2", "A1048576", "BA2"])
def test_cells_far_apart_never_reach_calamine(far, mediator, read_by):
    """calamine lays a sheet out as one dense grid and aborts the process when it cannot allocate it."""
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    ws.append(row(date(2023, 1, 5)))
    ws[far] = "备注"
    out = io.BytesIO()
    wb.save(out)
    report = validate_workbook(out.getvalue(), organisation=org(COMMITTEE), actor=mediator)
    assert read_by == ["openpyxl"]
    if far == "A1048576":
        assert "行数过多" in report.errors[0].message
    else:
        assert report.ok and len(report.rows) == 1


def test_dates_of_a_1904_workbook(mediator, monkeypatch, read_by):
    wb = Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(HEADERS)
    ws.append(row(date(2023, 1, 5), "调解成功", 43834, kind="口头"))  # a date typed as a plain number: 2024-01-05
    out = io.BytesIO()
    wb.save(out)
    fast = validate_workbook(out.getvalue(), organisation=org(COMMITTEE), actor=mediator)
    monkeypatch.setattr(reading, "_calamine_rows", lambda data, last_row=None: None)
    slow = validate_workbook(out.getvalue(), organisation=org(COMMITTEE), actor=mediator)
    assert read_by == ["calamine", "openpyxl"]
    assert fast.ok, fast.errors
    assert (fast.rows[0].received_on, fast.rows[0].closed_on) == (date(2023, 1, 5), date(2024, 1, 5))
    assert fast.rows == slow.rows


def test_a_chart_sheet_first_is_skipped_as_openpyxl_skips_it(mediator, read_by):
    wb = Workbook()
    wb.create_chartsheet("图表", 0)
    ws = wb.worksheets[0]
    ws.append(HEADERS)
    ws.append(row(date(2023, 1, 5)))
    out = io.BytesIO()
    wb.save(out)
    report = validate_workbook(out.getvalue(), organisation=org(COMMITTEE), actor=mediator)
    assert report.ok and len(report.rows) == 1
    assert read_by == ["calamine"]


def test_reading_a_broken_sheet_falls_back_to_openpyxl_and_its_reason():
    data = rewrite_sheet(xlsx([row(date(2023, 1, 5))]), lambda x: x[: len(x) // 2])
    report = ImportReport(file_name="坏.xlsx")
    opened = reading.open_rows(data, report)
    if opened is not None:  # openpyxl opens it lazily and breaks while reading: the importer reports that
        with pytest.raises(Exception):  # noqa: B017
            list(opened[0])
    else:
        assert report.errors


# --- the change record of rows written in bulk ---------------------------------------------------------------------


def test_the_bulk_change_record_is_auditlogs_own(city_clerk):
    case, detail = application()
    case.pk, case.number, case.state = 7, "包复〔2024〕7号", "received"
    detail.case = case
    mediation = MediationDetail(case=case, dispute_type="neighbour", source="proactive", persons_involved=3)
    party = light_instance(
        Party,
        {
            f.attname: f.get_default()
            for f in Party._meta.concrete_fields
            if f.attname not in ("id", "case_id", "role", "name", "id_number", "phone", "address")
        }
        | {"id": 9, "case_id": 7, "role": "applicant", "name": "张三", "id_number": "11010519491231002X"}
        | {"phone": "13800138000", "address": "包头市昆都仑区钢铁大街1号"},
    )
    for obj in (case, detail, mediation, party):
        assert _diff_plan(obj)(obj) == model_instance_diff(None, obj), type(obj).__name__
        before = dict(obj.__dict__)
        assert _repr_plan(type(obj))(obj) == str(obj)
        assert obj.__dict__ == before  # nothing left on the instance
    masked = _diff_plan(party)(party)
    assert masked["id_number"][1] != "11010519491231002X" and masked["name"] == ("None", "张三")


def test_every_refused_history_is_listed_before_anything_is_written():
    bad_step = Step("decide", date(2024, 3, 4), data={"decision": "revoked"})
    late, late_detail = application()
    tomorrow = Step("accept", date.today() + timedelta(days=2), data={"procedure_type": "ordinary"})
    first, first_detail = application()
    pasts = [
        decided(),
        PastCase(first, first_detail, steps=[bad_step]),
        decided(),
        PastCase(late, late_detail, steps=[tomorrow]),
    ]
    with pytest.raises(HistoryErrors) as raised:
        history_write_many(pasts)
    assert [i for i, _m in raised.value.failures] == [1, 3]
    assert "不能“作出行政复议决定”" in str(raised.value) and "晚于今天" in raised.value.failures[1][1]
    assert not Case.objects.exists()


@pytest.mark.postgres_only
def test_a_write_that_doubles_the_case_table_refreshes_its_statistics(monkeypatch):
    from django.db import connection

    from fazhi.cases.bulk import StaleStatistics

    if connection.vendor != "postgresql":
        pytest.skip("planner statistics are PostgreSQL's")
    monkeypatch.setattr(StaleStatistics, "FIRST", 3)
    history_write_many([decided() for _ in range(4)], chunk=2)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cases_case'::regclass")
        assert cursor.fetchone()[0] >= 4  # ANALYZE counted the transaction's own new rows
    history_write_many([decided() for _ in range(2)], chunk=2)  # 2 more on a table of 4: no ANALYZE due
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE oid = 'cases_case'::regclass")
        assert cursor.fetchone()[0] == 4
