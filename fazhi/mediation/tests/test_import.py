"""Excel import of historical 人民调解 disputes: exact results, every problem reported, all or nothing."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from openpyxl import Workbook, load_workbook

from fazhi.accounts.models import Membership, Organisation, Role
from fazhi.audit.models import AccessRecord
from fazhi.cases.imports import ImportForbidden
from fazhi.cases.models import Case, CaseEvent, Deadline, NumberSequence
from fazhi.cases.runner import case_open, case_transition
from fazhi.cases.tests.factories import org
from fazhi.indicators.registry import Period
from fazhi.mediation import imports
from fazhi.mediation.imports import import_mediation, validate_workbook
from fazhi.mediation.indicators import INDICATORS

pytestmark = pytest.mark.django_db


COMMITTEE = "和平路街道人民调解委员会"
HEADERS = [
    "案号",
    "调委会",
    "收到日期",
    "申请人",
    "被申请人",
    "纠纷来源",
    "纠纷类型",
    "简要情况",
    "涉及金额",
    "涉及人数",
    "激化风险",
    "结果",
    "协议形式",
    "协议生效日期",
    "办结日期",
    "司法确认",
    "履行情况",
    "行政区划代码",
]


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
    outcome="",
    closed=None,
    *,
    kind="",
    effective=None,
    number="",
    committee="",
    applicants="张三",
    respondents="李四",
    source="申请调解",
    dispute_type="邻里纠纷",
    summary="因排水发生纠纷",
    amount=None,
    persons=None,
    risk="否",
    confirmation="",
    performance="",
    region="",
):
    return [
        number,
        committee,
        received,
        applicants,
        respondents,
        source,
        dispute_type,
        summary,
        amount,
        persons,
        risk,
        outcome,
        kind,
        effective,
        closed,
        confirmation,
        performance,
        region,
    ]


D = date
OK, FAILED, DECLINED = "调解成功", "调解不成", "不予调解"
# 20 historical disputes of the street committee, mixed outcomes, dates as Excel dates and as text.
GOOD = [
    row(D(2023, 1, 5), OK, D(2023, 1, 10), kind="书面", effective=D(2023, 1, 10), number="和调〔2023〕5号",
        confirmation="已确认", performance="已履行"),  # 2
    row("2023-02-01", OK, "2023-02-03", kind="口头"),  # 3
    row("2023/2/10", OK, "2023/2/20", kind="书面协议", effective="2023/2/20", amount="5,000元", performance="部分履行"),
    row("2023年3月1日", FAILED, "2023年3月30日"),  # 5
    row(D(2023, 3, 10), DECLINED, D(2023, 3, 12)),  # 6
    row(D(2023, 4, 3), OK, D(2023, 4, 3), kind="口头", source="主动调解", dispute_type="婚姻家庭纠纷"),  # 7
    row(D(2023, 4, 20), OK, D(2023, 5, 8), kind="书面", effective=D(2023, 5, 6), risk="是", persons=5,
        applicants="王五、赵六", respondents="钱七、孙八"),  # 8
    row(D(2023, 5, 8), FAILED, D(2023, 6, 8), source="法院委托移送"),  # 9
    row(D(2023, 5, 15), OK, D(2023, 5, 20), kind="口头", dispute_type="物业纠纷"),  # 10
    row(D(2023, 6, 1), OK, D(2023, 6, 10), kind="书面", effective=D(2023, 6, 10), confirmation="驳回"),  # 11
    row(D(2023, 6, 12), DECLINED, D(2023, 6, 13)),  # 12
    row(D(2023, 7, 3), OK, D(2023, 7, 4), kind="口头", dispute_type="labour", source="referral_police"),  # 13
    row(D(2023, 7, 10), FAILED, D(2023, 8, 10)),  # 14
    row(D(2023, 8, 1), OK, D(2023, 8, 20), kind="书面", effective=D(2023, 8, 15), performance="履行期未届满"),  # 15
    row(D(2022, 12, 20), OK, D(2023, 1, 6), kind="口头"),  # 16: received 2022, closed 2023
    row(D(2023, 12, 10), OK, D(2024, 1, 8), kind="书面", effective=D(2024, 1, 5)),  # 17: closed in 2024
    row(D(2023, 11, 1)),  # 18: open
    row(D(2023, 12, 20), risk="是"),  # 19: open
    row(D(2023, 9, 4), FAILED, D(2023, 10, 16), number="和调[2023]40号"),  # 20
    row("20230918", "success", D(2023, 9, 21), kind="oral", committee=COMMITTEE, region="150202001"),  # 21
]  # fmt: skip


def import_good(actor, **kwargs):
    return import_mediation(
        xlsx(GOOD), organisation=org(COMMITTEE), actor=actor, file_name="2023年调解台账.xlsx", **kwargs
    )


def test_a_good_file_imports_every_dispute_in_its_recorded_state(mediator):
    before = Case.objects.count()
    report = import_good(mediator)
    assert report.ok, report.errors
    assert report.created == 20 and Case.objects.count() == before + 20
    cases = {c.number: c for c in Case.objects.filter(line="mediation", organisation=org(COMMITTEE))}
    assert sorted(c.outcome for c in cases.values()) == sorted(
        ["success"] * 12 + ["failed"] * 4 + ["declined"] * 2 + ["", ""]
    )
    # Kept numbers (brackets normalised), the others gap-free after the highest kept number of the year.
    kept = cases["和调〔2023〕5号"]
    assert kept.state == "agreed" and kept.received_on == kept.accepted_on == date(2023, 1, 5)
    assert kept.mediation.agreement_kind == "written" and kept.mediation.agreement_effective_on == date(2023, 1, 10)
    assert kept.mediation.confirmation_result == "granted" and kept.mediation.performance == "performed"
    assert cases["和调〔2023〕40号"].state == "terminated"
    allocated = sorted(int(n.split("〕")[1][:-1]) for n in cases if "2023" in n)
    assert allocated == [5, 40, *range(41, 58)]
    assert cases["和调〔2022〕1号"].closed_on == date(2023, 1, 6)
    assert NumberSequence.objects.get(organisation=org(COMMITTEE), series="mediation", year=2023).last == 57
    by_row = {e.data["row"]: e.case for e in CaseEvent.objects.filter(code="imported").select_related("case")}
    assert by_row[6].state == "declined" and by_row[6].accepted_on is None and by_row[6].closed_on == date(2023, 3, 12)
    assert by_row[4].mediation.amount == 5000 and by_row[4].mediation.performance == "partly"
    assert by_row[8].mediation.persons_involved == 5 and by_row[8].mediation.escalation_risk
    assert sorted(by_row[8].parties.values_list("role", "name")) == [
        ("applicant", "王五"),
        ("applicant", "赵六"),
        ("respondent", "孙八"),
        ("respondent", "钱七"),
    ]
    assert by_row[3].mediation.persons_involved == 2 and by_row[3].mediation.agreement_effective_on is None
    assert by_row[9].mediation.source == "referral_court" and by_row[13].mediation.dispute_type == "labour"
    assert by_row[11].mediation.confirmation_result == "rejected"
    assert by_row[18].state == "mediating" and by_row[18].closed_on is None
    assert by_row[21].region_id == "150202001000" and by_row[21].outcome == "success"
    assert by_row[2].title == "张三因排水发生纠纷"
    for case in cases.values():
        events = list(case.events.all())
        assert [e.code for e in events] == ["imported"]
        assert events[0].label == "历史数据导入" and events[0].actor == mediator
    assert not Deadline.objects.filter(case__in=[c for c in cases.values() if c.closed_on]).exists()
    assert Deadline.objects.filter(case=by_row[19], clock="mediation", state="running").exists()


def test_the_indicators_count_the_imported_year(mediator):
    import_good(mediator)
    figures = INDICATORS.compute(Period.year(2023, "1502"))
    # Mediated in 2023 = success or failure closed in 2023. Successes: rows 2, 3, 4, 7, 8, 10, 11, 13, 15, 16, 21
    # (17 closed in 2024) = 11; failures: rows 5, 9, 14, 20 = 4. Refusals (6, 12) were never mediated.
    assert figures["disputes_mediated"] == 15
    assert figures["successful"] == 11
    assert figures["success_rate_pct"] == 73.33  # 11 / 15
    assert figures["received"] == 19  # all but row 16 (received 2022)
    assert figures["written_agreements"] == 5  # rows 2, 4, 8, 11, 15
    assert figures["oral_agreements"] == 6  # rows 3, 7, 10, 13, 16, 21
    assert figures["escalations_prevented"] == 1 and figures["escalations_prevented_persons"] == 5  # row 8
    assert figures["judicial_confirmations_granted"] == 1  # row 2
    assert figures["received_by_source"] == {
        "application": 16,
        "proactive": 1,
        "referral_court": 1,
        "referral_police": 1,
    }


def test_an_open_dispute_gets_the_clock_the_runner_would_start(mediator):
    import_good(mediator)
    imported = CaseEvent.objects.get(code="imported", data__row=18).case
    reference = case_open(
        line="mediation",
        organisation=org(COMMITTEE),
        title="对照",
        received_on=date(2023, 11, 1),
        actor=mediator,
        detail={"dispute_type": "neighbour"},
    )
    case_transition(case=reference, code="accept", actor=mediator, on=date(2023, 11, 1))

    def clocks(case):
        return sorted(case.deadlines.values_list("clock", "started_on", "due_on", "state", "stopped_on"))

    assert clocks(imported) == clocks(reference)
    assert [c[0] for c in clocks(imported)] == ["mediation"]


def test_three_bad_rows_are_reported_exactly_and_nothing_is_written(mediator):
    rows = [row(D(2023, 1, d + 2), OK, D(2023, 2, d + 1), kind="书面", effective=D(2023, 2, d + 1)) for d in range(8)]
    rows[1][12] = ""  # Excel row 3: 调解成功 without 协议形式 (nor, then, a place for its date)
    rows[1][13] = None
    rows[4][13] = D(2022, 12, 30)  # row 6: agreement effective before the dispute was received
    rows[7][11], rows[7][12], rows[7][13], rows[7][14] = FAILED, "", None, D(2022, 12, 1)  # row 9: closed before
    before, events = Case.objects.count(), CaseEvent.objects.count()
    report = import_mediation(xlsx(rows), organisation=org(COMMITTEE), actor=mediator, file_name="bad.xlsx")
    assert not report.ok and report.created == 0
    assert [(e.row, e.column) for e in report.errors] == [(3, "协议形式"), (6, "协议生效日期"), (9, "办结日期")]
    assert "须填写协议形式" in report.errors[0].message
    assert report.errors[1].message == "协议生效日期不能早于收到日期。"
    assert report.errors[2].message == "办结日期不能早于收到日期。"
    assert Case.objects.count() == before and CaseEvent.objects.count() == events
    sheet = load_workbook(io.BytesIO(report.to_xlsx())).active
    assert [c.value for c in sheet[1]] == ["行号", "列", "值", "问题"]
    assert [c.value for c in sheet[3]][:3] == [6, "协议生效日期", "2022-12-30"]
    assert sheet.max_row == 4


def test_every_problem_of_every_row_is_collected(mediator):
    rows = [
        row("2023-02-30", "和好", D(2023, 1, 1), amount=-5, persons="两人", region="110101000000", risk="可能"),
        row(D(2023, 1, 2), OK, D(2023, 1, 3), kind="口头", effective=D(2023, 1, 3), dispute_type="吵架", persons=1),
        row(D(2023, 1, 2), FAILED, None, confirmation="已确认", performance="已履行", committee="不存在的调委会"),
        row(D(2023, 1, 4), "", D(2023, 1, 5), applicants="", number="和调〔2023〕1号"),
        row(D(2023, 1, 4), OK, D(2023, 1, 5), kind="书面", effective=D(2023, 1, 9), number="和调〔2023〕1号"),
    ]
    report = validate_workbook(xlsx(rows), organisation=org(COMMITTEE))
    found = {(e.row, e.column) for e in report.errors}
    assert {
        (2, "收到日期"),
        (2, "结果"),
        (2, "涉及金额"),
        (2, "涉及人数"),
        (2, "行政区划代码"),
        (2, "激化风险"),
    } <= found
    assert {(3, "纠纷类型"), (3, "协议生效日期"), (3, "涉及人数")} <= found
    assert {(4, "调委会"), (4, "办结日期"), (4, "司法确认"), (4, "履行情况")} <= found
    assert {(5, "申请人"), (5, "结果")} <= found
    assert {(6, "协议生效日期"), (6, "案号")} <= found
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "日期不存在" in messages[(2, "收到日期")]
    assert "不能少于列出的当事人人数（2人）" in messages[(3, "涉及人数")]
    assert "口头协议" in messages[(3, "协议生效日期")]
    assert "找不到该人民调解委员会" in messages[(4, "调委会")]
    assert "不能晚于办结日期" in messages[(6, "协议生效日期")]
    assert "第5行" in messages[(6, "案号")]
    assert report.rows == []


def test_a_row_may_name_another_committee_the_user_may_import_into(mediator):
    village = Organisation.objects.create(
        name="环西社区人民调解委员会", short_name="环", kind="mediation_committee", region_id="150202001012"
    )
    Organisation.objects.create(
        name="财神庙街道人民调解委员会", short_name="财", kind="mediation_committee", region_id="150202002000"
    )
    rows = [row(D(2023, 3, 1), OK, D(2023, 3, 2), kind="口头", committee="环西社区人民调解委员会"), row(D(2023, 3, 1))]
    report = import_mediation(xlsx(rows), organisation=org(COMMITTEE), actor=mediator)
    assert report.ok, report.errors
    assert Case.objects.get(organisation=village).number == "环调〔2023〕1号"
    assert Case.objects.get(organisation=org(COMMITTEE)).number == "和调〔2023〕1号"
    outside = validate_workbook(
        xlsx([row(D(2023, 3, 1), committee="财神庙街道人民调解委员会")]), organisation=org(COMMITTEE), actor=mediator
    )
    assert [(e.row, e.column, e.value) for e in outside.errors] == [(2, "调委会", "财神庙街道人民调解委员会")]
    assert "您无权向该调委会导入纠纷" in outside.errors[0].message


def test_who_may_import(mediator, donghe_clerk, baotou):
    with pytest.raises(ImportForbidden):
        import_good(donghe_clerk)  # a handler of the district bureau: no importing role
    office = org("和平路司法所")
    registrar = baotou["kundulun_clerk"]
    Membership.objects.create(user=registrar, organisation=office, role=Role.REGISTRAR, lines=["mediation"])
    registrar._fazhi_scopes = None
    assert list(imports.importable_organisations(registrar)) == [org(COMMITTEE)]
    assert not imports.can_import(registrar, office)  # a 司法所 is not a committee
    assert import_good(registrar).created == 20


def test_a_formula_cell_is_rejected(mediator):
    rows = [row(D(2023, 1, 5)), row(D(2023, 1, 6), amount="=SUM(1,2)")]
    report = import_mediation(xlsx(rows), organisation=org(COMMITTEE), actor=mediator)
    assert [(e.row, e.column) for e in report.errors] == [(3, "涉及金额")]
    assert "请勿在单元格中使用公式" in report.errors[0].message
    assert report.created == 0 and not Case.objects.filter(line="mediation").exists()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("收到日期,申请人,纠纷类型\n2023-01-05,张三,邻里纠纷\n".encode("gb18030"), "CSV"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, ".xls"),
        (b"\x00\x01binary junk" * 50, "不是 Excel"),
    ],
)
def test_files_that_are_not_xlsx_get_a_chinese_reason(mediator, data, expected):
    report = import_mediation(data, organisation=org(COMMITTEE), actor=mediator, file_name="台账.xlsx")
    assert not report.ok and expected in report.errors[0].message and report.errors[0].row is None


def test_a_write_failure_halfway_leaves_nothing(mediator, monkeypatch):
    monkeypatch.setattr(imports.IMPORTER, "write_chunk", 4)
    original = imports.IMPORTER.build_case

    def failing(r, number):
        if r.row == 15:  # chunks of rows 2–5, 6–9, 10–13 are already in the database by now
            raise DatabaseError("disk I/O error")
        return original(r, number)

    monkeypatch.setattr(imports.IMPORTER, "build_case", failing)
    before = (Case.objects.count(), CaseEvent.objects.count(), NumberSequence.objects.filter(year=2023).count())
    report = import_good(mediator)
    assert not report.ok and report.created == 0
    assert "未导入任何数据" in report.errors[0].message
    assert (Case.objects.count(), CaseEvent.objects.count(), NumberSequence.objects.filter(year=2023).count()) == before


def test_the_command_checks_imports_or_lists_the_problems(mediator, tmp_path, capsys):
    good = tmp_path / "good.xlsx"
    good.write_bytes(xlsx(GOOD))
    args = ["--organisation", COMMITTEE, "--user", "mediator"]
    call_command("import_mediation", str(good), *args, "--dry-run")
    assert "检查通过：共20行" in capsys.readouterr().out
    assert not Case.objects.filter(line="mediation").exists()
    call_command("import_mediation", str(good), *args)
    assert "已导入20件历史人民调解纠纷" in capsys.readouterr().out
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(xlsx([row(D(2023, 1, 5), OK, D(2023, 1, 6))]))
    report = tmp_path / "problems.xlsx"
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_mediation", str(bad), *args, "--report", str(report))
    assert exit_info.value.code == 1
    assert "第2行 [协议形式]" in capsys.readouterr().err
    assert load_workbook(report).active.max_row == 2
    assert Case.objects.filter(line="mediation").count() == 20


def test_the_page_imports_or_shows_every_problem(login, mediator, citizen):
    assert login(citizen).get("/mediation/import/").status_code == 403
    client = login(mediator)
    html = client.get("/mediation/import/").content.decode()
    assert COMMITTEE in html and "人民调解委员会" in html and "“收到日期”“申请人”“纠纷类型”" in html
    upload = io.BytesIO(xlsx([row(D(2023, 1, 5), OK, D(2023, 1, 6))] * 3))
    upload.name = "bad.xlsx"
    response = client.post("/mediation/import/", {"organisation": org(COMMITTEE).pk, "file": upload})
    assert response.status_code == 400 and "发现3个问题" in response.content.decode()
    token = response.content.decode().split('href="/mediation/import/report/')[1].split('"')[0]
    assert load_workbook(io.BytesIO(client.get(f"/mediation/import/report/{token}").content)).active.max_row == 4
    upload = io.BytesIO(xlsx(GOOD))
    upload.name = "2023年调解台账.xlsx"
    response = client.post("/mediation/import/", {"organisation": org(COMMITTEE).pk, "file": upload}, follow=True)
    assert "已导入20件历史人民调解纠纷" in response.content.decode()
    assert AccessRecord.objects.filter(object_type="mediation.import").count() == 2
    assert AccessRecord.objects.filter(object_type="mediation.import_report", action="download").exists()


def test_performance_5000_rows(mediator, capsys):
    """Not a timed assertion: prints rows per second for checking and for writing (see the report)."""
    rows = []
    for i in range(5000):
        r = list(GOOD[i % 16])  # rows 2–17: every outcome, no kept numbers among rows 3–17
        r[0] = ""
        r[3] = f"申请人{i}"
        rows.append(r)
    report = import_mediation(xlsx(rows), organisation=org(COMMITTEE), actor=mediator, file_name="perf.xlsx")
    assert report.ok, report.errors[:5]
    assert report.created == 5000
    with capsys.disabled():
        print(
            f"\nmediation import 5000 rows: validate {report.validate_seconds:.2f}s "
            f"({5000 / report.validate_seconds:,.0f} rows/s), write {report.write_seconds:.2f}s "
            f"({5000 / report.write_seconds:,.0f} rows/s)"
        )
