"""The register's figures for a region and a date range, under the keys of baotou-2024-figures.json's
`business_environment` (`lenient_penalty_cases`, `lenient_penalty_amount_yuan`) and the breakdowns the issue asks for.

The seed's sentence (包头市司法局 2024 review): "全市各执法部门办理免罚轻罚案件12.6万件，免罚减罚金额9000万余元".
A decision counts in the period of its 决定日期 (`decided_on`) and in the region of its agency (a city counts its
counties' agencies). Flagged decisions (存疑) count too: a flag asks the supervision body to look, it does not undo a
decision; `lenient_flagged` says how many of them there are.

Breakdowns: one key per kind, `lenient_by_type_<kind>` (no_penalty, reduced, lighter), and one per field,
`lenient_by_domain_<domain>` (`choices.Domain`), each the number of decisions; `lenient_amount_by_type_<kind>` the
amount. `*_records(prefix, start, end)` give the decisions behind each key (the drill-down), `PERIOD_FIGURES` the
`fn(period, line)` a `Computed` declaration takes, `LABELS` their names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import region_within
from fazhi.lenient.choices import Domain, LenientPenaltyKind
from fazhi.lenient.models import Decision, Report

Records = Callable[[str, date, date], QuerySet[Decision]]


def decisions_records(prefix: str, start: date, end: date) -> QuerySet[Decision]:
    """Decisions of agencies in the region subtree `prefix`, decided between `start` and `end` (inclusive)."""
    return Decision.objects.filter(region_within("region__code", prefix), decided_on__range=(start, end))


def _narrowed(q: Q) -> Records:
    def records(prefix: str, start: date, end: date) -> QuerySet[Decision]:
        return decisions_records(prefix, start, end).filter(q)

    return records


def amount(records: QuerySet[Decision]) -> Decimal:
    total = records.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    return total.quantize(Decimal("0.01"))  # SQLite's sum drops the decimals


RECORDS: dict[str, Records] = {
    "lenient_penalty_cases": decisions_records,
    "lenient_penalty_amount_yuan": decisions_records,
    "lenient_flagged": _narrowed(Q(out_of_dates=True) | Q(other_domain=True)),
}
for _kind in LenientPenaltyKind:
    RECORDS[f"lenient_by_type_{_kind.value}"] = _narrowed(Q(kind=_kind.value))
    RECORDS[f"lenient_amount_by_type_{_kind.value}"] = _narrowed(Q(kind=_kind.value))
for _domain in Domain:
    RECORDS[f"lenient_by_domain_{_domain.value}"] = _narrowed(Q(domain=_domain.value))

AMOUNT_KEYS = frozenset(
    {"lenient_penalty_amount_yuan", *(f"lenient_amount_by_type_{k.value}" for k in LenientPenaltyKind)}
)


def summary(prefix: str, start: date, end: date) -> dict[str, int | Decimal]:
    """Every figure of the range at once, from one grouped statement over the decisions (field × kind), kept until
    a batch is written: the dashboard asks for ~20 figures of a year and the one before, each a scan of ~100,000
    decisions otherwise. Decisions are only ever added, each with its batch (`Report`), and their field and kind
    never change, so the newest batch says whether a kept summary is still right."""
    latest = Report.objects.aggregate(id=Max("id"), at=Max("created_at"))
    newest = Decision.objects.aggregate(id=Max("id"))["id"]
    key = (prefix, start, end, latest["id"], latest["at"], newest)
    found = _SUMMARIES.get(key)
    if found is None:
        found = _summarise(prefix, start, end)
        if len(_SUMMARIES) >= 256:
            _SUMMARIES.clear()
        _SUMMARIES[key] = found
    return found


_SUMMARIES: dict[tuple, dict[str, int | Decimal]] = {}


def _summarise(prefix: str, start: date, end: date) -> dict[str, int | Decimal]:
    zero = Decimal("0.00")
    out: dict[str, int | Decimal] = {key: zero if key in AMOUNT_KEYS else 0 for key in RECORDS}
    groups = (
        decisions_records(prefix, start, end)
        .order_by()
        .values("domain", "kind")
        .annotate(
            n=Count("id"),
            total=Sum("amount"),
            n_flagged=Count("id", filter=Q(out_of_dates=True) | Q(other_domain=True)),
        )
    )
    for g in groups:
        amount_ = (g["total"] or Decimal(0)).quantize(Decimal("0.01"))
        for key, value in (
            ("lenient_penalty_cases", g["n"]),
            ("lenient_penalty_amount_yuan", amount_),
            ("lenient_flagged", g["n_flagged"]),
            (f"lenient_by_type_{g['kind']}", g["n"]),
            (f"lenient_amount_by_type_{g['kind']}", amount_),
            (f"lenient_by_domain_{g['domain']}", g["n"]),
        ):
            if key in out:
                out[key] += value  # type: ignore[operator]
    return out


def figure(key: str, prefix: str, start: date, end: date) -> int | Decimal:
    """The figure `key` over a region prefix and a date range: a count, or an amount in yuan for `AMOUNT_KEYS`."""
    return summary(prefix, start, end)[key]


def lenient_penalty_cases(prefix: str, start: date, end: date) -> int:
    """免罚轻罚案件N件: decisions decided in the range by agencies of the region subtree."""
    return int(figure("lenient_penalty_cases", prefix, start, end))


def lenient_penalty_amount_yuan(prefix: str, start: date, end: date) -> Decimal:
    """免罚减罚金额N元: the amounts waived or reduced by those decisions, in yuan."""
    return Decimal(figure("lenient_penalty_amount_yuan", prefix, start, end))


def _for_period(key: str) -> Callable[[Any, Any], int | Decimal]:
    def fn(period: Any, line: Any) -> int | Decimal:
        return figure(key, period.region_prefix, period.start, period.end)

    return fn


PERIOD_FIGURES: dict[str, Callable[[Any, Any], int | Decimal]] = {key: _for_period(key) for key in RECORDS}
# every figure of a region and date range at once (one grouped statement): the supervision line's `computed_many`
# asks for them together instead of figure by figure
SUMMARY = summary

LABELS: dict[str, tuple[Any, str]] = {
    "lenient_penalty_cases": (_("免罚轻罚案件"), "lenient-penalty cases"),
    "lenient_penalty_amount_yuan": (_("免罚减罚金额（元）"), "amount waived or reduced (yuan)"),
    "lenient_flagged": (_("存疑的免罚轻罚决定"), "flagged lenient-penalty decisions"),
}
_KIND_EN = {"no_penalty": "no penalty", "reduced": "reduced penalty", "lighter": "lighter penalty"}
for _kind in LenientPenaltyKind:
    LABELS[f"lenient_by_type_{_kind.value}"] = (
        format_lazy(_("免罚轻罚案件（{}）"), _kind.label),
        f"lenient-penalty cases: {_KIND_EN[_kind.value]}",
    )
    LABELS[f"lenient_amount_by_type_{_kind.value}"] = (
        format_lazy(_("免罚减罚金额（{}，元）"), _kind.label),
        f"amount waived or reduced: {_KIND_EN[_kind.value]} (yuan)",
    )
for _domain in Domain:
    LABELS[f"lenient_by_domain_{_domain.value}"] = (
        format_lazy(_("免罚轻罚案件（{}）"), _domain.label),
        f"lenient-penalty cases: {_domain.value.replace('_', ' ')}",
    )
