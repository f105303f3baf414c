"""The records behind one of the network's figures (/enforcement/figures/<key>/?start=…&end=…&region=…): the bodies
or certificates `fazhi.enforcement.figures.RECORDS[key]` gives for the period and region, so the dashboard's 持证监督
人员 opens onto exactly what it counts. Members of the supervision line read, within their region; a wrong key is a
404, a wrong date or region a 400 / 404 in Chinese."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from fazhi.cases.views import staff_required
from fazhi.enforcement import access, figures
from fazhi.enforcement.models import SupervisionBody
from fazhi.indicators.record_pages import Refused, refused_page
from fazhi.indicators.record_pages import date_asked as _date
from fazhi.indicators.record_pages import region_asked as _prefix

PAGE_SIZE = 50
LABELS = {key: label for key, (label, _english) in figures.LABELS.items()}


def figure_records_url(key: str, start: date, end: date, prefix: str) -> str:
    """The page listing figure `key`'s records for the period in the subtree `prefix` (the drill-down's address)."""
    query = {"start": start.isoformat(), "end": end.isoformat(), "prefix": prefix}
    return f"{reverse('enforcement:figure_records', args=[key])}?{urlencode(query)}"


@staff_required
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    """The records one figure counts for a period and a region, one row each (within the reader's own region)."""
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
    if not any(prefix.startswith(p) for p in access.read_prefixes(request.user)):
        raise PermissionDenied(gettext("该行政区划不在您的查看范围内。"))
    found = records(prefix, start, end)
    bodies = found.model is SupervisionBody
    if bodies:
        found = found.select_related("host", "region").order_by("region_id", "name")
    else:
        found = found.select_related("officer__organisation").order_by("officer__organisation_id", "number", "pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    total: int | Decimal | None = page.paginator.count
    if key == "certified_supervisors_growth_pct":  # the rows are the supervisors it grows to; the figure is a percent
        total = figures.certified_supervisors_growth_pct(prefix, end)
    context = {
        "label": LABELS[key],
        "total": "" if total is None else total,
        "bodies": bodies,
        "start": start,
        "end": end,
        "region": region,
        "page": page,
        "query": query.urlencode(),
        "may_keep": access.may_keep(request.user),
    }
    return render(request, "enforcement/figure_records.html", context)
