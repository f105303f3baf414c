"""The records behind the supervision figures that count rows of their own (fazhi.indicators.records): for the
health checks, interviews and the registries' figures the page listing their records (`figure_views` for this
line's, each registry's own page for its figures)."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from fazhi.indicators.records import Records
from fazhi.indicators.registry import Period
from fazhi.supervision import figures
from fazhi.supervision.choices import LINE
from fazhi.supervision.figure_views import figure_records_url
from fazhi.supervision.indicators import _unit, registry_figures

__all__ = ["LINE", "RECORDS"]


def _own_page(key: str):
    def url(period: Period) -> str:
        return figure_records_url(key, period.start, period.end, period.region_prefix)

    return url


def _registry_page(views: ModuleType, key: str):
    def url(period: Period) -> str:
        return views.figure_records_url(key, period.start, period.end, period.region_prefix)

    return url


def _registry_pages() -> dict[str, Records]:
    """Each registry figure whose registry lists its records on a page (`<registry>.figure_views`, as the rule
    book's): the page for the period and region."""
    found: dict[str, Records] = {}
    for module in registry_figures():
        package = module.__name__.rsplit(".", 1)[0]
        if find_spec(f"{package}.figure_views") is None:
            continue
        views = import_module(f"{package}.figure_views")
        if hasattr(views, "figure_records_url"):
            found |= {
                # an amount or a percentage lists its records, not as many rows as its value
                key: Records(url=_registry_page(views, key), exact=_unit(module, key) == "count")
                for key in module.PERIOD_FIGURES
            }
    return found


RECORDS = {
    **{key: Records(url=_own_page(key)) for key in figures.RECORDS},
    **_registry_pages(),
}
