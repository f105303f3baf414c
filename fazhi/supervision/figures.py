"""The supervision line's own figures over a region-code prefix and a date range, each with the records behind it
(the drill-down lists exactly what the figure counts; `figure_views` shows them).

- `rule_of_law_health_checks` (法治体检, the seed's 10 in 2024): departments checked, a department counting once per
  plan, dated by its check (`checked_on` in the range); the plan's region gives the subtree.
- `unit_heads_interviewed` (约谈单位负责人, the seed's 16 in 2024): interviews held in the range.
- `rectifications_reported`, `rectifications_on_time`: health-check rectification reports received in the range,
  and those received by the deadline the notice set.
- `three_systems_nonconforming`: 三项制度 findings (publicity within 7 working days, full-process recording, legal
  review of major decisions, 行政处罚法第五十八条) that did not conform, in checks made in the range.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from fazhi.supervision.choices import THREE_SYSTEMS, InterviewState
from fazhi.supervision.models import Finding, HealthCheck, Interview


def rule_of_law_health_checks_records(prefix: str, start: date, end: date) -> QuerySet[HealthCheck]:
    return HealthCheck.objects.filter(plan__region__code__startswith=prefix, checked_on__range=(start, end))


def unit_heads_interviewed_records(prefix: str, start: date, end: date) -> QuerySet[Interview]:
    return Interview.objects.filter(
        region__code__startswith=prefix, state=InterviewState.HELD, held_on__range=(start, end)
    )


def rectifications_reported_records(prefix: str, start: date, end: date) -> QuerySet[HealthCheck]:
    return HealthCheck.objects.filter(
        plan__region__code__startswith=prefix, reported_on__range=(start, end), due_on__isnull=False
    )


def rectifications_on_time_records(prefix: str, start: date, end: date) -> QuerySet[HealthCheck]:
    return rectifications_reported_records(prefix, start, end).filter(reported_on__lte=F("due_on"))


def three_systems_nonconforming_records(prefix: str, start: date, end: date) -> QuerySet[HealthCheck]:
    findings = Finding.objects.filter(conforming=False, item__in=THREE_SYSTEMS)
    return rule_of_law_health_checks_records(prefix, start, end).filter(pk__in=findings.values("check_record_id"))


RECORDS: dict[str, Callable[[str, date, date], QuerySet]] = {
    "rule_of_law_health_checks": rule_of_law_health_checks_records,
    "unit_heads_interviewed": unit_heads_interviewed_records,
    "rectifications_reported": rectifications_reported_records,
    "rectifications_on_time": rectifications_on_time_records,
    "three_systems_nonconforming": three_systems_nonconforming_records,
}

LABELS: dict[str, tuple[Any, str]] = {
    "rule_of_law_health_checks": (_("法治体检部门"), "departments given a rule-of-law health check"),
    "unit_heads_interviewed": (_("约谈单位负责人"), "unit heads interviewed"),
    "rectifications_reported": (_("体检整改报告"), "health-check rectification reports"),
    "rectifications_on_time": (_("按期整改"), "rectifications reported on time"),
    "three_systems_nonconforming": (_("三项制度不符合要求的部门"), "departments failing a three-systems check"),
}


def _count(key: str):
    def fn(period, line) -> int:
        return RECORDS[key](period.region_prefix, period.start, period.end).count()

    fn.__name__ = key
    return fn


PERIOD_FIGURES = {key: _count(key) for key in RECORDS}
