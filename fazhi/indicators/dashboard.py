"""Who sees which figures, and the figures of the leaders' dashboard (selectors: no HTTP here).

Every figure comes from the rollups through `LineIndicators.evaluate` (one grid read per line, see `LineGrid`);
nothing here counts cases itself, so the dashboard's cost does not grow with the number of cases.
"""

from __future__ import annotations

import json
from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import cache, lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import gettext

from fazhi.accounts.access import reads_figures, scopes_of
from fazhi.accounts.models import Role
from fazhi.core.lines import line_label
from fazhi.core.models import Region
from fazhi.core.regions import subtree_prefix
from fazhi.indicators import records
from fazhi.indicators.declarations import trend_figures
from fazhi.indicators.registry import (
    Breakdown,
    CaseCount,
    EventCount,
    Indicator,
    LineIndicators,
    Period,
    Ratio,
    line_order,
    registry,
)
from fazhi.indicators.rollups import Grid, grid_totals, read_grid

GEOJSON = Path(__file__).resolve().parent / "static" / "indicators" / "baotou_counties.geojson"


# ---------------------------------------------------------------------------------------------------------- scope
@dataclass(frozen=True)
class FigureScope:
    """The region whose subtree the figures cover and the lines shown for it."""

    region: Region
    lines: tuple[str, ...]
    home: Region  # the broadest region the user may see (the default)

    @property
    def prefix(self) -> str:
        return self.region.prefix


def _figure_scopes(user):
    """Memberships that may read case figures (auditors read the audit trail, not figures)."""
    return [s for s in scopes_of(user) if s.role != Role.AUDITOR and s.lines]


def lines_for(user, region: Region) -> tuple[str, ...]:
    """Lines of the user's memberships whose subtree holds `region`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return line_order(registry())
    return line_order(line for s in _figure_scopes(user) if region.code.startswith(s.prefix) for line in s.lines)


def home_region(user) -> Region | None:
    """The broadest region among the user's memberships (a city leader: the city; a county clerk: the county)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Region.objects.filter(parent__isnull=True).order_by("code").first()
    scopes = sorted(_figure_scopes(user), key=lambda s: (len(s.prefix), s.prefix))
    if not scopes:
        return None
    return Region.objects.filter(code=scopes[0].prefix.ljust(12, "0")).first()


def figure_scope(user, region_code: str | None = None) -> FigureScope:
    """The region (default: the broadest the user holds; `region_code` may narrow, never widen) and its lines.

    Raises PermissionDenied when the user may see no figures or the region is outside every membership, and
    Region.DoesNotExist for an unknown code.
    """
    if not reads_figures(user):
        raise PermissionDenied
    home = home_region(user)
    if home is None:
        raise PermissionDenied
    region = home if not region_code else Region.objects.get(code=region_code)
    lines = lines_for(user, region)
    if not lines:
        raise PermissionDenied
    return FigureScope(region, lines, home)


# -------------------------------------------------------------------------------------------------------- figures
_paths: dict[tuple[str, str, str], str] = {}


def view_path(name: str) -> str:
    """`reverse(name)` for a view without arguments, reversed once per URL configuration and script prefix.

    A dashboard links every figure, month and county to its records (some 260 links a page); reversing each
    one cost more than reading the figures.
    """
    key = (name, get_script_prefix(), str(get_urlconf() or settings.ROOT_URLCONF))
    path = _paths.get(key)
    if path is None:
        path = _paths[key] = reverse(name)
    return path


def drill_url(
    line: str, key: str, year: int, region: str, month: int | None = None, *, months: int = 12, own: bool = False
) -> str:
    """The drill-down of a figure: the year (or its first `months` months, or one `month`) in the region's subtree,
    or (`own`) of the region's own level only (市本级: cases registered at the city, not in a county). A figure
    whose records are not cases links to the page listing them (`records.listed_elsewhere`); its own-level link
    goes through the drill-down, which knows the own level's prefix and sends there."""
    if not own and records.declared_for(line, key) is not None:
        if month:
            period = Period(date(year, month, 1), date(year, month, monthrange(year, month)[1]), subtree_prefix(region))
        else:
            period = year_period(year, subtree_prefix(region), months)
        elsewhere = records.listed_elsewhere(line, key, period)
        if elsewhere is not None:
            return elsewhere
    return f"{view_path('indicators:drilldown')}?{_drill_query(line, key, year, region, month, months, own)}"


@lru_cache(maxsize=8192)
def _drill_query(line: str, key: str, year: int, region: str, month: int | None, months: int, own: bool) -> str:
    """The same few thousand query strings (figures × regions × years × months) recur on every page: kept."""
    params: dict[str, Any] = {"line": line, "key": key, "year": year, "region": region}
    if month:
        params["month"] = month
    elif months != 12:
        params["months"] = months
    if own:
        params["own"] = 1
    return urlencode(params)


def year_period(year: int, prefix: str, months: int = 12) -> Period:
    """January to the end of month `months` of the year (the whole year by default; the rollups' grain is a month)."""
    return Period(date(year, 1, 1), date(year, months, monthrange(year, months)[1]), prefix)


def own_prefix(region: Region, kids: list[Region]) -> str | None:
    """The prefix of the records registered at the region's own level and in none of its children (市本级): the
    region's code cut to its children's length (150200 for the city, whose counties are 150202…); None without
    children."""
    if not kids:
        return None
    own = region.code[: max(len(k.prefix) for k in kids)]
    return None if any(k.prefix == own for k in kids) else own


def own_label(region: Region) -> str:
    """市本级 for a city; 区本级 / 旗本级 / 县本级 for a county; the name and 本级 below."""
    if region.level == Region.Level.CITY:
        return gettext("市本级")
    if region.level == Region.Level.COUNTY and region.name[-1:] in "区旗县市":
        return gettext("%(kind)s本级") % {"kind": region.name[-1]}
    return gettext("%(name)s本级") % {"name": region.name}


def is_count(ind: Indicator) -> bool:
    return isinstance(ind, CaseCount | EventCount)


def has_records(ind: Indicator, line: str = "") -> bool:
    """Whether the drill-down lists the records behind the figure (a count, a sum or an average over cases, or a
    figure whose line declares its records: fazhi.indicators.records)."""
    return records.has_records(ind, line)


def is_breakdown(ind: Indicator) -> bool:
    return Breakdown is not None and isinstance(ind, Breakdown)


def breakdown_groups(li: LineIndicators) -> dict[str, str]:
    """key → the label of the breakdown a figure is an item of (按纠纷类型: 邻里纠纷…)."""
    groups = {}
    for ind in li.indicators:
        if isinstance(ind, Breakdown):
            for other in li.indicators:
                if other.key.startswith(ind.prefix) and other.key != ind.key:
                    groups[other.key] = str(ind.zh)
    return groups


def drill_key(li: LineIndicators, ind: Indicator) -> str | None:
    """The figure whose records stand behind it: the figure itself, or a ratio's numerator."""
    if has_records(ind, li.line):
        return ind.key
    if isinstance(ind, Ratio):
        return ind.numerator
    return None


def is_scalar(value: Any) -> bool:
    return value is None or (isinstance(value, int | float | Decimal) and not isinstance(value, bool))


def change(value: Any, previous: Any, unit: str) -> tuple[float | None, float | None]:
    """(difference, percent change): a percentage figure changes by points, so its percent change is None."""
    if not (isinstance(value, int | float | Decimal) and isinstance(previous, int | float | Decimal)):
        return None, None
    diff = Decimal(str(value)) - Decimal(str(previous))
    places = Decimal("0.01")
    diff_out = int(diff) if diff == diff.to_integral_value() and unit != "percent" else float(diff.quantize(places))
    if unit == "percent" or not previous:
        return diff_out, None
    pct = (diff * 100 / Decimal(str(previous))).quantize(places, rounding=ROUND_HALF_UP)
    return diff_out, float(pct)


@dataclass
class Figure:
    """One figure of one line for the year, with last year's beside it and links to the records behind both."""

    line: str
    key: str
    label: str
    unit: str
    value: Any
    previous: Any
    link: str | None = None
    previous_link: str | None = None
    count: bool = False  # the link lists exactly `value` records
    diff: float | None = None
    pct: float | None = None
    items: list[tuple[str, Any, Any]] = field(default_factory=list)  # a breakdown (by type, source…)
    group: str = ""  # the breakdown this figure is an item of
    breakdown: bool = False  # a Breakdown declaration: its items are figures of their own

    @property
    def scalar(self) -> bool:
        return not self.items and not self.breakdown and is_scalar(self.value)

    @property
    def listed(self) -> bool:
        """Has a row in the report's tables (a breakdown declaration's items are rows of their own)."""
        return not self.breakdown and (bool(self.items) or not isinstance(self.value, dict))

    @property
    def headline(self) -> bool:
        """Shown as a card on the dashboard (breakdown items are not)."""
        return self.scalar and not self.group

    @property
    def full_label(self) -> str:
        return f"{self.group}：{self.label}" if self.group else self.label


def build_figures(
    line: str, current: dict[str, Any], previous: dict[str, Any], *, year: int, region: str, months: int = 12
) -> list[Figure]:
    """Every figure of a line, in declaration order, with last year's, the change and the drill-down links."""
    li = registry()[line]
    groups = breakdown_groups(li)
    out = []
    for ind in li.indicators:
        value, prev = current.get(ind.key), previous.get(ind.key)
        dk = drill_key(li, ind)
        fig = Figure(
            line=line,
            key=ind.key,
            label=str(ind.zh),
            unit=ind.unit,
            value=value,
            previous=prev,
            link=drill_url(line, dk, year, region, months=months) if dk else None,
            previous_link=drill_url(line, dk, year - 1, region, months=months) if dk else None,
            count=records.lists_exactly(ind, line),
            group=groups.get(ind.key, ""),
            breakdown=is_breakdown(ind),
        )
        if isinstance(value, dict) or isinstance(prev, dict):
            value, prev = value or {}, prev or {}
            fig.items = [(k, value.get(k, 0), prev.get(k, 0)) for k in sorted(set(value) | set(prev))]
        else:
            fig.diff, fig.pct = change(value, prev, ind.unit)
        out.append(fig)
    return out


def month_periods(year: int, prefix: str) -> list[Period]:
    return [Period(date(year, m, 1), date(year, m, monthrange(year, m)[1]), prefix) for m in range(1, 13)]


def trend_keys(line: str) -> tuple[str, ...]:
    """The series of the line's monthly trend chart (the first as bars, the rest as lines): its `TREND_FIGURES`,
    or its first four counts."""
    li = registry()[line]
    counts = [i.key for i in li.indicators if is_count(i)]
    wanted = [k for k in trend_figures(line) if k in counts]
    return tuple(wanted or counts[:4])


@dataclass
class LineGrid:
    """A line's rollups read once (`rollups.read_grid`): by month for the dashboard's two years, or by child region.

    Every figure the page shows — the year, last year, each month, each county — is a grid summed over a part
    of it, so the dashboard costs two grouped queries per line plus two for the ranking, whatever the number
    of cases. Figures that query their own tables (`Computed`) are evaluated for all the periods a caller needs
    at once (`LineIndicators.computed`) and handed in as `computed`.
    """

    li: LineIndicators
    grid: Grid

    def compute(
        self, period: Period, *, only: frozenset[str] | None = None, computed: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        return self.li.evaluate(period, grid_totals(self.grid, period), only=only, computed=computed)


def children(region: Region) -> list[Region]:
    return list(Region.objects.filter(parent=region).order_by("code"))


def line_grids(scope: FigureScope, year: int) -> dict[str, LineGrid]:
    """One grid per line over last year and this year, by month, for the scope's whole region."""
    span = Period(date(year - 1, 1, 1), date(year, 12, 31), scope.prefix)
    return {line: LineGrid(registry()[line], read_grid(line, span, len(scope.prefix))) for line in scope.lines}


def child_grid(scope: FigureScope, year: int, line: str, key: str, kids: list[Region]) -> LineGrid:
    """The year's rollups of one figure's measures, split by the scope region's children (the ranking); the
    region's own level is a child of its own (its code cut to the children's length, see `own_prefix`)."""
    li = registry()[line]
    child_length = max([len(scope.prefix), *(len(k.prefix) for k in kids)])
    grid = read_grid(line, Period.year(year, scope.prefix), child_length, measures=li.measures(key))
    return LineGrid(li, grid)


def trends(scope: FigureScope, year: int, grids: dict[str, LineGrid]) -> list[dict[str, Any]]:
    """Per line, the monthly values of its trend figures (from the line's grid)."""
    months = month_periods(year, scope.prefix)
    out = []
    for line in scope.lines:
        li = registry()[line]
        labels = {i.key: str(i.zh) for i in li.indicators}
        keys = trend_keys(line)
        monthly = [grids[line].compute(p, only=frozenset(keys)) for p in months]
        out.append(
            {
                "line": line,
                "label": str(line_label(line)),
                "series": [
                    {
                        "key": k,
                        "name": labels[k],
                        "data": [m[k] for m in monthly],
                        "links": [drill_url(line, k, year, scope.region.code, i + 1) for i in range(12)],
                    }
                    for k in keys
                ],
            }
        )
    return out


def figure_choices(lines: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(line.key, label) of every single-valued figure the ranking and the map may show."""
    return [(f"{x['line']}.{f.key}", f"{x['label']} · {f.full_label}") for x in lines for f in x["all"]]


def parse_figure(lines: list[dict[str, Any]], figure: str | None) -> tuple[str, str]:
    """The chosen `line.key` if it is one the user may see, else the first trend figure of the first line."""
    if figure and figure in dict(figure_choices(lines)):
        line, key = figure.split(".", 1)
        return line, key
    line = lines[0]["line"]
    return line, trend_keys(line)[0]


def ranking(scope: FigureScope, year: int, line: str, key: str, months: int = 12) -> list[dict[str, Any]]:
    """The figure for each child region of the scope's region (one grouped read), highest first, and a last row for
    the region's own level (市本级: cases registered at the city itself), so that a count's rows add up to the
    region's figure. The own row has no rank: it is not an area to compare."""
    li = registry()[line]
    kids = children(scope.region)
    grid = child_grid(scope, year, line, key, kids)
    ind = next(i for i in li.indicators if i.key == key)
    dk = drill_key(li, ind)
    own = own_prefix(scope.region, kids)
    areas = [(child.code, child.name, child.prefix, False) for child in kids]
    if own is not None:
        areas.append((scope.region.code, own_label(scope.region), own, True))
    periods = [year_period(year, prefix, months) for _code, _name, prefix, _own in areas]
    computed = li.computed(periods, only=frozenset({key}))  # a `Computed` figure: all the children at once
    rows = []
    for (code, name, _prefix, is_own), period, extra in zip(areas, periods, computed, strict=True):
        value = grid.compute(period, only=frozenset({key}), computed=extra)[key]
        rows.append(
            {
                "code": code,
                "name": name,
                "value": value,
                "own": is_own,
                "link": drill_url(line, dk, year, code, months=months, own=is_own) if dk else None,
                "dashboard": None
                if is_own
                else f"{view_path('indicators:dashboard')}?{urlencode({'year': year, 'region': code})}",
            }
        )
    ranked = sorted(
        (r for r in rows if not r["own"]), key=lambda r: (r["value"] is None, -(r["value"] or 0), r["code"])
    )
    for rank, row in enumerate(ranked, start=1):
        row["rank"] = rank
    return ranked + [r for r in rows if r["own"]]


@cache
def map_codes() -> frozenset[str]:
    """Region codes that the shipped county GeoJSON has a polygon for."""
    try:
        data = json.loads(GEOJSON.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return frozenset()
    return frozenset(f["properties"]["code"] for f in data.get("features", []))


def dashboard(scope: FigureScope, year: int, figure: str | None = None, months: int = 12) -> dict[str, Any]:
    """Everything the dashboard shows: key figures with last year's, monthly trends, ranking and map.

    `months` < 12 compares the year's first months with the same months of last year (the year so far: a partial
    year against a whole one would show "▼ -99%" on every card)."""
    this_year, last_year = year_period(year, scope.prefix, months), year_period(year - 1, scope.prefix, months)
    grids = line_grids(scope, year)
    lines = []
    for line in scope.lines:
        # the `Computed` figures of both years together: a few statements per line instead of two per figure
        now, before = registry()[line].computed([this_year, last_year])
        current = grids[line].compute(this_year, computed=now)
        previous = grids[line].compute(last_year, computed=before)
        figures = build_figures(line, current, previous, year=year, region=scope.region.code, months=months)
        lines.append(
            {
                "line": line,
                "label": str(line_label(line)),
                "figures": [f for f in figures if f.headline],
                "all": [f for f in figures if f.scalar],
            }
        )
    rank_line, rank_key = parse_figure(lines, figure)
    rows = ranking(scope, year, rank_line, rank_key, months)
    return {
        "lines": lines,
        "trends": trends(scope, year, grids),
        "figure": f"{rank_line}.{rank_key}",
        "figure_choices": figure_choices(lines),
        "figure_label": dict(figure_choices(lines)).get(f"{rank_line}.{rank_key}", rank_key),
        "ranking": rows,
        # the shipped GeoJSON has the 9 counties; a development zone (高新区) has no polygon and shows in the table only
        "has_map": any(r["code"] in map_codes() for r in rows),
    }
