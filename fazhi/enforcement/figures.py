"""The enforcement network's figures for a region and a period, under the keys of baotou-2024-figures.json's
`enforcement_supervision` (the seed: "构建了市级36个、旗县区级9个、苏木乡镇街道48个的三级行政执法监督网络 … 持证
监督人员增至352名，较上年增长35%").

Every figure is a stock, not a flow, read at the period's end, or today while the period runs (`stock_day`): the
bodies in being that day, the supervision certificates in force that day (`fazhi.enforcement.history`), their growth
on the same day a year earlier, the certificates whose validity as recorded that day ends within the reminder window
(settings.FAZHI_CERTIFICATE_REMINDER_DAYS, default 90 days) after it. A region counts its subtree (a city counts its
counties' bodies and officers). `<key>_records(prefix, start, end)` give the records behind each figure (the
drill-down), `PERIOD_FIGURES[key](period, line)` the value the supervision line's `Computed` declarations take, and
`LABELS` the Chinese and English names.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.enforcement.choices import Tier
from fazhi.enforcement.history import a_year_before, in_force_on, supervisors_in_force
from fazhi.enforcement.models import Certificate, SupervisionBody
from fazhi.enforcement.reminders import reminder_days


def stock_day(end: date) -> date:
    """The day a stock is read for a period ending `end`: that day, or today while the period has not ended (the
    current year's figures are what stands today, not what would stand on 31 December)."""
    return min(end, timezone.localdate())


def _bodies(prefix: str, end: date, tier: str) -> QuerySet[SupervisionBody]:
    day = stock_day(end)
    return SupervisionBody.objects.filter(
        Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        region__code__startswith=prefix,
        tier=tier,
        established_on__lte=day,
    )


def supervision_bodies_city_records(prefix: str, start: date, end: date) -> QuerySet[SupervisionBody]:
    """市级 supervision bodies in being on the period's last day (set up on or before it, not dissolved by then)."""
    return _bodies(prefix, end, Tier.CITY)


def supervision_bodies_county_records(prefix: str, start: date, end: date) -> QuerySet[SupervisionBody]:
    return _bodies(prefix, end, Tier.COUNTY)


def supervision_bodies_township_records(prefix: str, start: date, end: date) -> QuerySet[SupervisionBody]:
    return _bodies(prefix, end, Tier.TOWNSHIP)


def certified_supervisors_records(prefix: str, start: date, end: date) -> QuerySet[Certificate]:
    """持证监督人员: supervision certificates (监督证) in force on the period's last day, one per person."""
    return supervisors_in_force(stock_day(end), prefix)


def certificates_expiring_records(prefix: str, start: date, end: date) -> QuerySet[Certificate]:
    """Certificates of either kind in force on the period's last day whose validity, as the history recorded it that
    day, ends within the reminder window after it (settings.FAZHI_CERTIFICATE_REMINDER_DAYS, default 90: the same
    window as the 即将到期证件 page and the nightly reminder)."""
    day = stock_day(end)
    return in_force_on(day, prefix=prefix, ending_by=day + timedelta(days=reminder_days()))


def certified_supervisors_growth_pct(prefix: str, end: date) -> Decimal | None:
    """较上年增长N%: (supervisors in force on `end` − those on the same day a year earlier) ÷ the earlier × 100, rounded
    to a whole percent half up as the seed writes it (352 against 260: 35.38 → 35); None when there were none a year
    earlier."""
    day = stock_day(end)
    now = certified_supervisors_records(prefix, day, day).count()
    before_day = a_year_before(day)
    before = certified_supervisors_records(prefix, before_day, before_day).count()
    if not before:
        return None
    return (Decimal(now - before) * 100 / Decimal(before)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)


# key → the records behind it (the growth's records are the supervisors it grows to)
RECORDS: dict[str, Callable[[str, date, date], QuerySet]] = {
    "supervision_bodies_city": supervision_bodies_city_records,
    "supervision_bodies_county": supervision_bodies_county_records,
    "supervision_bodies_township": supervision_bodies_township_records,
    "certified_supervisors": certified_supervisors_records,
    "certified_supervisors_growth_pct": certified_supervisors_records,
    "certificates_expiring": certificates_expiring_records,
}


def _count(records: Callable[[str, date, date], QuerySet]) -> Callable[[Any, Any], int]:
    def fn(period: Any, line: Any) -> int:
        return records(period.region_prefix, period.start, period.end).count()

    return fn


def _growth(period: Any, line: Any) -> Decimal | None:
    return certified_supervisors_growth_pct(period.region_prefix, period.end)


PERIOD_FIGURES: dict[str, Callable[[Any, Any], int | Decimal | None]] = {
    **{key: _count(records) for key, records in RECORDS.items() if key != "certified_supervisors_growth_pct"},
    "certified_supervisors_growth_pct": _growth,
}

# key → (Chinese label, English label); the unit of each is in UNITS
LABELS: dict[str, tuple[Any, str]] = {
    "supervision_bodies_city": (_("市级行政执法监督机构"), "city-level supervision bodies"),
    "supervision_bodies_county": (_("旗县区级行政执法监督机构"), "county-level supervision bodies"),
    "supervision_bodies_township": (_("苏木乡镇街道级行政执法监督机构"), "township-level supervision bodies"),
    "certified_supervisors": (_("持证监督人员"), "certified supervisors"),
    "certified_supervisors_growth_pct": (_("持证监督人员增长率"), "certified supervisors growth"),
    "certificates_expiring": (_("90日内到期的执法证件"), "certificates expiring within 90 days"),
}
UNITS = {key: "percent" if key.endswith("_pct") else "count" for key in LABELS}
