"""Excel import of historical 人民调解 disputes: validate rows/s and write rows/s vs a raw COPY of the same rows.

Generates N valid rows of the mediation import template (default 100,000, quick 5,000; cached as .xlsx under the
temporary directory), then in interleaved rounds: a raw psycopg `COPY` of the same rows (the 18 columns as text)
into an unindexed scratch table (the physical reference), the importer's `validate` (read + check every row), its
`write` (every row a case with detail, parties, event, clocks, change record and rollups, one transaction), and a
raw binary `COPY` of exactly the rows that write produced (cases, details, parties, events, clocks, change records)
back into the real, indexed tables in one transaction (the fair baseline: what the database itself costs, so the
ratio shows the framework's overhead rather than index upkeep). Each round starts from empty case tables.

Targets (issue 12, DESIGN §4): validation ≥ 20,000 rows/s, writing ≥ 5,000 rows/s on PostgreSQL.
PostgreSQL only (prints `SKIPPED …` and exits 0 otherwise): its own database `fazhi_bench_import` unless
`$DATABASE_URL` is a PostgreSQL URL; imported cases are removed (TRUNCATE) before each run.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import _harness as h

PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_bench_import"
SCRATCH = "bench_raw_import_copy"
COMMITTEE = "和平路街道人民调解委员会"
HEADERS = [
    *("案号", "调委会", "收到日期", "申请人", "被申请人", "纠纷来源", "纠纷类型", "简要情况", "涉及金额", "涉及人数"),
    *("激化风险", "结果", "协议形式", "协议生效日期", "办结日期", "司法确认", "履行情况", "行政区划代码"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英"
TYPES = ["邻里纠纷", "婚姻家庭纠纷", "损害赔偿纠纷", "合同纠纷", "劳动争议纠纷", "房屋宅基地纠纷"]


def rows(n: int, seed: int = 12) -> list[list]:
    """N valid rows, received 2023-01-01 … 2024-12-31: 80 % mediated (written or oral agreement), 8 % failed,
    4 % declined, 8 % still open; dates as Excel dates, names of two applicants and one respondent."""
    rnd = random.Random(seed)
    out = []
    for _i in range(n):
        received = date(2023, 1, 1) + timedelta(days=rnd.randrange(730))
        closed = received + timedelta(days=rnd.randrange(30))
        names = ["".join((rnd.choice(SURNAMES), rnd.choice(GIVEN), rnd.choice(GIVEN))) for _ in range(3)]
        roll = rnd.random()
        outcome, kind, effective, confirmation, performance, end = "", "", None, "", "", None
        if roll < 0.80:
            outcome, end = "调解成功", closed
            kind = "书面" if roll < 0.5 else "口头"
            effective = closed if kind == "书面" else None
            performance = "已履行" if roll < 0.6 else ""
        elif roll < 0.88:
            outcome, end = "调解不成", closed
        elif roll < 0.92:
            outcome, end = "不予调解", received
        amount = rnd.choice([None, rnd.randrange(100, 500_000), round(rnd.uniform(10, 9999), 2)])
        out.append(
            [
                "",
                "",
                received,
                f"{names[0]}、{names[1]}",
                names[2],
                rnd.choice(["申请调解", "主动调解", ""]),
                rnd.choice(TYPES),
                "因琐事发生纠纷",
                amount,
                rnd.choice([None, 3, 4]),
                rnd.choice(["否", "是", ""]),
                outcome,
                kind,
                effective,
                end,
                confirmation,
                performance,
                "",
            ]
        )
    return out


def workbook(n: int) -> Path:
    """The generated .xlsx (openpyxl, write-only), cached by row count."""
    path = Path(tempfile.gettempdir()) / f"fazhi-bench-import-v1-{n}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("导入")
    ws.append(HEADERS)
    for r in rows(n):
        ws.append(r)
    tmp = path.with_suffix(".part")
    wb.save(tmp)
    tmp.replace(path)
    print(f"generated {path} ({n:,} rows, {path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def raw_copy(values: list[list]) -> float:
    """COPY the rows (as the file holds them, every cell as text) into an unindexed scratch table; seconds."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cur.execute(f"CREATE TABLE {SCRATCH} (id bigserial PRIMARY KEY, {', '.join(f'c{i} text' for i in range(18))})")
        raw.commit()
        started = time.perf_counter()
        with cur.copy(f"COPY {SCRATCH} ({', '.join(f'c{i}' for i in range(18))}) FROM STDIN") as copy:
            for r in values:
                copy.write_row([None if v is None or v == "" else str(v) for v in r])
        raw.commit()
        took = time.perf_counter() - started
        cur.execute(f"DROP TABLE {SCRATCH}")
        raw.commit()
    return took


def real_tables() -> list[str]:
    """The tables an import writes its rows to, parents first (their foreign keys are deferred anyway)."""
    from auditlog.models import LogEntry

    from fazhi.cases.models import Case, CaseEvent, Deadline, Party
    from fazhi.mediation.models import MediationDetail

    return [m._meta.db_table for m in (Case, MediationDetail, Party, CaseEvent, Deadline, LogEntry)]


def dump_tables(tables: list[str]) -> dict[str, tuple[int, bytes]]:
    """Each table's rows (all of them: the round started from empty tables) as binary COPY data, with their count."""
    from django.db import connection

    out = {}
    with connection.cursor() as cur:
        for table in tables:
            cur.execute(f"SELECT count(*) FROM {table}")
            count = cur.fetchone()[0]
            with cur.cursor.copy(f"COPY {table} TO STDOUT (FORMAT binary)") as copy:
                out[table] = (count, b"".join(bytes(block) for block in copy))
    return out


def raw_copy_real(dumped: dict[str, tuple[int, bytes]]) -> float:
    """COPY the dumped rows back into the (emptied) real tables, one transaction, deferred checks at COMMIT; seconds."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = False  # Django keeps its connection in autocommit: one transaction here, as the import's
    try:
        with raw.cursor() as cur:
            started = time.perf_counter()
            for table, (_count, data) in dumped.items():
                with cur.copy(f"COPY {table} FROM STDIN (FORMAT binary)") as copy:
                    copy.write(data)
            raw.commit()
            took = time.perf_counter() - started
    finally:
        raw.autocommit = True
    with raw.cursor() as cur:
        for table, (count, _data) in dumped.items():
            cur.execute(f"SELECT count(*) FROM {table}")
            if cur.fetchone()[0] != count:
                sys.exit(f"raw COPY into {table}: row count differs")
    return took


def server_cpu() -> float | None:
    """CPU seconds this connection's PostgreSQL backend has used, when the server runs on this machine (/proc)."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        pid = cur.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def clear_cases() -> None:
    """Empty the cases, rollups and change record of this benchmark's own database (every run starts alike)."""
    from django.db import connection

    if connection.settings_dict["NAME"] != "fazhi_bench_import":
        return  # someone else's database ($DATABASE_URL): imported cases accumulate there
    with connection.cursor() as cur:
        cur.execute("TRUNCATE cases_case, indicators_rollup, indicators_rollupdelta, auditlog_logentry CASCADE")


def main() -> None:
    args = h.parse_args(__doc__ or "", default_n=100_000, quick_n=5_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        import psycopg

        try:
            with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3, autocommit=True) as c:
                if c.execute("SELECT 1 FROM pg_database WHERE datname = 'fazhi_bench_import'").fetchone() is None:
                    c.execute("CREATE DATABASE fazhi_bench_import")
        except psycopg.Error:
            print("SKIPPED bench_import: no PostgreSQL server answers")
            return
        os.environ["DATABASE_URL"] = PG_URL
    rounds = 2 if args.quick else 3
    path = workbook(args.n)
    db = h.setup()
    from django.db import connection

    from fazhi.accounts.models import Organisation, User
    from fazhi.cases.imports import reading
    from fazhi.mediation.imports import IMPORTER

    # The production limits (5 MB, 50,000 rows) are for one upload; the benchmark reads a larger file.
    reading.MAX_ROWS = max(reading.MAX_ROWS, args.n)
    reading.MAX_BYTES = max(reading.MAX_BYTES, path.stat().st_size + 1)
    committee = Organisation.objects.select_related("region").get(name=COMMITTEE)
    mediator = User.objects.get(username="mediator")
    data = path.read_bytes()
    values = rows(args.n)
    clear_cases()
    print(f"n={args.n:,} rows × {rounds} rounds on {db}; file {len(data) / 1e6:.1f} MB")

    own_database = connection.settings_dict["NAME"] == "fazhi_bench_import"
    if not own_database:
        print("raw COPY into the real tables: skipped (only on the benchmark's own database, which it empties)")
    tables = real_tables()
    copy_s, validate_s, write_s, real_s = [], [], [], []
    rows_written = 0
    for r in range(rounds):
        copy_s.append(raw_copy(values))
        report = IMPORTER.validate(data, organisation=committee, actor=mediator, file_name=path.name)
        if not report.ok:
            sys.exit(f"the generated file does not validate: {report.errors[:5]}")
        validate_s.append(report.validate_seconds)
        server_before, client_before = server_cpu(), time.process_time()
        started = time.perf_counter()
        created = IMPORTER.write(report, actor=mediator)
        write_s.append(time.perf_counter() - started)
        client, server_after = time.process_time() - client_before, server_cpu()
        cpu = f"client CPU {client:.2f} s"
        if server_before is not None and server_after is not None:
            cpu += f", server CPU {server_after - server_before:.2f} s"
        if created != args.n:
            sys.exit(f"wrote {created} of {args.n} rows")
        line = (
            f"round {r + 1}: COPY {args.n / copy_s[-1]:,.0f} rows/s, validate {args.n / validate_s[-1]:,.0f} rows/s, "
            f"write {args.n / write_s[-1]:,.0f} rows/s ({cpu}, load {os.getloadavg()[0]:.1f})"
        )
        if own_database:
            dumped = dump_tables(tables)
            rows_written = sum(count for count, _data in dumped.values())
            clear_cases()
            server_before = server_cpu()
            real_s.append(raw_copy_real(dumped))
            server_after = server_cpu()
            clear_cases()  # the next round writes into empty tables again
            line += f", raw COPY into the real tables {args.n / real_s[-1]:,.0f} rows/s ({rows_written:,} table rows"
            if server_before is not None and server_after is not None:
                line += f", server CPU {server_after - server_before:.2f} s"
            line += ")"
        print(line, flush=True)
    clear_cases()
    total = args.n * rounds
    copy_rate, validate_rate, write_rate = total / sum(copy_s), total / sum(validate_s), total / sum(write_s)
    h.report(
        "import_validate",
        validate_rate,
        "rows/s",
        copy_rate,
        validate_rate / copy_rate,
        baseline_unit="COPY rows/s",
        target="≥ 20,000 rows/s",
    )
    h.report(
        "import_write",
        write_rate,
        "rows/s",
        copy_rate,
        write_rate / copy_rate,
        baseline_unit="COPY rows/s",
        target="≥ 5,000 rows/s on PostgreSQL",
    )
    if real_s:
        real_rate = total / sum(real_s)
        h.report(
            "import_write_vs_real_copy",
            write_rate,
            "rows/s",
            real_rate,
            write_rate / real_rate,
            baseline_unit="raw COPY into the real tables, rows/s",
            target="≥ 5,000 rows/s on PostgreSQL",
        )


if __name__ == "__main__":
    main()
