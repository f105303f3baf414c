"""合法性审核 figures, defined once.

`legality_reviews` (文件、协议的合法性审核, the seed's 1,026 in 2024) counts the reviews concluded in the period: a
written opinion issued (closed_on in the period, any of the six conclusions; a request returned is not a review).
Counts by kind and by outcome break it down. `average_review_working_days` is the mean of the working days each
concluded review's clock ran (pauses for materials and expert time left out); `overdue` counts reviews whose clock
ran past its due date. The rule book's figures (cleanup rounds, documents repealed…) are defined by the rule book
(fazhi/rulebook/figures.py) and shown here, the line whose members keep it.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Any

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from fazhi.cases.models import Deadline
from fazhi.core.calendar import work_calendar
from fazhi.core.workdays import Unit, WorkCalendar, elapsed
from fazhi.indicators.declarations import Area, Ref
from fazhi.indicators.registry import Breakdown, CaseCount, Computed, LineIndicators, Period
from fazhi.indicators.tallies import Tally, rows_among, year_to_date
from fazhi.indicators.tallies import read as read_tallies
from fazhi.legality.choices import CONCLUDED, LINE, Outcome, ReviewKind
from fazhi.rulebook import figures as rulebook_figures


def _overdue_clocks(period: Period, line: LineIndicators):
    """The review clocks of the line's cases in the region that stopped late in the period, or were still running
    past their due date at its end."""
    return Deadline.objects.overdue_in(period.start, period.end).filter(case__in=line.cases(period))


def _overdue(period: Period, line: LineIndicators) -> int:
    """Reviews whose clock ran past its due date: stopped late in the period, or still running at its end."""
    return _overdue_clocks(period, line).values("case").distinct().count()


def review_working_days(started_on: date, stopped_on: date, pauses: list, calendar: WorkCalendar) -> int:
    """Working days a review clock ran from its start to its stop, its pauses (materials, experts) left out."""
    days = elapsed(started_on, stopped_on, Unit.WORKING_DAY, calendar)
    for begun, ended in pauses:
        end = date.fromisoformat(ended) if ended else stopped_on
        days -= elapsed(date.fromisoformat(begun), min(end, stopped_on), Unit.WORKING_DAY, calendar)
    return max(days, 0)


def _average_days(period: Period, line: LineIndicators) -> float | None:
    """Mean working days of the reviews concluded in the period (their clock stopped by the conclusion in it), one
    decimal; None when there is none."""
    clocks = Deadline.objects.filter(
        clock="review",
        stopped_on__range=(period.start, period.end),
        case__in=line.cases(period).filter(outcome__in=CONCLUDED),
    ).values_list("started_on", "stopped_on", "pauses")
    calendar = work_calendar()
    days = [review_working_days(start, stop, pauses or [], calendar) for start, stop, pauses in clocks if stop]
    return round(sum(days) / len(days), 1) if days else None


# Both figures counted ahead (fazhi.indicators.tallies), so the dashboard reads the rollups alone: what each review
# contributes from its clock, kept by every step and intake like its own fields. 超期审核 as 行政复议's 超期案件: a
# review counts in a period ending on E when its clock still runs at E past its due date (`overdue:running`, dated
# by the month it became late, summed over every month up to E) or stopped late in the period (`overdue:missed` in
# the month of its stop); a review has one clock, so it is never both. A period from January to the end of a month
# answers from the tallies, any other asks `fn`. The average: the working days of
# each concluded review (`review_wd:sum`) and their number (`review_wd:n`), in the month its clock stopped.
OVERDUE_RUNNING, OVERDUE_MISSED = "overdue:running", "overdue:missed"
OVERDUE = (OVERDUE_RUNNING, OVERDUE_MISSED)
WD_SUM, WD_N = "review_wd:sum", "review_wd:n"


def _review_clocks():
    return (
        Deadline.objects.filter(clock="review", case__line=LINE)
        .order_by()
        .values_list(
            "case_id", "case__region_id", "case__outcome", "state", "due_on", "started_on", "stopped_on", "pauses"
        )
    )


def _tallied(rows: Iterable) -> Counter:
    """{(measure, month, region): n} from the review clocks' rows (one clock per review)."""
    calendar = work_calendar()
    out: Counter = Counter()
    for _case, region, outcome, state, due_on, started_on, stopped_on, pauses in rows:
        if state == Deadline.State.RUNNING and due_on is not None:
            out[(OVERDUE_RUNNING, max(due_on + timedelta(days=1), started_on).replace(day=1), region)] += 1
        if stopped_on is None:
            continue
        if state == Deadline.State.MISSED:
            out[(OVERDUE_MISSED, stopped_on.replace(day=1), region)] += 1
        if outcome in CONCLUDED:
            pauses = json.loads(pauses) if isinstance(pauses, str) else pauses or []
            out[(WD_SUM, stopped_on.replace(day=1), region)] += review_working_days(
                started_on, stopped_on, pauses, calendar
            )
            out[(WD_N, stopped_on.replace(day=1), region)] += 1
    return out


def _tally_count(case_ids: list[int]) -> Counter:
    return _tallied(rows_among("legality.review", lambda among: _review_clocks().filter(among(F("case_id"))), case_ids))


def _tally_everything():
    counts = _tallied(_review_clocks().iterator(chunk_size=10_000))
    return ((measure, month, region, n) for (measure, month, region), n in counts.items())


TALLIES = (Tally(LINE, (*OVERDUE, WD_SUM, WD_N), _tally_count, _tally_everything),)


def _computed_many(periods: Sequence[Period], line: LineIndicators, keys: frozenset[str]) -> list[dict[str, Any]]:
    """The computed figures for several periods: from the tallies (one read of the rollups) where they answer,
    else each figure's `fn`; each value equals its `fn`'s for that period."""
    out: list[dict[str, Any]] = [{} for _ in periods]
    if line.tallies and all(p.whole_months for p in periods):
        counted = read_tallies(LINE, periods, (*OVERDUE, WD_SUM, WD_N), cumulative=(OVERDUE_RUNNING,))
        for values, p, n in zip(out, periods, counted, strict=True):
            if "average_review_working_days" in keys:
                values["average_review_working_days"] = round(n[WD_SUM] / n[WD_N], 1) if n[WD_N] else None
            if "overdue" in keys and year_to_date(p):
                values["overdue"] = sum(n[m] for m in OVERDUE)
    functions = {"overdue": _overdue, "average_review_working_days": _average_days}
    for values, p in zip(out, periods, strict=True):
        for key in (keys & functions.keys()) - values.keys():
            values[key] = functions[key](p, line)
    return out  # the rest (the rule book's figures) by their own `fn` (LineIndicators.computed)


INDICATORS = LineIndicators(
    line=LINE,
    computed_many=_computed_many,
    tallies=TALLIES,
    outcome_sets={
        "concluded": CONCLUDED,
        "returned": frozenset({Outcome.RETURNED.value}),
        **{o.value: frozenset({o.value}) for o in Outcome if o != Outcome.RETURNED},
    },
    indicators=(
        CaseCount("requests", _("收到审核申请"), "review requests received", "count", date_field="received_on"),
        CaseCount(
            "legality_reviews",
            _("合法性审核"),
            "legality reviews concluded",
            "count",
            date_field="closed_on",
            outcomes="concluded",
        ),
        *(
            CaseCount(
                f"kind_{k.value}",
                k.label,
                f"reviews concluded: {k.value}",
                "count",
                date_field="closed_on",
                outcomes="concluded",
                filter=Q(legality__kind=k.value),
            )
            for k in ReviewKind
        ),
        Breakdown("by_kind", _("按审核事项"), "by kind", "count", prefix="kind_"),
        *(
            CaseCount(
                f"outcome_{o.value}",
                o.label,
                f"reviews concluded: {o.value}",
                "count",
                date_field="closed_on",
                outcomes=o.value,
            )
            for o in Outcome
            if o != Outcome.RETURNED
        ),
        Breakdown("by_outcome", _("按审核结论"), "by outcome", "count", prefix="outcome_"),
        CaseCount("returned", _("退回"), "requests returned", "count", date_field="closed_on", outcomes="returned"),
        Computed(
            "average_review_working_days",
            _("平均审核工作日"),
            "average review working days",
            "days",
            fn=_average_days,
        ),
        Computed("overdue", _("超期审核"), "overdue reviews", "count", fn=_overdue),
        # the rule book's figures (fazhi/rulebook/figures.py: each counts its records over the period and region)
        *(
            Computed(key, label, english, "count", fn=rulebook_figures.PERIOD_FIGURES[key])
            for key, (label, english) in rulebook_figures.LABELS.items()
        ),
    ),
)


# ------------------------------------------------------------------------------- the annual report and dashboard
REPORT_REFS: tuple[Ref, ...] = (  # reference/baotou-2024-figures.json
    Ref("enforcement_supervision", "legality_reviews", LINE, "legality_reviews"),
    *(
        Ref("rules_cleanup", key, LINE, key)
        for key in (
            "cleanup_rounds",
            "documents_repealed",
            "documents_amended",
            "local_regulations_enacted_or_amended",
            "local_regulations_repealed",
            "government_rules_repealed",
        )
    ),
)

REPORT_AREAS: tuple[Area, ...] = (
    Area(
        "legality",
        "合法性审核",
        "一年来，合法性审核把关更加严格。",
        (
            (
                "{scope}完成文件、协议的合法性审核{legality.legality_reviews}件",
                "?其中行政规范性文件{legality.kind_normative_document}件",
                "?重大行政决策{legality.kind_major_decision}件",
                "?政府合同{legality.kind_contract}件",
            ),
            (
                "?提出修改意见{legality.outcome_lawful_if_amended}件",
                "?认定不合法{legality.outcome_unlawful}件",
                "?不同意签订{legality.outcome_do_not_sign}件",
            ),
        ),
        lines=(LINE,),
        order=50,
    ),
    Area(
        "rules_cleanup",
        "规章规范性文件清理",
        "一年来，规章规范性文件管理持续加强。",
        (
            (
                "{scope}开展地方性法规、政府规章、规范性文件清理工作{legality.cleanup_rounds}次",
                "废止文件{legality.documents_repealed}件、修改{legality.documents_amended}件",
            ),
            (
                "?制定、修改地方性法规{legality.local_regulations_enacted_or_amended}部",
                "?废止地方性法规{legality.local_regulations_repealed}部",
                "?废止政府规章{legality.government_rules_repealed}部",
            ),
        ),
        order=51,
    ),
)

TREND_FIGURES: tuple[str, ...] = ("requests", "legality_reviews")
