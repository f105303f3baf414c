"""The cases behind the 行政复议 figures that count rows of their own (fazhi.indicators.records): each list is
what the figure's `fn` in indicators.py counts, so a leader who clicks 超期案件 38 sees those 38 cases."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.cases.models import Case, Deadline
from fazhi.core.lines import Line
from fazhi.indicators.records import Records
from fazhi.indicators.registry import LineIndicators, Period
from fazhi.reconsideration.models import AgencyAnalysis, Litigation

LINE = Line.RECONSIDERATION


def _overdue(period: Period, line: LineIndicators) -> QuerySet:
    """Cases with a clock stopped late in the period or still running past its due date at the period's end."""
    return line.cases(period).filter(pk__in=Deadline.objects.overdue_in(period.start, period.end).values("case"))


def _lost_litigation(period: Period, line: LineIndicators) -> QuerySet:
    """Cases whose suit after the decision was lost, judged in the period."""
    lost = Litigation.objects.filter(result="lost", judged_on__range=(period.start, period.end))
    return line.cases(period).filter(pk__in=lost.values("case"))


def _analyses(period: Period):
    return AgencyAnalysis.objects.filter(
        reported_on__range=(period.start, period.end), organisation__region__code__startswith=period.region_prefix
    )


def _lost_analysed(period: Period, line: LineIndicators) -> QuerySet:
    return Case.objects.filter(line=LINE, pk__in=_analyses(period).values("lost_litigation_cases"))


def _corrected_analysed(period: Period, line: LineIndicators) -> QuerySet:
    return Case.objects.filter(line=LINE, pk__in=_analyses(period).values("corrected_cases"))


def _analysed(period: Period, line: LineIndicators) -> QuerySet:
    """The cases the period's analysis reports cover (the reports count reports, so the list is not exact)."""
    analyses = _analyses(period)
    covered = Q(pk__in=analyses.values("lost_litigation_cases")) | Q(pk__in=analyses.values("corrected_cases"))
    return Case.objects.filter(covered, line=LINE)


RECORDS = {
    "overdue": Records(_overdue),
    "lost_litigation": Records(_lost_litigation, exact=False),  # counts suits; a case with two is one row
    "lost_litigation_cases_analysed": Records(_lost_analysed),
    "corrected_cases_analysed": Records(_corrected_analysed),
    "analysis_reports": Records(_analysed, exact=False),
}
