"""Excel import of historical 行政复议 cases: exact results, every problem reported, all or nothing, no 500s."""

from __future__ import annotations

import io
import time
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import DatabaseError, IntegrityError
from openpyxl import Workbook, load_workbook

from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case, CaseEvent, Deadline, NumberSequence
from fazhi.cases.runner import case_open, case_transition
from fazhi.cases.tests.factories import org
from fazhi.core.masking import mask_id_number
from fazhi.core.validators import id_number_check_char, uscc_check_char
from fazhi.indicators.registry import Period
from fazhi.reconsideration import imports
from fazhi.reconsideration.imports import import_reconsideration, validate_workbook, write_rows
from fazhi.reconsideration.indicators import INDICATORS

pytestmark = pytest.mark.django_db


OFFICE = "包头市人民政府行政复议办公室"
HEADERS = [
    "案号",
    "收到日期",
    "申请人",
    "申请人类型",
    "身份证号 / 统一社会信用代码",
    "联系电话",
    "被申请人",
    "行政行为类型",
    "被申请的行政行为",
    "受理日期",
    "审理程序",
    "结果",
    "办结日期",
    "涉案金额",
    "行政区划代码",
]


def person_id(seq: int) -> str:
    first17 = f"150202198001{seq % 28 + 1:02d}{seq % 1000:03d}"
    return first17 + id_number_check_char(first17)


def uscc(seq: int) -> str:
    first17 = f"91150200MA0N{seq % 100000:05d}"
    return first17 + uscc_check_char(first17)


def xlsx(rows, headers=HEADERS, above=()) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r in above:
        ws.append(list(r))
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(
    received,
    outcome="",
    accepted=None,
    closed=None,
    *,
    number="",
    procedure="",
    applicant="张三",
    kind="自然人",
    code=None,
    phone="13812345678",
    respondent="包头市市场监督管理局",
    act_type="行政处罚",
    act="罚款决定",
    amount=None,
    region="",
):
    return [
        number,
        received,
        applicant,
        kind,
        person_id(len(applicant)) if code is None else code,
        phone,
        respondent,
        act_type,
        act,
        accepted,
        procedure,
        outcome,
        closed,
        amount,
        region,
    ]


D = date
# 20 historical cases of the city office, mixed outcomes, dates as Excel dates and as text in several styles.
GOOD = [
    row(D(2023, 1, 5), "维持", D(2023, 1, 9), D(2023, 3, 1), number="包复〔2023〕5号"),  # 2
    row("2023-02-01", "维持", "2023-02-06", "2023-04-03"),  # 3
    row("2023/2/10", "撤销", "2023/2/15", "2023/4/10", amount="5,000元"),  # 4
    row("2023年3月1日", "变更", "2023年3月6日", "2023年5月5日", amount=12000),  # 5
    row(D(2023, 3, 10), "确认违法", D(2023, 3, 15), D(2023, 5, 12)),  # 6
    row(D(2023, 4, 3), "驳回复议请求", D(2023, 4, 7), D(2023, 6, 2)),  # 7
    row(D(2023, 4, 20), "调解书结案", D(2023, 4, 25), D(2023, 5, 30)),  # 8
    row(D(2023, 5, 8), "和解撤回终止", D(2023, 5, 11), D(2023, 6, 20)),  # 9
    row(D(2023, 5, 15), "撤回申请终止", D(2023, 5, 18), D(2023, 6, 1)),  # 10
    row(D(2023, 6, 1), "驳回申请", D(2023, 6, 6), D(2023, 7, 3)),  # 11
    row(D(2023, 6, 12), "不予受理", None, D(2023, 6, 16)),  # 12
    row(D(2023, 7, 3), "不予受理", None, D(2023, 7, 7)),  # 13
    row(D(2023, 7, 10), "其他终止", D(2023, 7, 13), D(2023, 8, 30)),  # 14
    row(D(2023, 8, 1), "维持", D(2023, 8, 4), D(2023, 8, 31), procedure="简易程序", act_type="警告、通报批评"),  # 15
    row(D(2022, 12, 20), "撤销", D(2022, 12, 26), D(2023, 2, 20)),  # 16: received and accepted in 2022
    row(D(2023, 12, 10), "维持", D(2023, 12, 15), D(2024, 1, 20)),  # 17: closed in 2024
    row(D(2023, 11, 1), "", D(2023, 11, 6), None),  # 18: open, accepted
    row(D(2023, 12, 20)),  # 19: open, not yet accepted
    row(D(2023, 9, 4), "调解书结案", D(2023, 9, 7), D(2023, 10, 16), number="包复[2023]40号"),  # 20
    row(
        "20230918",
        "upheld",
        D(2023, 9, 21),
        D(2023, 11, 15),
        kind="organisation",
        applicant="包头市某某商贸有限公司",
        code=uscc(7),
        act_type="penalty",
        procedure="ordinary",
        region="150202",
    ),  # 21: English keys, enterprise, 东河区
]


def import_good(actor, **kwargs):
    return import_reconsideration(
        xlsx(GOOD), organisation=org(OFFICE), actor=actor, file_name="2023年复议台账.xlsx", **kwargs
    )


def test_a_good_file_imports_every_case_in_its_recorded_state(city_clerk):
    before = Case.objects.count()
    report = import_good(city_clerk)
    assert report.ok, report.errors
    assert report.created == 20 and Case.objects.count() == before + 20
    cases = {c.number: c for c in Case.objects.filter(line="reconsideration", organisation=org(OFFICE))}
    outcomes = sorted(c.outcome for c in cases.values())
    assert outcomes == sorted(
        ["upheld"] * 5
        + ["revoked"] * 2
        + ["varied", "confirmed_unlawful", "claim_rejected", "application_rejected", "terminated", "withdrawn"]
        + ["mediation_statement"] * 2
        + ["settled_withdrawn"]
        + ["not_accepted"] * 2
        + ["", ""]
    )
    # Kept numbers (brackets normalised), the others gap-free after the highest kept number of the year.
    kept = cases["包复〔2023〕5号"]
    assert kept.received_on == date(2023, 1, 5) and kept.state == "decided"
    assert kept.reconsideration.decision == "upheld"
    assert cases["包复〔2023〕40号"].state == "mediated"
    allocated_2023 = sorted(
        int(n.split("〕")[1][:-1]) for n in cases if "2023" in n and n not in {"包复〔2023〕5号", "包复〔2023〕40号"}
    )
    assert allocated_2023 == list(range(41, 58))
    assert "包复〔2022〕1号" in cases and cases["包复〔2022〕1号"].accepted_on == date(2022, 12, 26)
    assert NumberSequence.objects.get(organisation=org(OFFICE), series="reconsideration", year=2023).last == 57
    # States, dates and detail as recorded.
    by_row = {e.data["row"]: e.case for e in CaseEvent.objects.filter(code="imported").select_related("case")}
    assert by_row[12].state == "not_accepted" and by_row[12].accepted_on is None
    assert by_row[12].closed_on == date(2023, 6, 16)
    assert by_row[9].state == "terminated" and by_row[9].outcome == "settled_withdrawn"
    assert by_row[4].reconsideration.amount == Decimal("5000")
    assert by_row[15].reconsideration.procedure_type == "simplified"
    assert by_row[18].state == "accepted" and by_row[18].closed_on is None
    assert by_row[19].state == "received" and by_row[19].accepted_on is None
    enterprise = by_row[21]
    assert enterprise.region_id == "150202000000" and enterprise.received_on == date(2023, 9, 18)
    applicant = enterprise.parties.get(role="applicant")
    assert applicant.kind == "organisation" and applicant.uscc == uscc(7) and applicant.id_number == ""
    assert enterprise.parties.get(role="respondent").name == "包头市市场监督管理局"
    # Exactly one timeline event per case: `imported`, by the importing user, naming file and row.
    for case in cases.values():
        events = list(case.events.all())
        assert [e.code for e in events] == ["imported"]
        assert events[0].label == "历史数据导入" and events[0].actor == city_clerk
        assert events[0].data["file"] == "2023年复议台账.xlsx"
    # Closed cases get no clocks; open ones do.
    assert not Deadline.objects.filter(case__in=[c for c in cases.values() if c.closed_on]).exists()
    assert Deadline.objects.filter(case=by_row[19], clock="acceptance_review", state="running").exists()


def test_the_indicators_count_the_imported_year(city_clerk):
    import_good(city_clerk)
    figures = INDICATORS.compute(Period.year(2023, "1502"))
    # Hand count over GOOD (rows 2–21): 19 received in 2023 (not row 16); accepted in 2023: all but rows 12 and 13
    # (不予受理), 16 (accepted 2022) and 19 (open, not accepted) = 16.
    assert figures["received"] == 19
    assert figures["accepted"] == 16
    assert figures["not_accepted"] == 2
    # Closed in 2023 with a 办结 outcome: rows 2–11, 14, 15, 16, 20, 21 = 15 (17 closed in 2024; 18, 19 open).
    assert figures["closed"] == 15
    assert figures["concluded"] == 12  # minus 驳回申请 (11), 撤回申请终止 (10), 其他终止 (14)
    assert figures["mediated_or_settled"] == 3  # rows 8, 9, 20
    assert figures["directly_corrected"] == 4  # 撤销 4, 16; 变更 5; 确认违法 6
    assert figures["upheld"] == 4  # rows 2, 3, 15, 21 (17 closed in 2024)
    assert figures["rejected"] == 1
    assert figures["simplified"] == 1
    assert figures["hearings"] == 0
    assert figures["mediated_or_settled_rate_pct"] == 20.0  # 3 / 15
    assert figures["correction_rate_pct"] == 33.33  # 4 / 12
    assert figures["simplified_share_pct"] == 6.25  # 1 / 16
    # Days from receipt to closing of the 15 closed cases.
    days = [55, 61, 59, 65, 63, 60, 40, 43, 17, 32, 51, 30, 62, 42, 58]  # rows 2–11, 14, 15, 16, 20, 21
    assert figures["average_days_to_close"] == round(sum(days) / 15, 1)
    # Row 18's copy to the respondent (due 2023-11-15) and row 19's acceptance review (due 2023-12-27) ran late.
    assert figures["overdue"] == 2


def test_open_cases_get_the_clocks_the_runner_would_start(city_clerk):
    import_good(city_clerk)
    imported = CaseEvent.objects.get(code="imported", data__row=18).case
    reference = case_open(
        line="reconsideration",
        organisation=org(OFFICE),
        title="对照",
        received_on=date(2023, 11, 1),
        actor=city_clerk,
        detail={"act_type": "penalty"},
    )
    case_transition(
        case=reference, code="accept", actor=city_clerk, on=date(2023, 11, 6), data={"procedure_type": "ordinary"}
    )

    def clocks(case):
        return sorted(case.deadlines.values_list("clock", "started_on", "due_on", "state", "stopped_on"))

    assert clocks(imported) == clocks(reference)
    assert {c[0] for c in clocks(imported)} == {"acceptance_review", "copy_to_respondent", "decision"}


def test_three_bad_rows_are_reported_exactly_and_nothing_is_written(city_clerk):
    rows = [row(D(2023, 1, d + 2), "维持", D(2023, 1, d + 5), D(2023, 3, d + 1)) for d in range(8)]
    rows[1][9] = D(2022, 12, 30)  # Excel row 3: accepted before received
    valid = person_id(3)
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    rows[4][4] = wrong  # row 6: wrong check digit
    rows[7][12] = None  # row 9: a result without a closing date
    before, events = Case.objects.count(), CaseEvent.objects.count()
    report = import_reconsideration(xlsx(rows), organisation=org(OFFICE), actor=city_clerk, file_name="bad.xlsx")
    assert not report.ok and report.created == 0
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "受理日期"),
        (6, "身份证号 / 统一社会信用代码"),
        (9, "办结日期"),
    ]
    assert "不能早于收到日期" in report.errors[0].message
    assert "校验位" in report.errors[1].message
    assert "须填写办结日期" in report.errors[2].message
    assert Case.objects.count() == before and CaseEvent.objects.count() == events
    sheet = load_workbook(io.BytesIO(report.to_xlsx())).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "值", "问题"]
    assert [c.value for c in sheet[3]][:3] == [6, "身份证号 / 统一社会信用代码", mask_id_number(wrong)]  # masked
    assert sheet.max_row == 4


def test_every_problem_of_every_row_is_collected(city_clerk):
    rows = [
        row("2023-13-01", "胜诉", None, D(2023, 1, 1), amount=-5, region="110101000000", phone="abc"),
        row(D(2099, 1, 1), "不予受理", D(2023, 1, 2), D(2023, 1, 3), procedure="简易程序", number="包复〔2023〕1号"),
        row(D(2023, 1, 2), "", None, D(2023, 3, 3), number="包复〔2023〕1号", act_type="罚款"),
        row(D(2023, 2, 1), "维持", None, D(2023, 3, 1), applicant="", respondent="", code="ABC"),
    ]
    report = validate_workbook(xlsx(rows), organisation=org(OFFICE))
    found = {(e.row, e.column) for e in report.errors}
    assert {(2, "收到日期"), (2, "结果"), (2, "涉案金额"), (2, "行政区划代码"), (2, "联系电话")} <= found
    assert {(3, "收到日期"), (3, "受理日期"), (3, "审理程序")} <= found
    assert {(4, "案号"), (4, "结果"), (4, "行政行为类型")} <= found
    assert {(5, "申请人"), (5, "被申请人"), (5, "身份证号 / 统一社会信用代码"), (5, "受理日期")} <= found
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "晚于今天" in messages[(3, "收到日期")]
    assert "第3行" in messages[(4, "案号")]
    assert "不存在" in messages[(2, "行政区划代码")]
    assert report.rows == []
    outside = validate_workbook(xlsx([row(D(2023, 1, 5), region="150203000000")]), organisation=org("东河区司法局"))
    assert [(e.row, e.column) for e in outside.errors] == [(2, "行政区划代码")]
    assert "不在本机构（东河区司法局）辖区内" in outside.errors[0].message


def test_a_kept_number_already_in_the_database_is_rejected(city_clerk):
    import_good(city_clerk)
    report = validate_workbook(xlsx([row(D(2023, 1, 5), number="包复〔2023〕5号")]), organisation=org(OFFICE))
    assert [(e.row, e.column, e.message) for e in report.errors] == [(2, "案号", "本机构已有该案号的案件。")]


def test_a_formula_cell_is_rejected(city_clerk):
    rows = [row(D(2023, 1, 5)), row("=TODAY()")]
    report = import_reconsideration(xlsx(rows), organisation=org(OFFICE), actor=city_clerk)
    assert [(e.row, e.column) for e in report.errors] == [(3, "收到日期")]
    assert "请勿在单元格中使用公式" in report.errors[0].message
    assert report.created == 0


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("收到日期,申请人,被申请人\n2023-01-05,张三,某局\n".encode(), "CSV"),
        ("收到日期,申请人\n".encode("gb18030"), "CSV"),
        (bytes(range(256)) * 20, "不是 Excel"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (b"PK\x03\x04 truncated zip", "损坏"),
        (b"", "文件为空"),
    ],
)
def test_files_that_are_not_xlsx_get_a_chinese_reason(city_clerk, data, expected):
    report = import_reconsideration(data, organisation=org(OFFICE), actor=city_clerk, file_name="台账.xlsx")
    assert not report.ok and expected in report.errors[0].message
    assert report.errors[0].row is None


def test_a_docx_renamed_and_an_empty_workbook_and_missing_headers(city_clerk):
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    assert "Word" in validate_workbook(buf.getvalue(), organisation=org(OFFICE)).errors[0].message
    empty = io.BytesIO()
    Workbook().save(empty)
    assert "工作簿为空" in validate_workbook(empty.getvalue(), organisation=org(OFFICE)).errors[0].message
    report = validate_workbook(xlsx([["2023-01-01", "张三"]], headers=["收到日期", "申请人"]), organisation=org(OFFICE))
    assert [e.message for e in report.errors] == ["缺少必填列：被申请人"]
    only_header = validate_workbook(xlsx([]), organisation=org(OFFICE))
    assert "没有数据行" in only_header.errors[0].message
    no_header = validate_workbook(xlsx([["a", "b"]], headers=["甲", "乙"]), organisation=org(OFFICE))
    assert "收到日期、申请人、被申请人" in no_header.errors[0].message


def test_title_rows_blank_rows_serial_dates_and_numbers_as_text(city_clerk):
    wb = Workbook()
    ws = wb.active
    ws.append(["2023年行政复议案件登记表"])
    ws.merge_cells("A1:O1")
    ws.append([])
    ws.append(HEADERS)
    ws.append(row(44936, "维持", "2023.1.12", "2023-03-01 00:00:00", phone=13812345678, amount="1250.5"))  # row 4
    ws.append([None] * 15)
    ws.append([" ", None, "  "])
    r = row(datetime(2023, 2, 1, 9, 30), "不予受理", None, "2023年2月3日", region=150203000000)
    ws.append(r)  # row 7
    out = io.BytesIO()
    wb.save(out)
    report = import_reconsideration(out.getvalue(), organisation=org(OFFICE), actor=city_clerk)
    assert report.ok, report.errors
    first, second = sorted(report.rows, key=lambda r: r.row)
    assert (first.row, first.received_on, first.accepted_on, first.closed_on) == (
        4,
        date(2023, 1, 10),  # Excel serial day 44936 in a cell formatted as a number
        date(2023, 1, 12),
        date(2023, 3, 1),
    )
    assert first.phone == "13812345678" and first.amount == Decimal("1250.5")
    assert (second.row, second.received_on, second.closed_on, second.region) == (
        7,
        date(2023, 2, 1),
        date(2023, 2, 3),
        "150203000000",
    )


def test_a_write_failure_halfway_leaves_nothing(city_clerk, monkeypatch):
    monkeypatch.setattr(imports, "WRITE_CHUNK", 4)
    original = imports.build_case

    def failing(r, number, organisation):
        if r.row == 15:  # chunks of rows 2–5, 6–9, 10–13 are already in the database by now
            raise DatabaseError("disk I/O error")
        return original(r, number, organisation)

    monkeypatch.setattr(imports, "build_case", failing)
    before = (Case.objects.count(), CaseEvent.objects.count(), NumberSequence.objects.filter(year=2023).count())
    report = import_good(city_clerk)
    assert not report.ok and report.created == 0
    assert "未导入任何数据" in report.errors[0].message
    assert (Case.objects.count(), CaseEvent.objects.count(), NumberSequence.objects.filter(year=2023).count()) == before


def test_a_number_taken_between_checking_and_writing_rolls_everything_back(city_clerk):
    report = validate_workbook(xlsx(GOOD), organisation=org(OFFICE), file_name="x.xlsx")
    assert report.ok
    case_open(
        line="reconsideration",
        organisation=org(OFFICE),
        title="同时登记",
        received_on=date(2023, 1, 5),
        actor=city_clerk,
    )
    # Someone else's case now holds a number the file keeps (e.g. typed in by hand meanwhile).
    Case.objects.filter(number="包复〔2023〕1号").update(number="包复〔2023〕5号")
    before = Case.objects.count()
    with pytest.raises(IntegrityError):
        write_rows(report, organisation=org(OFFICE), actor=city_clerk)
    assert Case.objects.count() == before


def test_only_registrars_and_section_heads_may_import(city_head, donghe_clerk):
    report = import_good(city_head)  # a section head may import (case_open would refuse them: intake roles)
    assert report.ok and report.created == 20
    with pytest.raises(imports.ImportForbidden):
        import_good(donghe_clerk)


def test_the_command_imports_or_lists_the_problems(city_clerk, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD))
    call_command("import_reconsideration", str(good), "--organisation", OFFICE, "--user", "city_clerk", "--dry-run")
    assert "检查通过：共20行" in capsys.readouterr().out
    assert not CaseEvent.objects.filter(code="imported").exists()
    call_command("import_reconsideration", str(good), "--organisation", OFFICE, "--user", "city_clerk")
    assert "已导入20件" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_text("收到日期,申请人\n")
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_reconsideration", str(bad), "--organisation", OFFICE, "--user", "city_clerk")
    assert exit_info.value.code == 1
    assert "CSV" in capsys.readouterr().err


def test_the_page_permissions(login, citizen, donghe_clerk, city_clerk, city_head):
    assert login(None).get("/reconsideration/import/").status_code == 302
    assert login(citizen).get("/reconsideration/import/").status_code == 403
    assert login(donghe_clerk).get("/reconsideration/import/").status_code == 403  # handler only
    for user in (city_clerk, city_head):
        html = login(user).get("/reconsideration/import/").content.decode()
        assert OFFICE in html and 'type="file"' in html


def test_the_page_imports_a_good_file(login, city_clerk):
    client = login(city_clerk)
    upload = io.BytesIO(xlsx(GOOD))
    upload.name = "2023年复议台账.xlsx"
    response = client.post("/reconsideration/import/", {"organisation": org(OFFICE).pk, "file": upload}, follow=True)
    assert response.status_code == 200
    assert "已导入20件历史行政复议案件" in response.content.decode()
    assert CaseEvent.objects.filter(code="imported").count() == 20
    record = AccessRecord.objects.get(object_type="reconsideration.import")
    assert record.action == "view" and record.detail["file"] == "2023年复议台账.xlsx"
    assert record.detail["rows"] == "20" and record.detail["created"] == "20"


def test_the_page_shows_problems_and_offers_the_full_report(login, city_clerk, kundulun_clerk):
    client = login(city_clerk)
    rows = [row(D(2023, 1, 5), "维持", None, D(2023, 2, 1)) for _ in range(250)]
    upload = io.BytesIO(xlsx(rows))
    upload.name = "bad.xlsx"
    response = client.post("/reconsideration/import/", {"organisation": org(OFFICE).pk, "file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "发现250个问题" in html and "以下仅显示前200个问题" in html
    assert html.count("须经受理，请填写受理日期") == 200
    link = html.split('href="/reconsideration/import/report/')[1].split('"')[0]
    report = client.get(f"/reconsideration/import/report/{link}")
    assert report.status_code == 200 and report["Content-Type"].startswith("application/vnd.openxml")
    assert load_workbook(io.BytesIO(report.content)).active.max_row == 251
    assert AccessRecord.objects.filter(object_type="reconsideration.import_report", action="download").exists()
    assert client.get("/reconsideration/import/report/wrong-token/").status_code == 404
    assert not Case.objects.filter(organisation=org(OFFICE)).exists()


def test_the_page_answers_junk_in_chinese_without_a_500(login, city_clerk):
    client = login(city_clerk)
    for content, expected in ((b"\x00\x01binary junk" * 50, "不是 Excel"), (b"a,b\n1,2\n", "CSV")):
        upload = io.BytesIO(content)
        upload.name = "junk.xlsx"
        response = client.post("/reconsideration/import/", {"organisation": org(OFFICE).pk, "file": upload})
        assert response.status_code == 400 and expected in response.content.decode()
    response = client.post("/reconsideration/import/", {"organisation": org(OFFICE).pk})
    assert response.status_code == 400 and "请选择要导入的文件" in response.content.decode()
    other = org("东河区司法局").pk
    upload = io.BytesIO(xlsx(GOOD))
    upload.name = "x.xlsx"
    response = client.post("/reconsideration/import/", {"organisation": other, "file": upload})
    assert response.status_code == 400 and "请选择您有权导入的机构" in response.content.decode()


def test_performance_5000_rows(city_clerk, capsys):
    """Not a timed assertion: prints rows per second for checking and for writing (see the report)."""
    base = GOOD[:15] + GOOD[16:17]  # closed cases and an open accepted one
    rows = []
    for i in range(5000):
        r = list(base[i % len(base)])
        r[0] = ""
        r[2] = f"申请人{i}"
        r[4] = person_id(i)
        rows.append(r)
    data = xlsx(rows)
    started = time.perf_counter()
    report = import_reconsideration(data, organisation=org(OFFICE), actor=city_clerk, file_name="perf.xlsx")
    total = time.perf_counter() - started
    assert report.ok, report.errors[:5]
    assert report.created == 5000
    with capsys.disabled():
        print(
            f"\nimport 5000 rows: validate {report.validate_seconds:.2f}s "
            f"({5000 / report.validate_seconds:,.0f} rows/s), write {report.write_seconds:.2f}s "
            f"({5000 / report.write_seconds:,.0f} rows/s), total {total:.2f}s"
        )


def test_the_change_record_matches_what_auditlog_writes_for_a_saved_row(city_clerk):
    from auditlog.diff import model_instance_diff
    from auditlog.models import LogEntry

    import_good(city_clerk)
    case = Case.objects.get(number="包复〔2023〕5号")
    entry = LogEntry.objects.get_for_object(case).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == city_clerk
    expected = {k: list(v) for k, v in model_instance_diff(None, case).items()}
    assert entry.changes == expected
    party = case.parties.get(role="applicant")
    assert LogEntry.objects.get_for_object(party).get().changes == {
        k: list(v) for k, v in model_instance_diff(None, party).items()
    }


def test_the_city_office_imports_into_its_own_series_not_a_countys(city_clerk, baotou):
    """The command checks the organisation like the page: the city office's registrar cannot write a county's cases."""
    importer = imports.IMPORTER
    assert importer.can_import(city_clerk, org("包头市人民政府行政复议办公室"))
    assert not importer.can_import(city_clerk, org("东河区司法局"))
    with pytest.raises(imports.ImportForbidden):
        importer.run(io.BytesIO(b""), organisation=org("东河区司法局"), actor=city_clerk)
    assert not Case.objects.exists()
