"""Deadline calculator: deadline_answer (cached calendar, due date and explanation) vs bare due_date.

The ratio is the cost of deadline_answer per call over due_date on a prebuilt WorkCalendar (lower is better).
`deadline_answer` is the answer within a unit of work whose calendar version is already checked;
`deadline_answer_new_request` adds the version check each request or task makes once (one primary-key read).
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
    from fazhi.core.calendar import calendar_recheck, work_calendar
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

    def answer_new_request(i: int) -> None:
        calendar_recheck()  # what request_started / task_started do: the next call reads the version row
        deadline_answer(*work[i])

    fns = {"raw": raw, "answer": answer, "new_request": answer_new_request}
    for i in range(min(100, args.n)):  # warm-up
        for fn in fns.values():
            fn(i)
    timings = h.time_interleaved(fns, args.n)
    base = timings["raw"]
    print(f"n={args.n} on {db}")
    for label, name in [("due_date", "raw"), ("deadline_answer", "answer"), ("  + version check", "new_request")]:
        t = timings[name]
        print(f"{label:17} mean {t.mean_us:,.1f} µs, p50 {t.p50_us:,.1f} µs, p95 {t.p95_us:,.1f} µs")
    for row, name in [("deadline_answer", "answer"), ("deadline_answer_new_request", "new_request")]:
        full = timings[name]
        h.report(row, full.mean_us, "µs/call", base.mean_us, full.mean_us / base.mean_us, target="≤ 50 µs")


if __name__ == "__main__":
    main()
