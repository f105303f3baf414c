"""The line's figures computed from reviews walked through the runner: concluded reviews by kind and outcome, the
average working days the clock ran (pauses left out), and overdue reviews with the cases behind them."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.indicators.records import declared
from fazhi.indicators.registry import Period, compute, registry
from fazhi.legality.tests.factories import request_review, step

pytestmark = pytest.mark.django_db


def test_figures_count_concluded_reviews_by_kind_and_outcome(baotou):
    clerk, head = baotou["legality_clerk"], baotou["legality_head"]
    # a contract: 5 WD, expert time 03-06 → 03-15 not counted; concluded 03-19: 2 + 2 = 4 WD
    contract = step(request_review(clerk, "contract"), "accept", clerk, date(2024, 3, 4))
    contract = step(contract, "start_expert_review", clerk, date(2024, 3, 6), matter="价格机制")
    contract = step(contract, "expert_review_done", clerk, date(2024, 3, 15))
    step(
        contract,
        "conclude_contract",
        head,
        date(2024, 3, 19),
        outcome="sign_if_amended",
        opinion="可签订",
        conditions="明确上限",
    )
    # a document: 15 WD, concluded on 03-27 after its due date 03-25: 17 WD, overdue
    document = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    step(document, "conclude", head, date(2024, 3, 27), outcome="unlawful", opinion="违法", reasons="增设行政许可")
    # returned: not a review; a 2023 conclusion: not this year's
    step(request_review(clerk, "contract"), "return_request", clerk, date(2024, 3, 5), reasons="材料不全")
    old = step(request_review(clerk, "contract", date(2023, 12, 1)), "accept", clerk, date(2023, 12, 1))
    step(old, "conclude_contract", head, date(2023, 12, 4), outcome="sign", opinion="同意")

    period = Period.year(2024, "1502")
    figures = compute(["legality"], period)["legality"]
    assert figures["requests"] == 3
    assert figures["legality_reviews"] == 2
    assert figures["by_kind"] == {"contract": 1, "normative_document": 1}
    assert figures["by_outcome"] == {"sign_if_amended": 1, "unlawful": 1}
    assert figures["returned"] == 1
    assert figures["average_review_working_days"] == 10.5  # (4 + 17) / 2
    assert figures["overdue"] == 1
    behind = declared()["legality"]["overdue"].cases(period, registry()["legality"])
    assert list(behind.values_list("pk", flat=True)) == [document.pk]
    assert compute(["legality"], Period.year(2023, "1502"))["legality"]["legality_reviews"] == 1


def test_the_tallied_figures_equal_their_definitions_and_the_dashboard_reads_no_clock(baotou):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    clerk, head = baotou["legality_clerk"], baotou["legality_head"]
    late = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    step(late, "conclude", head, date(2024, 3, 27), outcome="lawful", opinion="合法")
    paused = step(request_review(clerk, "contract", date(2024, 5, 6)), "accept", clerk, date(2024, 5, 6))
    paused = step(paused, "request_materials", clerk, date(2024, 5, 7), items="合同文本")
    paused = step(paused, "materials_received", clerk, date(2024, 5, 13))
    step(paused, "conclude_contract", head, date(2024, 5, 15), outcome="sign", opinion="同意")
    request_review(clerk, "contract", date(2024, 11, 4))  # still running at the year's end, late since 11-12
    li = registry()["legality"]
    for period in (Period.year(2024, "1502"), Period(date(2024, 1, 1), date(2024, 4, 30), "1502")):
        fast, live = li.compute(period), li.compute_live(period)
        assert fast == live, period
    figures = li.compute(Period.year(2024, "1502"))
    # the contract: 05-07 … 05-15 are 8 WD (Sat 05-11 a 调休 working day), 5 of them paused (05-08 … 05-13): 3
    assert (figures["overdue"], figures["average_review_working_days"]) == (2, 10.0)  # (17 + 3) / 2
    with CaptureQueriesContext(connection) as captured:
        li.computed([Period.year(2024, "1502")], only=frozenset({"overdue", "average_review_working_days"}))
    assert not any('"cases_deadline"' in q["sql"] for q in captured)
