"""The records behind one of the rule book's figures (/rules/figures/<key>/?start=…&end=…&region=…): the cleanup
campaigns or the documents `fazhi.rulebook.figures.RECORDS[key]` gives for the date range and region, so the
dashboard's 清理次数 or 清理废止文件 opens onto exactly what it counts. Any staff member reads (the rule book is
published law); a wrong key is a 404, a wrong date or region a 400 / 404 in Chinese."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from fazhi.cases.views import staff_required
from fazhi.core.regions import subtree_prefix
from fazhi.indicators.record_pages import Refused, refused_page
from fazhi.indicators.record_pages import date_asked as _date
from fazhi.indicators.record_pages import region_asked as _prefix
from fazhi.rulebook import access, figures
from fazhi.rulebook.models import CleanupCampaign

PAGE_SIZE = 50

# figure key → its name on the page (the legality line's indicators name them alike; the rule book cannot import it)
LABELS = {key: label for key, (label, _english) in figures.LABELS.items()}


def figure_records_url(key: str, start: date, end: date, prefix: str) -> str:
    """The page listing figure `key`'s records from `start` to `end` in the subtree `prefix` (a region's code
    prefix: 1502 for 包头市 and its counties, 150200 for the city's own level)."""
    query = {"start": start.isoformat(), "end": end.isoformat(), "prefix": prefix}
    return f"{reverse('rulebook:figure_records', args=[key])}?{urlencode(query)}"


@staff_required
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records one of the rule book's figures counts for a date range and a region: one row each."""
    if not access.can_read(request.user):
        raise PermissionDenied
    try:
        return _figure_records(request, key)
    except Refused as refused:
        return refused_page(request, refused)


def _figure_records(request: HttpRequest, key: str) -> HttpResponse:
    records = figures.RECORDS.get(key)
    if records is None:
        raise Refused(404, gettext("未知的统计指标。"))
    start, end = _date(request, "start", gettext("起始日期")), _date(request, "end", gettext("终止日期"))
    if start > end:
        raise Refused(400, gettext("终止日期不能早于起始日期。"))
    prefix, region = _prefix(request)
    found = records(prefix, start, end).select_related("region")
    campaigns = found.model is CleanupCampaign
    found = found.order_by("-started_on", "-pk") if campaigns else found.order_by("-published_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "label": LABELS.get(key, key),
        "campaigns": campaigns,
        "start": start,
        "end": end,
        "region": region,
        "own_level": subtree_prefix(region.code) != prefix,
        "page": page,
        "query": query.urlencode(),
        "may_write": access.may_write(request.user),
    }
    return render(request, "rulebook/figure_records.html", context)
