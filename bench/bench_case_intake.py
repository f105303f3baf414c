"""Intake write path: case_open (number, case, party, event, deadline in one transaction) vs raw INSERTs.

Target (DESIGN.md §4): intake ≥ 50% of raw single-row insert throughput on PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

import _harness as h

SCRATCH = "bench_raw_case_insert"
COLUMNS = "line, number, organisation_id, region_id, title, channel, state, received_on, version, created_at"


@contextmanager
def raw_inserts(organisation_id: int, region_id: str) -> Iterator[Callable[[int], None]]:
    """One INSERT of a case-like row per call, its own transaction (autocommit), via the DB-API cursor.

    The scratch table has the case table's columns and a primary key, no secondary indexes; it is dropped after.
    """
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection  # the driver's connection; Django leaves it in autocommit mode
    pk = "id integer PRIMARY KEY AUTOINCREMENT" if connection.vendor == "sqlite" else "id bigserial PRIMARY KEY"
    mark = "?" if connection.vendor == "sqlite" else "%s"
    cur = raw.cursor()
    cur.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
    cur.execute(
        f"CREATE TABLE {SCRATCH} ({pk}, line varchar(20) NOT NULL, number varchar(40) NOT NULL, "
        "organisation_id bigint NOT NULL, region_id varchar(12) NOT NULL, title varchar(200) NOT NULL, "
        "channel varchar(20) NOT NULL, state varchar(40) NOT NULL, received_on date NOT NULL, "
        "version integer NOT NULL, created_at timestamp with time zone NOT NULL)"
    )
    sql = f"INSERT INTO {SCRATCH} ({COLUMNS}) VALUES ({', '.join([mark] * 10)})"
    received = date(2024, 3, 1)

    def insert(i: int) -> None:
        row = ("reconsideration", f"包复〔2024〕{i}号", organisation_id, region_id, f"行政复议申请 {i}")
        cur.execute(sql, (*row, "walk_in", "received", received, 1, datetime.now(UTC)))

    try:
        yield insert
    finally:
        cur.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cur.close()


def intake(org) -> Callable[[int], None]:
    """One case_open per call: number, case, party, intake event and deadline in one transaction."""
    from fazhi.accounts.models import User
    from fazhi.cases.runner import PartyInput, case_open

    clerk = User.objects.get(username="city_clerk")
    parties = (PartyInput(role="applicant", name="张三"),)

    def open_case(i: int) -> None:
        case_open(
            line="reconsideration",
            organisation=org,
            title=f"行政复议申请 bench {i}",
            received_on=date(2024, 3, 1),
            actor=clerk,
            parties=parties,
        )

    return open_case


def main() -> None:
    args = h.parse_args(__doc__ or "", default_n=2000, quick_n=200)
    db = h.setup()
    from fazhi.accounts.models import Organisation

    org = Organisation.objects.select_related("region").get(name="包头市人民政府行政复议办公室")
    with raw_inserts(org.pk, org.region_id) as insert:
        fns = {"raw": insert, "intake": intake(org)}
        for fn in fns.values():  # warm-up: registry, calendar cache, prepared statements
            for i in range(min(20, args.n)):
                fn(-i - 1)
        timings = h.time_interleaved(fns, args.n)
    base, cases = timings["raw"], timings["intake"]
    print(f"n={args.n} on {db}")
    print(f"raw INSERT latency: p50 {base.p50_us:,.0f} µs, p95 {base.p95_us:,.0f} µs")
    print(f"case_open latency:  p50 {cases.p50_us:,.0f} µs, p95 {cases.p95_us:,.0f} µs")
    h.report(
        "case_intake",
        cases.per_s,
        "cases/s",
        base.per_s,
        cases.per_s / base.per_s,
        baseline_unit="inserts/s",
        target="≥ 0.50 on PostgreSQL",
    )


if __name__ == "__main__":
    main()
