"""行政复议 figures, defined once: the dashboard, the annual report, exports and the API all read these.

Denominators follow statutes.md §1.8, which reconciles Baotou 2024: 调解和解率 = 288 / 899 (÷ 办结) = 32.04%,
纠错率 = 136 / 813 (÷ 审结) = 16.73%. 审结 = 办结 minus dispositions without a review on the merits; which
outcomes those are is not fixed nationally, so every set below can be overridden in
settings.FAZHI_INDICATORS["reconsideration"][<set name>].
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from django.db.models import Count, F, Q
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Deadline
from fazhi.core.lines import Line
from fazhi.indicators.declarations import Area, Ref
from fazhi.indicators.registry import CaseCount, CaseDays, Computed, EventCount, LineIndicators, Period, Ratio
from fazhi.indicators.tallies import Tally, rows_among, year_to_date
from fazhi.indicators.tallies import read as read_tallies
from fazhi.reconsideration.choices import OrganisationKind
from fazhi.reconsideration.choices import Outcome as O
from fazhi.reconsideration.models import AgencyAnalysis, Litigation

DIRECTLY_CORRECTED = frozenset(
    {O.REVOKED, O.REMAKE_ORDERED, O.VARIED, O.CONFIRMED_UNLAWFUL, O.CONFIRMED_INVALID, O.PERFORMANCE_ORDERED}
)  # MOJ: 撤销、变更、确认违法、责令履行 (+ 确认无效, new in 2023)
MERITS = DIRECTLY_CORRECTED | {O.UPHELD, O.CLAIM_REJECTED, O.AGREEMENT_ORDER}
MEDIATED_OR_SETTLED = frozenset({O.MEDIATION_STATEMENT, O.SETTLED_WITHDRAWN})  # art. 73–74
CLOSED = MERITS | MEDIATED_OR_SETTLED | {O.APPLICATION_REJECTED, O.WITHDRAWN, O.TERMINATED}  # accepted, then closed
NON_MERITS = frozenset({O.APPLICATION_REJECTED, O.WITHDRAWN, O.TERMINATED})
CONCLUDED = CLOSED - NON_MERITS


def _overdue(period: Period, line: LineIndicators) -> int:
    """Cases whose clock ran past its due date: stopped late in the period, or still running at its end."""
    late = Deadline.objects.overdue_in(period.start, period.end)
    return late.filter(case__in=line.cases(period)).values("case").distinct().count()


# 超期案件 counted ahead (fazhi.indicators.tallies): what each case contributes from its clocks, kept by every step
# and intake like its own fields. A case counts in a period ending on E (a month's last day) when one of its clocks
# still runs at E past its due date (due_on < E, started_on <= E), or stopped late in the period. The first holds
# from the month of T = min over its running clocks of max(due_on + 1 day, started_on): `overdue:running`, dated by
# that month, is summed over every month up to E. For the second, per year, the case's first late stop s:
# `overdue:missed` +1 in the month of s, and `overdue:both` −1 in the month of max(s, T) when that is in the same
# year (the case already counted as running), both summed from January to E. So a period from January to the end
# of any month of one year — a calendar year, or the year so far — counts each case once, whatever the number of
# its late clocks (inclusion–exclusion); any other period asks `fn`.
OVERDUE_RUNNING, OVERDUE_MISSED, OVERDUE_BOTH = "overdue:running", "overdue:missed", "overdue:both"
OVERDUE = (OVERDUE_RUNNING, OVERDUE_MISSED, OVERDUE_BOTH)
LATE_CLOCKS = Q(state=Deadline.State.MISSED) | Q(state=Deadline.State.RUNNING, advisory=False, due_on__isnull=False)


def _overdue_of(rows) -> Counter:
    """{(measure, month, region): n} from (case, region, state, due_on, started_on, stopped_on) rows."""
    cases: dict[int, list] = {}
    for case_id, region, state, due_on, started_on, stopped_on in rows:
        entry = cases.setdefault(case_id, [region, None, {}])
        if state == Deadline.State.RUNNING:
            late_from = max(due_on + timedelta(days=1), started_on)
            entry[1] = late_from if entry[1] is None else min(entry[1], late_from)
        elif stopped_on is not None:
            first = entry[2].get(stopped_on.year)
            entry[2][stopped_on.year] = stopped_on if first is None else min(first, stopped_on)
    out: Counter = Counter()
    for region, late_from, first_late_stop in cases.values():
        if late_from is not None:
            out[(OVERDUE_RUNNING, late_from.replace(day=1), region)] += 1
        for year, stop in first_late_stop.items():
            out[(OVERDUE_MISSED, stop.replace(day=1), region)] += 1
            if late_from is not None and max(stop, late_from).year == year:
                out[(OVERDUE_BOTH, max(stop, late_from).replace(day=1), region)] -= 1
    return out


def _late_clocks():
    return (
        Deadline.objects.filter(LATE_CLOCKS, case__line=Line.RECONSIDERATION)
        .order_by()
        .values_list("case_id", "case__region_id", "state", "due_on", "started_on", "stopped_on")
    )


def _overdue_count(case_ids: list[int]) -> Counter:
    return _overdue_of(
        rows_among("reconsideration.overdue", lambda among: _late_clocks().filter(among(F("case_id"))), case_ids)
    )


def _late(clock: Deadline) -> bool:
    """LATE_CLOCKS, asked of a clock in hand."""
    return clock.state == Deadline.State.MISSED or (
        clock.state == Deadline.State.RUNNING and not clock.advisory and clock.due_on is not None
    )


def _overdue_from_clocks(case_id: int, region: str, clocks: Sequence[Deadline]) -> Counter:
    """`_overdue_count([case_id])` from every clock of the case in hand (an intake's: it reads nothing back)."""
    return _overdue_of((case_id, region, c.state, c.due_on, c.started_on, c.stopped_on) for c in clocks if _late(c))


def _overdue_everything():
    counts = _overdue_of(_late_clocks().iterator(chunk_size=10_000))
    return ((measure, month, region, n) for (measure, month, region), n in counts.items())


# 复议后行政诉讼败诉 counted ahead: each lost suit in the month of its judgment and its case's region (per row:
# suits are recorded outside the steps). A change of a case's region is not followed: `rebuild_rollups` recounts.
def _lost_suits():
    return Litigation.objects.filter(result="lost", judged_on__isnull=False, case__line=Line.RECONSIDERATION)


def _lost_count(ids: list[int]) -> Counter:
    rows = _lost_suits().filter(pk__in=ids).values_list("judged_on", "case__region_id")
    return Counter(("lost_litigation", judged_on.replace(day=1), region) for judged_on, region in rows)


def _lost_everything():
    rows = (
        _lost_suits()
        .annotate(m=TruncMonth("judged_on"), r=F("case__region_id"))
        .values("m", "r")
        .annotate(n=Count("id"))
        .order_by()
    )
    return (("lost_litigation", row["m"], row["r"], row["n"]) for row in rows)


TALLIES = (
    Tally(Line.RECONSIDERATION, OVERDUE, _overdue_count, _overdue_everything, from_clocks=_overdue_from_clocks),
    Tally(
        Line.RECONSIDERATION,
        ("lost_litigation",),
        _lost_count,
        _lost_everything,
        model=Litigation,
        watched=("result", "judged_on", "case", "case_id"),
    ),
)


def _analyses(period: Period):
    return AgencyAnalysis.objects.filter(
        reported_on__range=(period.start, period.end), organisation__region__code__startswith=period.region_prefix
    )


def _lost_litigation_cases_analysed(period: Period, line: LineIndicators) -> int:
    return _analyses(period).aggregate(n=Count("lost_litigation_cases", distinct=True))["n"]


def _corrected_cases_analysed(period: Period, line: LineIndicators) -> int:
    return _analyses(period).aggregate(n=Count("corrected_cases", distinct=True))["n"]


def _analysis_reports(period: Period, line: LineIndicators) -> int:
    return _analyses(period).count()


def _liaison_points(period: Period, line: LineIndicators) -> int:
    """Enterprise liaison points (涉企行政复议联系点) set up in the region by the end of the period."""
    return Organisation.objects.filter(
        kind=OrganisationKind.LIAISON_POINT, region__code__startswith=period.region_prefix
    ).count()


def _lost_litigation(period: Period, line: LineIndicators) -> int:
    return Litigation.objects.filter(
        result="lost", judged_on__range=(period.start, period.end), case__in=line.cases(period)
    ).count()


def _computed_many(periods: Sequence[Period], line: LineIndicators, keys: frozenset[str]) -> list[dict[str, Any]]:
    """The computed figures above for several periods, one statement per table whatever the number of periods
    (conditional aggregation: one COUNT … FILTER per period); each value equals its `fn`'s for that period."""
    out: list[dict[str, Any]] = [{} for _ in periods]
    if keys & {"overdue", "lost_litigation"} and line.tallies and all(p.whole_months for p in periods):
        # counted ahead (TALLIES): one read of the rollups, whatever the number of clocks and suits
        counted = read_tallies(line.line, periods, (*OVERDUE, "lost_litigation"), cumulative=(OVERDUE_RUNNING,))
        for values, p, n in zip(out, periods, counted, strict=True):
            if "lost_litigation" in keys:
                values["lost_litigation"] = n["lost_litigation"]
            if "overdue" in keys and year_to_date(p):
                values["overdue"] = sum(n[m] for m in OVERDUE)
        keys = keys - {"lost_litigation"}
        if all(year_to_date(p) for p in periods):
            keys = keys - {"overdue"}
    span = Period.spanning(periods)

    def put(key: str, counts: dict[str, int]) -> None:
        for i, values in enumerate(out):
            values.setdefault(key, counts[f"{key}_{i}"])

    if "overdue" in keys:
        missed = [Q(state=Deadline.State.MISSED, stopped_on__range=(p.start, p.end)) for p in periods]
        late = [
            Q(state=Deadline.State.RUNNING, advisory=False, due_on__lt=p.end, started_on__lte=p.end) for p in periods
        ]
        # The clocks joined to their cases (one join serves the outer and the per-period region tests). At 10M
        # cases PostgreSQL still hashes every case of the line (~1.3 s): no index on cases_case serves
        # (line, region prefix) without visiting the heap; see bench/README.md, bench_dashboard_10m.
        rows = Deadline.objects.filter(case__line=line.line, case__region__code__startswith=span.region_prefix).filter(
            Q(state=Deadline.State.MISSED, stopped_on__range=(span.start, span.end))
            | Q(state=Deadline.State.RUNNING, advisory=False, due_on__lt=span.end, started_on__lte=span.end)
        )
        put(
            "overdue",
            rows.aggregate(
                **{
                    f"overdue_{i}": Count(
                        "case",
                        distinct=True,
                        filter=(missed[i] | late[i]) & Q(case__region__code__startswith=p.region_prefix),
                    )
                    for i, p in enumerate(periods)
                }
            ),
        )
    if "enterprise_reconsideration_liaison_points" in keys:
        key = "enterprise_reconsideration_liaison_points"
        points = Organisation.objects.filter(
            kind=OrganisationKind.LIAISON_POINT, region__code__startswith=span.region_prefix
        )
        put(
            key,
            points.aggregate(
                **{
                    f"{key}_{i}": Count("id", filter=Q(region__code__startswith=p.region_prefix))
                    for i, p in enumerate(periods)
                }
            ),
        )
    if "lost_litigation" in keys:
        suits = Litigation.objects.filter(
            result="lost",
            judged_on__range=(span.start, span.end),
            case__line=line.line,
            case__region__code__startswith=span.region_prefix,
        )
        put(
            "lost_litigation",
            suits.aggregate(
                **{
                    f"lost_litigation_{i}": Count(
                        "id",
                        filter=Q(judged_on__range=(p.start, p.end), case__region__code__startswith=p.region_prefix),
                    )
                    for i, p in enumerate(periods)
                }
            ),
        )
    analysed = {
        "analysis_reports": "id",
        "lost_litigation_cases_analysed": "lost_litigation_cases",
        "corrected_cases_analysed": "corrected_cases",
    }
    if keys & analysed.keys():
        within = [
            Q(reported_on__range=(p.start, p.end), organisation__region__code__startswith=p.region_prefix)
            for p in periods
        ]
        counts = _analyses(span).aggregate(
            **{
                # the two many-to-many joins multiply the rows: every figure counts distinct ids
                f"{key}_{i}": Count(field, distinct=True, filter=within[i])
                for key, field in analysed.items()
                if key in keys
                for i in range(len(periods))
            }
        )
        for key in analysed.keys() & keys:
            put(key, counts)
    return out


INDICATORS = LineIndicators(
    line=Line.RECONSIDERATION,
    computed_many=_computed_many,
    tallies=TALLIES,
    outcome_sets={
        "closed": CLOSED,
        "concluded": CONCLUDED,
        "mediated_or_settled": MEDIATED_OR_SETTLED,
        "directly_corrected": DIRECTLY_CORRECTED,
        "upheld": frozenset({O.UPHELD}),
        "rejected": frozenset({O.CLAIM_REJECTED}),
        "not_accepted": frozenset({O.NOT_ACCEPTED}),
    },
    indicators=(
        CaseCount("received", _("新收"), "received", "count", date_field="received_on"),
        CaseCount(
            "received_via_liaison_points",
            _("经涉企联系点收到"),
            "received via enterprise liaison points",
            "count",
            date_field="received_on",
            filter=Q(reconsideration__liaison_point__isnull=False),
        ),
        CaseCount("accepted", _("受理"), "accepted", "count", date_field="accepted_on"),
        CaseCount(
            "not_accepted", _("不予受理"), "not accepted", "count", date_field="closed_on", outcomes="not_accepted"
        ),
        CaseCount("closed", _("办结"), "closed", "count", date_field="closed_on", outcomes="closed"),
        CaseCount("concluded", _("审结"), "concluded", "count", date_field="closed_on", outcomes="concluded"),
        CaseCount(
            "mediated_or_settled",
            _("调解和解"),
            "mediated or settled",
            "count",
            date_field="closed_on",
            outcomes="mediated_or_settled",
        ),
        CaseCount(
            "directly_corrected",
            _("直接纠错"),
            "directly corrected",
            "count",
            date_field="closed_on",
            outcomes="directly_corrected",
        ),
        CaseCount("upheld", _("维持"), "upheld", "count", date_field="closed_on", outcomes="upheld"),
        CaseCount(
            "rejected", _("驳回复议请求"), "claim rejected", "count", date_field="closed_on", outcomes="rejected"
        ),
        CaseCount(
            "simplified",
            _("适用简易程序"),
            "simplified procedure",
            "count",
            date_field="accepted_on",
            filter=Q(reconsideration__procedure_type="simplified"),
        ),
        EventCount("hearings", _("听证"), "formal hearings held", "count", codes=("hold_hearing",)),
        Ratio(
            "mediated_or_settled_rate_pct",
            _("调解和解率"),
            "mediation/settlement rate",
            "percent",
            numerator="mediated_or_settled",
            denominator="closed",
        ),
        Ratio(
            "correction_rate_pct",
            _("直接纠错率"),
            "direct correction rate",
            "percent",
            numerator="directly_corrected",
            denominator="concluded",
        ),
        Ratio(
            "simplified_share_pct",
            _("简易程序适用率"),
            "simplified share",
            "percent",
            numerator="simplified",
            denominator="accepted",
        ),
        CaseDays(
            "average_days_to_close",
            _("平均办理天数"),
            "average days to close",
            "days",
            date_field="closed_on",
            start_field="received_on",
            outcomes="closed",
        ),
        Computed("overdue", _("超期案件"), "overdue cases", "count", fn=_overdue),
        Computed(
            "enterprise_reconsideration_liaison_points",
            _("涉企行政复议联系点"),
            "enterprise liaison points",
            "count",
            fn=_liaison_points,
        ),
        Computed(
            "lost_litigation", _("复议后行政诉讼败诉"), "lost suits after reconsideration", "count", fn=_lost_litigation
        ),
        Computed(
            "lost_litigation_cases_analysed",
            _("分析败诉案件"),
            "lost suits analysed",
            "count",
            fn=_lost_litigation_cases_analysed,
        ),
        Computed(
            "corrected_cases_analysed",
            _("分析纠错案件"),
            "corrected cases analysed",
            "count",
            fn=_corrected_cases_analysed,
        ),
        Computed("analysis_reports", _("分析报告"), "analysis reports", "count", fn=_analysis_reports),
    ),
)


def by_respondent_agency(period: Period) -> list[dict[str, Any]]:
    """Per respondent agency: concluded, directly corrected and lost suits — the bureau's case-by-case analysis."""
    cases = INDICATORS.indicator_cases("concluded", period)
    corrected = INDICATORS.outcomes("directly_corrected")
    rows = (
        cases.values("reconsideration__respondent_agency", "reconsideration__respondent_agency__name")
        .annotate(concluded=Count("id"), corrected=Count("id", filter=Q(outcome__in=corrected)))
        .order_by("-corrected", "reconsideration__respondent_agency__name")
    )
    lost = dict(
        Litigation.objects.filter(
            result="lost", judged_on__range=(period.start, period.end), case__in=INDICATORS.cases(period)
        )
        .values_list("case__reconsideration__respondent_agency")
        .annotate(n=Count("id"))
    )
    return [
        {
            "agency_id": r["reconsideration__respondent_agency"],
            "agency": r["reconsideration__respondent_agency__name"] or "（未关联机关）",
            "concluded": r["concluded"],
            "corrected": r["corrected"],
            "lost_litigation": lost.get(r["reconsideration__respondent_agency"], 0),
        }
        for r in rows
    ]


# ------------------------------------------------------------------------------- the annual report and dashboard
_R = Line.RECONSIDERATION
REPORT_REFS: tuple[Ref, ...] = (  # reference/baotou-2024-figures.json
    Ref("reconsideration", "received", _R, "received"),
    Ref("reconsideration", "received_vs_{previous_year}_total_caseload", _R, "received", True),
    Ref("reconsideration", "closed", _R, "closed"),
    Ref("reconsideration", "mediated_or_settled", _R, "mediated_or_settled"),
    Ref("reconsideration", "mediated_or_settled_rate_pct", _R, "mediated_or_settled_rate_pct"),
    Ref("reconsideration", "concluded", _R, "concluded"),
    Ref("reconsideration", "directly_corrected", _R, "directly_corrected"),
    Ref("reconsideration", "correction_rate_pct", _R, "correction_rate_pct"),
    Ref("reconsideration", "lost_litigation_cases_analysed", _R, "lost_litigation_cases_analysed"),
    Ref("reconsideration", "corrected_cases_analysed", _R, "corrected_cases_analysed"),
    Ref("reconsideration", "analysis_reports", _R, "analysis_reports"),
    Ref(
        "business_environment",
        "enterprise_reconsideration_liaison_points",
        _R,
        "enterprise_reconsideration_liaison_points",
    ),
)

REPORT_AREAS: tuple[Area, ...] = (
    Area(
        "business_environment",
        "法治化营商环境",
        "一年来，打造法治化营商环境取得新成效。",
        (
            (
                "?设立涉企行政复议联系点{reconsideration.enterprise_reconsideration_liaison_points}个",
                "?经联系点收到行政复议申请{reconsideration.received_via_liaison_points}件",
            ),
        ),
        order=30,
    ),
    Area(
        "reconsideration",
        "行政争议实质化解",
        "一年来，行政争议实质化解取得新进展。",
        (
            (
                "{scope}行政复议机关全年新收行政复议案件{reconsideration.received}件",
                "是{previous_year}年的{times:reconsideration.received}倍",
                "办结案件{reconsideration.closed}件",
                "调解和解案件{reconsideration.mediated_or_settled}件",
                "调解和解率达{reconsideration.mediated_or_settled_rate_pct}%",
            ),
            (
                "审结案件{reconsideration.concluded}件",
                "直接纠错案件{reconsideration.directly_corrected}件",
                "纠错率{reconsideration.correction_rate_pct}%",
            ),
            (
                "受理案件{reconsideration.accepted}件",
                "?其中适用简易程序{reconsideration.simplified}件",
                "?组织听证{reconsideration.hearings}次",
            ),
            (
                "?对{reconsideration.lost_litigation_cases_analysed}件行政诉讼败诉案件和"
                "{reconsideration.corrected_cases_analysed}件行政复议纠错案件逐案分析",
                "?形成分析报告{reconsideration.analysis_reports}份",
            ),
        ),
        lines=(_R,),
        order=40,
    ),
)

# the monthly trend chart: the first as bars, the rest as lines
TREND_FIGURES: tuple[str, ...] = ("received", "closed", "mediated_or_settled", "directly_corrected")
