"""Staff case list and case detail through the API under gunicorn at 1M and 10M cases, vs the page's bare SQL.

Target (issue 12, DESIGN.md §4): case list p95 < 100 ms with 16 concurrent users at 10M cases on PostgreSQL.

PostgreSQL only. Each size has its own database, kept between runs and regenerated only when its case count differs
(`fazhi_bench_list_1m`, `fazhi_bench_list_10m`; `--quick`: `fazhi_bench_list_100k`). Cases are written by the
server itself (`INSERT … SELECT generate_series`, no Python row building: faster than COPY from a client here) with
two parties, two timeline events and one clock each, over Baotou's county and township regions and the demo
organisations (`load_baotou_people`); line detail rows and rollups are not generated (the API's list and detail do
not read them).

For each size, 16 and 64 concurrent users (threads, one keep-alive connection each, as bench_reconsideration_api)
ask for the list's first page, the page after it (keyset `next` link) and a case's detail, as the city leader
(`leader`: the whole city), a county clerk (`donghe_clerk`: 东河区) and a township mediator (`mediator`: 和平路
街道调解委员会, mediation only). The baseline is the same first page's SQL alone (the query Django sends, run by
psycopg with the same concurrency), timed in rounds alternating with the HTTP ones; ratio = SQL p95 ÷ HTTP p95.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from datetime import timedelta
from pathlib import Path

import _harness as h

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PERSONAS = ("leader", "donghe_clerk", "mediator")
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
CHUNK = 1_000_000
LIST = "/api/v1/cases/"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="100k cases, 16 users, few requests")
    p.add_argument("--sizes", default=None, help="comma-separated of 100k,1m,10m (default 1m,10m; quick 100k)")
    p.add_argument("--users", default=None, help="concurrent users, comma-separated (default 16,64; quick 16)")
    p.add_argument("--requests", type=int, default=None, help="requests per user per round (default 12; quick 6)")
    p.add_argument("--rounds", type=int, default=2, help="alternating HTTP / SQL rounds (default 2)")
    p.add_argument(
        "--think",
        type=int,
        default=0,
        help="ms each user pauses between requests, uniformly 0.5–1.5× this (default 0: back to back, every user "
        "always has a request in flight, the saturation figure; 1000: a clerk clicking about once a second)",
    )
    p.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    p.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    p.add_argument("--prepare", metavar="SIZE", help=argparse.SUPPRESS)  # internal: one database, in a subprocess
    args = p.parse_args()
    args.sizes = (args.sizes or ("100k" if args.quick else "1m,10m")).split(",")
    args.users = [int(u) for u in (args.users or ("16" if args.quick else "16,64")).split(",")]
    args.requests = args.requests or (6 if args.quick else 12)
    return args


def db_name(size: str) -> str:
    return f"fazhi_bench_list_{size}"


def reachable() -> bool:
    import psycopg

    try:
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3, autocommit=True):
            return True
    except psycopg.Error:
        return False


# ------------------------------------------------------------------------------------------------- generation
# One statement per chunk, run by the server. Region: a random county or township of Baotou (1502…); line about
# 85 % mediation, 12 % legal aid, 3 % reconsideration; organisation: the line's city office, or for mediation the
# county bureau (东河, 昆都仑) or 和平路's committee where the region lies there, else the city bureau. Received over
# 2023–2024; four in five closed. A Donghe case is assigned to donghe_clerk one time in four.
CASES_SQL = """
INSERT INTO cases_case (id, line, number, organisation_id, region_id, title, channel, state, outcome, received_on,
                        accepted_on, closed_on, assignee_id, version, created_at)
SELECT g, s.line, 'L' || g, CASE
         WHEN s.line = 'reconsideration' THEN %(org_rc)s
         WHEN s.line = 'legal_aid' THEN %(org_la)s
         WHEN r.code LIKE '150202001%%' THEN %(org_committee)s
         WHEN r.code LIKE '150202%%' THEN %(org_donghe)s
         WHEN r.code LIKE '150203%%' THEN %(org_kundulun)s
         ELSE %(org_city)s END,
       r.code, '生成案件 ' || g, 'walk_in', CASE WHEN s.closed THEN 'closed' ELSE 'accepted' END,
       CASE WHEN s.closed THEN 'success' ELSE '' END, s.received, s.received,
       CASE WHEN s.closed THEN s.received + 20 END,
       CASE WHEN r.code LIKE '150202%%' AND g %% 4 = 0 THEN %(donghe_clerk)s END, 2, s.received + time '09:00'
FROM (SELECT g, floor(random() * %(nr)s)::int AS k,
             CASE WHEN u < 0.85 THEN 'mediation' WHEN u < 0.97 THEN 'legal_aid' ELSE 'reconsideration' END AS line,
             date '2023-01-01' + floor(random() * 731)::int AS received, random() < 0.8 AS closed
      FROM (SELECT g, random() AS u FROM generate_series(%(lo)s::bigint, %(hi)s::bigint) g) t) s
JOIN bench_regions r ON r.k = s.k
"""
PARTIES_SQL = """
INSERT INTO cases_party (case_id, role, kind, name, id_number, uscc, phone, address, id_number_index, phone_index)
SELECT c.id, p.role, 'person', p.name || c.id, '', '', '', '', '', ''
FROM cases_case c CROSS JOIN (VALUES ('applicant', '申请人'), ('respondent', '被申请人')) p(role, name)
WHERE c.id BETWEEN %(lo)s AND %(hi)s
"""
EVENTS_SQL = """
INSERT INTO cases_caseevent (case_id, code, label, "on", at, from_state, to_state, basis, data, request_id)
SELECT c.id, e.code, e.label, c.received_on, c.created_at, e.f, e.t, '', '{}'::jsonb, ''
FROM cases_case c CROSS JOIN (VALUES
     ('receive', '收到申请', '', 'received'), ('accept', '受理', 'received', 'accepted'))
     e(code, label, f, t)
WHERE c.id BETWEEN %(lo)s AND %(hi)s
"""
DEADLINES_SQL = """
INSERT INTO cases_deadline (case_id, clock, label, basis, amount, unit, extended_by, started_on, pauses, due_on,
                            state, stopped_on, advisory)
SELECT c.id, 'handling', '办理期限', '生成', 30, 'CD', 0, c.received_on, '[]'::jsonb, c.received_on + 30,
       CASE WHEN c.closed_on IS NULL THEN 'running' ELSE 'met' END, c.closed_on, false
FROM cases_case c WHERE c.id BETWEEN %(lo)s AND %(hi)s
"""


def generate(n: int) -> None:
    """Write n cases with parties, events and clocks unless the database holds exactly n cases already."""
    from django.db import connection

    from fazhi.accounts.models import Organisation, User

    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM cases_case")
        have = c.fetchone()[0]
    if have == n:
        print(f"generate: kept the {have:,} cases already in {connection.settings_dict['NAME']}", flush=True)
        return
    org = {o.name: o.pk for o in Organisation.objects.all()}
    params = {
        "org_rc": org["包头市人民政府行政复议办公室"],
        "org_la": org["包头市法律援助中心"],
        "org_committee": org["和平路街道人民调解委员会"],
        "org_donghe": org["东河区司法局"],
        "org_kundulun": org["昆都仑区司法局"],
        "org_city": org["包头市司法局"],
        "donghe_clerk": User.objects.get(username="donghe_clerk").pk,
    }
    print(f"generate: {have:,} cases present, writing {n:,} with parties, events and clocks …", flush=True)
    t0 = time.perf_counter()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as cur:
        cur.execute("TRUNCATE cases_case, indicators_rollup, indicators_rollupdelta CASCADE")
        cur.execute("DROP TABLE IF EXISTS bench_regions")
        cur.execute(
            "CREATE UNLOGGED TABLE bench_regions AS SELECT (row_number() OVER (ORDER BY code) - 1)::int AS k, code "
            "FROM core_region WHERE level IN ('county', 'township') AND code LIKE '1502%'"
        )
        nr = cur.execute("SELECT count(*) FROM bench_regions").fetchone()[0]
        for lo in range(1, n + 1, CHUNK):
            hi = min(lo + CHUNK - 1, n)
            with raw.transaction():
                cur.execute("SET LOCAL session_replication_role = replica")  # no per-row FK triggers
                cur.execute("SET LOCAL synchronous_commit = off")
                for sql in (CASES_SQL, PARTIES_SQL, EVENTS_SQL, DEADLINES_SQL):
                    cur.execute(sql, params | {"nr": nr, "lo": lo, "hi": hi})
            print(f"  {hi:,} cases, {time.perf_counter() - t0:.0f} s", flush=True)
        for table in ("cases_case", "cases_party", "cases_caseevent", "cases_deadline"):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))")
        cur.execute("DROP TABLE bench_regions")
        cur.execute("VACUUM ANALYZE cases_case")
        for table in ("cases_party", "cases_caseevent", "cases_deadline"):
            cur.execute(f"ANALYZE {table}")
    print(f"generate: {n:,} cases (+ {5 * n:,} rows) in {time.perf_counter() - t0:.0f} s", flush=True)


def prepare(size: str) -> int:
    """In a subprocess (Django set up on this size's database): migrate, generate, issue read tokens, and print the
    personas' tokens, the SQL of their first page and some case ids each may open, as one JSON line."""
    import psycopg

    name = db_name(size)
    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            conn.execute(f"CREATE DATABASE {name}")
    os.environ["DATABASE_URL"] = f"{PG_SERVER}/{name}"
    h.setup()
    generate(SIZES[size])
    from django.utils import timezone

    from fazhi.accounts.models import ApiToken, User
    from fazhi.cases import selectors

    out = {}
    for username in PERSONAS:
        user = User.objects.get(username=username)
        token = ApiToken.issue(user=user, name="bench", scopes=["read"], expires_at=timezone.now() + timedelta(hours=3))
        qs = selectors.case_list(user=user).order_by(*selectors.CASE_ORDER).select_related(None)  # as the API lists
        sql, params = qs[: selectors.PAGE_SIZE + 1].query.sql_with_params()
        ids = list(qs.values_list("pk", flat=True)[:2000])
        out[username] = {"token": token[1], "sql": sql, "params": [str(p) for p in params], "ids": ids}
    print("PREPARED " + json.dumps(out, ensure_ascii=False), flush=True)
    return 0


# ------------------------------------------------------------------------------------------------- load
def pct(ms: list[float], q: int) -> float:
    if not ms:  # e.g. no detail request in a round of fewer than three requests
        return float("nan")
    return statistics.quantiles(ms, n=100, method="inclusive")[q - 1] if len(ms) > 1 else ms[0]


def run_threads(n: int, body) -> None:
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def loop(i: int) -> None:
        barrier.wait()
        try:
            body(i)
        except BaseException as e:  # reported after the join
            errors.append(e)

    threads = [threading.Thread(target=loop, args=(i,), daemon=True) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def http_round(port: int, who: dict, users: int, requests: int, lat: dict[str, list[float]], think_ms: int = 0) -> None:
    """Each user: first page, the page after it, a case's detail, again until `requests` calls; with `think_ms`, a
    pause of 0.5–1.5× that before each request (0–1× before the first: the users do not start together; the pauses
    are not timed)."""
    headers = {"Authorization": f"Bearer {who['token']}"}

    def user(i: int) -> None:
        rnd = random.Random(i)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        nxt = None
        for k in range(requests):
            if think_ms:  # the first request too, so that the users do not all start at the barrier's instant
                time.sleep(think_ms * (rnd.uniform(0.5, 1.5) if k else rnd.uniform(0, 1)) / 1e3)
            kind = ("list", "list_next", "detail")[k % 3]
            path = (
                LIST if kind == "list" else (nxt or LIST) if kind == "list_next" else f"{LIST}{rnd.choice(who['ids'])}/"
            )
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            body = resp.read()
            lat[kind].append((time.perf_counter() - t0) * 1e3)
            if resp.status != 200:
                raise RuntimeError(f"{path}: HTTP {resp.status} {body[:200]!r}")
            if kind == "list":
                nxt = json.loads(body)["next"]
                nxt = nxt and nxt[nxt.index(LIST) :]
        conn.close()

    run_threads(users, user)


def sql_round(url: str, who: dict, users: int, requests: int, lat: list[float]) -> None:
    """The first page's query alone, by psycopg, with the same concurrency (each user its own connection)."""
    import psycopg

    def user(i: int) -> None:
        with psycopg.connect(url, autocommit=True) as conn:
            for _ in range(requests):
                t0 = time.perf_counter()
                conn.execute(who["sql"], who["params"]).fetchall()
                lat.append((time.perf_counter() - t0) * 1e3)

    run_threads(users, user)


def main() -> int:
    args = parse_args()
    if args.prepare:
        return prepare(args.prepare)
    if not reachable():
        print(f"SKIPPED bench_case_list: PostgreSQL is not reachable at {PG_SERVER} (never runs on SQLite)")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_reconsideration_api import gunicorn

    os.environ["FAZHI_API_USER_RATE"] = "1000000/minute"  # the bench is not the throttle's test
    for size in args.sizes:
        t0 = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, __file__, "--prepare", size], capture_output=True, text=True, env=os.environ.copy()
        )
        for line in proc.stdout.splitlines():
            if not line.startswith("PREPARED "):
                print(line)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            return 1
        who = json.loads(next(ln for ln in proc.stdout.splitlines() if ln.startswith("PREPARED "))[9:])
        print(f"{size}: prepared in {time.perf_counter() - t0:.0f} s", flush=True)
        url = f"{PG_SERVER}/{db_name(size)}"
        with gunicorn(url, args.workers, args.threads) as (port, _log):
            for name in PERSONAS:  # warm-up: every worker's imports, caches and connections
                http_round(port, who[name], args.workers * args.threads, 3, defaultdict(list))
            for users in args.users:
                for name in PERSONAS:
                    lat: dict[str, list[float]] = defaultdict(list)
                    raw: list[float] = []
                    served, busy = 0, 0.0
                    for _ in range(args.rounds):
                        t_round = time.perf_counter()
                        http_round(port, who[name], users, args.requests, lat, args.think)
                        served += users * args.requests
                        busy += time.perf_counter() - t_round
                        sql_round(url, who[name], users, args.requests, raw)
                    pages = lat["list"] + lat["list_next"]
                    cells = "  ".join(
                        f"{kind} {pct(v, 50):6.1f} / {pct(v, 95):6.1f}" for kind, v in sorted(lat.items())
                    )
                    rate = f"{served / busy:5.0f} req/s"
                    print(f"  {size} {users:>2} users {name:<13} ms p50/p95: {cells}  | bare SQL "
                          f"{pct(raw, 50):5.1f} / {pct(raw, 95):5.1f}  | {rate}", flush=True)  # fmt: skip
                    think = f".think{args.think}" if args.think else ""
                    target = "p95 < 100 ms at 10M, 16 users" if name != "mediator" or users == 16 else ""
                    h.report(
                        f"case_list.{size}.{users}u{think}.{name}.list",
                        pct(pages, 95),
                        "ms p95",
                        pct(raw, 95),
                        pct(raw, 95) / pct(pages, 95),
                        baseline_unit="ms p95 bare page SQL",
                        target=target,
                    )
                    h.report(
                        f"case_list.{size}.{users}u{think}.{name}.detail",
                        pct(lat["detail"], 95),
                        "ms p95",
                        pct(raw, 95),
                        pct(raw, 95) / pct(lat["detail"], 95),
                        baseline_unit="ms p95 bare page SQL",
                    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
