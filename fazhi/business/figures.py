"""The business environment's figures for a region and a period, under the keys of baotou-2024-figures.json's
`business_environment`.

The seed's sentence (包头市司法局 2024 review): "发布司法行政机关涉企法治服务清单，与70余家企业建立公证法律服务关系；
…深入10个工业园区、50余家企业，开展新公司法等法律法规宣讲100余次。" Each function below says which part of it it
counts. A region counts its
whole subtree (a city counts its counties), by the record's region: a notary relation by its notary office's, an
event by the region it was held in. `*_records(prefix, start, end)` give the records behind each figure for any date
range (a `Period`: the drill-down lists them), and `PERIOD_FIGURES` the `fn(period, line)` each `Computed`
declaration of the supervision line takes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from fazhi.business.models import Enterprise, IndustrialPark, NotaryRelation, OutreachEvent, in_force


def _events(prefix: str, start: date, end: date) -> QuerySet[OutreachEvent]:
    return OutreachEvent.objects.filter(region__code__startswith=prefix, held_on__range=(start, end))


def enterprises_with_notary_service_relations_records(prefix: str, start: date, end: date) -> QuerySet[Enterprise]:
    """与N余家企业建立公证法律服务关系: distinct enterprises with a relation, of a notary office of the subtree, in
    force on some day of the period (begun by its end and not ended before its start). An enterprise tied to two
    offices counts once."""
    relations = in_force(NotaryRelation.objects.filter(region__code__startswith=prefix), start, end)
    return Enterprise.objects.filter(pk__in=relations.values("enterprise_id"))


def industrial_parks_visited_records(prefix: str, start: date, end: date) -> QuerySet[IndustrialPark]:
    """深入N个工业园区: distinct parks where an outreach event of the subtree was held in the period."""
    return IndustrialPark.objects.filter(pk__in=_events(prefix, start, end).values("park_id"))


def enterprises_visited_records(prefix: str, start: date, end: date) -> QuerySet[Enterprise]:
    """N余家企业: distinct enterprises named as visited by an outreach event of the subtree in the period, however
    many events visited them."""
    return Enterprise.objects.filter(outreach_events__in=_events(prefix, start, end)).distinct()


def lectures_records(prefix: str, start: date, end: date) -> QuerySet[OutreachEvent]:
    """The events behind 宣讲N次: outreach events of the subtree in the period that gave at least one lecture."""
    return _events(prefix, start, end).filter(lecture_count__gt=0)


def lectures_total(prefix: str, start: date, end: date) -> int:
    """宣讲N次: the sum of the lecture counts of the period's events (an event may give several lectures)."""
    return lectures_records(prefix, start, end).aggregate(n=Sum("lecture_count"))["n"] or 0


# key → the records behind it (the drill-down page lists these)
RECORDS: dict[str, Callable[[str, date, date], QuerySet]] = {
    "enterprises_with_notary_service_relations": enterprises_with_notary_service_relations_records,
    "industrial_parks_visited": industrial_parks_visited_records,
    "enterprises_visited": enterprises_visited_records,
    "lectures": lectures_records,
}


# key → how its number comes from its records (a count, except the lectures: a sum of lecture counts)
def _counter(records: Callable[[str, date, date], QuerySet]) -> Callable[[str, date, date], int]:
    def count(prefix: str, start: date, end: date) -> int:
        return records(prefix, start, end).count()

    return count


TOTALS: dict[str, Callable[[str, date, date], int]] = {key: _counter(records) for key, records in RECORDS.items()}
TOTALS["lectures"] = lectures_total


def figure(key: str, prefix: str, start: date, end: date) -> int:
    """Figure `key` over the subtree `prefix` from `start` to `end` (both included)."""
    return TOTALS[key](prefix, start, end)


def _for_period(key: str) -> Callable[[Any, Any], int]:
    def fn(period: Any, line: Any) -> int:
        return TOTALS[key](period.region_prefix, period.start, period.end)

    return fn


# key → fn(period, line) for the supervision line's `Computed(key, label, english, "count", fn=…)`
PERIOD_FIGURES: dict[str, Callable[[Any, Any], int]] = {key: _for_period(key) for key in RECORDS}

# key → (name, English description): the dashboard's figure and the drill-down page's title say the same
LABELS: dict[str, tuple[Any, str]] = {
    "enterprises_with_notary_service_relations": (
        _("建立公证法律服务关系的企业"),
        "enterprises with notary service relations",
    ),
    "industrial_parks_visited": (_("深入工业园区"), "industrial parks visited"),
    "enterprises_visited": (_("走访企业"), "enterprises visited"),
    "lectures": (_("法律法规宣讲次数"), "lectures given"),
}
