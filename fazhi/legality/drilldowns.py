"""The cases behind the 合法性审核 figures that count rows of their own (fazhi.indicators.records): the list is
what the figure's `fn` in indicators.py counts, so a leader who clicks 超期审核 sees those reviews."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.indicators.records import Records
from fazhi.indicators.registry import LineIndicators, Period
from fazhi.legality.choices import LINE
from fazhi.legality.indicators import _overdue_clocks

__all__ = ["LINE", "RECORDS"]


def _overdue(period: Period, line: LineIndicators) -> QuerySet:
    """Reviews with a clock stopped late in the period or still running past its due date at the period's end."""
    return line.cases(period).filter(pk__in=_overdue_clocks(period, line).values("case"))


RECORDS = {"overdue": Records(_overdue)}
