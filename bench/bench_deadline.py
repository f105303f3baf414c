"""Deadline calculator: deadline_answer (DB-backed calendar check + explanation) vs bare due_date.

The ratio is the cost of deadline_answer per call over due_date on a prebuilt WorkCalendar (lower is better).
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import _harness as h


def pairs(n: int, rules: list[str]) -> list[tuple[str, date]]:
    """n seeded (rule, start) pairs with starts in 2024–2026."""
    rng = random.Random(20240301)
    first, days = date(2024, 1, 1), (date(2026, 12, 31) - date(2024, 1, 1)).days
    return [(rng.choice(rules), first + timedelta(days=rng.randint(0, days))) for _ in range(n)]


def main() -> None:
    args = h.parse_args(__doc__ or "", default_n=10_000, quick_n=1_000)
    db = h.setup()
    from fazhi.cases.deadlines import deadline_answer
    from fazhi.cases.registry import deadline_rules
    from fazhi.core.calendar import work_calendar
    from fazhi.core.workdays import due_date

    rules = deadline_rules()
    work = pairs(args.n, sorted(rules))
    calendar = work_calendar()
    prepared = [(start, rules[rule].clock.amount, rules[rule].clock.unit) for rule, start in work]

    def raw(i: int) -> None:
        start, amount, unit = prepared[i]
        due_date(start, amount, unit, calendar)

    def answer(i: int) -> None:
        deadline_answer(*work[i])

    for i in range(min(100, args.n)):  # warm-up
        raw(i)
        answer(i)
    timings = h.time_interleaved({"raw": raw, "answer": answer}, args.n)
    base, full = timings["raw"], timings["answer"]
    print(f"n={args.n} on {db}")
    print(f"due_date:        mean {base.mean_us:,.1f} µs, p50 {base.p50_us:,.1f} µs, p95 {base.p95_us:,.1f} µs")
    print(f"deadline_answer: mean {full.mean_us:,.1f} µs, p50 {full.p50_us:,.1f} µs, p95 {full.p95_us:,.1f} µs")
    h.report("deadline_answer", full.mean_us, "µs/call", base.mean_us, full.mean_us / base.mean_us)


if __name__ == "__main__":
    main()
