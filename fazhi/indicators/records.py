"""The records behind a figure: what its drill-down lists.

A count, sum or average over cases lists its cases (`LineIndicators.indicator_cases`). A `Computed` figure counts
rows of its own (late clocks, suits, analyses), so the kernel cannot know its records: a line declares them in its
`drilldowns.py` as `RECORDS = {figure key: Records(cases=fn, exact=…)}`, where `fn(period, line_indicators)` gives
the cases behind the figure for the period. `exact` says the list holds exactly as many cases as the figure counts
(a figure of suits lists their cases: a case with two lost suits is one row, so not exact).

A figure whose records are not cases at all (the rule book's 清理次数 counts cleanup campaigns) is listed by a page
of its own: `Records(url=fn)`, where `fn(period)` gives that page's address for the period (its dates and region
prefix). The dashboard and the report link there directly, and the drill-down sends there whatever reaches it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.db.models import QuerySet

from fazhi.core.discovery import line_modules
from fazhi.indicators.registry import CaseCount, CaseDays, CaseSum, EventCount, Indicator, LineIndicators, Period


@dataclass(frozen=True)
class Records:
    """The records behind a figure that counts outside the case table: its cases, or the page listing them."""

    cases: Callable[[Period, LineIndicators], QuerySet] | None = None
    exact: bool = True
    url: Callable[[Period], str] | None = None

    def __post_init__(self) -> None:
        if (self.cases is None) == (self.url is None):
            raise ValueError("Records: give either `cases` or `url`, not both or neither")


@cache
def declared() -> dict[str, dict[str, Records]]:
    """line → {figure key: Records}, from every line's `drilldowns.RECORDS`."""
    found: dict[str, dict[str, Records]] = {}
    for module in line_modules("drilldowns"):
        line = getattr(module, "LINE", None)
        if line:
            found[str(line)] = dict(getattr(module, "RECORDS", {}))
    return found


def declared_for(line: str, key: str) -> Records | None:
    return declared().get(line, {}).get(key)


def has_records(ind: Indicator, line: str = "") -> bool:
    """Whether the drill-down can list the records behind the figure."""
    return isinstance(ind, CaseCount | EventCount | CaseSum | CaseDays) or declared_for(line, ind.key) is not None


def lists_exactly(ind: Indicator, line: str = "") -> bool:
    """Whether the list behind the figure holds exactly `value` records (the link is marked so)."""
    if isinstance(ind, CaseCount | EventCount):
        return True
    records = declared_for(line, ind.key)
    return records is not None and records.exact


def listed_elsewhere(line: str, key: str, period: Period) -> str | None:
    """The address of the page listing the records of figure `key` for the period, when they are not cases."""
    records = declared_for(line, key)
    return records.url(period) if records is not None and records.url is not None else None


def cases_behind(li: LineIndicators, key: str, period: Period) -> QuerySet:
    """The cases behind figure `key` of the line for the period (a figure listed elsewhere has none)."""
    records = declared_for(li.line, key)
    if records is not None:
        if records.cases is None:
            raise ValueError(f"{li.line}.{key} lists its records at a page of its own, not cases")
        return records.cases(period, li)
    return li.indicator_cases(key, period)
