"""The indicator vocabulary each line's `indicators.py` declares its figures in, and the one evaluator.

A figure is a count of cases (by the date that places them in the period and the outcomes that qualify), a
count of timeline events, or a ratio of two other figures — ratios are computed from counts, never stored.
Outcome sets that the law leaves open (办结, 审结…) are named and configurable in settings.FAZHI_INDICATORS.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from os.path import commonprefix
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.functional import Promise

from fazhi.cases.models import Case
from fazhi.core.discovery import line_modules
from fazhi.core.lines import line_keys

Label = str | Promise


@dataclass(frozen=True)
class Period:
    """A closed date range and a region subtree: what every figure is computed for."""

    start: date
    end: date
    region_prefix: str

    @property
    def whole_months(self) -> bool:
        """Whether the period starts on a month's first day and ends on a month's last (the rollups' grain)."""
        return self.start.day == 1 and (self.end + timedelta(days=1)).day == 1 and self.start <= self.end

    @classmethod
    def year(cls, year: int, region_prefix: str) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), region_prefix)

    def previous_year(self) -> Period:
        return Period(
            self.start.replace(year=self.start.year - 1), self.end.replace(year=self.end.year - 1), self.region_prefix
        )

    @classmethod
    def spanning(cls, periods: Sequence[Period]) -> Period:
        """The smallest period holding all of `periods`: from the first start to the last end, over the regions'
        common prefix (the outer filter of a statement that evaluates a figure for each of them)."""
        # region codes are prefixes of each other by character (1502 ⊃ 150202), so commonprefix is what is meant
        prefix = commonprefix([p.region_prefix for p in periods])  # noqa: RUF071
        return cls(min(p.start for p in periods), max(p.end for p in periods), prefix)


@dataclass(frozen=True)
class Indicator:
    key: str
    zh: Label
    en: str
    unit: str  # count | yuan | percent | days


@dataclass(frozen=True)
class CaseCount(Indicator):
    """Cases of the line in the region whose `date_field` falls in the period and whose outcome is in `outcomes`."""

    date_field: str = "received_on"
    outcomes: str = ""  # name of an outcome set of the line (configurable), "" = any
    filter: Q = field(default_factory=Q)


@dataclass(frozen=True)
class CaseSum(Indicator):
    """The sum of detail amounts over the cases a CaseCount with the same rules would count (e.g. yuan recovered).

    `amounts` are field paths from Case; `amounts_setting` names a settings.FAZHI_INDICATORS[line] key that may
    choose a subset of them (which amounts the law leaves open: awarded, collected, avoided).
    """

    date_field: str = "closed_on"
    outcomes: str = ""
    filter: Q = field(default_factory=Q)
    amounts: tuple[str, ...] = ()  # every amount kept in the rollups
    chosen: tuple[str, ...] = ()  # the default subset that the figure sums (all when empty)
    amounts_setting: str = ""


@dataclass(frozen=True)
class CaseDays(Indicator):
    """The mean number of calendar days from `start_field` to `date_field` over the cases a CaseCount with the
    same rules would count (平均办理天数), one decimal; None when no case qualifies. Rolled up as a count and a
    sum of days, so the average is exact over any run of months and regions."""

    date_field: str = "closed_on"
    start_field: str = "received_on"
    outcomes: str = ""
    filter: Q = field(default_factory=Q)


@dataclass(frozen=True)
class EventCount(Indicator):
    """Timeline events with one of `codes` dated in the period, on cases of the line in the region."""

    codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ratio(Indicator):
    """numerator ÷ denominator × scale, rounded half-up to `places` decimals; None when the denominator is 0."""

    numerator: str = ""
    denominator: str = ""
    scale: int = 100
    places: int = 2


@dataclass(frozen=True)
class Breakdown(Indicator):
    """The figures declared before it whose keys start with `prefix`, as {rest of key: value} (zeros left out)."""

    prefix: str = ""


@dataclass(frozen=True)
class Computed(Indicator):
    """A figure that needs its own query (averages, counts outside the case table); `fn(period, line) → value`.

    `fn` is the figure's definition for one period. A line may also declare `LineIndicators.computed_many`, which
    evaluates several of its computed figures for several periods in a few statements (the dashboard's this
    year and last, the ranking's counties); it must return what `fn` returns, and the line's tests check that.
    """

    fn: Callable[[Period, Any], Any] = lambda period, line: None


# computed_many(periods, line, keys) → for each period, {key: value} of (some of) the `keys`; the keys it leaves
# out are evaluated by their `fn`, one statement per figure and period.
ComputedMany = Callable[[Sequence[Period], "LineIndicators", frozenset[str]], list[dict[str, Any]]]


@dataclass(frozen=True)
class LineIndicators:
    """A line's figures and its named outcome sets (defaults; settings.FAZHI_INDICATORS may override a set)."""

    line: str
    outcome_sets: Mapping[str, frozenset[str]]
    indicators: tuple[Indicator, ...]
    computed_many: ComputedMany | None = None  # the `Computed` figures for several periods at once (optional)
    # measures counted ahead into the rollups from rows outside the case table, which `computed_many` may read
    # (fazhi.indicators.tallies.Tally; `fn` stays each figure's definition)
    tallies: tuple[Any, ...] = ()

    def outcomes(self, name: str) -> frozenset[str]:
        override = getattr(settings, "FAZHI_INDICATORS", {}).get(self.line, {}).get(name)
        return frozenset(override) if override is not None else self.outcome_sets[name]

    def cases(self, period: Period) -> QuerySet:
        return Case.objects.filter(line=self.line, region__code__startswith=period.region_prefix)

    def indicator_cases(self, key: str, period: Period) -> QuerySet:
        """The records behind a count figure (the drill-down list)."""
        ind = next(i for i in self.indicators if i.key == key)
        if isinstance(ind, CaseCount | CaseSum | CaseDays):
            qs = self.cases(period).filter(ind.filter, **{f"{ind.date_field}__range": (period.start, period.end)})
            return qs.filter(outcome__in=self.outcomes(ind.outcomes)) if ind.outcomes else qs
        if isinstance(ind, EventCount):
            return (
                self.cases(period)
                .filter(events__code__in=ind.codes, events__on__range=(period.start, period.end))
                .distinct()
            )
        raise TypeError(f"{key} is not a count of cases")

    def measures(self, key: str) -> frozenset[str]:
        """The rollup measures a figure is computed from (none for a `Computed` figure, which queries itself)."""
        ind = next(i for i in self.indicators if i.key == key)
        if isinstance(ind, CaseCount | EventCount | CaseDays):
            return frozenset({ind.key})
        if isinstance(ind, CaseSum):
            return frozenset(f"{ind.key}:{a}" for a in ind.amounts)
        if isinstance(ind, Ratio):
            return self.measures(ind.numerator) | self.measures(ind.denominator)
        if isinstance(ind, Breakdown):
            return frozenset().union(*(self.measures(i.key) for i in self.indicators if i.key.startswith(ind.prefix)))
        return frozenset()

    def amounts(self, ind: CaseSum) -> tuple[str, ...]:
        chosen = getattr(settings, "FAZHI_INDICATORS", {}).get(self.line, {}).get(ind.amounts_setting)
        return tuple(chosen) if chosen is not None else (ind.chosen or ind.amounts)

    def compute(self, period: Period, *, only: frozenset[str] | None = None) -> dict[str, Any]:
        """The line's figures for the period, read from the rollups (cost independent of the case count).

        `only` names the figures a caller needs (a trend, a ranking): the computed ones outside it, which query
        their own tables, are skipped; counts, sums and ratios come from the one rollup read either way. A
        period that is not a run of whole months (the rollups' grain) is counted from the records instead.
        """
        from fazhi.indicators.rollups import read

        computed = self.computed([period], only=only)[0]
        if not period.whole_months:
            return self._evaluate(period, self.live_totals(period), only=only, computed=computed)
        return self.evaluate(period, read(self.line, period), only=only, computed=computed)

    def computed(self, periods: Sequence[Period], *, only: frozenset[str] | None = None) -> list[dict[str, Any]]:
        """The line's `Computed` figures (those in `only`, or all) for each period: by `computed_many` when the line
        declares it (a few statements for all the periods), any figure it leaves out by its own `fn`."""
        wanted = [i for i in self.indicators if isinstance(i, Computed) and (only is None or i.key in only)]
        if not wanted or not periods:
            return [{} for _ in periods]
        keys = frozenset(i.key for i in wanted)
        batch = self.computed_many(periods, self, keys) if self.computed_many else [{} for _ in periods]
        return [
            {i.key: found[i.key] if i.key in found else i.fn(period, self) for i in wanted}
            for period, found in zip(periods, batch, strict=True)
        ]

    def live_totals(self, period: Period) -> dict[str, tuple[int, Decimal]]:
        """Every rollup measure counted from the records: the case measures and the tallies'."""
        from fazhi.indicators.rollups import live_totals
        from fazhi.indicators.tallies import live

        return live_totals(self, period) | live(self, period)

    def compute_live(self, period: Period) -> dict[str, Any]:
        """The same figures counted from the case rows: the reference the rollups are tested against (the
        `Computed` figures by their own `fn`, the reference for `computed_many`)."""
        return self._evaluate(period, self.live_totals(period))

    def evaluate(
        self,
        period: Period,
        totals: Mapping[str, tuple[int, Decimal]],
        only: frozenset[str] | None = None,
        computed: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The figures from rollup totals {measure: (count, amount)} already read for the period; `computed`: the
        `Computed` figures already evaluated for it (by `computed`), the others are asked of their `fn`."""
        return self._evaluate(period, totals, only=only, computed=computed)

    def _evaluate(
        self,
        period: Period,
        totals: Mapping[str, tuple[int, Decimal]],
        only: frozenset[str] | None = None,
        computed: Mapping[str, Any] | None = None,
    ) -> dict[str, Any]:
        computed = computed or {}
        values: dict[str, Any] = {}
        for ind in self.indicators:
            if isinstance(ind, CaseCount | EventCount):
                values[ind.key] = totals.get(ind.key, (0, Decimal(0)))[0]
            elif isinstance(ind, CaseSum):
                total = sum((totals.get(f"{ind.key}:{a}", (0, Decimal(0)))[1] for a in self.amounts(ind)), Decimal(0))
                values[ind.key] = int(total) if total == int(total) else float(total)
            elif isinstance(ind, CaseDays):
                n, days = totals.get(ind.key, (0, Decimal(0)))
                values[ind.key] = ratio(int(days), n, scale=1, places=1)
            elif isinstance(ind, Ratio):
                values[ind.key] = ratio(values[ind.numerator], values[ind.denominator], ind.scale, ind.places)
            elif isinstance(ind, Breakdown):
                values[ind.key] = {k[len(ind.prefix) :]: v for k, v in values.items() if k.startswith(ind.prefix) and v}
            elif isinstance(ind, Computed) and (only is None or ind.key in only):
                values[ind.key] = computed[ind.key] if ind.key in computed else ind.fn(period, self)
        return values


def ratio(numerator: int, denominator: int, scale: int = 100, places: int = 2) -> float | None:
    """Half-up rounding, as statistical reports round (288 / 899 → 32.04)."""
    if not denominator:
        return None
    q = Decimal(1).scaleb(-places)
    return float((Decimal(numerator) * scale / Decimal(denominator)).quantize(q, rounding=ROUND_HALF_UP))


@cache
def registry() -> dict[str, LineIndicators]:
    """Every installed line's `indicators.INDICATORS`, keyed by line."""
    found = (getattr(module, "INDICATORS", None) for module in line_modules("indicators"))
    return {li.line: li for li in found if isinstance(li, LineIndicators)}


def line_order(lines: Iterable[str]) -> tuple[str, ...]:
    """The lines that declare figures, in the platform's order of lines (`LineSpec.order`), then by key."""
    known = registry()
    position = {key: i for i, key in enumerate(line_keys())}
    return tuple(sorted((x for x in set(lines) if x in known), key=lambda x: (position.get(x, len(position)), x)))


def compute(lines: Iterable[str], period: Period) -> dict[str, dict[str, Any]]:
    return {line: registry()[line].compute(period) for line in lines}
