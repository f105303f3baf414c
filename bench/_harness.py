"""Shared set-up for the benchmarks: pick a database, migrate, load the Baotou people, time, report.

Each bench_*.py runs in its own process (bench/run.py), so `setup()` configures Django once per benchmark.
"""

from __future__ import annotations

import argparse
import atexit
import itertools
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_BENCH_URL = "postgres://postgres@127.0.0.1:5432/fazhi_bench"
RESULTS_ENV = "FAZHI_BENCH_RESULTS"  # run.py sets a JSON-lines file here to build its summary


def parse_args(description: str, default_n: int, quick_n: int) -> argparse.Namespace:
    """`--quick` for a smoke check, `-n` to override the iteration count."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--quick", action="store_true", help=f"small n ({quick_n}) for a smoke check")
    p.add_argument("-n", type=int, default=None, help=f"iterations (default {default_n})")
    args = p.parse_args()
    args.n = args.n or (quick_n if args.quick else default_n)
    return args


def _pg_bench_reachable() -> bool:
    """True when the local PostgreSQL answers; creates the fazhi_bench database if it is missing."""
    import psycopg

    try:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", connect_timeout=3, autocommit=True) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = 'fazhi_bench'").fetchone() is None:
                conn.execute("CREATE DATABASE fazhi_bench")
        return True
    except psycopg.Error:
        return False


def choose_database() -> str:
    """Set DATABASE_URL / FAZHI_DATA_DIR: $DATABASE_URL, else local PostgreSQL, else a throwaway SQLite file."""
    if os.environ.get("DATABASE_URL"):
        return os.environ["DATABASE_URL"]
    if _pg_bench_reachable():
        os.environ["DATABASE_URL"] = PG_BENCH_URL
        return PG_BENCH_URL
    tmp = tempfile.mkdtemp(prefix="fazhi-bench-")
    atexit.register(shutil.rmtree, tmp, ignore_errors=True)
    os.environ["FAZHI_DATA_DIR"] = tmp
    return f"sqlite:///{tmp}/fazhi.sqlite3"


def setup() -> str:
    """Configure Django on the chosen database, migrate it and load the demo people; return a label for it."""
    sys.path.insert(0, str(ROOT))
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ.setdefault("FAZHI_FAST_HASHER", "1")  # demo users' passwords; not on any measured path
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    url = choose_database()
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    from fazhi.demo.baotou import load_baotou_people

    load_baotou_people()
    from django.db import connection

    label = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(f"database: {label} ({url.split('://', 1)[0]})")
    return label


def analyze() -> None:
    """Bring the planner's statistics up to date (PostgreSQL's ANALYZE; nothing elsewhere), as autovacuum keeps them
    on a running server. A bench database is written and measured within the same minute, before autovacuum's
    first visit: with the statistics of a near-empty table, the generic plan of a prepared statement scanned every
    case of the line instead of the primary key (0.48 ms instead of 0.11 ms for one intake's rollup delta)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


@dataclass(frozen=True)
class Timing:
    n: int
    total_s: float
    p50_us: float
    p95_us: float

    @property
    def per_s(self) -> float:
        return self.n / self.total_s

    @property
    def mean_us(self) -> float:
        return self.total_s / self.n * 1e6


def time_calls(fn: Callable[[int], object], n: int) -> Timing:
    """Call fn(i) for i in range(n), timing each call; total includes only the calls themselves."""
    return _timing(_samples(fn, range(n)))


def time_interleaved(fns: Mapping[str, Callable[[int], object]], n: int, rounds: int = 10) -> dict[str, Timing]:
    """Time n calls of each fn, alternating in `rounds` chunks so load drift hits figure and baseline alike."""
    samples: dict[str, list[int]] = {name: [] for name in fns}
    bounds = [n * r // rounds for r in range(rounds + 1)]
    for lo, hi in itertools.pairwise(bounds):
        for name, fn in fns.items():
            samples[name] += _samples(fn, range(lo, hi))
    return {name: _timing(s) for name, s in samples.items()}


def _samples(fn: Callable[[int], object], indices: range) -> list[int]:
    out: list[int] = []
    clock = time.perf_counter_ns
    for i in indices:
        t0 = clock()
        fn(i)
        out.append(clock() - t0)
    return out


def _timing(samples_ns: list[int]) -> Timing:
    q = statistics.quantiles(samples_ns, n=100, method="inclusive") if len(samples_ns) > 1 else samples_ns * 99
    return Timing(len(samples_ns), sum(samples_ns) / 1e9, q[49] / 1e3, q[94] / 1e3)


def report(
    name: str,
    figure: float,
    unit: str,
    baseline: float,
    ratio: float,
    *,
    baseline_unit: str | None = None,
    target: str = "",
) -> None:
    """Print one result line (and append it to run.py's results file when set)."""
    line = f"{name}: {figure:,.1f} {unit} | baseline {baseline:,.1f} {baseline_unit or unit} | ratio {ratio:.3f}" + (
        f" (target {target})" if target else ""
    )
    print(line, flush=True)
    if path := os.environ.get(RESULTS_ENV):
        row = {"name": name, "figure": figure, "unit": unit, "baseline": baseline, "ratio": ratio}
        row |= {"baseline_unit": baseline_unit or unit, "target": target}
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")
