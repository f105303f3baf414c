"""The Excel upload: 100,000 decisions in one file, a re-sent file adds nothing, one bad row rejects the file."""

from __future__ import annotations

import time
from datetime import date
from decimal import Decimal

import pytest

from fazhi.lenient import imports
from fazhi.lenient.models import Decision, Report
from fazhi.lenient.tests.conftest import BIG
from fazhi.lenient.tests.factories import workbook

pytestmark = pytest.mark.django_db

ROW = ["包头市市场监督管理局", "包市监罚决〔2024〕1号", date(2024, 3, 1), "SJ-001", "企业", 1000]


def _rows(n: int, change: dict | None = None):
    rows = []
    for i in range(1, n + 1):
        row = list(ROW)
        row[1] = f"包市监罚决〔2024〕{i}号"
        rows.append(row)
    for (i, col), value in (change or {}).items():
        rows[i][col] = value
    return rows


def test_100000_decisions_load_from_one_file_and_a_resent_file_adds_nothing(reporter, entries, big_workbook):
    started = time.perf_counter()
    outcome = imports.upload(big_workbook, actor=reporter, file_name="2024年3月.xlsx")
    seconds = time.perf_counter() - started
    assert outcome.ok, outcome.problems.errors[:5]
    assert (outcome.added, outcome.already_present) == (BIG, 0)
    assert Decision.objects.count() == BIG
    checked = outcome.problems.validate_seconds
    print(f"\n100,000 rows: {seconds:.1f} s ({BIG / seconds:,.0f} rows/s; read and check {checked:.1f} s)")
    report = Report.objects.get()
    assert (report.rows, report.added, report.already_present, report.actor) == (BIG, BIG, 0, reporter)

    again = imports.upload(big_workbook, actor=reporter, file_name="2024年3月.xlsx")
    assert again.ok
    assert (again.added, again.already_present) == (0, BIG)
    assert Decision.objects.count() == BIG


def test_a_bad_row_rejects_the_whole_file_with_its_row_number(reporter, entries):
    rows = _rows(50, {(29, 3): "SJ-999", (40, 5): -5})
    outcome = imports.upload(workbook(rows), actor=reporter, file_name="bad.xlsx")
    assert not outcome.ok
    problems = [(e.row, e.column) for e in outcome.problems.errors]
    # the header is row 1, so the 30th data row is Excel's row 31
    assert problems == [(31, "清单事项编号"), (42, "免罚或减罚金额（元）")]
    assert "未找到该清单事项编号" in outcome.problems.errors[0].message
    assert "发现2个问题" in outcome.summary()
    assert Decision.objects.count() == 0 and Report.objects.count() == 0


def test_a_row_on_record_with_other_values_is_a_problem_and_nothing_is_written(reporter, entries):
    assert imports.upload(workbook(_rows(3)), actor=reporter).ok
    rows = _rows(5, {(1, 5): 2000})  # the second decision again, another amount
    outcome = imports.upload(workbook(rows), actor=reporter)
    assert [(e.row, e.column) for e in outcome.problems.errors] == [(3, "决定书文号")]
    assert "内容不同" in outcome.problems.errors[0].message
    assert Decision.objects.count() == 3


def test_a_number_twice_in_one_file_is_a_problem(reporter, entries):
    rows = _rows(3, {(2, 1): "包市监罚决[2024]1号"})  # the same number, brackets written otherwise
    outcome = imports.upload(workbook(rows), actor=reporter)
    assert [(e.row, e.message) for e in outcome.problems.errors] == [(4, "与第2行决定书文号重复。")]


def test_a_reporter_reports_only_its_own_agency(reporter, entries, county_agency):
    rows = _rows(2, {(1, 0): "东河区城市管理综合执法局"})
    outcome = imports.upload(workbook(rows), actor=reporter)
    assert [(e.row, e.message) for e in outcome.problems.errors] == [(3, "您无权报送该执法机关的决定。")]
    assert Decision.objects.count() == 0


def test_the_agency_column_may_be_left_out_by_a_one_agency_reporter(reporter, entries, market):
    header = ["决定书文号", "决定日期", "清单事项编号", "当事人类型", "免罚或减罚金额（元）"]
    outcome = imports.upload(workbook([r[1:] for r in _rows(2)], header=header), actor=reporter)
    assert outcome.ok and outcome.added == 2
    assert set(Decision.objects.values_list("agency", flat=True)) == {market.pk}
    assert Decision.objects.get(number="包市监罚决〔2024〕1号").amount == Decimal("1000.00")


def test_a_keeper_reports_for_agencies_of_its_region_and_must_name_them(keeper, entries, market, county_agency):
    rows = _rows(2, {(1, 0): "东河区城市管理综合执法局", (1, 3): "CG-001"})
    rows.append(["", "包市监罚决〔2024〕9号", date(2024, 3, 1), "SJ-001", "企业", 1])
    outcome = imports.upload(workbook(rows), actor=keeper)
    assert [(e.row, e.column) for e in outcome.problems.errors] == [(4, "执法机关")]
    outcome = imports.upload(workbook(rows[:2]), actor=keeper)
    assert outcome.ok and outcome.added == 2
    assert Report.objects.get().organisation.kind == "supervision_body"


def test_an_entry_of_another_county_does_not_apply(reporter, entries):
    outcome = imports.upload(workbook(_rows(1, {(0, 3): "DH-001"})), actor=reporter)
    assert [e.message for e in outcome.problems.errors] == ["该清单事项不适用于本执法机关所在地区。"]


def test_a_dry_run_writes_nothing(reporter, entries):
    outcome = imports.upload(workbook(_rows(4)), actor=reporter, dry_run=True)
    assert outcome.ok and "未写入数据" in outcome.summary()
    assert Decision.objects.count() == 0


def test_a_csv_file_is_refused_in_chinese(reporter, entries):
    outcome = imports.upload(b"a,b,c\n1,2,3\n", actor=reporter, file_name="x.csv")
    assert "CSV" in outcome.problems.errors[0].message
