"""法律援助 figures, defined once (statutes.md §3.6).

`cases` (全市办理法律援助案件) is defined here as aid cases opened in the period: applications granted (or aided
in advance, art. 44) plus notified criminal cases assigned (art. 36) — each case counted once, on the day it
became an aid case (accepted_on). `recovered_for_workers_yuan` sums, over cases closed in the period for
recipients flagged 农民工 or 农牧民 claiming wages or work-injury compensation, the amounts named by the
configurable set `recovered_amounts` (default: awarded; Baotou 2024: ¥8,181,000).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from fazhi.core.lines import Line
from fazhi.indicators.declarations import Area, Ref
from fazhi.indicators.registry import Breakdown, CaseCount, CaseSum, Computed, LineIndicators, Period, Ratio
from fazhi.indicators.tallies import Tally
from fazhi.indicators.tallies import read as read_tallies
from fazhi.legal_aid.choices import LITIGATION, ClosureResult, QualityGrade
from fazhi.legal_aid.models import Consultation

CLOSED = frozenset({r.value for r in ClosureResult})
WORKER_GROUPS = ("migrant_worker", "herder")
WORKER_CLAIMS = ("wages", "work_injury")


def _consultations(period: Period, line: LineIndicators) -> int:
    return _light_records(period).exclude(channel="duty_lawyer").count()


def _duty_lawyer_help(period: Period, line: LineIndicators) -> int:
    return _light_records(period).filter(channel="duty_lawyer").count()


def _light_records(period: Period):
    return Consultation.objects.filter(
        on__range=(period.start, period.end), region__code__startswith=period.region_prefix
    )


# Consultations and duty-lawyer help counted ahead (fazhi.indicators.tallies): each record in its month and region,
# kept by the records' save and delete signals (and `record_rows` after a bulk write).
LIGHT_RECORDS = ("consultations", "duty_lawyer_help")


def _light_key(channel: str) -> str:
    return "duty_lawyer_help" if channel == "duty_lawyer" else "consultations"


def _light_count(ids: list[int]) -> Counter:
    rows = Consultation.objects.filter(pk__in=ids).values_list("channel", "on", "region_id")
    return Counter((_light_key(channel), on.replace(day=1), region) for channel, on, region in rows)


def _light_everything():
    rows = (
        Consultation.objects.annotate(m=TruncMonth("on"))
        .values("channel", "m", "region_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return ((_light_key(row["channel"]), row["m"], row["region_id"], row["n"]) for row in rows)


TALLIES = (
    Tally(
        Line.LEGAL_AID,
        LIGHT_RECORDS,
        _light_count,
        _light_everything,
        model=Consultation,
        watched=("channel", "on", "region", "region_id"),
    ),
)


def _computed_many(periods: Sequence[Period], line: LineIndicators, keys: frozenset[str]) -> list[dict[str, Any]]:
    """Consultations and duty-lawyer help for several periods: from the tallies (one read of the rollups) when the
    periods are whole months, else in one statement: grouped by channel, a COUNT … FILTER per period (a period's
    region is tested only when narrower than the statement's); each value equals its `fn`'s for that period."""
    wanted = keys & set(LIGHT_RECORDS)
    if wanted and line.tallies and all(p.whole_months for p in periods):
        return [{k: n[k] for k in wanted} for n in read_tallies(line.line, periods, LIGHT_RECORDS)]
    span = Period.spanning(periods)
    within = [
        Q(on__range=(p.start, p.end))
        & (Q(region__code__startswith=p.region_prefix) if p.region_prefix != span.region_prefix else Q())
        for p in periods
    ]
    rows = (
        _light_records(span)
        .order_by()
        .values("channel")
        .annotate(**{f"n_{i}": Count("id", filter=q) for i, q in enumerate(within)})
    )
    out: list[dict[str, Any]] = [dict.fromkeys(keys & {"consultations", "duty_lawyer_help"}, 0) for _ in periods]
    for row in rows:
        key = "duty_lawyer_help" if row["channel"] == "duty_lawyer" else "consultations"
        if key in keys:
            for i, values in enumerate(out):
                values[key] += row[f"n_{i}"]
    return out


INDICATORS = LineIndicators(
    line=Line.LEGAL_AID,
    computed_many=_computed_many,
    tallies=TALLIES,
    outcome_sets={"closed": CLOSED, "refused": frozenset({"refused"}), "terminated": frozenset({"terminated"})},
    indicators=(
        CaseCount(
            "applications",
            _("收到申请"),
            "applications",
            "count",
            date_field="received_on",
            filter=~Q(legal_aid__route="notified"),
        ),
        CaseCount(
            "notified_criminal_cases",
            _("通知辩护（代理）案件"),
            "notified criminal cases",
            "count",
            date_field="received_on",
            filter=Q(legal_aid__route="notified"),
        ),
        CaseCount("cases", _("办理法律援助案件"), "legal aid cases", "count", date_field="accepted_on"),
        CaseCount(
            "granted",
            _("准予援助"),
            "granted",
            "count",
            date_field="accepted_on",
            filter=~Q(legal_aid__route="notified"),
        ),
        CaseCount("refused", _("不予援助"), "refused", "count", date_field="closed_on", outcomes="refused"),
        CaseCount("closed", _("结案"), "closed", "count", date_field="closed_on", outcomes="closed"),
        CaseCount(
            "litigation_cases",
            _("诉讼案件"),
            "litigation cases",
            "count",
            date_field="accepted_on",
            filter=Q(legal_aid__case_category__in=LITIGATION),
        ),
        Ratio(
            "litigation_share_pct",
            _("诉讼案件占比"),
            "litigation share",
            "percent",
            numerator="litigation_cases",
            denominator="cases",
        ),
        Computed("consultations", _("法律咨询"), "consultations", "count", fn=_consultations),
        Computed("duty_lawyer_help", _("值班律师法律帮助"), "duty-lawyer help", "count", fn=_duty_lawyer_help),
        CaseSum(
            "recovered_for_workers_yuan",
            _("为农民工、农牧民挽回经济损失"),
            "recovered for workers (yuan)",
            "yuan",
            date_field="closed_on",
            outcomes="closed",
            filter=Q(legal_aid__recipient_group__in=WORKER_GROUPS, legal_aid__claim_kind__in=WORKER_CLAIMS),
            amounts=("legal_aid__amount_awarded", "legal_aid__amount_collected", "legal_aid__amount_avoided"),
            chosen=("legal_aid__amount_awarded",),
            amounts_setting="recovered_amounts",
        ),
        *(
            CaseCount(
                f"quality_grade_{g.value}",
                g.label,
                f"quality grade: {g.value}",
                "count",
                date_field="closed_on",
                outcomes="closed",
                filter=Q(legal_aid__quality_grade=g.value),
            )
            for g in QualityGrade
        ),
        Breakdown("quality_grades", _("质量评查等级"), "quality grades", "count", prefix="quality_grade_"),
    ),
)


# ------------------------------------------------------------------------------- the annual report and dashboard
REPORT_REFS: tuple[Ref, ...] = (  # reference/baotou-2024-figures.json
    Ref("legal_aid", "cases", Line.LEGAL_AID, "cases"),
    Ref("legal_aid", "recovered_for_workers_yuan", Line.LEGAL_AID, "recovered_for_workers_yuan"),
)

REPORT_AREAS: tuple[Area, ...] = (
    Area(
        "legal_aid",
        "法律援助",
        "一年来，法律援助更有温度。",
        (
            (
                "{scope}办理法律援助案件{legal_aid.cases}件",
                "?其中通知辩护（代理）案件{legal_aid.notified_criminal_cases}件",
                "结案{legal_aid.closed}件",
            ),
            ("?帮助农牧民工挽回经济损失{wan:legal_aid.recovered_for_workers_yuan}",),
            ("?提供法律咨询{legal_aid.consultations}人次", "?值班律师提供法律帮助{legal_aid.duty_lawyer_help}人次"),
        ),
        lines=(Line.LEGAL_AID,),
        order=20,
    ),
)

# the monthly trend chart: the first as bars, the rest as lines
TREND_FIGURES: tuple[str, ...] = ("applications", "cases", "closed")
