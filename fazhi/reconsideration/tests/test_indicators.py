"""Reconsideration figures from case-level records, against hand counts and the Baotou 2024 ratios."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.indicators import rollups
from fazhi.indicators.registry import Period, ratio
from fazhi.reconsideration.indicators import INDICATORS, by_respondent_agency
from fazhi.reconsideration.models import AgencyAnalysis, Litigation, ReconsiderationDetail

pytestmark = pytest.mark.django_db


def make_cases(rows: list[tuple[str, str, date, date | None, date | None, str]]) -> list[Case]:
    """rows: (organisation, outcome, received_on, accepted_on, closed_on, procedure_type)."""
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
        for i, (o, outcome, received, accepted, closed, _) in enumerate(rows, start=1)
    )
    ReconsiderationDetail.objects.bulk_create(
        ReconsiderationDetail(case=c, procedure_type=row[5]) for c, row in zip(cases, rows, strict=True)
    )
    rollups.rebuild()  # rows written in bulk, as a loader would: the figures read rollups
    return cases


CITY, DONGHE, KUNDULUN = "包头市人民政府行政复议办公室", "东河区司法局", "昆都仑区司法局"
D = date


def test_figures_match_a_hand_count(baotou):
    make_cases(
        [
            (CITY, "upheld", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
            (CITY, "revoked", D(2024, 2, 1), D(2024, 2, 2), D(2024, 3, 20), "ordinary"),
            (CITY, "varied", D(2023, 12, 20), D(2023, 12, 25), D(2024, 1, 30), "simplified"),  # received in 2023
            (CITY, "mediation_statement", D(2024, 3, 1), D(2024, 3, 4), D(2024, 4, 1), "ordinary"),
            (CITY, "settled_withdrawn", D(2024, 4, 1), D(2024, 4, 2), D(2024, 5, 2), "simplified"),
            (CITY, "application_rejected", D(2024, 5, 6), D(2024, 5, 7), D(2024, 6, 1), "ordinary"),
            (CITY, "not_accepted", D(2024, 6, 3), None, D(2024, 6, 5), "ordinary"),
            (DONGHE, "confirmed_unlawful", D(2024, 7, 1), D(2024, 7, 2), D(2024, 8, 31), "ordinary"),
            (DONGHE, "", D(2024, 11, 1), D(2024, 11, 4), None, "ordinary"),  # still open
            (KUNDULUN, "claim_rejected", D(2024, 8, 1), D(2024, 8, 2), D(2025, 1, 10), "ordinary"),  # closed in 2025
        ]
    )
    figures = INDICATORS.compute(Period.year(2024, "1502"))
    # received in 2024: 9 (all but the 2023 one); accepted in 2024: 8 (not the 2023 one, not the refused one).
    assert (figures["received"], figures["accepted"], figures["not_accepted"]) == (9, 8, 1)
    # closed in 2024 (accepted, then closed): upheld, revoked, varied, mediation, settled, rejected-app, unlawful = 7
    assert figures["closed"] == 7
    # concluded = closed minus 驳回申请 = 6; corrected = revoked, varied, confirmed_unlawful = 3
    assert (figures["concluded"], figures["directly_corrected"], figures["mediated_or_settled"]) == (6, 3, 2)
    assert (figures["upheld"], figures["rejected"]) == (1, 0)
    assert figures["mediated_or_settled_rate_pct"] == 28.57  # 2 / 7
    assert figures["correction_rate_pct"] == 50.0  # 3 / 6
    assert figures["simplified"] == 1  # accepted in 2024 under the simplified procedure (the 2023 one is not)
    assert figures["simplified_share_pct"] == 12.5  # 1 / 8
    # days received → closed over the 7: 56 + 48 + 41 + 31 + 31 + 26 + 61 = 294 / 7 = 42.0
    assert figures["average_days_to_close"] == 42.0

    donghe_only = INDICATORS.compute(Period.year(2024, "150202"))
    assert (donghe_only["received"], donghe_only["closed"], donghe_only["directly_corrected"]) == (2, 1, 1)


def test_baotou_2024_ratios_come_out_of_the_counts():
    assert ratio(288, 899) == 32.04
    assert ratio(136, 813) == 16.73


def test_the_command_prints_baotou_keys_and_rates_for_the_reference_counts(baotou):
    # 899 closed: 136 corrected + 389 upheld + 288 mediated/settled (150 + 138) = 813 concluded, + 86 驳回申请.
    rows = (
        [(CITY, "revoked", D(2024, 3, 1), D(2024, 3, 4), D(2024, 5, 6), "ordinary")] * 136
        + [(CITY, "upheld", D(2024, 3, 1), D(2024, 3, 4), D(2024, 5, 6), "ordinary")] * 389
        + [(CITY, "mediation_statement", D(2024, 4, 1), D(2024, 4, 2), D(2024, 5, 6), "ordinary")] * 150
        + [(CITY, "settled_withdrawn", D(2024, 4, 1), D(2024, 4, 2), D(2024, 5, 6), "simplified")] * 138
        + [(CITY, "application_rejected", D(2024, 4, 1), D(2024, 4, 2), D(2024, 5, 6), "ordinary")] * 86
    )
    make_cases(rows)
    out = StringIO()
    call_command("indicators", line=["reconsideration"], region="150200000000", year=2024, format="json", stdout=out)
    figures = json.loads(out.getvalue())["reconsideration"]
    assert (figures["closed"], figures["mediated_or_settled"], figures["concluded"], figures["directly_corrected"]) == (
        899,
        288,
        813,
        136,
    )
    assert (figures["mediated_or_settled_rate_pct"], figures["correction_rate_pct"]) == (32.04, 16.73)


def test_denominators_are_configurable(baotou, settings):
    make_cases(
        [
            (CITY, "upheld", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
            (CITY, "withdrawn", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
            (CITY, "mediation_statement", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
        ]
    )
    assert INDICATORS.compute(Period.year(2024, "1502"))["mediated_or_settled"] == 1
    settings.FAZHI_INDICATORS = {"reconsideration": {"mediated_or_settled": ["mediation_statement", "withdrawn"]}}
    assert INDICATORS.compute_live(Period.year(2024, "1502"))["mediated_or_settled"] == 2  # the 调撤 variant
    rollups.rebuild()  # an outcome set is part of the rollup: changing one means `manage.py rebuild_rollups`
    assert INDICATORS.compute(Period.year(2024, "1502"))["mediated_or_settled"] == 2


def test_agencies_and_the_bureaus_analyses_are_counted(baotou):
    agency = org(CITY).__class__.objects.create(
        name="包头市某局", short_name="某", kind="enforcement_agency", region_id="150200000000"
    )
    cases = make_cases(
        [
            (CITY, "revoked", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
            (CITY, "upheld", D(2024, 1, 5), D(2024, 1, 8), D(2024, 3, 1), "ordinary"),
        ]
    )
    ReconsiderationDetail.objects.filter(case__in=cases).update(respondent_agency=agency)
    Litigation.objects.create(
        case=cases[1], filed_on=D(2024, 3, 10), court="东河区人民法院", result="lost", judged_on=D(2024, 9, 1)
    )
    analysis = AgencyAnalysis.objects.create(
        organisation=org("包头市司法局"), title="2024年第一季度败诉纠错案件分析", reported_on=D(2024, 4, 10)
    )
    analysis.lost_litigation_cases.add(cases[1])
    analysis.corrected_cases.add(cases[0])
    for name in ["甲联系点", "乙联系点"]:
        org(CITY).__class__.objects.create(name=name, short_name="企", kind="liaison_point", region_id="150200000000")
    rows = by_respondent_agency(Period.year(2024, "1502"))
    assert rows == [
        {"agency_id": agency.pk, "agency": "包头市某局", "concluded": 2, "corrected": 1, "lost_litigation": 1}
    ]
    figures = INDICATORS.compute(Period.year(2024, "1502"))
    assert (
        figures["lost_litigation"],
        figures["lost_litigation_cases_analysed"],
        figures["corrected_cases_analysed"],
        figures["analysis_reports"],
    ) == (1, 1, 1, 1)


def test_an_unknown_region_or_line_is_a_clear_error(baotou):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="未知的行政区划代码"):
        call_command("indicators", region="999999999999", year=2024)
    with pytest.raises(CommandError, match="未知的业务条线"):
        call_command("indicators", line=["nope"], region="150200000000", year=2024)
