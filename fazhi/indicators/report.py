"""The annual report's composition: a region's figures for a year with last year's beside them, in the style of the
Baotou review, as paragraphs of segments and tables of rows (`fazhi.indicators.renderers` prints them).

Each line's `indicators.py` declares its reference keys (`REPORT_REFS`) and its "一年来…" paragraphs
(`REPORT_AREAS`, see `fazhi.indicators.declarations`); `annual_figures` prints every figure keyed like
reference/baotou-2024-figures.json, and `AnnualReport` writes the paragraphs from the same figures, each number
with a link to the records behind it. Nothing is typed in: every number is `compute`d.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext as _

from fazhi.core.lines import line_label
from fazhi.core.models import Region
from fazhi.indicators.dashboard import Figure, build_figures, change
from fazhi.indicators.declarations import Area, areas, references
from fazhi.indicators.registry import Period, compute, line_order, registry


# ------------------------------------------------------------------------------------- reference keys → figures
def times(value: Any, previous: Any) -> float | None:
    """value ÷ previous, half-up to 2 places; None without a previous value."""
    if not isinstance(value, int | float | Decimal) or not previous:
        return None
    return float((Decimal(str(value)) / Decimal(str(previous))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def annual_figures(region: Region, year: int, lines=None) -> dict[str, Any]:
    """Every figure of the year for the region's subtree, keyed like reference/baotou-2024-figures.json.

    Sections of the reference come first with its keys, where the figure exists; every other figure follows
    under its line's own key.
    """
    lines = line_order(lines if lines is not None else registry())
    period = Period.year(year, region.prefix)
    current = compute(lines, period)
    refs = references()
    needs_previous = {r.line for r in refs if r.vs_previous and r.line in current}
    previous = compute(line_order(needs_previous), period.previous_year()) if needs_previous else {}
    out: dict[str, Any] = {
        "period": f"{period.start.isoformat()}/{period.end.isoformat()}",
        "region": {"code": region.code, "name": region.name},
    }
    claimed: set[tuple[str, str]] = set()
    for ref in refs:
        if ref.line not in current or ref.indicator not in current[ref.line]:
            continue
        value = current[ref.line][ref.indicator]
        if ref.vs_previous:
            value = times(value, previous[ref.line][ref.indicator])
        else:
            claimed.add((ref.line, ref.indicator))
        *parents, leaf = ref.key.format(previous_year=year - 1).split(".")  # "a.b": {"a": {"b": …}}
        into = out.setdefault(ref.section, {})
        for parent in parents:
            into = into.setdefault(parent, {})
        into[leaf] = value
    for line, values in current.items():
        for key, value in values.items():
            if (line, key) not in claimed:
                out.setdefault(line, {})[key] = value
    return out


# ------------------------------------------------------------------------------------------- the paragraphs
TOKEN = re.compile(r"\{(?:(times|wan):)?([a-z_]+)\.([a-z_]+)\}|\{(scope|previous_year)\}")


def fmt_number(value: Any, unit: str = "count") -> str:
    """32.04 → "32.04", 98.90 → "98.9", 1293 → "1293", None → "—"."""
    if value is None:
        return "—"
    if isinstance(value, float | Decimal):
        text = f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def fmt_wan(yuan: Any) -> str:
    """8181000 → "818.1万元" (the review's unit for money)."""
    if yuan is None:
        return "—"
    return f"{fmt_number(float(Decimal(str(yuan)) / 10000))}万元"


def scope_word(region: Region) -> str:
    """全市 for a city, 全区 / 全旗 / 全县 for a county, the name itself below that."""
    if region.level == Region.Level.CITY:
        return "全市"
    if region.level == Region.Level.COUNTY and region.name[-1:] in "区旗县市":
        return "全" + region.name[-1]
    return region.name


@dataclass(frozen=True)
class Segment:
    """A piece of a paragraph: plain text, or a number with the records behind it (`link`)."""

    text: str
    link: str | None = None
    value: Any = None
    count: bool = False  # the link lists exactly `value` records


# ----------------------------------------------------------------------------------------------- the report
@dataclass
class Section:
    """One paragraph of the report and the tables of the lines it covers."""

    area: Area
    segments: list[Segment]
    tables: list[tuple[str, str, list[Figure]]]  # (line, line label, figures)

    @property
    def plain(self) -> str:
        return "".join(s.text for s in self.segments)


def line_name(line: str) -> str:
    return str(line_label(line))


@dataclass
class AnnualReport:
    region: Region
    year: int
    lines: tuple[str, ...]
    current: dict[str, dict[str, Any]]
    previous: dict[str, dict[str, Any]]

    @classmethod
    def build(cls, region: Region, year: int, lines) -> AnnualReport:
        lines = line_order(lines)
        period = Period.year(year, region.prefix)
        return cls(region, year, lines, compute(lines, period), compute(lines, period.previous_year()))

    @property
    def title(self) -> str:
        return _("%(region)s%(year)s年司法行政工作主要数据") % {"region": self.region.name, "year": self.year}

    def figures(self, line: str) -> list[Figure]:
        cached = self.__dict__.setdefault("_figures", {})
        if line not in cached:
            cached[line] = build_figures(
                line, self.current[line], self.previous.get(line, {}), year=self.year, region=self.region.code
            )
        return cached[line]

    def _figure(self, line: str, key: str) -> Figure | None:
        return next((f for f in self.figures(line) if f.key == key), None) if line in self.current else None

    def _clause(self, template: str) -> list[Segment] | None:
        optional = template.startswith("?")
        template = template.removeprefix("?")
        segments, pos = [], 0
        for m in TOKEN.finditer(template):
            if m.start() > pos:
                segments.append(Segment(template[pos : m.start()]))
            pos = m.end()
            if m.group(4) == "scope":
                segments.append(Segment(scope_word(self.region)))
                continue
            if m.group(4) == "previous_year":
                segments.append(Segment(str(self.year - 1)))
                continue
            kind, line, key = m.group(1), m.group(2), m.group(3)
            fig = self._figure(line, key)
            if fig is None or fig.value is None:
                return None
            if kind == "times":
                value = times(fig.value, fig.previous)
                if value is None:
                    return None
                segments.append(Segment(fmt_number(value), fig.link, fig.value))
            elif kind == "wan":
                segments.append(Segment(fmt_wan(fig.value), fig.link, fig.value))
            else:
                segments.append(Segment(fmt_number(fig.value, fig.unit), fig.link, fig.value, fig.count))
        if pos < len(template):
            segments.append(Segment(template[pos:]))
        if optional and all(not s.value for s in segments if s.link or s.value is not None):
            return None
        return segments

    def sections(self) -> list[Section]:
        out = []
        for area in areas():
            sentences = []
            for sentence in area.sentences:
                clauses = [c for c in (self._clause(t) for t in sentence) if c]
                if clauses:
                    joined: list[Segment] = []
                    for i, clause in enumerate(clauses):
                        if i:
                            joined.append(Segment("，"))
                        joined += clause
                    sentences.append(joined)
            tables = [(line, line_name(line), self.figures(line)) for line in area.lines if line in self.current]
            if not sentences and not tables:
                continue
            parts: list[Segment] = [Segment(area.lead)]
            for i, said in enumerate(sentences):
                parts += said
                parts.append(Segment("。" if i == len(sentences) - 1 else "；"))
            out.append(Section(area, parts, tables))
        return out


# ---------------------------------------------------------------------------------------------------- tables
def fmt_change(fig: Figure) -> str:
    if fig.diff is None:
        return "—"
    sign = "+" if fig.diff > 0 else ""
    text = f"{sign}{fmt_number(fig.diff)}"
    if fig.unit == "percent":
        return f"{text}个百分点"
    if fig.pct is not None:
        return f"{text}（{sign}{fmt_number(fig.pct)}%）"
    return text


def table_rows(figures: list[Figure]) -> list[tuple[str, Any, Any, str]]:
    """(label, this year, last year, change) for every figure; a breakdown gives one row per item."""
    rows = []
    for f in figures:
        if not f.listed:
            continue  # a breakdown's items are figures of their own, listed where they are declared
        if f.items:
            for item, value, prev in f.items:
                change_text = fmt_change(item_figure(f, value, prev))
                rows.append((f"{f.label}：{item_label(item)}", value, prev, change_text))
        else:
            rows.append((f.full_label + unit_suffix(f.unit), f.value, f.previous, fmt_change(f)))
    return rows


def item_figure(f: Figure, value: Any, prev: Any) -> Figure:
    """One item of a figure whose value is a {code: value} mapping, as a figure with its own change."""
    item = Figure(f.line, f.key, f.label, f.unit, value, prev)
    item.diff, item.pct = change(value, prev, f.unit)
    return item


def unit_suffix(unit: str) -> str:
    return {"percent": "（%）", "yuan": "（元）", "days": "（日）"}.get(unit, "")


def item_label(code: str) -> str:
    """An item's code as printed (a `Breakdown`'s items are figures of their own, with their own labels)."""
    return code or _("未填写")
