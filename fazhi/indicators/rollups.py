"""Keeping the rollups exact: what each case contributes, deltas in the writer's transaction, rebuild, fold, read.

A case contributes to a measure when it satisfies the indicator's rules (date field set, outcome in the set,
filter true); the measure's day is that date and its region the case's region. An event contributes to an
EventCount on its own day. `tracking(case_ids)` measures the cases before and after a change and appends the
difference as RollupDelta rows, so whatever the change (a step, an import, a detail edit), the rollup follows.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Case as If
from django.db.models import Count, DateField, DecimalField, F, Q, Sum, Value, When

from fazhi.cases.models import Case, CaseEvent
from fazhi.indicators.models import Rollup, RollupDelta
from fazhi.indicators.registry import CaseCount, CaseSum, EventCount, LineIndicators, Period, registry

Key = tuple[str, str, date, str]  # (line, measure, day, region_code)
ZERO = Decimal(0)


def _case_rules(li: LineIndicators) -> list[tuple[str, CaseCount | CaseSum, str]]:
    """(measure, indicator, amount path or "") for every case-based measure of a line."""
    rules: list[tuple[str, CaseCount | CaseSum, str]] = []
    for ind in li.indicators:
        if isinstance(ind, CaseCount):
            rules.append((ind.key, ind, ""))
        elif isinstance(ind, CaseSum):
            rules.extend((f"{ind.key}:{path}", ind, path) for path in ind.amounts)
    return rules


def _condition(li: LineIndicators, ind: CaseCount | CaseSum) -> Q:
    q = ind.filter & Q(**{f"{ind.date_field}__isnull": False})
    return q & Q(outcome__in=li.outcomes(ind.outcomes)) if ind.outcomes else q


def contributions(case_ids: Iterable[int]) -> Counter:
    """What the given cases contribute now: {(line, measure, day, region): [count, amount]} as a Counter of pairs."""
    ids = list(case_ids)
    totals: dict[Key, list] = defaultdict(lambda: [0, ZERO])
    if not ids:
        return Counter()
    lines = registry()
    for line in Case.objects.filter(pk__in=ids).order_by().values_list("line", flat=True).distinct():
        li = lines.get(line)
        if li is None:
            continue
        rules = _case_rules(li)
        annotations = {}
        for i, (_, ind, path) in enumerate(rules):
            cond = _condition(li, ind)
            annotations[f"d{i}"] = If(When(cond, then=F(ind.date_field)), default=Value(None), output_field=DateField())
            if path:
                annotations[f"a{i}"] = If(
                    When(cond, then=F(path)),
                    default=Value(None),
                    output_field=DecimalField(max_digits=18, decimal_places=2),
                )
        for row in Case.objects.filter(pk__in=ids, line=line).annotate(**annotations).values("region_id", *annotations):
            for i, (measure, _, path) in enumerate(rules):
                day = row[f"d{i}"]
                if day is None:
                    continue
                entry = totals[(line, measure, day, row["region_id"])]
                entry[0] += 1
                entry[1] += (row.get(f"a{i}") or ZERO) if path else ZERO
        codes = {code: ind.key for ind in li.indicators if isinstance(ind, EventCount) for code in ind.codes}
        if codes:
            events = CaseEvent.objects.filter(case_id__in=ids, case__line=line, code__in=codes)
            for code, day, region in events.values_list("code", "on", "case__region_id"):
                totals[(line, codes[code], day, region)][0] += 1
    return Counter({k: (v[0], v[1]) for k, v in totals.items()})


def _difference(before: Mapping[Key, Any], after: Mapping[Key, Any]) -> list[RollupDelta]:
    deltas = []
    for key in set(before) | set(after):
        b, a = before.get(key, (0, ZERO)), after.get(key, (0, ZERO))
        if a != b:
            line, measure, day, region = key
            deltas.append(
                RollupDelta(
                    line=line, measure=measure, day=day, region_code=region, count=a[0] - b[0], amount=a[1] - b[1]
                )
            )
    return deltas


@contextmanager
def tracking(case_ids: Iterable[int]) -> Iterator[list[int]]:
    """Measure the cases before and after the block; append the difference. Yields a list new ids can join."""
    ids = list(case_ids)
    before = contributions(ids)
    yield ids
    RollupDelta.objects.bulk_create(_difference(before, contributions(ids)), batch_size=1000)


def record_new(case_ids: Iterable[int]) -> None:
    """Append the contributions of cases just written in bulk (imports, generated data sets)."""
    RollupDelta.objects.bulk_create(_difference({}, contributions(case_ids)), batch_size=1000)


def rebuild() -> int:
    """Recompute every rollup from the case records in one pass of GROUP BY queries; returns the rows written."""
    rows: list[Rollup] = []
    for line, li in registry().items():
        cases = Case.objects.filter(line=line)
        for measure, ind, path in _case_rules(li):
            qs = cases.filter(_condition(li, ind)).values(ind.date_field, "region_id")
            qs = qs.annotate(n=Count("id"), s=Sum(path) if path else Value(ZERO))
            rows += [
                Rollup(
                    line=line,
                    measure=measure,
                    day=r[ind.date_field],
                    region_code=r["region_id"],
                    count=r["n"],
                    amount=r["s"] or ZERO,
                )
                for r in qs
            ]
        for event_ind in li.indicators:
            if isinstance(event_ind, EventCount):
                qs = CaseEvent.objects.filter(case__line=line, code__in=event_ind.codes).values("on", "case__region_id")
                rows += [
                    Rollup(
                        line=line, measure=event_ind.key, day=r["on"], region_code=r["case__region_id"], count=r["n"]
                    )
                    for r in qs.annotate(n=Count("id"))
                ]
    with transaction.atomic():
        RollupDelta.objects.all().delete()
        Rollup.objects.all().delete()
        Rollup.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def fold() -> int:
    """Fold the deltas written so far into Rollup; readers see the same totals before and after."""
    with transaction.atomic():
        last = RollupDelta.objects.order_by("-id").values_list("id", flat=True).first()
        if last is None:
            return 0
        pending = (
            RollupDelta.objects.filter(id__lte=last)
            .values("line", "measure", "day", "region_code")
            .annotate(n=Sum("count"), s=Sum("amount"))
        )
        changes = {(r["line"], r["measure"], r["day"], r["region_code"]): (r["n"], r["s"]) for r in pending}
        existing = {
            (r.line, r.measure, r.day, r.region_code): r
            for r in Rollup.objects.select_for_update().filter(
                line__in={k[0] for k in changes}, day__in={k[2] for k in changes}
            )
        }
        new, changed = [], []
        for key, (n, s) in changes.items():
            row = existing.get(key)
            if row is None:
                new.append(Rollup(line=key[0], measure=key[1], day=key[2], region_code=key[3], count=n, amount=s))
            else:
                row.count += n
                row.amount += s
                changed.append(row)
        Rollup.objects.bulk_create(new, batch_size=2000)
        Rollup.objects.bulk_update(changed, ["count", "amount"], batch_size=2000)
        RollupDelta.objects.filter(id__lte=last).delete()
        return len(changes)


def read(line: str, period: Period) -> dict[str, tuple[int, Decimal]]:
    """Totals per measure for a line, a date range and a region subtree: folded rollups plus pending deltas."""
    totals: dict[str, list] = defaultdict(lambda: [0, ZERO])
    for model in (Rollup, RollupDelta):
        qs = model.objects.filter(
            line=line, day__range=(period.start, period.end), region_code__startswith=period.region_prefix
        )
        for measure, n, s in qs.values_list("measure").annotate(n=Sum("count"), s=Sum("amount")):
            totals[measure][0] += n or 0
            totals[measure][1] += s or ZERO
    return {k: (v[0], v[1]) for k, v in totals.items()}


def live_totals(li: LineIndicators, period: Period) -> dict[str, tuple[int, Decimal]]:
    """The same totals counted from the case and event rows (the naive aggregate the rollups replace)."""
    totals: dict[str, tuple[int, Decimal]] = {}
    for measure, ind, path in _case_rules(li):
        qs = li.indicator_cases(ind.key, period)
        agg: dict[str, Any] = qs.aggregate(n=Count("id"), s=Sum(path)) if path else {"n": qs.count(), "s": ZERO}
        totals[measure] = (int(agg["n"]), Decimal(agg["s"] or ZERO))
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
