"""Reporting lenient-penalty decisions (免罚轻罚) from Excel: validate and write rows/s vs a raw COPY of the same rows.

Generates N valid decisions of the register's upload template (default 100,000, quick 5,000; cached as .xlsx under
the temporary directory: agency, 文书号, date, entry code, party kind, amount), then in rounds: a raw psycopg `COPY`
of the same rows (six text columns) into an unindexed scratch table (the physical reference), the upload checked
only (`dry_run`: read + every row's checks + the comparison with the record), the upload written (checked again,
then the decisions by COPY and the batch's record, one transaction), and a raw binary `COPY` of exactly the decision
rows the upload wrote back into the real, indexed table (the fair baseline: what the database itself costs). A
fourth figure: the same file sent again (every row found on record, "已存在", nothing written).

PostgreSQL only (prints `SKIPPED …` and exits 0 otherwise): its own database `fazhi_bench_lenient` unless
`$DATABASE_URL` is a PostgreSQL URL; the register's decisions and batches are emptied (TRUNCATE) before each round
on its own database. Prints figures, asserts nothing.
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

PG_URL = "postgres://postgres@127.0.0.1:5432/fazhi_bench_lenient"
DB_NAME = "fazhi_bench_lenient"
SCRATCH = "bench_raw_lenient_copy"
AGENCY = "包头市市场监督管理局"
HEADERS = ["执法机关", "决定书文号", "决定日期", "清单事项编号", "当事人类型", "免罚或减罚金额（元）"]
ENTRIES = [f"BENCH-SJ-{i:03d}" for i in range(1, 25)]


def rows(n: int, seed: int = 15) -> list[list]:
    """N valid decisions of the market regulator dated in 2024 (Excel dates), amounts in yuan."""
    rnd = random.Random(seed)
    first = date(2024, 1, 1)
    return [
        [
            AGENCY,
            f"包市监罚决〔2024〕{i}号",
            first + timedelta(days=rnd.randrange(366)),
            rnd.choice(ENTRIES),
            "企业" if rnd.random() < 0.7 else "个人",
            rnd.choice([rnd.randrange(0, 5000, 50), round(rnd.uniform(10, 3000), 2)]),
        ]
        for i in range(1, n + 1)
    ]


def workbook(n: int) -> Path:
    path = Path(tempfile.gettempdir()) / f"fazhi-bench-lenient-v1-{n}.xlsx"
    if path.exists():
        return path
    from openpyxl import Workbook

    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("报送")
    ws.append(HEADERS)
    for r in rows(n):
        ws.append(r)
    tmp = path.with_suffix(".part")
    wb.save(tmp)
    tmp.replace(path)
    print(f"generated {path} ({n:,} rows, {path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - started:.1f} s")
    return path


def raw_copy(values: list[list]) -> float:
    """COPY the rows (every cell as text) into an unindexed scratch table; seconds."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    with raw.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS {SCRATCH}")
        cur.execute(f"CREATE TABLE {SCRATCH} (id bigserial PRIMARY KEY, {', '.join(f'c{i} text' for i in range(6))})")
        raw.commit()
        started = time.perf_counter()
        with cur.copy(f"COPY {SCRATCH} ({', '.join(f'c{i}' for i in range(6))}) FROM STDIN") as copy:
            for r in values:
                copy.write_row([None if v is None else str(v) for v in r])
        raw.commit()
        took = time.perf_counter() - started
        cur.execute(f"DROP TABLE {SCRATCH}")
        raw.commit()
    return took


def dump_decisions() -> tuple[int, bytes]:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM lenient_decision")
        count = cur.fetchone()[0]
        with cur.cursor.copy("COPY lenient_decision TO STDOUT (FORMAT binary)") as copy:
            return count, b"".join(bytes(block) for block in copy)


def raw_copy_real(data: bytes) -> float:
    """COPY the dumped decisions back into the emptied real table (its indexes and constraints), one transaction."""
    from django.db import connection

    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = False
    try:
        with raw.cursor() as cur:
            started = time.perf_counter()
            with cur.copy("COPY lenient_decision FROM STDIN (FORMAT binary)") as copy:
                copy.write(data)
            raw.commit()
            return time.perf_counter() - started
    finally:
        raw.autocommit = True


def clear(keep_reports: bool = False) -> None:
    """Empty the register's decisions (and batches) of this benchmark's own database."""
    from django.db import connection

    if connection.settings_dict["NAME"] != DB_NAME:
        return
    with connection.cursor() as cur:
        cur.execute("TRUNCATE lenient_decision" + ("" if keep_reports else ", lenient_report CASCADE"))


def prepare() -> object:
    """The entries the file cites and the agency's field; the reporter (马报送, the market regulator's)."""
    from fazhi.accounts.models import Organisation, User
    from fazhi.lenient.models import AgencyDomain, ListEntry

    agency = Organisation.objects.get(name=AGENCY)
    AgencyDomain.objects.get_or_create(agency=agency, domain="market_regulation")
    for code in ENTRIES:
        ListEntry.objects.get_or_create(
            code=code,
            defaults={
                "region_id": "150200000000",
                "issuer": "包头市司法局",
                "domain": "market_regulation",
                "conduct": "基准测试事项",
                "legal_basis": "《中华人民共和国行政处罚法》第三十三条",
                "conditions": "首违不罚",
                "kind": "no_penalty",
                "effective_from": date(2023, 1, 1),
            },
        )
    return User.objects.get(username="agency_reporter")


def main() -> None:
    args = h.parse_args(__doc__ or "", default_n=100_000, quick_n=5_000)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        import psycopg

        try:
            with psycopg.connect(PG_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3, autocommit=True) as c:
                if c.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB_NAME]).fetchone() is None:
                    c.execute(f"CREATE DATABASE {DB_NAME}")
        except psycopg.Error:
            print("SKIPPED bench_lenient_import: no PostgreSQL server answers")
            return
        os.environ["DATABASE_URL"] = PG_URL
    rounds = 2 if args.quick else 3
    path = workbook(args.n)
    db = h.setup()
    from django.db import connection

    from fazhi.lenient import imports

    imports.MAX_ROWS = max(imports.MAX_ROWS, args.n)
    imports.MAX_BYTES = max(imports.MAX_BYTES, path.stat().st_size + 1)
    reporter = prepare()
    data = path.read_bytes()
    values = rows(args.n)
    clear()
    own = connection.settings_dict["NAME"] == DB_NAME
    print(f"n={args.n:,} rows × {rounds} rounds on {db}; file {len(data) / 1e6:.1f} MB")
    if not own:
        print("raw COPY into the real table and the rounds' emptying: only on the benchmark's own database")
    copy_s, validate_s, write_s, resend_s, real_s = [], [], [], [], []
    for r in range(rounds):
        copy_s.append(raw_copy(values))
        checked = imports.upload(data, actor=reporter, file_name=path.name, dry_run=True)
        if not checked.ok:
            sys.exit(f"the generated file does not validate: {checked.problems.errors[:5]}")
        validate_s.append(checked.problems.validate_seconds)
        started = time.perf_counter()
        written = imports.upload(data, actor=reporter, file_name=path.name)
        write_s.append(time.perf_counter() - started)
        if not written.ok or written.added != args.n:
            sys.exit(f"wrote {written.added} of {args.n} rows: {written.problems.errors[:5]}")
        started = time.perf_counter()
        again = imports.upload(data, actor=reporter, file_name=path.name)
        resend_s.append(time.perf_counter() - started)
        if again.added or again.already_present != args.n:
            sys.exit("the file sent again added rows")
        line = (
            f"round {r + 1}: COPY {args.n / copy_s[-1]:,.0f} rows/s, validate {args.n / validate_s[-1]:,.0f} rows/s, "
            f"upload written {args.n / write_s[-1]:,.0f} rows/s (of which writing {written.problems.write_seconds:.2f}"
            f" s), sent again {args.n / resend_s[-1]:,.0f} rows/s (load {os.getloadavg()[0]:.1f})"
        )
        if own:
            count, dumped = dump_decisions()
            clear(keep_reports=True)
            real_s.append(raw_copy_real(dumped))
            line += f", raw COPY into the real table {count / real_s[-1]:,.0f} rows/s"
            clear()
        print(line, flush=True)
    clear()
    total = args.n * rounds
    copy_rate = total / sum(copy_s)
    validate_rate, write_rate, resend_rate = total / sum(validate_s), total / sum(write_s), total / sum(resend_s)
    h.report(
        "lenient_validate",
        validate_rate,
        "rows/s",
        copy_rate,
        validate_rate / copy_rate,
        baseline_unit="COPY rows/s",
        target="≥ 20,000 rows/s",
    )
    h.report("lenient_upload", write_rate, "rows/s", copy_rate, write_rate / copy_rate, baseline_unit="COPY rows/s")
    h.report("lenient_resend", resend_rate, "rows/s", copy_rate, resend_rate / copy_rate, baseline_unit="COPY rows/s")
    if real_s:
        real_rate = total / sum(real_s)
        h.report(
            "lenient_upload_vs_real_copy",
            write_rate,
            "rows/s",
            real_rate,
            write_rate / real_rate,
            baseline_unit="raw COPY into the real table, rows/s",
            target="CSV bulk load ≥ 30% of raw COPY (DESIGN §4)",
        )


if __name__ == "__main__":
    main()
