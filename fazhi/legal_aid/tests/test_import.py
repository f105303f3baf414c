"""Excel import of historical 法律援助 cases: exact results, every problem reported, all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from openpyxl import Workbook, load_workbook

from fazhi.cases.imports import ImportForbidden
from fazhi.cases.models import Case, CaseEvent, Deadline, NumberSequence
from fazhi.cases.runner import case_open, case_transition
from fazhi.cases.tests.factories import org
from fazhi.core.masking import mask_id_number
from fazhi.core.validators import id_number_check_char
from fazhi.indicators.registry import Period
from fazhi.legal_aid import imports
from fazhi.legal_aid.imports import import_legal_aid, validate_workbook
from fazhi.legal_aid.indicators import INDICATORS

pytestmark = pytest.mark.django_db


CENTRE = "包头市法律援助中心"
HEADERS = [
    "案号",
    "收到日期",
    "申请人",
    "身份证号",
    "来源",
    "案件类别",
    "申请事项",
    "受援人群体",
    "请求类型",
    "决定",
    "决定日期",
    "承办人员",
    "执业年限",
    "结案日期",
    "结案结果",
    "裁判金额",
    "执行到位金额",
    "避免损失金额",
    "质量等级",
]
LABOUR = "请求确认劳动关系或者支付劳动报酬"
INJURY = "请求工伤事故、交通事故、食品药品安全事故、医疗事故人身损害赔偿"


def person_id(seq: int) -> str:
    first17 = f"150202198001{seq % 28 + 1:02d}{seq % 1000:03d}"
    return first17 + id_number_check_char(first17)


def xlsx(rows, headers=HEADERS) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(list(headers))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(
    received,
    decision="给予",
    decided=None,
    closed=None,
    result="",
    *,
    number="",
    applicant="张三",
    id_number=None,
    route="本人申请",
    category="民事",
    matter=LABOUR,
    group="",
    claim="",
    lawyer="",
    years=None,
    awarded=None,
    collected=None,
    avoided=None,
    grade="",
):
    return [
        number,
        received,
        applicant,
        person_id(len(applicant)) if id_number is None else id_number,
        route,
        category,
        matter,
        group,
        claim,
        decision,
        decided,
        lawyer,
        years,
        closed,
        result,
        awarded,
        collected,
        avoided,
        grade,
    ]


D = date
WON, WORKER, WAGES, NOTIFIED = "胜诉或主张得到支持", "农民工", "追索劳动报酬", "办案机关通知辩护（代理）"
# 20 historical cases of the city centre, mixed outcomes, dates as Excel dates and as text.
GOOD = [
    row(D(2023, 1, 5), "给予", D(2023, 1, 9), D(2023, 3, 1), WON, number="包援〔2023〕5号", group=WORKER, claim=WAGES,
        lawyer="王律师", years=5, awarded=50000, collected=45000, grade="优秀"),  # 2
    row("2023-02-01", "给予", "2023-02-03", "2023-04-03", "调解、和解结案", group=WORKER, claim=WAGES, lawyer="李律师",
        awarded="30,000元", collected=30000),  # 3
    row("2023/2/10", "给予", "2023/2/12", "2023/5/10", "部分支持", matter=INJURY,
        group="农牧民", claim="工伤赔偿", lawyer="周律师", awarded="80000.50"),  # 4
    row("2023年3月1日", "给予", "2023年3月3日", "2023年6月1日", WON, matter="请求给付赡养费、抚养费、扶养费",
        lawyer="吴律师", awarded=20000),  # 5: no worker group
    row(D(2023, 3, 10), "不予", D(2023, 3, 14), group=WORKER, claim=WAGES),  # 6
    row(D(2023, 4, 3), "", D(2023, 4, 4), D(2023, 6, 30), "刑事辩护、代理完成", route=NOTIFIED, category="刑事",
        matter="", lawyer="刘律师", years=10),  # 7
    row(D(2023, 4, 20), "给予", D(2023, 4, 22), D(2023, 7, 1), "刑事辩护、代理完成", route="看守所、值班律师转交申请",
        category="刑事", matter="", lawyer="陈律师"),  # 8
    row(D(2023, 5, 8), "给予", D(2023, 5, 10), D(2023, 8, 1), "未获支持", category="行政",
        matter="请求给予社会保险待遇或者社会救助", lawyer="郑律师", grade="合格"),  # 9
    row(D(2023, 5, 15), "给予", D(2023, 5, 17), D(2023, 9, 1), WON, group=WORKER, claim=WAGES, lawyer="王律师",
        awarded=12000, collected=0),  # 10
    row(D(2023, 6, 1), "给予", D(2023, 6, 2), D(2023, 6, 30), "调解、和解结案", category="非诉讼事项", group=WORKER,
        claim=WAGES, lawyer="基层法律服务工作者赵某", awarded=8000, avoided=2000),  # 11
    row(D(2023, 6, 12), "不予", D(2023, 6, 16)),  # 12
    row(D(2023, 7, 3), "给予", D(2023, 7, 5), D(2023, 8, 30), WON, group=WORKER, claim="其他", lawyer="李律师",
        awarded=7000),  # 13: not a wage or injury claim
    row(D(2023, 7, 10), "给予", D(2023, 7, 12), group=WORKER, claim=WAGES, lawyer="王律师"),  # 14: open, assigned
    row(D(2022, 12, 20), "给予", D(2022, 12, 26), D(2023, 2, 20), WON, group=WORKER, claim=WAGES, lawyer="李律师",
        awarded=15000),  # 15: aid case of 2022, closed 2023
    row(D(2023, 12, 10), "给予", D(2023, 12, 15), D(2024, 1, 20), WON, group=WORKER, claim=WAGES, lawyer="王律师",
        awarded=9000),  # 16: closed in 2024
    row(D(2023, 11, 1), "给予", D(2023, 11, 3)),  # 17: open, granted, not yet assigned
    row(D(2023, 12, 20), ""),  # 18: open, not yet decided
    row(D(2023, 9, 4), "", D(2023, 9, 5), route=NOTIFIED, category="刑事", matter="", lawyer="孙律师",
        number="包援[2023]40号"),  # 19: notified, assigned, open
    row(D(2023, 9, 18), "", route=NOTIFIED, category="刑事", matter=""),  # 20: notified, not yet assigned
    row("20230918", "grant", "2023-09-20", D(2023, 11, 15), "won", route="application", category="civil",
        matter="labour", group="herder", claim="work_injury", lawyer="周律师", years="3年", awarded=60000,
        grade="good"),  # 21: English keys
]  # fmt: skip


def import_good(actor, **kwargs):
    return import_legal_aid(
        xlsx(GOOD), organisation=org(CENTRE), actor=actor, file_name="2023年法援台账.xlsx", **kwargs
    )


def test_a_good_file_imports_every_case_in_its_recorded_state(city_head):
    report = import_good(city_head)
    assert report.ok, report.errors
    assert report.created == 20
    cases = {c.number: c for c in Case.objects.filter(line="legal_aid", organisation=org(CENTRE))}
    assert len(cases) == 20
    states = sorted(c.state for c in cases.values())
    assert states == sorted(["closed"] * 13 + ["refused"] * 2 + ["assigned"] * 2 + ["granted"] + ["received"] * 2)
    kept = cases["包援〔2023〕5号"]
    assert kept.accepted_on == date(2023, 1, 9) and kept.closed_on == date(2023, 3, 1) and kept.outcome == "won"
    detail = kept.legal_aid
    assert (detail.lawyer, detail.practice_years, detail.amount_awarded, detail.quality_grade) == (
        "王律师",
        5,
        50000,
        "excellent",
    )
    assert detail.recipient_group == "migrant_worker" and detail.claim_kind == "wages" and detail.matter == "labour"
    allocated = sorted(int(n.split("〕")[1][:-1]) for n in cases if "2023" in n)
    assert allocated == [5, 40, *range(41, 58)]
    assert NumberSequence.objects.get(organisation=org(CENTRE), series="legal_aid", year=2023).last == 57
    assert cases["包援〔2022〕1号"].accepted_on == date(2022, 12, 26)
    by_row = {e.data["row"]: e.case for e in CaseEvent.objects.filter(code="imported").select_related("case")}
    assert by_row[6].outcome == "refused" and by_row[6].closed_on == date(2023, 3, 14) and by_row[6].accepted_on is None
    assert by_row[7].legal_aid.route == "notified" and by_row[7].accepted_on == date(2023, 4, 4)
    assert by_row[8].legal_aid.route == "forwarded"
    assert by_row[4].legal_aid.amount_awarded == 80000.50 and by_row[4].legal_aid.claim_kind == "work_injury"
    assert by_row[11].legal_aid.case_category == "non_litigation" and by_row[11].legal_aid.amount_avoided == 2000
    assert by_row[18].state == "received" and by_row[18].accepted_on is None
    assert by_row[19].state == "assigned" and by_row[19].number == "包援〔2023〕40号"
    assert by_row[21].legal_aid.practice_years == 3 and by_row[21].legal_aid.quality_grade == "good"
    applicant = by_row[2].parties.get()
    assert applicant.role == "applicant" and applicant.id_number == person_id(2)
    assert by_row[2].title == "张三申请法律援助（请求确认劳动关系或者支付劳动报酬）"
    for case in cases.values():
        assert [e.code for e in case.events.all()] == ["imported"]
    assert not Deadline.objects.filter(case__in=[c for c in cases.values() if c.closed_on]).exists()
    assert Deadline.objects.filter(case=by_row[18], clock="review", state="running").exists()
    assert Deadline.objects.filter(case=by_row[20], clock="notified_assignment", state="running").exists()
    assert list(by_row[19].deadlines.values_list("clock", "state")) == [("notified_assignment", "met")]


def test_the_indicators_count_the_imported_year(city_head):
    import_good(city_head)
    figures = INDICATORS.compute(Period.year(2023, "1502"))
    # Aid cases of 2023 (accepted_on in 2023): rows 2–5, 7–11, 13, 14, 16, 17, 19, 21 = 15
    # (not 6 and 12: refused; 15: granted 2022; 18 and 20: not yet decided or assigned).
    assert figures["cases"] == 15
    # Closed in 2023: rows 2–5, 7–11, 13, 15, 21 = 12 (16 closed in 2024; 14, 17, 19 still open).
    assert figures["closed"] == 12
    assert figures["refused"] == 2
    # For 农民工/农牧民 claiming wages or work-injury compensation, awarded, closed in 2023: rows 2 (50,000),
    # 3 (30,000), 4 (80,000.50), 10 (12,000), 11 (8,000), 15 (15,000), 21 (60,000); not 13 (其他), 16 (2024).
    assert figures["recovered_for_workers_yuan"] == 255000.5  # yuan and fen, not truncated
    assert figures["notified_criminal_cases"] == 3  # rows 7, 19, 20
    assert figures["quality_grades"] == {"excellent": 1, "good": 1, "pass": 1}


def test_open_cases_get_the_clocks_the_runner_would_start(city_clerk, city_head):
    import_good(city_head)
    imported = CaseEvent.objects.get(code="imported", data__row=17).case
    reference = case_open(
        line="legal_aid",
        organisation=org(CENTRE),
        title="对照",
        received_on=date(2023, 11, 1),
        actor=city_clerk,
        detail={"case_category": "civil", "matter": "labour"},
    )
    case_transition(case=reference, code="grant", actor=city_head, on=date(2023, 11, 3))

    def clocks(case):
        return sorted(case.deadlines.values_list("clock", "started_on", "due_on", "state", "stopped_on"))

    assert clocks(imported) == clocks(reference)
    assert [c[0] for c in clocks(imported)] == ["assignment", "review"]


def test_three_bad_rows_are_reported_exactly_and_nothing_is_written(city_head):
    rows = [
        row(D(2023, 1, d + 2), "给予", D(2023, 1, d + 4), D(2023, 3, d + 1), WON, lawyer="王律师") for d in range(8)
    ]
    rows[1] = row(D(2023, 1, 3), "不予", D(2023, 1, 5), lawyer="王律师")  # Excel row 3: refused, yet a lawyer
    valid = person_id(3)
    wrong = valid[:17] + ("0" if valid[17] != "0" else "1")
    rows[4][3] = wrong  # row 6: wrong check digit
    rows[7][13] = D(2023, 1, 8)  # row 9: closed before the decision (2023-01-11)
    before, events = Case.objects.count(), CaseEvent.objects.count()
    report = import_legal_aid(xlsx(rows), organisation=org(CENTRE), actor=city_head, file_name="bad.xlsx")
    assert not report.ok and report.created == 0
    assert [(e.row, e.column) for e in report.errors] == [(3, "承办人员"), (6, "身份证号"), (9, "结案日期")]
    assert report.errors[0].message == "不予法律援助的案件不填写承办人员和结案信息。"
    assert "校验位" in report.errors[1].message
    assert report.errors[2].message == "结案日期不能早于决定日期。"
    assert Case.objects.count() == before and CaseEvent.objects.count() == events
    sheet = load_workbook(io.BytesIO(report.to_xlsx())).active
    assert [c.value for c in sheet[3]][:3] == [6, "身份证号", mask_id_number(wrong)]  # never in clear
    assert sheet.max_row == 4


def test_every_problem_of_every_row_is_collected(city_head):
    rows = [
        row(D(2099, 1, 1), "同意", None, category="刑法", group="工人", claim="讨薪", grade="好"),
        row(D(2023, 1, 2), "给予", None, D(2023, 2, 1), "", category="刑事", awarded=-1, years=200),
        row(D(2023, 1, 2), "给予", D(2023, 1, 5), route=NOTIFIED, category="民事", id_number=150202198001010011),
        row(D(2023, 1, 4), "", D(2023, 1, 5), D(2023, 2, 5), WON, applicant=""),
        row(D(2023, 1, 4), "给予", D(2023, 1, 5), None, "", awarded=100, grade="优秀", years=3),
    ]
    report = validate_workbook(xlsx(rows), organisation=org(CENTRE))
    found = {(e.row, e.column) for e in report.errors}
    assert {(2, "收到日期"), (2, "决定"), (2, "案件类别"), (2, "受援人群体"), (2, "请求类型"), (2, "质量等级")} <= found
    assert {
        (3, "申请事项"),
        (3, "裁判金额"),
        (3, "执业年限"),
        (3, "决定日期"),
        (3, "结案结果"),
        (3, "承办人员"),
    } <= found
    assert {(4, "案件类别"), (4, "决定"), (4, "身份证号")} <= found
    assert {(5, "申请人"), (5, "决定日期"), (5, "结案日期"), (5, "结案结果")} <= found
    assert {(6, "裁判金额"), (6, "质量等级"), (6, "执业年限")} <= found
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "晚于今天" in messages[(2, "收到日期")]
    assert "金额不能为负数" in messages[(3, "裁判金额")]
    assert "应为刑事案件" in messages[(4, "案件类别")]
    assert "文本格式" in messages[(4, "身份证号")]
    assert "未作出决定" in messages[(5, "决定日期")]
    assert report.rows == []


def test_only_registrars_and_section_heads_of_the_centre_may_import(city_clerk, donghe_clerk):
    for user in (city_clerk, donghe_clerk):  # handlers
        with pytest.raises(ImportForbidden):
            import_good(user)
    assert list(imports.importable_organisations(city_clerk)) == []


def test_a_formula_cell_is_rejected(city_head):
    rows = [row(D(2023, 1, 5), ""), row(D(2023, 1, 6), "", applicant='=CONCAT("张","三")')]
    report = import_legal_aid(xlsx(rows), organisation=org(CENTRE), actor=city_head)
    assert [(e.row, e.column) for e in report.errors] == [(3, "申请人")]
    assert "请勿在单元格中使用公式" in report.errors[0].message
    assert not Case.objects.filter(line="legal_aid").exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("收到日期\t申请人\t案件类别\n2023-01-05\t张三\t民事\n".encode("utf-16"), "不是 Excel"),
        ("收到日期,申请人,案件类别\n2023-01-05,张三,民事\n".encode(), "CSV"),
        (b"PK\x03\x04 truncated zip", "损坏"),
    ],
)
def test_files_that_are_not_xlsx_get_a_chinese_reason(city_head, data, expected):
    report = import_legal_aid(data, organisation=org(CENTRE), actor=city_head, file_name="台账.xlsx")
    assert not report.ok and expected in report.errors[0].message and report.errors[0].row is None


def test_an_oversized_file_is_refused(city_head, monkeypatch):
    from fazhi.cases.imports import reading

    monkeypatch.setattr(reading, "MAX_BYTES", 1000)
    report = import_legal_aid(xlsx(GOOD), organisation=org(CENTRE), actor=city_head)
    assert [e.message for e in report.errors] == ["文件超过0MB，请分成多个文件导入。"]


def test_a_write_failure_halfway_leaves_nothing(city_head, monkeypatch):
    monkeypatch.setattr(imports.IMPORTER, "write_chunk", 4)
    original = imports.IMPORTER.detail

    def failing(r, case, prepared):
        if r.row == 15:  # chunks of rows 2–5, 6–9, 10–13 are already in the database by now
            raise DatabaseError("disk I/O error")
        return original(r, case, prepared)

    monkeypatch.setattr(imports.IMPORTER, "detail", failing)
    before = (Case.objects.count(), CaseEvent.objects.count(), NumberSequence.objects.filter(year=2023).count())
    report = import_good(city_head)
    assert not report.ok and report.created == 0
    assert "未导入任何数据" in report.errors[0].message
    assert (Case.objects.count(), CaseEvent.objects.count(), NumberSequence.objects.filter(year=2023).count()) == before


def test_the_command_checks_imports_or_lists_the_problems(city_head, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD))
    args = ["--organisation", CENTRE, "--user", "city_head"]
    call_command("import_legal_aid", str(good), *args, "--dry-run")
    assert "检查通过：共20行" in capsys.readouterr().out
    assert not Case.objects.filter(line="legal_aid").exists()
    call_command("import_legal_aid", str(good), *args)
    assert "已导入20件历史法律援助案件" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(D(2023, 1, 5), "不予", None)]))
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_legal_aid", str(bad), *args)
    assert exit_info.value.code == 1
    assert "第2行 [决定日期]" in capsys.readouterr().err
    assert Case.objects.filter(line="legal_aid").count() == 20


def test_the_page_imports_a_good_file(login, city_head, city_clerk):
    assert login(city_clerk).get("/legal-aid/import/").status_code == 403
    client = login(city_head)
    assert CENTRE in client.get("/legal-aid/import/").content.decode()
    upload = io.BytesIO(xlsx(GOOD))
    upload.name = "2023年法援台账.xlsx"
    response = client.post("/legal-aid/import/", {"organisation": org(CENTRE).pk, "file": upload}, follow=True)
    assert "已导入20件历史法律援助案件" in response.content.decode()


def test_performance_5000_rows(city_head, capsys):
    """Not a timed assertion: prints rows per second for checking and for writing (see the report)."""
    rows = []
    for i in range(5000):
        r = list(GOOD[1:17][i % 16])  # rows 3–17: every state, no kept numbers
        r[2] = f"申请人{i}"
        r[3] = person_id(i)
        rows.append(r)
    report = import_legal_aid(xlsx(rows), organisation=org(CENTRE), actor=city_head, file_name="perf.xlsx")
    assert report.ok, report.errors[:5]
    assert report.created == 5000
    with capsys.disabled():
        print(
            f"\nlegal aid import 5000 rows: validate {report.validate_seconds:.2f}s "
            f"({5000 / report.validate_seconds:,.0f} rows/s), write {report.write_seconds:.2f}s "
            f"({5000 / report.write_seconds:,.0f} rows/s)"
        )
