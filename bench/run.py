"""Run every bench/bench_*.py in its own process and print a summary table (`make bench`).

Exit status is non-zero when a benchmark crashed (or --only matched nothing); figures are never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def discover(only: list[str] | None) -> list[Path]:
    scripts = sorted(HERE.glob("bench_*.py"))
    if only:
        wanted = {name.removeprefix("bench_").removesuffix(".py") for name in only}
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in wanted]
    return scripts


def run_one(script: Path, quick: bool) -> tuple[int, float, list[dict]]:
    """Run one benchmark; return its exit code, wall time and the result rows it reported."""
    with tempfile.NamedTemporaryFile(prefix="fazhi-bench-", suffix=".jsonl", delete=False) as f:
        results = Path(f.name)
    try:
        env = os.environ | {"FAZHI_BENCH_RESULTS": str(results), "PYTHONUNBUFFERED": "1"}
        started = time.perf_counter()
        code = subprocess.call([sys.executable, str(script), *(["--quick"] if quick else [])], env=env)
        wall = time.perf_counter() - started
        rows = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines() if line.strip()]
        return code, wall, rows
    finally:
        results.unlink(missing_ok=True)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--only", action="append", metavar="NAME", help="run only this benchmark (e.g. deadline)")
    p.add_argument("--quick", action="store_true", help="small n, for a smoke check")
    args = p.parse_args()
    scripts = discover(args.only)
    if not scripts:
        print(f"no benchmark matches {args.only}; have: {[s.stem for s in discover(None)]}", file=sys.stderr)
        return 2
    table: list[tuple[str, str, str, str, str, str]] = []
    failed = []
    for script in scripts:
        print(f"== {script.stem} ==", flush=True)
        code, wall, rows = run_one(script, args.quick)
        status = "ok" if code == 0 else f"CRASHED (exit {code})"
        if code != 0:
            failed.append(script.stem)
        for r in rows or [{}]:
            table.append(
                (
                    r.get("name", script.stem),
                    f"{r['figure']:,.1f} {r['unit']}" if r else "-",
                    f"{r['baseline']:,.1f} {r['baseline_unit']}" if r else "-",
                    f"{r['ratio']:.3f}" if r else "-",
                    r.get("target", ""),
                    f"{status}, {wall:.0f} s",
                )
            )
    head = ("benchmark", "figure", "baseline", "ratio", "target", "status")
    widths = [max(len(row[i]) for row in [head, *table]) for i in range(len(head))]
    print("\n== summary" + (" (--quick)" if args.quick else "") + " ==")
    for row in [head, *table]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    if failed:
        print(f"crashed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
