"""The review clock's period for a case: the jurisdiction's `ReviewPeriod` for the request's kind (the nearest region
up the tree: township → county → city → province), else the procedure's default. Named by the review clock's
`amount_from` (fazhi.cases.clocks), so it is read once when the clock starts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fazhi.legality.models import ReviewPeriod
from fazhi.legality.procedure import DEFAULT_REVIEW_DAYS


def period_for(region_code: str, kind: str) -> ReviewPeriod | None:
    """The period set for `kind` by the nearest region at or above `region_code` that sets one."""
    prefixes = {region_code[:n].ljust(12, "0") for n in (2, 4, 6, 9, 12)}
    return ReviewPeriod.objects.filter(region_id__in=prefixes, kind=kind).order_by("-region_id").first()


def review_days(case: Any, facts: Mapping[str, Any]) -> int:
    """Working days the review takes for this case: its jurisdiction's period, else the procedure's default."""
    kind = str(facts.get("kind") or "")
    found = period_for(case.region_id, kind) if case.region_id else None
    return found.working_days if found else DEFAULT_REVIEW_DAYS[kind]
