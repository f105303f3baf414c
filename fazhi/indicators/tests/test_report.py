"""The annual report: the JSON command keyed like the Baotou reference, the page's links, the downloads."""

from __future__ import annotations

import io
import json
import re
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.accounts.models import Organisation
from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.indicators.declarations import areas, line_reports, references
from fazhi.indicators.registry import registry
from fazhi.indicators.report import fmt_number, fmt_wan, times
from fazhi.reconsideration.models import ReconsiderationDetail

pytestmark = pytest.mark.django_db

CITY, DONGHE, KUNDULUN = "包头市人民政府行政复议办公室", "东河区司法局", "昆都仑区司法局"
D = date
REPORT = "/indicators/report/"


def refresh_rollups() -> None:
    """Figures are read from rollups once `compute` does: rebuild them after a bulk load (a no-op before that)."""
    try:
        from fazhi.indicators.rollups import rebuild
    except ImportError:
        return
    rebuild()


def make_cases(rows, *, start: int = 1) -> list[Case]:
    """rows: (organisation, outcome, received_on, accepted_on, closed_on, procedure_type) of reconsideration."""
    cases = Case.objects.bulk_create(
        Case(
            line="reconsideration",
            number=f"测〔{received.year}〕{i}号",
            organisation=org(o),
            region=org(o).region,
            title="t",
            state="decided" if closed else "accepted",
            outcome=outcome,
            received_on=received,
            accepted_on=accepted,
            closed_on=closed,
        )
        for i, (o, outcome, received, accepted, closed, _) in enumerate(rows, start=start)
    )
    ReconsiderationDetail.objects.bulk_create(
        ReconsiderationDetail(case=c, procedure_type=row[5]) for c, row in zip(cases, rows, strict=True)
    )
    refresh_rollups()
    return cases


# 2023: 3 received. 2024: 9 received, 7 closed (6 concluded, 3 corrected, 2 mediated or settled), 1 not accepted.
ROWS = [
    (CITY, "upheld", D(2023, 3, 5), D(2023, 3, 8), D(2023, 5, 1), "ordinary"),
    (CITY, "revoked", D(2023, 6, 1), D(2023, 6, 2), D(2023, 7, 20), "ordinary"),
    (CITY, "varied", D(2023, 12, 20), D(2023, 12, 25), D(2024, 1, 30), "simplified"),
    (CITY, "upheld", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
    (CITY, "revoked", D(2024, 2, 1), D(2024, 2, 2), D(2024, 3, 20), "ordinary"),
    (CITY, "mediation_statement", D(2024, 3, 1), D(2024, 3, 4), D(2024, 4, 1), "ordinary"),
    (CITY, "settled_withdrawn", D(2024, 4, 1), D(2024, 4, 2), D(2024, 5, 2), "simplified"),
    (CITY, "application_rejected", D(2024, 5, 6), D(2024, 5, 7), D(2024, 6, 1), "ordinary"),
    (CITY, "not_accepted", D(2024, 6, 3), None, D(2024, 6, 5), "ordinary"),
    (DONGHE, "confirmed_unlawful", D(2024, 7, 1), D(2024, 7, 2), D(2024, 8, 31), "ordinary"),
    (DONGHE, "", D(2024, 11, 1), D(2024, 11, 4), None, "ordinary"),
    (KUNDULUN, "claim_rejected", D(2024, 8, 1), D(2024, 8, 2), D(2025, 1, 10), "ordinary"),
]


@pytest.fixture
def cases(baotou):
    made = make_cases(ROWS)
    Organisation.objects.create(
        name="东河区涉企行政复议联系点", short_name="东", kind="liaison_point", region_id="150202000000"
    )
    return made


def annual_json(region="150200000000", year=2024) -> dict:
    out = StringIO()
    call_command("annual_report", region=region, year=year, format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_reference_table_names_declared_figures():
    known = registry()
    for ref in references():
        assert ref.indicator in {i.key for i in known[ref.line].indicators}, ref


def test_the_command_prints_every_figure_keyed_like_the_baotou_reference(cases):
    figures = annual_json()
    assert figures["period"] == "2024-01-01/2024-12-31"
    assert figures["region"] == {"code": "150200000000", "name": "包头市"}
    reference_keys = {
        "reconsideration": [
            "received", "received_vs_2023_total_caseload", "closed", "mediated_or_settled",
            "mediated_or_settled_rate_pct", "concluded", "directly_corrected", "correction_rate_pct",
            "lost_litigation_cases_analysed", "corrected_cases_analysed", "analysis_reports",
        ],
        "mediation": ["disputes_mediated", "success_rate_pct"],
        "legal_aid": ["cases", "recovered_for_workers_yuan"],
        "business_environment": ["enterprise_reconsideration_liaison_points"],
    }  # fmt: skip
    for section, keys in reference_keys.items():
        assert list(figures[section])[: len(keys)] == keys, section
    r = figures["reconsideration"]
    assert (r["received"], r["closed"], r["mediated_or_settled"], r["concluded"], r["directly_corrected"]) == (
        9,
        7,
        2,
        6,
        3,
    )
    assert r["received_vs_2023_total_caseload"] == 3.0  # 9 ÷ 3, like the article's "是2023年总办案量的3倍"
    assert (r["mediated_or_settled_rate_pct"], r["correction_rate_pct"]) == (28.57, 50.0)
    assert (r["lost_litigation_cases_analysed"], r["corrected_cases_analysed"], r["analysis_reports"]) == (0, 0, 0)
    # every other figure under the line's own key, and no reference figure twice
    assert (r["accepted"], r["not_accepted"], r["simplified"]) == (8, 1, 1)
    assert "enterprise_reconsideration_liaison_points" not in r
    # the section also holds the supervision line's figures (lenient penalties, outreach), after reconsideration's
    assert figures["business_environment"]["enterprise_reconsideration_liaison_points"] == 1
    assert figures["business_environment"]["lenient_penalty_cases"] == 0
    assert figures["mediation"]["disputes_mediated"] == 0 and figures["mediation"]["success_rate_pct"] is None
    assert figures["legal_aid"]["cases"] == 0
    elsewhere = {
        (ref.line, ref.indicator) for r in line_reports().values() for ref in r.refs if ref.section != ref.line
    }
    assert ("reconsideration", "enterprise_reconsideration_liaison_points") in elsewhere
    for line, li in registry().items():
        for ind in li.indicators:
            if (line, ind.key) not in elsewhere:  # a figure the reference prints under another section's key
                assert ind.key in figures[line], (line, ind.key)


def test_the_command_counts_a_county_subtree_and_prints_text(cases):
    donghe = annual_json("150202000000")
    assert donghe["region"]["name"] == "东河区"
    assert (donghe["reconsideration"]["received"], donghe["reconsideration"]["directly_corrected"]) == (2, 1)
    assert donghe["reconsideration"]["received_vs_2023_total_caseload"] is None  # nothing received there in 2023
    out = StringIO()
    call_command("annual_report", region="150200000000", year=2024, format="text", stdout=out)
    text = out.getvalue()
    assert (
        "一年来，行政争议实质化解取得新进展。全市行政复议机关全年新收行政复议案件9件，是2023年的3倍，办结案件7件"
        in text
    )
    assert "调解和解率达28.57%" in text and "纠错率50%" in text
    assert "设立涉企行政复议联系点1个" in text


def test_numbers_read_like_the_review():
    assert (fmt_number(32.04), fmt_number(98.90), fmt_number(1293), fmt_number(None)) == ("32.04", "98.9", "1293", "—")
    assert fmt_wan(8181000) == "818.1万元"
    assert (times(1293, 431), times(5, 0)) == (3.0, None)
    assert {a.key for a in areas()} >= {"reconsideration", "mediation", "legal_aid", "business_environment"}


def _links(html: str) -> list[tuple[str, str, str]]:
    """(href, data-value, data-count) of every figure link on a page."""
    return re.findall(r'<a class="fig" href="([^"]+)" data-value="([^"]*)" data-count="([01])"', html)


def test_report_numbers_link_to_drilldowns_whose_rows_equal_the_figure(cases, leader, login):
    client = login(leader)
    response = client.get(REPORT, {"year": 2024, "region": "150200000000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "一年来，行政争议实质化解取得新进展。" in html
    links = _links(html)
    counts = [(href, value) for href, value, count in links if count == "1"]
    assert len(counts) >= 20
    checked = 0
    for href, value in counts:
        page = client.get(href.replace("&amp;", "&"))
        assert page.status_code == 200, href
        total = re.search(r'data-total="(\d+)"', page.content.decode()).group(1)
        if "key=hearings" in href:
            continue  # events, not cases: a case with two hearings counts twice
        assert total == value, (href, total, value)
        checked += 1
    assert checked >= 20
    # the paragraph's 新收 number is a link to the 9 received cases
    received = next(h for h, v, c in links if "key=received&" in h.replace("&amp;", "&") and v == "9")
    page = client.get(received.replace("&amp;", "&")).content.decode()
    assert page.count('class="record"') == 9 and "测〔2024〕4号" in page


def test_a_ratio_has_no_record_list(cases, leader, login):
    url = "/indicators/records/?line=reconsideration&key=correction_rate_pct&year=2024&region=150200000000"
    assert login(leader).get(url).status_code == 404
    assert login(leader).get(url.replace("correction_rate_pct", "nope")).status_code == 404
    assert login(leader).get(url.replace("reconsideration", "nope")).status_code == 404


def test_word_download_is_gbt9704_contains_the_figures_and_is_recorded(cases, leader, login):
    from docx import Document

    response = login(leader).get(REPORT, {"year": 2024, "region": "150200000000", "format": "docx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "包头市2024年司法行政工作主要数据" in text
    assert "全年新收行政复议案件9件" in text and "调解和解率达28.57%" in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "新收" in cells and "9" in cells
    record = AccessRecord.objects.get(action="download", object_type="indicators.report")
    assert record.user == leader
    assert record.detail["format"] == "docx" and record.detail["region"] == "150200000000"


def test_excel_download_has_a_sheet_per_line_and_is_recorded(cases, leader, login):
    from openpyxl import load_workbook

    response = login(leader).get(REPORT, {"year": 2024, "format": "xlsx", "region": "150200000000"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["行政复议", "人民调解", "法律援助", "合法性审核", "行政执法监督"]
    sheet = list(wb["行政复议"].iter_rows(values_only=True))
    assert sheet[1] == ("指标", "2024年", "2023年", "增减", "增减幅度（%）", "单位")  # no column of English keys
    labels = {i.key: str(i.zh) for i in registry()["reconsideration"].indicators}
    rows = {r[0]: r for r in sheet[2:]}
    assert rows[labels["received"]][1:4] == (9, 3, 6) and rows[labels["received"]][5] == "件"
    assert rows[labels["mediated_or_settled_rate_pct"]][1] == 28.57
    assert rows[labels["mediated_or_settled_rate_pct"]][5] == "%"
    units = {r[5] for name in wb.sheetnames for r in wb[name].iter_rows(min_row=3, values_only=True)}
    assert units <= {"件", "%", "元", "日", ""}, units
    assert (
        AccessRecord.objects.filter(action="download", object_type="indicators.report").get().detail["format"] == "xlsx"
    )


def test_a_county_clerk_gets_the_county_report_only(cases, donghe_clerk, login):
    client = login(donghe_clerk)
    html = client.get(REPORT, {"year": 2024}).content.decode()
    assert "东河区2024年司法行政工作主要数据" in html
    assert re.search(r"全区行政复议机关全年新收行政复议案件<a [^>]+>2</a>件", html)
    assert client.get(REPORT, {"year": 2024, "region": "150200000000"}).status_code == 403
    assert client.get(REPORT, {"year": 2024, "region": "150203000000", "format": "docx"}).status_code == 403
    assert not AccessRecord.objects.filter(object_type="indicators.report").exists()
