"""Intake write path: case_open (number, case, detail, party, event, deadline, rollup delta and change records in one
transaction) vs the same rows written by a plain client, and vs a raw single-row INSERT (the physical reference).

Target (DESIGN.md §4, issue 12): intake ≥ 50% of the same rows written in one transaction per case by raw psycopg.
"""

from __future__ import annotations

import json
import os
import uuid
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


# --- the same rows, one transaction per case, by a plain client -----------------------------------------------

TABLES = (
    "cases_case",
    "reconsideration_reconsiderationdetail",
    "cases_party",
    "cases_caseevent",
    "cases_deadline",
    "indicators_rollupdelta",
    "auditlog_logentry",
)
RAW_SERIES = "bench-raw"  # its own number series: the raw cases' numbers (RAW〔2024〕n号) never meet case_open's


def _raw_sql(mark: str) -> dict[str, str]:
    def values(n: int) -> str:
        return ", ".join([mark] * n)

    return {
        "number": f"UPDATE cases_numbersequence SET last = last + 1 WHERE organisation_id = {mark} AND series = {mark} "
        f"AND year = {mark} RETURNING last",
        "case": "INSERT INTO cases_case (line, number, organisation_id, region_id, title, channel, state, outcome, "
        f"received_on, accepted_on, closed_on, assignee_id, version, created_at) VALUES ({values(14)}) RETURNING id",
        "detail": "INSERT INTO reconsideration_reconsiderationdetail (case_id, respondent_agency_id, act_type, "
        "act_description, act_on, knew_on, rights_notified, real_property, on_the_spot, amount, "
        "all_parties_agree_simplified, major_complex, procedure_type, enterprise_applicant, decision, "
        f"window_warnings, liaison_point_id) VALUES ({values(17)}) RETURNING id",
        "party": "INSERT INTO cases_party (case_id, role, kind, name, id_number, uscc, phone, address, "
        f"id_number_index, phone_index) VALUES ({values(10)}) RETURNING id",
        "event": 'INSERT INTO cases_caseevent (case_id, code, label, "on", at, actor_id, from_state, to_state, basis, '
        f"data, request_id) VALUES ({values(11)})",
        "deadline": "INSERT INTO cases_deadline (case_id, clock, label, basis, amount, unit, extended_by, started_on, "
        f"pauses, due_on, state, stopped_on, advisory) VALUES ({values(13)}) RETURNING id",
        "delta": "INSERT INTO indicators_rollupdelta (month, region_code, line, measure, count, amount) "
        f"VALUES ({values(6)})",
        "log": "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, serialized_data, "
        "action, changes_text, changes, actor_id, cid, remote_addr, remote_port, timestamp, additional_data, "
        f"actor_email) VALUES ({values(15)})",
    }


def delta_rows(open_case: Callable[[int], None]) -> list[tuple]:
    """The rollup delta rows one case_open writes (received; and whatever else the line's rollups count at intake,
    such as a running clock's tally), read back after one call: the raw side writes the same."""
    from django.db.models import Max

    from fazhi.indicators.models import RollupDelta

    last = RollupDelta.objects.aggregate(m=Max("id"))["m"] or 0
    open_case(-999)
    fields = ("month", "region_code", "line", "measure", "count", "amount")
    return list(RollupDelta.objects.filter(id__gt=last).order_by("id").values_list(*fields))


@contextmanager
def raw_transactions(org, clerk_id: int, deltas: list[tuple]) -> Iterator[Callable[[int], None]]:
    """The rows one case_open of this benchmark writes, by the database driver with no ORM: one statement per row
    (number UPDATE, case, detail, party, event, deadline, each rollup delta, four change records), one transaction
    per case, on a connection of its own (psycopg on PostgreSQL, sqlite3 on SQLite)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from fazhi.cases.models import Case, Deadline, NumberSequence, Party
    from fazhi.cases.registry import procedure_for
    from fazhi.reconsideration.models import ReconsiderationDetail

    NumberSequence.objects.get_or_create(organisation_id=org.pk, series=RAW_SERIES, year=2024)
    ct = ContentType.objects.get_for_models(Case, ReconsiderationDetail, Party, Deadline)
    clock = procedure_for("reconsideration").clock_map["acceptance_review"]
    if connection.vendor == "postgresql":
        import psycopg

        raw = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
        sql, begin, commit = _raw_sql("%s"), "BEGIN", "COMMIT"
    else:
        connection.ensure_connection()
        raw = connection.connection  # sqlite3, autocommit at the driver level
        sql, begin, commit = _raw_sql("?"), "BEGIN IMMEDIATE", "COMMIT"
    cur = raw.cursor()
    received, year, now = date(2024, 3, 1), 2024, datetime.now
    due = date(2024, 3, 8)
    dumps = json.dumps

    def created(values: dict) -> str:
        return dumps({k: ["None", str(v)] for k, v in values.items()})

    def log(pk: int, kind: str, repr_: str, values: dict, cid: str) -> None:
        cur.execute(sql["log"], (ct[kind].pk, str(pk), pk, repr_, None, 0, "", created(values), clerk_id, cid,
                                 None, None, now(UTC), None, None))  # fmt: skip

    def write(i: int) -> None:
        cid = uuid.uuid4().hex
        title = f"行政复议申请 raw {i}"
        cur.execute(begin)
        try:
            cur.execute(sql["number"], (org.pk, RAW_SERIES, year))
            number = f"RAW〔{year}〕{cur.fetchone()[0]}号"
            cur.execute(sql["case"], ("reconsideration", number, org.pk, org.region_id, title, "walk_in", "received",
                                      "", received, None, None, None, 1, now(UTC)))  # fmt: skip
            case_id = cur.fetchone()[0]
            cur.execute(sql["detail"], (case_id, None, "other", "", None, None, True, False, False, None, False, False,
                                        "ordinary", False, "", "[]", None))  # fmt: skip
            detail_id = cur.fetchone()[0]
            cur.execute(sql["party"], (case_id, "applicant", "person", "张三", "", "", "", "", "", ""))
            party_id = cur.fetchone()[0]
            event = (case_id, "received", "收到申请", received, now(UTC), clerk_id, "", "received", "", "{}", cid)
            cur.execute(sql["event"], event)
            label, unit = str(clock.label), clock.unit.value
            row = (case_id, clock.key, label, clock.basis, clock.amount, unit, 0, received, "[]", due, "running")
            cur.execute(sql["deadline"], (*row, None, False))
            deadline_id = cur.fetchone()[0]
            for delta in deltas:
                cur.execute(sql["delta"], delta)
            repr_ = f"{number} {title}"
            log(case_id, Case, repr_, {"id": case_id, "line": "reconsideration", "number": number, "title": title,
                                       "state": "received", "received_on": received, "version": 1}, cid)  # fmt: skip
            log(detail_id, ReconsiderationDetail, f"{repr_} · 普通程序", {"id": detail_id, "case": case_id}, cid)
            log(party_id, Party, "申请人 张三", {"id": party_id, "case": case_id, "name": "张三"}, cid)
            log(deadline_id, Deadline, f"{clock.label} {due}", {"id": deadline_id, "clock": clock.key}, cid)
            cur.execute(commit)
        except BaseException:
            cur.execute("ROLLBACK")
            raise

    try:
        yield write
    finally:
        cur.close()
        if connection.vendor == "postgresql":
            raw.close()


def row_counts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        out = {}
        for t in TABLES:
            cursor.execute(f"SELECT count(*) FROM {t}")
            out[t] = cursor.fetchone()[0]
        return out


def rows_per_case(fns: dict[str, Callable[[int], None]]) -> bool:
    """The rows one call of each side adds per table, printed side by side; True when case_open and raw agree."""
    added = {}
    for name, fn in fns.items():
        before = row_counts()
        fn(-1000)
        after = row_counts()
        added[name] = {t: after[t] - before[t] for t in TABLES}
    print(f"rows per case: {'table':40} {'case_open':>9} {'raw txn':>8}")
    for t in TABLES:
        a, r = added["intake"][t], added["raw_txn"][t]
        print(f"               {t:40} {a:>9} {r:>8}" + ("" if a == r else "   <-- MISMATCH"))
    return added["intake"] == added["raw_txn"]


def main() -> int:
    args = h.parse_args(__doc__ or "", default_n=2000, quick_n=200)
    db = h.setup()
    from fazhi.accounts.models import Organisation, User

    org = Organisation.objects.select_related("region").get(name="包头市人民政府行政复议办公室")
    clerk = User.objects.get(username="city_clerk")
    deltas = delta_rows(intake(org))
    with raw_inserts(org.pk, org.region_id) as insert, raw_transactions(org, clerk.pk, deltas) as raw_txn:
        fns = {"raw": insert, "raw_txn": raw_txn, "intake": intake(org)}
        for fn in fns.values():  # warm-up: registry, calendar cache, content types, prepared statements
            for i in range(min(20, args.n)):
                fn(-i - 1)
        same = rows_per_case({"intake": fns["intake"], "raw_txn": raw_txn})
        h.analyze()
        timings = h.time_interleaved(fns, args.n)
    base, txn, cases = timings["raw"], timings["raw_txn"], timings["intake"]
    print(f"n={args.n} on {db}")
    print(f"raw INSERT latency:      p50 {base.p50_us:,.0f} µs, p95 {base.p95_us:,.0f} µs")
    print(f"raw transaction latency: p50 {txn.p50_us:,.0f} µs, p95 {txn.p95_us:,.0f} µs")
    print(f"case_open latency:       p50 {cases.p50_us:,.0f} µs, p95 {cases.p95_us:,.0f} µs")
    h.report(
        "case_intake",
        cases.per_s,
        "cases/s",
        txn.per_s,
        cases.per_s / txn.per_s,
        baseline_unit="cases/s raw transaction",
        target="≥ 0.50 on PostgreSQL",
    )
    h.report(
        "case_intake_single_insert",
        cases.per_s,
        "cases/s",
        base.per_s,
        cases.per_s / base.per_s,
        baseline_unit="inserts/s",
        target="physical reference",
    )
    if not same:
        print("ERROR: the raw transaction no longer writes the rows case_open writes; update raw_transactions()")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
