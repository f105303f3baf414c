"""What a line's `indicators.py` declares besides its figures: its paragraphs of the annual report, its keys of the
reference file and its dashboard trend; and their collection over the installed lines (this module names none).

A line's `indicators.py` holds, next to `INDICATORS: LineIndicators`:

- `REPORT_AREAS: tuple[Area, ...]`: the "一年来…" paragraphs it writes, each with its place in the report (`order`)
  and the lines whose tables follow it (default: one section titled with the line's name, holding its table);
- `REPORT_REFS: tuple[Ref, ...]`: which of its figures the annual figures print under which reference key;
- `TREND_FIGURES: tuple[str, ...]`: the counts its monthly trend chart shows (default: its first four counts).

All three are optional: a line that declares only `INDICATORS` is in the report, the workbook and the dashboard.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise

from fazhi.core.discovery import line_modules
from fazhi.core.lines import line_label
from fazhi.indicators.registry import LineIndicators, line_order


@dataclass(frozen=True)
class Area:
    """One "一年来…" paragraph: a lead sentence, then clauses (joined by "，") grouped in sentences (by "；").

    A clause names figures as {line.key}; {scope} is 全市 / 全区 / 全旗…; {times:line.key} is the figure ÷ last
    year's; {wan:line.key} prints yuan as 万元; {previous_year} is last year. A clause whose figure is missing (line
    not shown, or a rate without a denominator) is left out, and so is a clause marked with a leading "?" whose
    figures are all 0 (the review does not write "听证0次"). `lines` are the lines whose full table follows the
    paragraph. Paragraphs are printed by `order`, then key, whichever line declares them.
    """

    key: str
    title: str | Promise
    lead: str
    sentences: tuple[tuple[str, ...], ...]
    lines: tuple[str, ...] = ()
    order: int = 100


@dataclass(frozen=True)
class Ref:
    """A key of the reference file (reference/baotou-2024-figures.json): `section.key` is the figure `line.indicator`.

    `vs_previous`: the figure divided by last year's, to 2 places (the article's "是2023年总办案量的3倍").
    A key may name the previous year as `{previous_year}`; a dotted key nests (`supervision_bodies.city`).
    """

    section: str
    key: str
    line: str
    indicator: str
    vs_previous: bool = False


@dataclass(frozen=True)
class LineReport:
    """One line's declarations for the report and the dashboard."""

    line: str
    areas: tuple[Area, ...] = ()
    refs: tuple[Ref, ...] = ()
    trend: tuple[str, ...] = ()


@cache
def line_reports() -> dict[str, LineReport]:
    """Every installed line's declarations, keyed by the line of its `INDICATORS`, in the lines' order."""
    found: dict[str, LineReport] = {}
    for module in line_modules("indicators"):
        li = getattr(module, "INDICATORS", None)
        if isinstance(li, LineIndicators):
            declared = getattr(module, "REPORT_AREAS", None)
            if declared is None:  # no paragraph of its own: the line's table under its name
                declared = (Area(li.line, line_label(li.line), "", (), lines=(li.line,)),)
            found[li.line] = LineReport(
                li.line,
                tuple(declared),
                tuple(getattr(module, "REPORT_REFS", ())),
                tuple(getattr(module, "TREND_FIGURES", ())),
            )
    return {line: found[line] for line in line_order(found)}


@cache
def areas() -> tuple[Area, ...]:
    """Every line's paragraphs, in their declared order; two paragraphs with one key raise."""
    found = [a for report in line_reports().values() for a in report.areas]
    keys = [a.key for a in found]
    if len(keys) != len(set(keys)):
        raise ValueError(f"two report areas share a key: {sorted(k for k in keys if keys.count(k) > 1)}")
    return tuple(sorted(found, key=lambda a: (a.order, a.key)))


@cache
def references() -> tuple[Ref, ...]:
    """Every line's reference keys: sections named after a line in the lines' order, then the others (营商环境…)."""
    found = [r for report in line_reports().values() for r in report.refs]
    position = {line: i for i, line in enumerate(line_reports())}
    return tuple(sorted(found, key=lambda r: position.get(r.section, len(position))))


def trend_figures(line: str) -> tuple[str, ...]:
    """The figures the line asks its trend chart to show (maybe none)."""
    report = line_reports().get(line)
    return report.trend if report else ()
