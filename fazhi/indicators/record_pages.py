"""What every page listing a figure's records reads from its address (`?start=…&end=…&prefix=…` or `&region=…`), and
how it refuses a bad one: the site's error page with the Chinese sentence saying why. The rule book's and the
supervision registries' figure pages (`<app>/figure_views.py`) share these."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext

from fazhi.core.models import Region
from fazhi.core.regions import CODE_RE, subtree_prefix


class Refused(Exception):
    """A bad address: answered with the site's error page for `status` and the Chinese sentence saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def refused_page(request: HttpRequest, refused: Refused) -> HttpResponse:
    context = {"message": refused.message, "back_url": ""}
    return render(request, f"errors/{refused.status}.html", context, status=refused.status)


def date_asked(request: HttpRequest, name: str, label: str) -> date:
    try:
        return date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        raise Refused(400, gettext("%(label)s应按“年-月-日”填写，如 2024-06-01。") % {"label": label}) from None


def region_asked(request: HttpRequest) -> tuple[str, Region]:
    """The region-code prefix asked for (`prefix=`, or `region=` a 12-digit code: its whole subtree) and the region
    it belongs to (404 when there is none)."""
    prefix, code = request.GET.get("prefix", ""), request.GET.get("region", "")
    if code:
        if not CODE_RE.match(code):
            raise Refused(400, gettext("行政区划代码应为12位数字。"))
        prefix = subtree_prefix(code)
    elif not (prefix.isascii() and prefix.isdigit() and 2 <= len(prefix) <= 12):
        raise Refused(400, gettext("请指定行政区划（12位代码）或其代码前缀（2至12位数字）。"))
    region = Region.objects.filter(code=prefix.ljust(12, "0")).first()
    if region is None:
        raise Refused(404, gettext("未知的行政区划代码。"))
    return prefix, region
