"""The figures: counted by 决定日期 and the agency's region; amounts in yuan; the breakdowns by type and field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest

from fazhi.lenient import figures, imports
from fazhi.lenient.tests.factories import workbook

pytestmark = pytest.mark.django_db
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


@pytest.fixture
def decided(keeper, entries, market, county_agency):
    rows = [
        ["包头市市场监督管理局", "A1", date(2024, 3, 1), "SJ-001", "企业", 1000.5],
        ["包头市市场监督管理局", "A2", date(2023, 12, 31), "SJ-002", "个人", 200],
        ["包头市市场监督管理局", "A3", date(2024, 12, 31), "SJ-002", "个人", 300],
        ["东河区城市管理综合执法局", "D1", date(2024, 1, 1), "CG-001", "个人", 50],
    ]
    assert imports.upload(workbook(rows), actor=keeper).ok


def test_cases_and_amount_count_the_year_of_the_decision_and_the_agencys_region(decided):
    assert figures.lenient_penalty_cases("1502", *YEAR) == 3
    assert figures.lenient_penalty_amount_yuan("1502", *YEAR) == Decimal("1350.50")
    assert figures.lenient_penalty_cases("150202", *YEAR) == 1  # 东河区 alone
    assert figures.lenient_penalty_cases("1502", date(2023, 1, 1), date(2023, 12, 31)) == 1


def test_breakdowns_by_type_and_field_and_the_flagged(decided):
    assert figures.figure("lenient_by_type_no_penalty", "1502", *YEAR) == 2
    assert figures.figure("lenient_by_type_reduced", "1502", *YEAR) == 1
    assert figures.figure("lenient_amount_by_type_reduced", "1502", *YEAR) == Decimal("300.00")
    assert figures.figure("lenient_by_domain_market_regulation", "1502", *YEAR) == 2
    assert figures.figure("lenient_by_domain_urban_management", "1502", *YEAR) == 1
    assert figures.figure("lenient_flagged", "1502", *YEAR) == 1  # A3: SJ-002 ended with 2023


def test_every_key_has_records_a_period_figure_and_a_label(decided):
    assert set(figures.RECORDS) == set(figures.PERIOD_FIGURES) == set(figures.LABELS)
    period = SimpleNamespace(region_prefix="1502", start=YEAR[0], end=YEAR[1])
    assert figures.PERIOD_FIGURES["lenient_penalty_cases"](period, None) == 3
    records = figures.RECORDS["lenient_by_type_reduced"]("1502", *YEAR)
    assert list(records.values_list("number", flat=True)) == ["A3"]


def test_the_figure_page_lists_what_the_figure_counts_within_what_the_reader_sees(decided, keeper, reporter, login):
    from fazhi.lenient.figure_views import figure_records_url

    url = figure_records_url("lenient_penalty_cases", *YEAR, "1502")
    page = login(keeper).get(url).content.decode()
    assert "共3件，免罚减罚金额1350.50元" in page and "<td>D1</td>" in page
    own = login(reporter).get(url).content.decode()
    assert "共2件" in own and "<td>D1</td>" not in own
    reduced = login(keeper).get(figure_records_url("lenient_by_type_reduced", *YEAR, "1502")).content.decode()
    assert "共1件，免罚减罚金额300.00元" in reduced
    assert login(keeper).get(url.replace("start=2024-01-01", "start=2024-13-01")).status_code == 400
    assert login(keeper).get(url.replace("lenient_penalty_cases", "nope")).status_code == 404


def test_the_supervision_line_asks_every_lenient_figure_of_a_period_at_once(decided):
    """The line that shows these figures (`registry()["supervision"]`) reads them through `SUMMARY`, once per period,
    and gets what each figure's own `fn` gives."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fazhi.indicators.registry import Computed, Period, registry

    line = registry()["supervision"]
    keys = frozenset(figures.PERIOD_FIGURES)
    periods = [Period.year(2024, "1502"), Period.year(2023, "1502"), Period.year(2024, "150202")]
    figures._SUMMARIES.clear()
    with CaptureQueriesContext(connection) as captured:
        together = line.computed(periods, only=keys)
    lenient = [q for q in captured if "lenient_" in q["sql"]]
    assert len(lenient) <= 3 * len(periods)  # the summary's check of the newest batch, then its one grouped read
    alone = [
        {i.key: i.fn(p, line) for i in line.indicators if isinstance(i, Computed) and i.key in keys} for p in periods
    ]
    assert together == alone
    assert together[0]["lenient_penalty_cases"] == 3 and together[2]["lenient_penalty_cases"] == 1
