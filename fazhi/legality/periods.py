"""The review clock's period for a case: the jurisdiction's `ReviewPeriod` for the request's kind (the nearest region
up the tree: township → county → city → province), else the procedure's default. Named by the review clock's
`amount_from` (fazhi.cases.clocks), so it is read once when the clock starts."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from fazhi.legality.models import ReviewPeriod
from fazhi.legality.procedure import DEFAULT_REVIEW_DAYS

# The table read once, for a write that may not query while it walks (the history writer builds its rows in a thread
# of its own, which inherits this context): (region code, kind) → working days.
_snapshot: ContextVar[dict[tuple[str, str], int] | None] = ContextVar("legality_review_periods", default=None)


def _up_the_tree(region_code: str) -> list[str]:
    """The region and those above it, nearest first (township → county → city → province)."""
    return sorted({region_code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)}, reverse=True)


def period_for(region_code: str, kind: str) -> ReviewPeriod | None:
    """The period set for `kind` by the nearest region at or above `region_code` that sets one."""
    return (
        ReviewPeriod.objects.filter(region_id__in=_up_the_tree(region_code), kind=kind).order_by("-region_id").first()
    )


@contextmanager
def periods_read_once() -> Iterator[None]:
    """Within it, `review_days` reads one snapshot of the periods instead of a query per clock (the demo replay and
    any history write of this line's cases: their rows are built in a thread that may not query)."""
    token = _snapshot.set({(p.region_id, p.kind): p.working_days for p in ReviewPeriod.objects.all()})
    try:
        yield
    finally:
        _snapshot.reset(token)


def review_days(case: Any, facts: Mapping[str, Any]) -> int:
    """Working days the review takes for this case: its jurisdiction's period, else the procedure's default."""
    kind = str(facts.get("kind") or "")
    if not case.region_id:
        return DEFAULT_REVIEW_DAYS[kind]
    table = _snapshot.get()
    if table is not None:
        found = next((table[(r, kind)] for r in _up_the_tree(case.region_id) if (r, kind) in table), None)
        return found if found is not None else DEFAULT_REVIEW_DAYS[kind]
    period = period_for(case.region_id, kind)
    return period.working_days if period else DEFAULT_REVIEW_DAYS[kind]
