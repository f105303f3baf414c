"""What the supervision line reads of the reconsideration line's outcomes, without importing that line.

Interviews (约谈) are proposed per respondent agency from two of reconsideration's facts in a period:
- its cases closed with a direct correction (撤销、变更、确认违法、责令履行、确认无效): the outcome set that line
  names `directly_corrected` in the indicator registry (`fazhi.indicators.registry`, below the lines), read from
  there so the set has one definition (and a setting that overrides it overrides it here too);
- the suits after reconsideration it recorded as lost (败诉) with their judgment date.

Both are rows the kernel holds or reaches: `Case` rows of line "reconsideration" (closed_on, outcome), the agency
through that line's one-to-one detail (`reconsideration__respondent_agency`, a kernel `Organisation`) and its
litigation rows (`litigations`), named by relation in the ORM, never by importing `fazhi.reconsideration`. Where
that line is not installed, nothing is proposed.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import Count

from fazhi.cases.models import Case
from fazhi.core.regions import subtree_prefix
from fazhi.indicators.registry import registry

RECONSIDERATION = "reconsideration"  # the line read (a string: a line never imports another)
CORRECTED_SET = "directly_corrected"  # its outcome set of cases that corrected the agency's act
AGENCY = "reconsideration__respondent_agency"  # the respondent agency on its detail (a kernel Organisation)
LOST = "lost"  # a lost suit's result


def corrected_outcomes() -> frozenset[str]:
    li = registry().get(RECONSIDERATION)
    if li is None or CORRECTED_SET not in li.outcome_sets:
        return frozenset()
    return li.outcomes(CORRECTED_SET)


def installed() -> bool:
    return RECONSIDERATION in registry()


def corrected_cases(region_code: str, start: date, end: date, agency_id: int | None = None):
    """Reconsideration cases of the region's subtree closed in [start, end] correcting an agency's act."""
    qs = Case.objects.filter(
        line=RECONSIDERATION,
        region__code__startswith=subtree_prefix(region_code),
        closed_on__range=(start, end),
        outcome__in=corrected_outcomes(),
    )
    if agency_id is not None:
        qs = qs.filter(**{AGENCY: agency_id})
    return qs


def lost_suit_cases(region_code: str, start: date, end: date, agency_id: int | None = None):
    """Reconsideration cases of the region's subtree with a suit lost, judged in [start, end]."""
    qs = Case.objects.filter(
        line=RECONSIDERATION,
        region__code__startswith=subtree_prefix(region_code),
        litigations__result=LOST,
        litigations__judged_on__range=(start, end),
    )
    if agency_id is not None:
        qs = qs.filter(**{AGENCY: agency_id})
    return qs


def corrections_by_agency(region_code: str, start: date, end: date) -> dict[int, tuple[int, int]]:
    """{agency id: (cases corrected, suits lost)} over the region's subtree and [start, end]; agencies with none
    and cases without a recorded agency are left out."""
    if not installed():
        return {}
    out: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    corrected = (
        corrected_cases(region_code, start, end)
        .exclude(**{f"{AGENCY}__isnull": True})
        .order_by()
        .values_list(AGENCY)
        .annotate(n=Count("id", distinct=True))
    )
    for agency_id, n in corrected:
        out[agency_id][0] += n
    lost = (
        Case.objects.filter(
            line=RECONSIDERATION,
            region__code__startswith=subtree_prefix(region_code),
            litigations__result=LOST,
            litigations__judged_on__range=(start, end),
        )
        .exclude(**{f"{AGENCY}__isnull": True})
        .order_by()
        .values_list(AGENCY)
        .annotate(n=Count("litigations", distinct=True))
    )
    for agency_id, n in lost:
        out[agency_id][1] += n
    return {k: (v[0], v[1]) for k, v in out.items()}
