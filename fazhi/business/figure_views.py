"""The business environment's overview (/business/: the year's figures for the reader's region, each opening its
records) and the records behind one figure (/business/figures/<key>/?start=…&end=…&prefix=…|region=…): the
enterprises, parks or events `fazhi.business.figures.RECORDS[key]` gives, so the dashboard's number opens onto
exactly what it counts. Readers of the registry only, and only within their regions (another region: 404)."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from fazhi.business import access, figures
from fazhi.business.models import Enterprise, IndustrialPark, OutreachEvent
from fazhi.business.view_helpers import reader
from fazhi.core.models import Region
from fazhi.core.regions import subtree_prefix
from fazhi.indicators.record_pages import Refused, refused_page, region_asked
from fazhi.indicators.record_pages import date_asked as _date

PAGE_SIZE = 50
LABELS = {key: label for key, (label, _english) in figures.LABELS.items()}


def figure_records_url(key: str, start: date, end: date, prefix: str) -> str:
    """The page listing figure `key`'s records from `start` to `end` in the subtree `prefix` (1502: 包头市 and its
    counties; 150200: the city's own level)."""
    query = {"start": start.isoformat(), "end": end.isoformat(), "prefix": prefix}
    return f"{reverse('business:figure_records', args=[key])}?{urlencode(query)}"


def _year(request: HttpRequest) -> int:
    """The year asked for; by default the year of the newest outreach event the reader sees (the current year if
    none), so the overview opens on figures rather than on a new year's zeros."""
    raw = request.GET.get("year", "")
    if not raw:
        newest = access.visible(OutreachEvent.objects.all(), request.user).order_by("-held_on").first()
        return newest.held_on.year if newest else timezone.localdate().year
    if not (raw.isascii() and raw.isdigit() and 1949 <= int(raw) <= 2099):
        raise Refused(400, gettext("年度应为1949至2099之间的四位数字。"))
    return int(raw)


def _home_region(user) -> tuple[str, Region | None]:
    prefixes = access.read_prefixes(user)
    prefix = min(prefixes, key=len) if prefixes else ""
    if not prefix:  # an active superuser: the first city
        region = Region.objects.filter(level=Region.Level.CITY).order_by("code").first()
        return (subtree_prefix(region.code), region) if region else ("", None)
    return prefix, Region.objects.filter(code=prefix.ljust(12, "0")).first()


@reader
def index(request: HttpRequest) -> HttpResponse:
    """The year's four figures for the reader's broadest region, each a link to its records."""
    try:
        year = _year(request)
    except Refused as refused:
        return refused_page(request, refused)
    prefix, region = _home_region(request.user)
    start, end = date(year, 1, 1), date(year, 12, 31)
    rows = [
        (label, figures.figure(key, prefix, start, end), figure_records_url(key, start, end, prefix))
        for key, label in LABELS.items()
    ]
    context = {"rows": rows, "year": year, "region": region, "may_keep": access.may_keep(request.user)}
    return render(request, "business/index.html", context)


def _prefix(request: HttpRequest) -> tuple[str, Region]:
    prefix, region = region_asked(request)
    if not any(prefix.startswith(p) for p in access.read_prefixes(request.user)):
        raise Refused(404, gettext("未知的行政区划代码。"))  # outside the reader's regions: as if it did not exist
    return prefix, region


@reader
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records one figure counts for a date range and a region subtree: one row each."""
    try:
        records = figures.RECORDS.get(key)
        if records is None:
            raise Refused(404, gettext("未知的统计指标。"))
        start, end = _date(request, "start", gettext("起始日期")), _date(request, "end", gettext("终止日期"))
        if start > end:
            raise Refused(400, gettext("终止日期不能早于起始日期。"))
        prefix, region = _prefix(request)
    except Refused as refused:
        return refused_page(request, refused)
    found = records(prefix, start, end).select_related("region")
    kind = {Enterprise: "enterprises", IndustrialPark: "parks"}.get(found.model, "events")
    found = found.order_by("-held_on", "-pk") if kind == "events" else found.order_by("name", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "label": LABELS[key],
        "kind": kind,
        "total": figures.figure(key, prefix, start, end),
        "start": start,
        "end": end,
        "region": region,
        "own_level": subtree_prefix(region.code) != prefix,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "business/figure_records.html", context)
