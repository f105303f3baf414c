"""The cell checks' fast paths (exact option spelling, date cells in bounds, whole numbers) give what the full checks
give, value, problem and message alike; values off the fast path still take the full check."""

from datetime import date, datetime
from decimal import Decimal

import pytest

from fazhi.cases.imports.checking import YES_NO, RowReader
from fazhi.cases.imports.reading import parse_amount, parse_count
from fazhi.cases.imports.reporting import ImportReport
from fazhi.mediation.imports import OUTCOMES, SOURCES

TODAY = date(2026, 12, 6)
EPOCH = datetime(1899, 12, 30)


def reader(value):
    report = ImportReport(file_name="t.xlsx", noun="案件", outcome_labels={})
    return RowReader(5, {"c": value}, {"c": "列"}, EPOCH, TODAY, report), report


def outcome(call, value):
    r, report = reader(value)
    result = call(r)
    return result, [(e.row, e.column, e.value, e.message) for e in report.errors]


CHOICE_VALUES = [
    None,
    "",
    "调解成功",
    " 调解成功",
    "调解成功\u3000",
    "SUCCESS",
    "success",
    "=A1",
    "#N/A",
    "别的",
    1,
    True,
]


@pytest.mark.parametrize("options", [OUTCOMES, SOURCES, YES_NO])
@pytest.mark.parametrize("value", CHOICE_VALUES)
def test_choice_fast_path_equals_the_full_check(options, value):
    fast = outcome(lambda r: r.choice("c", options, "dflt"), value)
    assert fast == outcome(lambda r: r._choice("c", options, "dflt"), value)


def test_choice_fast_path_finds_labels_and_the_full_check_reports_the_rest():
    assert outcome(lambda r: r.choice("c", OUTCOMES), "调解成功") == ("success", [])
    result, errors = outcome(lambda r: r.choice("c", OUTCOMES), "=A1")
    assert result == "" and errors == [(5, "列", "=A1", "请勿在单元格中使用公式，请粘贴为数值后再导入。")]


DAY_VALUES = [
    None,
    "",
    date(2023, 3, 15),
    datetime(2023, 3, 15, 0, 0),
    date(1989, 12, 31),
    datetime(2027, 1, 1),
    TODAY,
    date(1990, 1, 1),
    "2023-03-15",
    45000,
    "明天",
]


@pytest.mark.parametrize("required", [False, True])
@pytest.mark.parametrize("value", DAY_VALUES)
def test_day_fast_path_equals_the_full_check(value, required):
    fast = outcome(lambda r: r.day("c", required=required), value)
    assert fast == outcome(lambda r: r._day("c", required), value)


def test_a_date_after_today_is_still_reported():
    result, errors = outcome(lambda r: r.day("c"), datetime(2027, 1, 1))
    assert result == date(2027, 1, 1) and errors == [(5, "列", "2027-01-01", "日期不能晚于今天。")]


NUMBER_VALUES = [None, "", 0, 3, -3, 3.0, 3.5, -1.0, 10**12, 10**12 - 1, 10**6, True, "3人", "x", 1e20]


@pytest.mark.parametrize("value", NUMBER_VALUES)
def test_amount_fast_path_equals_the_full_check(value):
    fast = outcome(lambda r: r.amount("c"), value)
    full = outcome(lambda r: r.parsed("c", parse_amount), value)
    assert fast == full and type(fast[0]) is type(full[0])
    if value == 3:
        assert fast == (Decimal(3), [])


@pytest.mark.parametrize("value", NUMBER_VALUES)
def test_count_fast_path_equals_the_full_check(value):
    fast = outcome(lambda r: r.count("c", 100_000), value)
    full = outcome(lambda r: r.parsed("c", lambda raw: parse_count(raw, 100_000)), value)
    assert fast == full and type(fast[0]) is type(full[0])


@pytest.mark.parametrize("value", [None, "", " ", "\u3000", "x", 0, False, datetime(2023, 1, 1)])
def test_given_equals_peek(value):
    r, _report = reader(value)
    assert r.given("c") == bool(r.peek("c"))
