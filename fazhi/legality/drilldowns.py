"""The cases behind the 合法性审核 figures that count rows of their own (fazhi.indicators.records): the list is
what the figure's `fn` in indicators.py counts, so a leader who clicks 超期审核 sees those reviews. The rule book's
figures count campaigns and documents, not cases: each is listed by the rule book's page for its records
(fazhi.rulebook.figure_views), over the same `figures.RECORDS[key]` its `Computed` counts."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.indicators.records import Records
from fazhi.indicators.registry import LineIndicators, Period
from fazhi.legality.choices import LINE
from fazhi.legality.indicators import _overdue_clocks
from fazhi.rulebook import figures as rulebook_figures
from fazhi.rulebook.figure_views import figure_records_url

__all__ = ["LINE", "RECORDS"]


def _overdue(period: Period, line: LineIndicators) -> QuerySet:
    """Reviews with a clock stopped late in the period or still running past its due date at the period's end."""
    return line.cases(period).filter(pk__in=_overdue_clocks(period, line).values("case"))


def _rulebook_page(key: str):
    def url(period: Period) -> str:
        return figure_records_url(key, period.start, period.end, period.region_prefix)

    return url


RECORDS = {
    "overdue": Records(_overdue),
    **{key: Records(url=_rulebook_page(key)) for key in rulebook_figures.RECORDS},
}
