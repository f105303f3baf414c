"""Keeping the rollups exact: what each case contributes, deltas in the writer's transaction, rebuild, fold, read.

A case contributes to a measure when it satisfies the indicator's rules (date field set, outcome in the set,
filter true); the measure's month is the month of that date and its region the case's region. An event
contributes to an EventCount in its own month. `tracking(case_ids)` measures the cases before and after a change
and appends the difference as RollupDelta rows, so whatever the change (a step, an import, a detail edit), the
rollup follows. `rebuild` recomputes the table in the database (INSERT … SELECT … GROUP BY), never row by row.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.signals import setting_changed
from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Count,
    DateField,
    DecimalField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models import Case as If
from django.db.models.functions import Substr, TruncMonth
from django.dispatch import receiver

from fazhi.cases.models import Case, CaseEvent
from fazhi.indicators.models import CITY_DIGITS, COUNTY_DIGITS, Rollup, RollupDelta
from fazhi.indicators.registry import CaseCount, CaseDays, CaseSum, EventCount, LineIndicators, Period, registry

if TYPE_CHECKING:
    from fazhi.indicators.tallies import ClocksInHand

Key = tuple[str, str, date, str]  # (line, measure, month, region_code)
ZERO = Decimal(0)
AMOUNT = DecimalField(max_digits=18, decimal_places=2)


class DaysBetween(Func):
    """Whole calendar days from the second date to the first: `date - date` on PostgreSQL, julianday on SQLite."""

    output_field = IntegerField()

    def _operands(self, compiler, connection) -> tuple[str, str, list]:
        (a, ap), (b, bp) = (compiler.compile(e) for e in self.get_source_expressions())
        return a, b, [*ap, *bp]

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL (and any backend with date arithmetic)
        a, b, params = self._operands(compiler, connection)
        return f"({a} - {b})", params

    def as_sqlite(self, compiler, connection, **extra):
        a, b, params = self._operands(compiler, connection)
        return f"CAST(julianday({a}) - julianday({b}) AS INTEGER)", params


@dataclass(frozen=True)
class Rule:
    """One case-based measure: the indicator whose rules select the cases and what it adds up (None: a count)."""

    measure: str
    ind: CaseCount | CaseSum | CaseDays
    amount: Any = None  # an expression over Case

    @property
    def amount_field(self):
        return IntegerField() if isinstance(self.ind, CaseDays) else AMOUNT


def _case_rules(li: LineIndicators) -> list[Rule]:
    """Every case-based measure of a line (a CaseSum keeps one measure per amount, so the chosen set can change)."""
    rules: list[Rule] = []
    for ind in li.indicators:
        if isinstance(ind, CaseCount):
            rules.append(Rule(ind.key, ind))
        elif isinstance(ind, CaseSum):
            rules.extend(Rule(f"{ind.key}:{path}", ind, F(path)) for path in ind.amounts)
        elif isinstance(ind, CaseDays):
            rules.append(Rule(ind.key, ind, DaysBetween(F(ind.date_field), F(ind.start_field))))
    return rules


def _condition(li: LineIndicators, ind: CaseCount | CaseSum | CaseDays) -> Q:
    q = ind.filter & Q(**{f"{ind.date_field}__isnull": False})
    return q & Q(outcome__in=li.outcomes(ind.outcomes)) if ind.outcomes else q


def _event_measures(li: LineIndicators) -> dict[str, str]:
    """event code → the EventCount measure it adds to."""
    return {code: ind.key for ind in li.indicators if isinstance(ind, EventCount) for code in ind.codes}


CASE, COUNTY, CITY = Rollup.Grain.CASE, Rollup.Grain.COUNTY, Rollup.Grain.CITY
COARSE = ((COUNTY, COUNTY_DIGITS), (CITY, CITY_DIGITS))  # the grains summed from the case grain, finest first


def grain_for(prefix_length: int) -> str:
    """The coarsest grain that answers a region prefix (and its split) of this length: the city grain down to a
    city, the county grain down to a county (a city's counties), below that the case grain."""
    if prefix_length <= CITY_DIGITS:
        return CITY
    return COUNTY if prefix_length <= COUNTY_DIGITS else CASE


def month_of(day: date) -> date:
    return day.replace(day=1)


class AmongIds(Func):
    """`expression` is one of the case ids bound when the compiled statement runs (`= ANY(%s)` on PostgreSQL, the
    rows of a JSON array on SQLite): one placeholder whatever the number of ids, so the statement compiles once.

    Hand-written because Django's `__in` lookup expands one placeholder per id at compile time; its parameter is
    the `IDS` marker, which `_Compiled.run` swaps for the ids.
    """

    output_field = BooleanField()
    conditional = True

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"{sql} = ANY(%s)", [*params, IDS]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"{sql} IN (SELECT value FROM json_each(%s))", [*params, IDS]


IDS = object()  # the marker of the ids parameter in a compiled statement


@dataclass(frozen=True)
class _Compiled:
    """One ORM query compiled to SQL once: the SQL, its parameters (the ids where `IDS` stands) and the converters
    Django would apply to its columns (dates and decimals come back as text from SQLite)."""

    sql: str
    params: tuple
    converters: tuple[tuple[int, tuple[list, Any]], ...]

    @classmethod
    def of(cls, qs: QuerySet) -> _Compiled:
        compiler = qs.query.get_compiler(using=qs.db)
        sql, params = compiler.as_sql()
        converters = compiler.get_converters([col for col, _, _ in compiler.select])
        return cls(sql, tuple(params), tuple(converters.items()))

    def run(self, ids: list[int]) -> list[list]:
        bound = [(json.dumps(ids) if connection.vendor == "sqlite" else ids) if p is IDS else p for p in self.params]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, bound)
            rows = [list(row) for row in cursor.fetchall()]
        for row in rows:
            for pos, (funcs, expression) in self.converters:
                for func in funcs:
                    row[pos] = func(row[pos], expression, connection)
        return rows


@dataclass(frozen=True)
class _LineSQL:
    """A line's contribution statements: its case measures (one date column per rule, then one amount column per
    rule with an amount) and its counted events (code, date, region)."""

    li: LineIndicators  # held so the cache key's id() stays this object's
    rules: tuple[Rule, ...]
    cases: _Compiled
    events: _Compiled | None
    codes: dict[str, str]


_compiled: dict[tuple, Any] = {}


def _outcome_sets(li: LineIndicators) -> tuple:
    """The outcome sets as configured now (settings may override them): part of a line's cache key."""
    return tuple(sorted((name, tuple(sorted(li.outcomes(name)))) for name in li.outcome_sets))


def _line_sql(line: str, li: LineIndicators) -> _LineSQL:
    """The compiled contribution statements of a line, built on first use and kept per database vendor, line
    object and configured outcome sets (a swapped registry or changed settings compile afresh)."""
    key = (connection.vendor, line, id(li), _outcome_sets(li))
    found = _compiled.get(key)
    if found is None:
        rules = tuple(_case_rules(li))
        dates, amounts = {}, {}
        for i, rule in enumerate(rules):
            cond = _condition(li, rule.ind)
            dates[f"d{i}"] = If(When(cond, then=F(rule.ind.date_field)), default=Value(None), output_field=DateField())
            if rule.amount is not None:
                amounts[f"a{i}"] = If(When(cond, then=rule.amount), default=Value(None), output_field=rule.amount_field)
        cases = Case.objects.filter(AmongIds(F("pk")), line=line).annotate(**dates, **amounts).order_by()
        codes = _event_measures(li)
        events = None
        if codes:
            qs = CaseEvent.objects.filter(AmongIds(F("case_id")), case__line=line, code__in=list(codes)).order_by()
            events = _Compiled.of(qs.values_list("code", "on", "case__region_id"))
        found = _compiled[key] = _LineSQL(
            li, rules, _Compiled.of(cases.values_list("region_id", *dates, *amounts)), events, codes
        )
    return found


def _lines_sql() -> _Compiled:
    key = (connection.vendor, "lines of cases")
    found = _compiled.get(key)
    if found is None:
        qs = Case.objects.filter(AmongIds(F("pk"))).order_by().values_list("line").distinct()
        found = _compiled[key] = _Compiled.of(qs)
    return found


@receiver(setting_changed)
def _forget_compiled(*, setting: str, **kwargs: Any) -> None:
    """Tests that change settings (outcome sets, databases) get freshly compiled statements."""
    if setting in {"FAZHI_INDICATORS", "DATABASES"}:
        _compiled.clear()


def lines_of(case_ids: Iterable[int]) -> set[str]:
    ids = list(case_ids)
    return {line for (line,) in _lines_sql().run(ids)} if ids else set()


def contributions(
    case_ids: Iterable[int], lines: Iterable[str] | None = None, clocks: ClocksInHand | None = None
) -> Counter:
    """What the given cases contribute now: {(line, measure, month, region): (count, amount)}.

    `lines`, when the caller knows them, are the lines of the cases (saves a query); `clocks`, every clock of each
    case when the caller holds them (a tally counts them instead of reading). Each line's statements are
    compiled once (`_line_sql`) and run on a raw cursor: building the ORM query of a line with thirty measures
    cost a hundred times its execution.
    """
    ids = list(case_ids)
    if not ids:
        return Counter()
    totals: dict[Key, list] = defaultdict(lambda: [0, ZERO])
    known = registry()
    for line in sorted(lines_of(ids) if lines is None else set(lines)):
        li = known.get(line)
        if li is None:
            continue
        compiled = _line_sql(line, li)
        rules = compiled.rules
        n = len(rules)
        amount_pos: dict[int, int] = {}
        for i, rule in enumerate(rules):
            if rule.amount is not None:
                amount_pos[i] = n + 1 + len(amount_pos)
        for row in compiled.cases.run(ids):
            region = row[0]
            for i, rule in enumerate(rules):
                day = row[i + 1]
                if day is None:
                    continue
                entry = totals[(line, rule.measure, month_of(day), region)]
                entry[0] += 1
                if i in amount_pos:
                    entry[1] += Decimal(row[amount_pos[i]] or 0)
        if compiled.events is not None:
            for code, day, region in compiled.events.run(ids):
                totals[(line, compiled.codes[code], month_of(day), region)][0] += 1
        for tally in li.tallies:  # what the cases contribute from their other rows (clocks): fazhi.indicators.tallies
            if tally.model is None:
                for (measure, month, region), n in tally.counted(ids, clocks).items():
                    totals[(line, measure, month, region)][0] += n
    return Counter({k: (v[0], v[1]) for k, v in totals.items()})


def _difference(before: Mapping[Key, Any], after: Mapping[Key, Any]) -> list[RollupDelta]:
    deltas = []
    for key in set(before) | set(after):
        b, a = before.get(key, (0, ZERO)), after.get(key, (0, ZERO))
        if a != b:
            line, measure, month, region = key
            deltas.append(
                RollupDelta(
                    line=line, measure=measure, month=month, region_code=region, count=a[0] - b[0], amount=a[1] - b[1]
                )
            )
    return deltas


@contextmanager
def tracking(
    case_ids: Iterable[int], lines: Iterable[str] | None = None, clocks: ClocksInHand | None = None
) -> Iterator[list[int]]:
    """Measure the cases before and after the block; append the difference. Yields a list new ids can join.
    `lines`: the cases' lines, when the caller has them (the runner), else looked up; `clocks`: every clock of each
    case, kept current by the caller through the block (the runner's step), else read."""
    ids = list(case_ids)
    # a case's line never changes: one look-up (or the caller's lines) serves both measurements
    lines = lines_of(ids) if lines is None else set(lines)
    if connection.vendor == "postgresql":  # the difference made by the database (fazhi.indicators.rollup_sql)
        from fazhi.indicators import rollup_sql

        was = rollup_sql.measured(ids, lines, clocks)
        known = len(ids)
        yield ids
        rollup_sql.append(ids, lines | lines_of(ids[known:]) if len(ids) > known else lines, was, clocks)
        return
    before = contributions(ids, lines, clocks)
    known = len(ids)
    yield ids
    if len(ids) > known:
        lines |= lines_of(ids[known:])
    RollupDelta.objects.bulk_create(_difference(before, contributions(ids, lines, clocks)), batch_size=1000)


def record_new(case_ids: Iterable[int], lines: Iterable[str] | None = None, clocks: ClocksInHand | None = None) -> None:
    """Append the contributions of cases just written (an intake, imports, generated data sets); `lines`: theirs,
    and `clocks`: every clock of each case (`tallies.ClocksInHand`), when the caller has them."""
    if connection.vendor == "postgresql":  # one INSERT … SELECT per line (fazhi.indicators.rollup_sql)
        from fazhi.indicators import rollup_sql

        ids = list(case_ids)
        rollup_sql.append(ids, lines_of(ids) if lines is None else lines, clocks=clocks)
        return
    RollupDelta.objects.bulk_create(_difference({}, contributions(case_ids, lines, clocks)), batch_size=1000)


def _insert_grouped(qs: QuerySet, line: str, measure: str, has_amount: bool) -> int:
    """INSERT the (month m, region r) groups of a grouped queryset into the rollup table, in the database."""
    sql, params = qs.query.get_compiler(using=qs.db).as_sql()
    amount = "COALESCE(q.s, 0)" if has_amount else "0"
    table = Rollup._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (grain, line, measure, month, region_code, count, amount) "
            f"SELECT %s, %s, %s, q.m, q.r, q.n, {amount} FROM ({sql}) q",
            [CASE, line, measure, *params],
        )
        return cursor.rowcount


def rebuild() -> int:
    """Recompute every rollup from the case records with INSERT … SELECT … GROUP BY; returns the rows written
    (every grain).

    Nothing passes through Python per case or per group: a rebuild is one grouped scan of the case table per
    measure (about 4½ minutes at ten million cases on PostgreSQL) in one transaction; readers see the old totals
    until it commits.
    """
    written = 0
    with transaction.atomic():
        RollupDelta.objects.all().delete()
        Rollup.objects.all().delete()
        for line, li in registry().items():
            for rule in _case_rules(li):
                qs = (
                    Case.objects.filter(line=line)
                    .filter(_condition(li, rule.ind))
                    .annotate(m=TruncMonth(rule.ind.date_field), r=F("region_id"))
                    .values("m", "r")
                    .annotate(n=Count("id"))
                    .order_by()
                )
                if rule.amount is not None:
                    qs = qs.annotate(s=Sum(rule.amount, output_field=rule.amount_field))
                written += _insert_grouped(qs, line, rule.measure, rule.amount is not None)
            for event_ind in li.indicators:
                if isinstance(event_ind, EventCount):
                    events = (
                        CaseEvent.objects.filter(case__line=line, code__in=event_ind.codes)
                        .annotate(m=TruncMonth("on"), r=F("case__region_id"))
                        .values("m", "r")
                        .annotate(n=Count("id"))
                        .order_by()
                    )
                    written += _insert_grouped(events, line, event_ind.key, False)
            for tally in li.tallies:  # measures counted from other tables (fazhi.indicators.tallies)
                written += tally.rebuild()
        table = Rollup._meta.db_table
        with connection.cursor() as cursor:  # the county grain from the case grain just written, the city's from it
            source = CASE
            for grain, digits in COARSE:
                cursor.execute(
                    f"INSERT INTO {table} (grain, line, measure, month, region_code, count, amount) "
                    f"SELECT %s, line, measure, month, SUBSTR(region_code, 1, {digits}) || %s, SUM(count), "
                    f"SUM(amount) FROM {table} WHERE grain = %s "
                    f"GROUP BY line, measure, month, SUBSTR(region_code, 1, {digits})",
                    [grain, "0" * (12 - digits), source],
                )
                written += cursor.rowcount
                source = grain
            if connection.vendor == "postgresql":  # fresh statistics: with the table's old row estimate the
                cursor.execute(f"ANALYZE {table}")  # planner sorted a city's grid (30 ms) instead of hashing it
    return written


def fold() -> int:
    """Fold the deltas written so far into Rollup; readers see the same totals before and after.

    The deltas folded are the rows this transaction read (locked), and exactly those are deleted, by id: a
    writer's delta that commits meanwhile — its id may be lower than one read, ids are taken before commit —
    is neither summed nor deleted, and waits for the next fold (deleting `id <= last` would lose it).
    """
    with transaction.atomic():
        pending = list(
            RollupDelta.objects.select_for_update()
            .order_by()
            .values_list("id", "line", "measure", "month", "region_code", "count", "amount")
        )
        if not pending:
            return 0
        changes: dict[tuple[str, str, str, date, str], list] = defaultdict(lambda: [0, ZERO])
        for _id, line, measure, month, code, n, s in pending:
            for grain, region in ((CASE, code), *((g, code[:digits].ljust(12, "0")) for g, digits in COARSE)):
                entry = changes[(grain, line, measure, month, region)]
                entry[0] += n
                entry[1] += s
        existing = {
            (r.grain, r.line, r.measure, r.month, r.region_code): r
            for r in Rollup.objects.select_for_update().filter(
                line__in={k[1] for k in changes}, month__in={k[3] for k in changes}
            )
        }
        new, changed = [], []
        for key, (n, s) in changes.items():
            row = existing.get(key)
            if row is None:
                new.append(
                    Rollup(
                        grain=key[0], line=key[1], measure=key[2], month=key[3], region_code=key[4], count=n, amount=s
                    )
                )
            else:
                row.count += n
                row.amount += s
                changed.append(row)
        Rollup.objects.bulk_create(new, batch_size=2000)
        Rollup.objects.bulk_update(changed, ["count", "amount"], batch_size=2000)
        ids = [row[0] for row in pending]
        for i in range(0, len(ids), 500):  # SQLite's statements take at most 999 parameters in older builds
            RollupDelta.objects.filter(id__in=ids[i : i + 500]).delete()
        return sum(1 for key in changes if key[0] == CASE)


def _both(line: str, period: Period, grain: str, measures: Iterable[str] | None = None) -> tuple[QuerySet, QuerySet]:
    """The folded rows of one grain and the pending deltas (always by case region) inside the period."""
    where: dict[str, Any] = {
        "line": line,
        "month__range": (period.start, period.end),
        "region_code__startswith": period.region_prefix,
    }
    if measures is not None:
        where["measure__in"] = list(measures)
    return Rollup.objects.filter(grain=grain, **where), RollupDelta.objects.filter(**where)


def _grouped(querysets: tuple[QuerySet, QuerySet], *fields: str) -> QuerySet:
    """SUM(count), SUM(amount) by `fields` over folded rows and deltas alike, in one statement (UNION ALL): the
    two tables' groups come back as separate rows for the caller to add up."""
    folded, deltas = (qs.values_list(*fields).annotate(n=Sum("count"), s=Sum("amount")).order_by() for qs in querysets)
    return folded.union(deltas, all=True)


def read(line: str, period: Period) -> dict[str, tuple[int, Decimal]]:
    """Totals per measure for a line, a run of whole months and a region subtree: folded rollups plus deltas."""
    if not period.whole_months:
        raise ValueError(f"rollups hold whole months; {period} is not")
    totals: dict[str, list] = defaultdict(lambda: [0, ZERO])
    for measure, n, s in _grouped(_both(line, period, grain_for(len(period.region_prefix))), "measure"):
        totals[measure][0] += n or 0
        totals[measure][1] += s or ZERO
    return {k: (v[0], v[1]) for k, v in totals.items()}


Grid = dict[tuple[date, str], dict[str, tuple[int, Decimal]]]  # (month, child region prefix) → {measure: totals}


def read_grid(line: str, period: Period, child_length: int, measures: Iterable[str] | None = None) -> Grid:
    """{(month, child region prefix): {measure: (count, amount)}} in one grouped read of both tables.

    A dashboard needs this year and last, twelve months and every county; one grid over the two years holds
    them all (`grid_totals` sums any part of it), so the page costs one small query per line at any case
    count. A city's grid reads the city grain, its split by county the county grain. `measures` limits the read
    to those measures.
    """
    if not period.whole_months:
        raise ValueError(f"rollups hold whole months; {period} is not")
    cells: dict[tuple[date, str], dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, ZERO]))
    folded, deltas = _both(line, period, grain_for(child_length), measures)
    cut = Substr("region_code", 1, child_length)
    by_child = (folded.annotate(child=cut), deltas.annotate(child=cut))
    for measure, month, child, n, s in _grouped(by_child, "measure", "month", "child"):
        entry = cells[(month, child)][measure]
        entry[0] += n or 0
        entry[1] += s or ZERO
    return {cell: {m: (v[0], v[1]) for m, v in measures.items()} for cell, measures in cells.items()}


def grid_totals(grid: Grid, period: Period) -> dict[str, tuple[int, Decimal]]:
    """The part of a grid inside a period (its months; its region prefix, no longer than the grid's children)."""
    out: dict[str, list] = defaultdict(lambda: [0, ZERO])
    for (month, child), measures in grid.items():
        if period.start <= month <= period.end and child.startswith(period.region_prefix):
            for measure, (n, s) in measures.items():
                entry = out[measure]
                entry[0] += n
                entry[1] += s
    return {k: (v[0], v[1]) for k, v in out.items()}


def live_totals(li: LineIndicators, period: Period) -> dict[str, tuple[int, Decimal]]:
    """The same totals counted from the case and event rows (the naive aggregate the rollups replace)."""
    totals: dict[str, tuple[int, Decimal]] = {}
    for rule in _case_rules(li):
        qs = li.indicator_cases(rule.ind.key, period)
        if rule.amount is None:
            totals[rule.measure] = (qs.count(), ZERO)
        else:
            agg: dict[str, Any] = qs.aggregate(n=Count("id"), s=Sum(rule.amount, output_field=rule.amount_field))
            totals[rule.measure] = (int(agg["n"]), Decimal(agg["s"] or 0))
    for event_ind in li.indicators:
        if isinstance(event_ind, EventCount):
            n = CaseEvent.objects.filter(
                case__line=li.line,
                case__region__code__startswith=period.region_prefix,
                code__in=event_ind.codes,
                on__range=(period.start, period.end),
            ).count()
            totals[event_ind.key] = (n, ZERO)
    return totals
