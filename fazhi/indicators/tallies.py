"""Tallies: `Computed` figures counted ahead into the rollup tables, so a dashboard reads them at any record count.

A `Computed` figure counts rows the case rollups do not describe (a case's clocks, the suits after a decision,
consultations). Counting them live costs the page a scan that grows with the records (超期案件 joined ~300,000
index entries of a city's cases at 10M; the consultations 400,000 rows). A `Tally` counts the same rows ahead, as
extra measures of the line's rollups: the same `Rollup` rows (three grains, case region), the same `RollupDelta`
appends in the writer's transaction, the same hourly `fold` and `rebuild`. Nothing parallel to keep in step: a
tally is one more measure of the existing mechanism, and its figure's `fn` stays the definition (tests compare).

Two kinds, by what the ids a tally is asked about are:

- **per case** (`model` None): what a case contributes from its related rows (its clocks). `rollups.contributions`
  adds it to the case's other measures, so every step (`tracking`) and every intake or import (`record_new`)
  keeps it, like a case field: the clock writers are steps, and need no hook of their own.
- **per row** (`model` set): rows with their own month and region (a consultation) or that are written outside the
  steps (a suit). `connect()` (the app's `ready`) hooks the model's save and delete signals: each save appends the
  difference of the row's contribution before and after, in the writer's transaction. Writers that bypass the
  signals (`bulk_create`, `QuerySet.update`, raw SQL) call `record_rows(model, ids)` after writing new rows, or
  `manage.py rebuild_rollups` recounts everything.

`rebuild()` of each tally writes its case-grain rows inside `rollups.rebuild`, before the coarse grains are summed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

from fazhi.indicators.models import Rollup, RollupDelta
from fazhi.indicators.registry import Period

TallyKey = tuple[str, date, str]  # (measure, month, region code)
# The clocks of cases a caller holds, every one of them (a case just opened: `hooks.cases_opened(…, clocks=)`):
# {case id: (region code, [Deadline, …])}, so a per-case tally with `from_clocks` counts them without a read.
ClocksInHand = Mapping[int, tuple[str, Sequence[Any]]]
EPOCH = date(1900, 1, 1)  # the first month a cumulative measure is summed from


@dataclass(frozen=True)
class Tally:
    """Measures of a line counted ahead from rows outside the case table.

    `count(ids)`: what those ids (case ids, or `model` row ids) contribute now, {(measure, month, region): n};
    `everything()`: the same over every row, as (measure, month, region, n) groups (the rebuild);
    `from_clocks(case_id, region, clocks)`, for a per-case tally of a case's clocks: the same as `count([case_id])`
    from every clock of the case in hand (`counted`; a test holds the two equal), so an intake, whose clocks were
    all just started, reads nothing back.
    """

    line: str
    measures: tuple[str, ...]
    count: Callable[[list[int]], Counter]
    everything: Callable[[], Iterable[tuple[str, date, str, int]]]
    model: type[models.Model] | None = None
    watched: tuple[str, ...] = field(default=())  # fields (names, attnames) whose change moves a row's contribution
    from_clocks: Callable[[int, str, Sequence[Any]], Counter] | None = None

    def counted(self, ids: list[int], clocks: ClocksInHand | None = None) -> Counter:
        """`count(ids)`, from the clocks in hand when the caller holds every one of these cases' clocks."""
        if self.from_clocks is not None and clocks is not None and all(i in clocks for i in ids):
            out: Counter = Counter()
            for i in ids:
                region, held = clocks[i]
                out.update(self.from_clocks(i, region, held))
            return out
        return self.count(ids)

    def rebuild(self) -> int:
        """Write the case-grain rollup rows of every measure of the tally (in `rollups.rebuild`'s transaction)."""
        totals: Counter = Counter()
        for measure, month, region, n in self.everything():
            totals[(measure, month, region)] += n
        rows = [
            Rollup(grain=Rollup.Grain.CASE, line=self.line, measure=m, month=mo, region_code=r, count=n)
            for (m, mo, r), n in totals.items()
            if n
        ]
        Rollup.objects.bulk_create(rows, batch_size=2000)
        return len(rows)


def deltas(line: str, before: Counter, after: Counter) -> list[RollupDelta]:
    return [
        RollupDelta(line=line, measure=measure, month=month, region_code=region, count=after[key] - before[key])
        for key in set(before) | set(after)
        if after[key] != before[key]
        for measure, month, region in (key,)
    ]


_statements: dict[tuple[str, str], Any] = {}


def rows_among(name: str, query: Callable[[Callable[[Any], Any]], QuerySet], ids: list[int]) -> list[list]:
    """The rows of `query(among)` — a values_list filtered by `among(F("case_id"))` or the like — for these ids,
    compiled to SQL once per database vendor (`rollups._Compiled`): a per-case tally runs twice in every step of its
    line, and building the ORM query each time would cost more than running it."""
    from fazhi.indicators.rollups import AmongIds, _Compiled

    key = (connection.vendor, name)
    compiled = _statements.get(key)
    if compiled is None:
        compiled = _statements[key] = _Compiled.of(query(AmongIds))
    return compiled.run(ids)


def live(li: Any, period: Period) -> dict[str, tuple[int, Decimal]]:
    """The tallies' measures counted from their rows for the period (months inside it, regions under its prefix):
    the reference `LineIndicators.live_totals` adds to the case measures (a full count, for tests and checks)."""
    totals: Counter = Counter()
    for tally in li.tallies:
        for measure, month, region, n in tally.everything():
            if period.start <= month <= period.end and region.startswith(period.region_prefix):
                totals[measure] += n
    return {measure: (n, Decimal(0)) for measure, n in totals.items() if n}


# ------------------------------------------------------------------------------------------- per-row tallies
def tallies() -> list[Tally]:
    from fazhi.indicators.registry import registry

    return [t for li in registry().values() for t in li.tallies]


def row_tallies(model: type[models.Model]) -> list[Tally]:
    return [t for t in tallies() if t.model is model]


def record_rows(model: type[models.Model], ids: Sequence[int]) -> None:
    """Append what rows just written in bulk (no signals) contribute to the tallies of their model."""
    ids = [i for i in ids if i is not None]
    if not ids:
        return
    found = []
    for tally in row_tallies(model):
        found += deltas(tally.line, Counter(), tally.count(ids))
    RollupDelta.objects.bulk_create(found, batch_size=1000)


_BEFORE = "_tally_before"


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or instance.pk is None or instance._state.adding:
        return
    watched = row_tallies(sender)
    if update_fields is not None:
        watched = [t for t in watched if not t.watched or set(t.watched) & set(update_fields)]
    setattr(instance, _BEFORE, {id(t): t.count([instance.pk]) for t in watched})


def _after_save(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    before = getattr(instance, _BEFORE, {})
    if hasattr(instance, _BEFORE):
        delattr(instance, _BEFORE)
    found = []
    for tally in row_tallies(sender):
        if created or id(tally) in before:
            found += deltas(tally.line, before.get(id(tally), Counter()), tally.count([instance.pk]))
    RollupDelta.objects.bulk_create(found)


def _before_delete(sender, instance, **kwargs) -> None:
    setattr(instance, _BEFORE, {id(t): t.count([instance.pk]) for t in row_tallies(sender)})


def _after_delete(sender, instance, **kwargs) -> None:
    before = getattr(instance, _BEFORE, {})
    found = []
    for tally in row_tallies(sender):
        found += deltas(tally.line, before.get(id(tally), Counter()), Counter())
    RollupDelta.objects.bulk_create(found)


def connect() -> None:
    """Hook the save and delete signals of every model a per-row tally counts (called once, from `ready`)."""
    for model in {t.model for t in tallies() if t.model is not None}:
        uid = f"tally:{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)


# ------------------------------------------------------------------------------------------- reading
def year_to_date(period: Period) -> bool:
    """Whether the period runs from a January 1st to the end of a month of the same year (a year, or its first
    months): the periods a tally counted once per case and year answers."""
    return period.whole_months and period.start == date(period.end.year, 1, 1)


def read(
    line: str, periods: Sequence[Period], measures: Iterable[str], *, cumulative: Iterable[str] = ()
) -> list[dict[str, int]]:
    """For each period (runs of whole months), the count of each measure in its months and region subtree, in one
    grouped read of the rollups and pending deltas (`rollups.read_grid`, the grain that answers the narrowest
    region asked). A `cumulative` measure is summed over every month up to the period's end (its rows are dated by
    the month from which on a row counts, e.g. a clock's first late month)."""
    from fazhi.indicators.rollups import read_grid

    measures = tuple(measures)
    cumulative = frozenset(cumulative)
    span = Period.spanning(periods)
    if cumulative:
        span = Period(EPOCH, span.end, span.region_prefix)
    child_length = max(len(p.region_prefix) for p in periods)
    grid = read_grid(line, span, child_length, measures=measures)
    out: list[dict[str, int]] = []
    for p in periods:
        values = dict.fromkeys(measures, 0)
        for (month, child), cell in grid.items():
            if month > p.end or not child.startswith(p.region_prefix):
                continue
            for measure, (n, _amount) in cell.items():
                if measure in values and (month >= p.start or measure in cumulative):
                    values[measure] += n
        out.append(values)
    return out


def month_of(day: date) -> date:
    return day.replace(day=1)
