"""The decisions behind one of the register's figures (/lenient/figures/<key>/?start=…&end=…&prefix=…): what
`fazhi.lenient.figures.RECORDS[key]` gives for the date range and region, within what the reader may see, with their
count and amount, so the dashboard's 免罚轻罚案件 or 免罚减罚金额 opens onto exactly what it counts. The supervision
line's drill-down (`fazhi.supervision.drilldowns`) links here through `figure_records_url`."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from fazhi.cases.views import staff_required
from fazhi.indicators.record_pages import Refused, refused_page
from fazhi.indicators.record_pages import date_asked as _date
from fazhi.indicators.record_pages import region_asked as _prefix
from fazhi.lenient import access, figures
from fazhi.lenient.models import Decision

PAGE_SIZE = 50


def figure_records_url(key: str, start: date, end: date, prefix: str) -> str:
    """The page listing figure `key`'s decisions from `start` to `end` in the subtree `prefix` (1502: 包头市)."""
    query = {"start": start.isoformat(), "end": end.isoformat(), "prefix": prefix}
    return f"{reverse('lenient:figure_records', args=[key])}?{urlencode(query)}"


@staff_required
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    """The decisions one of the register's figures counts for a date range and a region, one row each."""
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
    found = records(prefix, start, end) & Decision.objects.visible_to(request.user)
    totals = found.aggregate(n=Count("id"), amount=Sum("amount"))
    totals["amount"] = (totals["amount"] or Decimal(0)).quantize(Decimal("0.01"))
    found = found.select_related("agency", "entry").order_by("-decided_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "label": figures.LABELS[key][0],
        "start": start,
        "end": end,
        "region": region,
        "page": page,
        "totals": totals,
        "query": query.urlencode(),
        "may_keep": access.may_keep(request.user),
        "may_report": access.may_report(request.user),
    }
    return render(request, "lenient/figure_records.html", context)
