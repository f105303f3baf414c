"""A figure whose records are not cases (fazhi.indicators.records `Records(url=…)`): its links go to the page that
lists them, for the same period and region as the case drill-down would."""

from __future__ import annotations

import pytest

from fazhi.indicators.dashboard import drill_url
from fazhi.indicators.records import Records, cases_behind, has_records, listed_elsewhere
from fazhi.indicators.registry import Period, registry


def test_records_take_cases_or_a_page_never_both_nor_neither():
    with pytest.raises(ValueError):
        Records()
    with pytest.raises(ValueError):
        Records(cases=lambda period, line: None, url=lambda period: "/x/")  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize(
    "key",
    [
        "cleanup_rounds",
        "documents_repealed",
        "documents_amended",
        "local_regulations_enacted_or_amended",
        "local_regulations_repealed",
        "government_rules_repealed",
        "documents_due_for_evaluation",
        "unfiled_documents",
    ],
)
def test_the_rule_books_figures_link_to_their_page(key):
    li = registry()["legality"]
    indicator = next(i for i in li.indicators if i.key == key)
    assert has_records(indicator, "legality")
    assert drill_url("legality", key, 2024, "150200000000") == (
        f"/rules/figures/{key}/?start=2024-01-01&end=2024-12-31&prefix=1502"
    )
    assert drill_url("legality", key, 2024, "150202000000", 2) == (
        f"/rules/figures/{key}/?start=2024-02-01&end=2024-02-29&prefix=150202"
    )
    assert drill_url("legality", key, 2024, "150200000000", months=6).endswith("end=2024-06-30&prefix=1502")
    # the city's own level goes through the drill-down, which knows its prefix
    assert drill_url("legality", key, 2024, "150200000000", own=True).startswith("/indicators/records/?")
    with pytest.raises(ValueError):
        cases_behind(li, key, Period.year(2024, "1502"))


def test_a_case_figure_keeps_the_case_drill_down():
    assert drill_url("legality", "overdue", 2024, "150200000000").startswith("/indicators/records/?")
    assert listed_elsewhere("legality", "overdue", Period.year(2024, "1502")) is None
