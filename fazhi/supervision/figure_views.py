"""The records behind one of the line's own figures (/supervision/figures/<key>/?start=…&end=…&prefix=…): the
health checks or interviews `fazhi.supervision.figures.RECORDS[key]` gives for the date range and region, as far as
the reader's scope reaches, so the dashboard's 法治体检 or 约谈单位负责人 opens onto exactly what it counts."""

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
from fazhi.core.models import Region
from fazhi.supervision import figures, selectors
from fazhi.supervision.models import Interview

PAGE_SIZE = 50


def figure_records_url(key: str, start: date, end: date, prefix: str) -> str:
    query = {"start": start.isoformat(), "end": end.isoformat(), "prefix": prefix}
    return f"{reverse('supervision:figure_records', args=[key])}?{urlencode(query)}"


def _refused(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return render(request, f"errors/{status}.html", {"message": message, "back_url": ""}, status=status)


@staff_required
def figure_records(request: HttpRequest, key: str) -> HttpResponse:
    if not selectors.may_read(request.user):
        raise PermissionDenied
    records = figures.RECORDS.get(key)
    if records is None:
        return _refused(request, 404, gettext("未知的统计指标。"))
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        return _refused(request, 400, gettext("起止日期应按“年-月-日”填写，如 2024-06-01。"))
    if start > end:
        return _refused(request, 400, gettext("终止日期不能早于起始日期。"))
    prefix = request.GET.get("prefix", "")
    if not (prefix.isascii() and prefix.isdigit() and 2 <= len(prefix) <= 12):
        return _refused(request, 400, gettext("请指定行政区划代码前缀（2至12位数字）。"))
    region = Region.objects.filter(code=prefix.ljust(12, "0")).first()
    if region is None:
        return _refused(request, 404, gettext("未知的行政区划代码。"))
    found = records(prefix, start, end)
    interviews = found.model is Interview
    found = found.filter(pk__in=found.model.objects.visible_to(request.user).values("pk"))  # the reader's scope
    if interviews:
        found = found.select_related("agency", "organisation").order_by("-held_on", "-pk")
    else:
        found = found.select_related("agency", "plan").order_by("-checked_on", "-pk")
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "label": figures.LABELS[key][0],
        "interviews": interviews,
        "start": start,
        "end": end,
        "region": region,
        "page": page,
        "query": query.urlencode(),
    }
    return render(request, "supervision/figure_records.html", context)
