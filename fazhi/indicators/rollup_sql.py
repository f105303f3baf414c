"""The rollup deltas of a step or an intake written by the database itself, on PostgreSQL (`rollups.tracking`,
`rollups.record_new`).

`rollups.contributions` reads each case's measure dates and amounts into Python and `_difference` builds the delta
rows there: three reads (cases, events; again after the step) and an INSERT per step, with the line's 5 KB
statement re-parsed by psycopg (its cache skips statements over 4 KB or 50 parameters) and planned by the server
each time. Here each line has two statements, built from the same compiled queries (`rollups._line_sql`, so the
measures' rules are the same SQL) and prepared once per session (`fazhi.core.compiled.Prepared`):

- `measured`: the cases' contributions grouped by (measure, month, region), the state before a step;
- `append`: INSERT INTO the deltas the contributions now, minus the rows `measured` gave (a JSON parameter), plus
  the tallies counted in Python (`fazhi.indicators.tallies`, case-level), grouped, keeping the non-zero groups.

A step therefore costs two statements for its rollups (was five), an intake one (was three), and the rows never
pass through Python. SQLite keeps the Python path; both are tested against `compute_live` and `rebuild`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import connection

from fazhi.core.compiled import Prepared
from fazhi.indicators import rollups
from fazhi.indicators.models import RollupDelta
from fazhi.indicators.registry import LineIndicators
from fazhi.indicators.rollups import IDS, _compiled, _line_sql, _outcome_sets
from fazhi.indicators.tallies import ClocksInHand

__all__ = ["append", "measured"]

Rows = list[dict[str, Any]]  # (measure, month, region, n, amount) as the JSON the append statement reads
BEFORE = object()  # the marker of `append`'s JSON parameter: the contributions before the change
EXTRA = object()  # the marker of the tallies' contributions now (JSON)


@dataclass(frozen=True)
class _LineStatements:
    li: LineIndicators  # held so the cache key's id() stays this object's
    measured: Prepared
    append: Prepared


def _statements(line: str, li: LineIndicators) -> _LineStatements:
    key = ("prepared", connection.alias, line, id(li), _outcome_sets(li))
    found = _compiled.get(key)
    if found is None:
        compiled = _line_sql(line, li)
        parts, params = [], []
        if compiled.rules:
            values = []
            for i, rule in enumerate(compiled.rules):
                amount = f'c."a{i}"::numeric' if rule.amount is not None else "NULL::numeric"
                values.append(f'(%s, c."d{i}", {amount})')
            parts.append(
                "SELECT v.m::text AS measure, date_trunc('month', v.d)::date AS month, c.\"region_id\"::text AS "
                f"region, 1::bigint AS n, COALESCE(v.a, 0) AS amount FROM ({compiled.cases.sql}) c CROSS JOIN "
                f"LATERAL (VALUES {', '.join(values)}) v(m, d, a) WHERE v.d IS NOT NULL"
            )
            params += [*compiled.cases.params, *(rule.measure for rule in compiled.rules)]
        if compiled.events is not None:
            whens = " ".join("WHEN %s THEN %s" for _code in compiled.codes)
            parts.append(
                f'SELECT (CASE e."code" {whens} END)::text, date_trunc(\'month\', e."on")::date, '
                f'e."case__region_id"::text, 1::bigint, 0::numeric FROM ({compiled.events.sql}) e'
            )
            params += [*(x for pair in compiled.codes.items() for x in pair), *compiled.events.params]
        rows = "(SELECT b.measure, b.month, b.region, {sign}b.n, {sign}b.amount FROM jsonb_to_recordset(%s) AS " \
            "b(measure text, month date, region text, n bigint, amount numeric))"  # fmt: skip
        now = " UNION ALL ".join(f"({p})" for p in parts) or "SELECT NULL::text, NULL::date, NULL::text, 0, 0 LIMIT 0"
        measured = Prepared.of(
            connection.alias,
            f"SELECT u.measure, u.month, u.region, SUM(u.n), SUM(u.amount) FROM ({now}) u "
            "GROUP BY u.measure, u.month, u.region",
            params,
            [(IDS, "bigint[]")],
        )
        qn = connection.ops.quote_name
        columns = ", ".join(qn(c) for c in ("month", "region_code", "line", "measure", "count", "amount"))
        append = Prepared.of(
            connection.alias,
            f"INSERT INTO {qn(RollupDelta._meta.db_table)} ({columns}) "
            "SELECT u.month, u.region, %s, u.measure, SUM(u.n), SUM(u.amount) "
            f"FROM ({now} UNION ALL {rows.format(sign='')} UNION ALL {rows.format(sign='-')}) u "
            "GROUP BY u.measure, u.month, u.region HAVING SUM(u.n) <> 0 OR SUM(u.amount) <> 0",
            [line, *params, EXTRA, BEFORE],
            [(IDS, "bigint[]"), (EXTRA, "jsonb"), (BEFORE, "jsonb")],
        )
        found = _compiled[key] = _LineStatements(li, measured, append)
    return found


def _tally_rows(li: LineIndicators, ids: list[int], clocks: ClocksInHand | None = None) -> Rows:
    """What the cases contribute now to the line's case-level tallies (counted in Python by each tally, from the
    clocks in hand when the caller holds them)."""
    totals: Counter = Counter()
    for tally in getattr(li, "tallies", ()):
        if tally.model is None:
            totals.update(tally.counted(ids, clocks))
    return [_row(m, month, region, n, 0) for (m, month, region), n in totals.items() if n]


def _row(measure: str, month, region: str, n: int, amount) -> dict[str, Any]:
    return {"measure": measure, "month": month.isoformat(), "region": region, "n": n, "amount": str(amount)}


def measured(case_ids: Iterable[int], lines: Iterable[str], clocks: ClocksInHand | None = None) -> dict[str, Rows]:
    """What the cases contribute now, per line, as rows for `append` (one statement per line, plus the tallies,
    from the clocks in hand when the caller holds them)."""
    ids = list(case_ids)
    known = rollups.registry()  # looked up there, as contributions() does (tests swap it)
    out: dict[str, Rows] = {}
    for line in sorted(set(lines)):
        li = known.get(line)
        if li is None or not ids:
            continue
        with connection.cursor() as cursor:
            _statements(line, li).measured.execute(cursor, [ids])
            found = [_row(m, month, region, int(n), Decimal(a)) for m, month, region, n, a in cursor.fetchall()]
        out[line] = found + _tally_rows(li, ids, clocks)
    return out


def append(
    case_ids: Iterable[int],
    lines: Iterable[str],
    before: dict[str, Rows] | None = None,
    clocks: ClocksInHand | None = None,
) -> None:
    """Append the difference between what the cases contribute now and `before` (`measured` before the change;
    None: nothing, for cases just written), one INSERT per line. `clocks`: every clock of the cases, when the
    caller holds them (`tallies.ClocksInHand`)."""
    ids = list(case_ids)
    known = rollups.registry()  # looked up there, as contributions() does (tests swap it)
    for line in sorted(set(lines)):
        li = known.get(line)
        if li is None or not ids:
            continue
        was = json.dumps((before or {}).get(line, []))
        extra = json.dumps(_tally_rows(li, ids, clocks))
        with connection.cursor() as cursor:
            _statements(line, li).append.execute(cursor, [ids, extra, was])
