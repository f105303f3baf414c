"""Reconsideration through the API under gunicorn on PostgreSQL vs plain psycopg writing the same rows.

One walk is four requests: register an application (intake, as the registrar `city_clerk`), accept it as
ordinary procedure (clerk), hear the parties (clerk; art. 49 requires it before an ordinary decision) and decide
(upheld, as the section head `city_head`). C concurrent clients (threads, each with one keep-alive
`http.client` connection) walk against gunicorn; the baseline is C threads, each with its own psycopg
connection, writing the same rows a walk writes as plain SQL, one transaction per HTTP request. The two
alternate in rounds so machine load hits both alike.

Target (issue): API walks/s ≥ 25% of the raw psycopg walks/s. Needs PostgreSQL; skips (exit 0) without it.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import itertools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import _harness as h

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
DB_NAME = "fazhi_bench_api"
OFFICE = "包头市人民政府行政复议办公室"
APPLICATIONS = "/api/v1/reconsideration/applications/"
KINDS = ("intake", "accept", "hear_parties", "decide")
TABLES = (
    "cases_case",
    "reconsideration_reconsiderationdetail",
    "cases_party",
    "cases_caseevent",
    "cases_deadline",
    "documents_issueddocument",
    "cases_numbersequence",
    "auditlog_logentry",
)
# Best of the configurations tried on 2 cores (see bench/README.md): 2 gthread workers × 4 threads.
DEFAULT_WORKERS, DEFAULT_THREADS = 2, 4


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--quick", action="store_true", help="40 walks, 2 rounds: a smoke check")
    p.add_argument("-n", type=int, default=None, help="walks per side (default 300, quick 40)")
    p.add_argument("--clients", type=int, default=8, help="concurrent clients per side (default 8)")
    p.add_argument("--rounds", type=int, default=None, help="alternating API/raw rounds (default 5, quick 2)")
    p.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help=f"gunicorn workers ({DEFAULT_WORKERS})")
    p.add_argument("--threads", type=int, default=DEFAULT_THREADS, help=f"threads per worker ({DEFAULT_THREADS})")
    args = p.parse_args()
    args.n = args.n or (40 if args.quick else 300)
    args.rounds = max(1, min(args.rounds or (2 if args.quick else 5), args.n // args.clients or 1))
    return args


# --- database ---------------------------------------------------------------------------------------------------


def postgres_url() -> str | None:
    """$DATABASE_URL when it is PostgreSQL, else the local server's fazhi_bench_api (created); None if unreachable."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    try:
        if url.startswith(("postgres://", "postgresql://")):
            psycopg.connect(url, connect_timeout=3).close()
            return url
        if url:
            print(f"note: DATABASE_URL is {url.split(':', 1)[0]}; this benchmark needs PostgreSQL, using {PG_SERVER}")
        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DB_NAME,)).fetchone() is None:
                conn.execute(f"CREATE DATABASE {DB_NAME}")
        return f"{PG_SERVER}/{DB_NAME}"
    except psycopg.Error as e:
        print(f"reason: {str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__}")
        return None


# --- the gunicorn server ----------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url: str, workers: int, threads: int):
    """Run gunicorn on a free port for the duration; always stopped (SIGTERM, then SIGKILL) on the way out."""
    port = free_port()
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": url,
        "CONN_MAX_AGE": "60",
        "FAZHI_FAST_HASHER": "1",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    cmd = [
        sys.executable, "-m", "gunicorn", "config.wsgi:application",
        "--bind", f"127.0.0.1:{port}",
        "--workers", str(workers),
        "--worker-class", "gthread" if threads > 1 else "sync",
        "--threads", str(threads),
        "--keep-alive", "300",  # a client's connection idles through the raw rounds
        "--log-level", "warning",
    ]  # fmt: skip
    log = tempfile.NamedTemporaryFile(prefix="fazhi-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    proc = subprocess.Popen(cmd, cwd=h.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {proc.returncode}:\n{_tail(log.name)}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/v1/deadlines/")  # public; 400 without a rule is an answer
                status = conn.getresponse().status
                conn.close()
                if status < 500:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s:\n{_tail(log.name)}")
            time.sleep(0.2)
        yield port, log.name
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        Path(log.name).unlink(missing_ok=True)


def _tail(path: str, lines: int = 30) -> str:
    return "\n".join(Path(path).read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


# --- what both sides share --------------------------------------------------------------------------------------


@dataclass
class Latencies:
    by_kind: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    failures: list[str] = field(default_factory=list)

    def add(self, kind: str, ns: int) -> None:
        self.by_kind[kind].append(ns)


def run_concurrently(clients: list[Callable[[int], None]], indices: range) -> float:
    """Each client takes the next walk index until `indices` is used up; return the wall time in seconds."""
    counter, lock = iter(indices), threading.Lock()
    barrier = threading.Barrier(len(clients) + 1)
    errors: list[BaseException] = []

    def loop(walk: Callable[[int], None]) -> None:
        barrier.wait()
        while True:
            with lock:
                i = next(counter, None)
            if i is None:
                return
            try:
                walk(i)
            except BaseException as e:
                errors.append(e)
                return

    threads = [threading.Thread(target=loop, args=(c,), daemon=True) for c in clients]
    for t in threads:
        t.start()
    barrier.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall = time.perf_counter() - t0
    if errors:
        raise errors[0]
    return wall


# --- the API side -----------------------------------------------------------------------------------------------


def application(i: int) -> dict[str, Any]:
    return {
        "channel": "walk_in",
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "respondent_name": "包头市某执法局",
        "act_type": "penalty",
        "act_description": f"罚款2000元的行政处罚决定（bench {i}）",
    }


def api_client(port: int, clerk: str, head: str, lat: Latencies) -> Callable[[int], None]:
    """One client: a keep-alive connection; each call walks one case through the four requests."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    auth = {
        k: {"Content-Type": "application/json", "Authorization": f"Bearer {v}"} for k, v in (("c", clerk), ("h", head))
    }
    clock = time.perf_counter_ns

    def post(kind: str, path: str, body: dict, who: str, expected: int) -> dict | None:
        t0 = clock()
        conn.request("POST", path, json.dumps(body).encode(), auth[who])
        resp = conn.getresponse()
        raw = resp.read()
        lat.add(kind, clock() - t0)
        if resp.status != expected:
            lat.failures.append(f"{kind}: HTTP {resp.status} {raw[:300].decode(errors='replace')}")
            return None
        return json.loads(raw)

    def walk(i: int) -> None:
        case = post("intake", APPLICATIONS, application(i), "c", 201)
        if case is None:
            return
        path = f"/api/v1/cases/{case['id']}/transitions/"
        steps = (
            ("accept", {"procedure_type": "ordinary"}, "c"),
            ("hear_parties", {"method": "电话", "record": "申请人、被申请人陈述了意见"}, "c"),
            (
                "decide",
                {"decision": "upheld", "reasons": "原行政行为认定事实清楚，证据确凿，适用依据正确，程序合法。"},
                "h",
            ),
        )
        for code, data, who in steps:
            case = post(code, path, {"code": code, "version": case["version"], "data": data}, who, 200)
            if case is None:
                return

    return walk


# --- the raw psycopg side ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fixed:
    """Everything a walk writes that does not depend on the walk, read once from Django (the raw side has none)."""

    org_id: int
    region_id: str
    prefix: str  # 包复
    accept_doc_prefix: str  # 包复受
    decide_doc_prefix: str  # 包复决
    today: date
    ct: dict[str, int]  # content type ids for the audited models
    labels: dict[str, tuple[str, str]]  # event code -> (label, basis)
    clocks: dict[str, tuple[str, str, int, str, date]]  # clock -> (label, basis, amount, unit, due_on)


def fixed_values(org) -> Fixed:
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from fazhi.cases.deadlines import compute_due
    from fazhi.cases.models import Case, Deadline, Party
    from fazhi.cases.registry import procedure_for
    from fazhi.core.calendar import work_calendar
    from fazhi.documents.kinds import kind
    from fazhi.reconsideration.models import ReconsiderationDetail

    proc = procedure_for("reconsideration")
    today = timezone.localdate()
    ct = ContentType.objects.get_for_models(Case, ReconsiderationDetail, Party, Deadline)
    labels = {"received": ("收到申请", "")}
    for code in ("accept", "hear_parties", "decide"):
        t = proc.transition(code)
        assert t is not None
        labels[code] = (str(t.label), t.basis)
    clocks = {}
    for key in ("acceptance_review", "copy_to_respondent", "decision"):
        c = proc.clock_map[key]
        due = compute_due(started_on=today, amount=c.amount, unit=c.unit, pauses=[], calendar=work_calendar())
        assert due is not None  # a running clock has a due date
        clocks[key] = (str(c.label), c.basis, c.amount, c.unit.value, due)
    base = org.short_name + proc.number_code
    return Fixed(
        org_id=org.pk,
        region_id=org.region_id,
        prefix=base,
        accept_doc_prefix=base + kind("acceptance_notice").code,
        decide_doc_prefix=base + kind("decision").code,
        today=today,
        ct={
            "case": ct[Case].pk,
            "detail": ct[ReconsiderationDetail].pk,
            "party": ct[Party].pk,
            "deadline": ct[Deadline].pk,
        },
        labels=labels,
        clocks=clocks,
    )


NEXT_NUMBER = (
    "UPDATE cases_numbersequence SET last = last + 1 WHERE organisation_id = %s AND series = %s AND year = %s "
    "RETURNING last"
)
INSERT_CASE = (
    "INSERT INTO cases_case (line, number, organisation_id, region_id, title, channel, state, outcome, received_on, "
    "accepted_on, closed_on, assignee_id, version, created_at) "
    "VALUES ('reconsideration', %s, %s, %s, %s, 'walk_in', 'received', '', %s, NULL, NULL, NULL, 1, now()) "
    "RETURNING id"
)
INSERT_DETAIL = (
    "INSERT INTO reconsideration_reconsiderationdetail (case_id, respondent_agency_id, act_type, act_description, "
    "act_on, knew_on, rights_notified, real_property, on_the_spot, amount, all_parties_agree_simplified, "
    "major_complex, procedure_type, enterprise_applicant, decision, window_warnings, liaison_point_id) "
    "VALUES (%s, NULL, 'penalty', %s, NULL, NULL, true, false, false, NULL, false, false, 'ordinary', false, '', "
    "'[]'::jsonb, NULL) RETURNING id"
)
# The ID number goes in encrypted with its blind index, as Party.save() writes it (fazhi.core.crypto).
INSERT_PARTY = (
    "INSERT INTO cases_party (case_id, role, kind, name, id_number, uscc, phone, address, id_number_index, "
    "phone_index) VALUES (%s, %s, %s, %s, %s, '', '', '', %s, '') RETURNING id"
)
INSERT_EVENT = (
    'INSERT INTO cases_caseevent (case_id, code, label, "on", at, actor_id, from_state, to_state, basis, data, '
    "request_id) VALUES (%s, %s, %s, %s, now(), %s, %s, %s, %s, %s::jsonb, %s) RETURNING id"
)
INSERT_DEADLINE = (
    "INSERT INTO cases_deadline (case_id, clock, label, basis, amount, unit, extended_by, started_on, pauses, "
    "due_on, state, stopped_on, advisory) VALUES (%s, %s, %s, %s, %s, %s, 0, %s, '[]'::jsonb, %s, 'running', NULL, "
    "false) RETURNING id"
)
INSERT_DOCUMENT = (
    "INSERT INTO documents_issueddocument (case_id, organisation_id, kind, number, year, n, issued_on, "
    "issued_by_id, event_id, data, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s::jsonb, now())"
)
# What auditlog writes for a token-authenticated API request: no actor (see README), the request id as cid.
INSERT_LOG = (
    "INSERT INTO auditlog_logentry (content_type_id, object_pk, object_id, object_repr, serialized_data, action, "
    "changes_text, changes, actor_id, cid, remote_addr, remote_port, timestamp, additional_data, actor_email) "
    "VALUES (%s, %s, %s, %s, NULL, %s, '', %s::jsonb, NULL, %s, '127.0.0.1', NULL, now(), NULL, NULL)"
)
STOP_CLOCKS = (
    "UPDATE cases_deadline SET state = 'met', stopped_on = %s WHERE case_id = %s AND state IN ('running', 'paused') "
    "AND clock = ANY(%s) RETURNING id, label, due_on"
)


def raw_client(url: str, f: Fixed, clerk_id: int, head_id: int, lat: Latencies) -> Callable[[int], None]:
    """One client: its own psycopg connection; each call writes one walk's rows, one transaction per request."""
    import psycopg

    from fazhi.core.crypto import blind_index, encrypt
    from fazhi.core.logging import mask_value

    conn = psycopg.connect(url, autocommit=True)
    clock = time.perf_counter_ns
    today, year, org = f.today, f.today.year, f.org_id
    d = f.today.isoformat()
    dumps = json.dumps

    def log(cur, ct: str, pk: int, repr_: str, action: int, changes: dict, cid: str) -> None:
        cur.execute(INSERT_LOG, (f.ct[ct], str(pk), pk, repr_, action, dumps(changes, ensure_ascii=False), cid))

    def created(values: dict) -> dict:
        return {k: ["None", str(v)] for k, v in values.items()}

    def deadline(cur, case_id: int, key: str, cid: str) -> None:
        label, basis, amount, unit, due = f.clocks[key]
        cur.execute(INSERT_DEADLINE, (case_id, key, label, basis, amount, unit, today, due))
        (pk,) = cur.fetchone()
        values = {"id": pk, "case": case_id, "unit": unit, "basis": basis, "clock": key, "label": label,
                  "state": "running", "amount": amount, "due_on": due, "pauses": "[]", "started_on": d,
                  "extended_by": 0, "advisory": False}  # fmt: skip
        log(cur, "deadline", pk, f"{label} {due}", 0, created(values), cid)

    def stop_clocks(cur, case_id: int, keys: list[str], cid: str) -> None:
        cur.execute(STOP_CLOCKS, (today, case_id, keys))
        for pk, label, due in cur.fetchall():
            log(cur, "deadline", pk, f"{label} {due}", 1, {"state": ["running", "met"], "stopped_on": ["None", d]}, cid)

    def event(cur, case_id: int, code: str, actor: int, from_state: str, to_state: str, data: dict, cid: str) -> int:
        label, basis = f.labels[code]
        cur.execute(INSERT_EVENT, (case_id, code, label, today, actor, from_state, to_state, basis,
                                   dumps(data, ensure_ascii=False), cid))  # fmt: skip
        return cur.fetchone()[0]

    def document(cur, case_id: int, kind: str, prefix: str, actor: int, event_id: int, data: dict) -> None:
        cur.execute(NEXT_NUMBER, (org, f"doc:{kind}", year))
        (n,) = cur.fetchone()
        cur.execute(INSERT_DOCUMENT, (case_id, org, kind, f"{prefix}〔{year}〕{n}号", year, n, today, actor, event_id,
                                      dumps(data, ensure_ascii=False)))  # fmt: skip

    def move(cur, case_id: int, version: int, sets: str, params: tuple, changes: dict, repr_: str, cid: str) -> None:
        cur.execute(f"UPDATE cases_case SET {sets}version = version + 1 WHERE id = %s AND version = %s",
                    (*params, case_id, version))  # fmt: skip
        if cur.rowcount != 1:
            raise RuntimeError(f"raw walk: case {case_id} is not at version {version}")
        log(cur, "case", case_id, repr_, 1, changes | {"version": [str(version), str(version + 1)]}, cid)

    def timed(kind: str, body: Callable[[Any, str], Any]) -> Any:
        t0 = clock()
        with conn.transaction(), conn.cursor() as cur:
            result = body(cur, uuid.uuid4().hex)
        lat.add(kind, clock() - t0)
        return result

    def intake(cur, cid: str) -> tuple[int, str]:
        app = application(0)
        cur.execute(NEXT_NUMBER, (org, "reconsideration", year))
        (n,) = cur.fetchone()
        number = f"{f.prefix}〔{year}〕{n}号"
        title = f"{app['applicant_name']}不服{app['respondent_name']}{app['act_description']}"
        cur.execute(INSERT_CASE, (number, org, f.region_id, title, today))
        (case_id,) = cur.fetchone()
        repr_ = f"{number} {title}"
        values = {"id": case_id, "line": "reconsideration", "state": "received", "title": title,
                  "events": "cases.CaseEvent.None", "number": number, "region": f.region_id, "channel": "walk_in",
                  "outcome": "", "parties": "cases.Party.None", "version": 1, "assignee": None,
                  "deadlines": "cases.Deadline.None", "documents": "documents.IssuedDocument.None",
                  "created_at": datetime.now(UTC).isoformat(" "), "litigations": "reconsideration.Litigation.None",
                  "received_on": d, "organisation": org}  # fmt: skip
        log(cur, "case", case_id, repr_, 0, created(values), cid)
        cur.execute(INSERT_DETAIL, (case_id, app["act_description"]))
        (pk,) = cur.fetchone()
        values = {"id": pk, "case": case_id, "act_type": "penalty", "decision": "", "on_the_spot": False,
                  "liaison_point": None, "major_complex": False, "real_property": False, "procedure_type": "ordinary",
                  "act_description": app["act_description"], "rights_notified": True, "window_warnings": "[]",
                  "respondent_agency": None, "enterprise_applicant": False,
                  "all_parties_agree_simplified": False}  # fmt: skip
        log(cur, "detail", pk, f"{repr_} · 普通程序", 0, created(values), cid)
        for role, role_label, kind, name, id_number in (
            ("applicant", "申请人", "person", app["applicant_name"], app["id_number"]),
            ("respondent", "被申请人", "organisation", app["respondent_name"], ""),
        ):
            cur.execute(
                INSERT_PARTY, (case_id, role, kind, name, encrypt(id_number), blind_index("id_number", id_number))
            )
            (pk,) = cur.fetchone()
            values = {"id": pk, "case": case_id, "kind": kind, "name": name, "role": role, "uscc": "", "phone": "",
                      "address": "", "id_number": mask_value(id_number)}  # fmt: skip
            log(cur, "party", pk, f"{role_label} {name}", 0, created(values), cid)
        event(cur, case_id, "received", clerk_id, "", "received", {}, cid)
        deadline(cur, case_id, "acceptance_review", cid)
        return case_id, repr_

    def walk(i: int) -> None:
        case_id, repr_ = timed("intake", intake)

        def accept(cur, cid: str) -> None:
            changes = {"state": ["received", "accepted"], "accepted_on": ["None", d]}
            move(cur, case_id, 1, "state = 'accepted', accepted_on = %s, ", (today,), changes, repr_, cid)
            # procedure_type is already 'ordinary' (the intake's default): the API writes no detail UPDATE, nor here
            data = {"procedure_type": "ordinary"}
            event_id = event(cur, case_id, "accept", clerk_id, "received", "accepted", data, cid)
            document(cur, case_id, "acceptance_notice", f.accept_doc_prefix, clerk_id, event_id, data)
            stop_clocks(cur, case_id, ["acceptance_review"], cid)
            deadline(cur, case_id, "copy_to_respondent", cid)
            deadline(cur, case_id, "decision", cid)

        def hear(cur, cid: str) -> None:
            move(cur, case_id, 2, "", (), {}, repr_, cid)
            data = {"method": "电话", "record": "申请人、被申请人陈述了意见"}
            event(cur, case_id, "hear_parties", clerk_id, "accepted", "accepted", data, cid)

        def decide(cur, cid: str) -> None:
            changes = {"state": ["accepted", "decided"], "outcome": ["", "upheld"], "closed_on": ["None", d]}
            move(cur, case_id, 3, "state = 'decided', outcome = 'upheld', closed_on = %s, ", (today,), changes,
                 repr_, cid)  # fmt: skip
            cur.execute(
                "UPDATE reconsideration_reconsiderationdetail SET decision = 'upheld' WHERE case_id = %s RETURNING id",
                (case_id,),
            )
            (pk,) = cur.fetchone()
            log(cur, "detail", pk, f"{repr_} · 普通程序", 1, {"decision": ["", "upheld"]}, cid)
            data = {"reasons": "原行政行为认定事实清楚，证据确凿，适用依据正确，程序合法。", "decision": "upheld"}
            event_id = event(cur, case_id, "decide", head_id, "accepted", "decided", data, cid)
            document(cur, case_id, "decision", f.decide_doc_prefix, head_id, event_id, data)
            stop_clocks(cur, case_id, ["copy_to_respondent", "decision"], cid)

        timed("accept", accept)
        timed("hear_parties", hear)
        timed("decide", decide)

    walk.close = conn.close  # type: ignore[attr-defined]
    return walk


# --- rows per walk ----------------------------------------------------------------------------------------------


def row_counts(url: str) -> dict[str, int]:
    import psycopg

    with psycopg.connect(url) as conn:
        return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}


def rows_per_walk(url: str, api_walk: Callable[[int], None], raw_walk: Callable[[int], None]) -> bool:
    """Count the rows one API walk and one raw walk add per table; print them side by side; True when equal.

    One API walk goes first, uncounted: on a new database it creates this year's number sequences, which the raw
    side then shares, so counting it would show a difference that is not one.
    """
    api_walk(-2)
    c0 = row_counts(url)
    api_walk(-1)
    c1 = row_counts(url)
    raw_walk(-1)
    c2 = row_counts(url)
    api = {t: c1[t] - c0[t] for t in TABLES}
    raw = {t: c2[t] - c1[t] for t in TABLES}
    print("rows inserted per walk (updated rows per walk, by both sides: case 3, detail 1, deadline 3, number 3):")
    print(f"  {'table':40} {'API':>4} {'raw':>4}")
    for t in TABLES:
        print(f"  {t:40} {api[t]:>4} {raw[t]:>4}" + ("" if api[t] == raw[t] else "   <-- MISMATCH"))
    print(f"  {'total':40} {sum(api.values()):>4} {sum(raw.values()):>4}")
    return api == raw


# --- main -------------------------------------------------------------------------------------------------------


def summary(label: str, lat: Latencies) -> None:
    for kind in KINDS:
        s = lat.by_kind.get(kind, [])
        if len(s) < 2:
            continue
        q = statistics.quantiles(s, n=100, method="inclusive")
        print(f"  {label:4} {kind:13} n={len(s):5}  p50 {q[49] / 1e6:7.1f} ms  p95 {q[94] / 1e6:7.1f} ms")


def main() -> int:
    args = parse_args()
    url = postgres_url()
    if url is None:
        where = (
            os.environ.get("DATABASE_URL", "")
            if os.environ.get("DATABASE_URL", "").startswith("postgres")
            else PG_SERVER
        )
        print(f"SKIPPED bench_reconsideration_api: PostgreSQL is not reachable at {where} (this benchmark never "
              "runs on SQLite); start PostgreSQL or set DATABASE_URL=postgres://…")  # fmt: skip
        return 0
    os.environ["DATABASE_URL"] = url
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # run the finally blocks: gunicorn is always stopped
    db = h.setup()

    from django.utils import timezone

    from fazhi.accounts.models import ApiToken, Organisation, User

    clerk, head = User.objects.get(username="city_clerk"), User.objects.get(username="city_head")
    # Write-scoped machine tokens issued per run, expiring soon after (the bench database is kept between runs).
    until = timezone.now() + timedelta(hours=2)
    clerk_key, head_key = (
        ApiToken.issue(user=u, name="bench", scopes=["read", "write"], expires_at=until)[1] for u in (clerk, head)
    )
    org = Organisation.objects.get(name=OFFICE)
    fixed = fixed_values(org)
    from django.db import connections

    connections.close_all()  # the parent holds no connection while measuring

    n, c = args.n, args.clients
    config = (
        f"gunicorn {args.workers} worker(s) × {args.threads} thread(s) ({'gthread' if args.threads > 1 else 'sync'})"
    )
    print(f"{config}, {c} clients per side, {n} walks per side in {args.rounds} alternating rounds")
    api_lat, raw_lat, warm = Latencies(), Latencies(), Latencies()
    raw_clients: list = []
    with gunicorn(url, args.workers, args.threads) as (port, log):
        try:
            api_clients = [api_client(port, clerk_key, head_key, api_lat) for _ in range(c)]
            raw_clients = [raw_client(url, fixed, clerk.pk, head.pk, raw_lat) for _ in range(c)]
            # Warm-up, not timed: every worker thread's imports, caches and DB connection; psycopg's prepared
            # statements; and the number sequences of this year (the first walk creates them).
            warm_api = [api_client(port, clerk_key, head_key, warm) for _ in range(c)]
            same = rows_per_walk(url, warm_api[0], raw_client(url, fixed, clerk.pk, head.pk, warm))
            run_concurrently(warm_api, range(2 * c))
            run_concurrently(
                [raw_client(url, fixed, clerk.pk, head.pk, warm) for _ in range(c)], range(2 * c)
            )  # fmt: skip
            h.analyze()  # statistics as autovacuum keeps them (the workers' prepared plans are re-made)
            connections.close_all()
            walls = {"api": 0.0, "raw": 0.0}
            bounds = [n * r // args.rounds for r in range(args.rounds + 1)]
            for lo, hi in itertools.pairwise(bounds):
                walls["api"] += run_concurrently(api_clients, range(lo, hi))
                walls["raw"] += run_concurrently(raw_clients, range(lo, hi))
        except Exception:
            print(f"gunicorn log tail:\n{_tail(log)}", file=sys.stderr)
            raise
        finally:
            for rc in raw_clients:
                rc.close()
    api_ok = n - len(api_lat.failures)  # a failed walk stops at its first failed request
    api_wps, raw_wps = n / walls["api"], n / walls["raw"]
    requests = sum(len(v) for v in api_lat.by_kind.values())
    print(f"n={n} walks per side, {c} clients, on {db}; {config}")
    print(f"API: {api_wps:,.1f} walks/s, {requests / walls['api']:,.1f} requests/s ({requests} requests, "
          f"{len(api_lat.failures)} failed, {api_ok} walks completed) in {walls['api']:.2f} s")  # fmt: skip
    print(f"raw: {raw_wps:,.1f} walks/s, {4 * raw_wps:,.1f} transactions/s in {walls['raw']:.2f} s")
    print("latency per request (API: HTTP round trip; raw: one transaction):")
    summary("API", api_lat)
    summary("raw", raw_lat)
    h.report(
        "reconsideration_api",
        api_wps,
        "walks/s",
        raw_wps,
        api_wps / raw_wps,
        baseline_unit="walks/s raw psycopg",
        target="≥ 0.25 (issue)",
    )
    status = 0
    if warm.failures:
        print(f"ERROR: {len(warm.failures)} API request(s) failed in the warm-up; first: {warm.failures[0]}")
        status = 1
    if not same:
        print("ERROR: the raw baseline no longer writes the rows an API walk writes; update raw_client()")
        status = 1
    if api_lat.failures:
        print(f"ERROR: {len(api_lat.failures)} API request(s) failed; first ones:")
        for msg in api_lat.failures[:5]:
            print(f"  {msg}")
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
