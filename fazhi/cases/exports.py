"""The case export: first a page (`export_page`, where the case list's 导出 link leads) that shows what the file
will hold (the list's filters, which the user may change, and how many rows), then the file itself, streamed as it
is written and named after what it holds (行政复议案件_东河区_2024.xlsx).

The rows are read as plain values (no model instances) in chunks of a server-side cursor and written by
`fazhi.core.xlsx_stream`, so the first bytes leave at once and memory holds one chunk; every code is printed as its
label (条线, 来源渠道, 状态, 结果). The download is recorded in the access log with the query that chose the rows.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import quote

import django_filters
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fazhi.accounts.access import is_active_superuser, region_within, scopes_of
from fazhi.audit.services import accessed, records_access
from fazhi.cases import selectors
from fazhi.cases.filters import CaseFilter
from fazhi.cases.models import Channel
from fazhi.cases.outcomes import outcome_label
from fazhi.cases.registry import procedures
from fazhi.cases.views import _tokenise_party_search, staff_required
from fazhi.core.lines import line_label
from fazhi.core.models import Region
from fazhi.core.xlsx_stream import stream_xlsx

EXPORT_LIMIT = 100_000
EXPORT_CHUNK = 2_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER: tuple[str, ...] = ("案号", "条线", "案由", "承办机构", "行政区划", "来源渠道", "状态", "结果")
HEADER += ("收到日期", "受理日期", "办结日期")
WIDTHS = (22, 10, 36, 28, 14, 10, 14, 18, 12, 12, 12)
FIELDS = (
    "number",
    "line",
    "title",
    "organisation__name",
    "region__name",
    "channel",
    "state",
    "outcome",
    "received_on",
    "accepted_on",
    "closed_on",
)


def region_choices(user) -> list[tuple[str, str]]:
    """The regions a user may narrow an export to: each region of their memberships and the ones right below it."""
    if is_active_superuser(user):
        roots = list(Region.objects.filter(parent__isnull=True).order_by("code"))
    else:
        codes = {s.prefix.ljust(12, "0") for s in scopes_of(user)}
        roots = list(Region.objects.filter(code__in=codes).order_by("code"))
    below = Region.objects.filter(parent__in=roots).order_by("code")
    seen, out = set(), []
    for region in [*roots, *below]:
        if region.code not in seen:
            seen.add(region.code)
            out.append((region.code, region.name))
    return out


class ExportFilter(CaseFilter):
    """The case list's filters, and a region and a year to name the file after."""

    region = django_filters.ChoiceFilter(label=_("行政区划"), method="filter_region", empty_label=_("全部区域"))
    year = django_filters.NumberFilter(label=_("收到年份"), method="filter_year", min_value=2000, max_value=2100)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["region"].extra["choices"] = region_choices(user) if user is not None else []
        year = self.form.fields["year"]
        year.error_messages["min_value"] = year.error_messages["max_value"] = gettext("年份应为2000至2100之间。")

    def filter_region(self, queryset, name, value):
        region = Region.objects.filter(code=value).first()
        return queryset.filter(region_within("region__code", region.prefix)) if region else queryset.none()

    def filter_year(self, queryset, name, value):
        year = int(value)
        return queryset.filter(received_on__range=(date(year, 1, 1), date(year, 12, 31)))


def file_name(filters: ExportFilter) -> str:
    """行政复议案件_东河区_2024.xlsx: the line (or 案件), the region, the year or dates, open cases only."""
    data = filters.form.cleaned_data if filters.form.is_valid() else {}
    line = data.get("line")
    parts = [f"{line_label(line)}案件" if line else gettext("案件")]
    region = data.get("region")
    if region:
        parts.append(dict(filters.filters["region"].extra["choices"]).get(region, region))
    if data.get("year"):
        parts.append(str(int(data["year"])))
    after, before = data.get("received_after"), data.get("received_before")
    if after or before:
        parts.append(f"{after.isoformat() if after else ''}至{before.isoformat() if before else ''}")
    if data.get("is_open"):
        parts.append(gettext("未办结"))
    if data.get("overdue"):
        parts.append(gettext("有超期"))
    return "_".join(parts) + ".xlsx"


def content_disposition(name: str) -> str:
    """attachment with an ASCII fallback and the real name in RFC 5987 `filename*` (every browser in use reads it)."""
    return f"attachment; filename=\"cases.xlsx\"; filename*=UTF-8''{quote(name)}"


def export_rows(qs):
    """Each case as the row the clerk reads: labels for every code, dates as dates."""
    states = {line: {k: str(v) for k, v in p.states.items()} for line, p in procedures().items()}
    lines = {line: str(line_label(line)) for line in states}
    channels = {k: str(v) for k, v in Channel.choices}
    for number, line, title, org, region, channel, state, outcome, received, accepted, closed in qs.values_list(
        *FIELDS
    ).iterator(chunk_size=EXPORT_CHUNK):
        yield (
            number,
            lines.get(line, line),
            title,
            org,
            region,
            channels.get(channel, channel),
            states.get(line, {}).get(state, gettext("其他状态")),
            outcome_label(line, outcome),
            received,
            accepted,
            closed,
        )


def _filters(request: HttpRequest) -> ExportFilter:
    return ExportFilter(request.GET, queryset=selectors.case_list(user=request.user), user=request.user)


@records_access("view", what="cases.case")
@staff_required
def export_page(request: HttpRequest) -> HttpResponse:
    """The step before the file: the list's filters (changeable), how many rows and the file's name, a download
    link. The case list's 导出 link opens this page, never the file directly. Recorded as a view: the count
    answers whether a person (the party filter) has cases."""
    if untokenised := _tokenise_party_search(request):  # a full ID number or phone leaves the URL first
        return untokenised
    filters = _filters(request)
    if not filters.is_valid():
        return render(request, "exports/case_export.html", {"filter": filters}, status=400)
    qs = filters.qs.select_related(None).order_by()
    total = qs[: EXPORT_LIMIT + 1].count()  # bounded: a city's whole history is not counted to say "more than"
    accessed(request, object_type="cases.case", query=request.GET.urlencode(), rows=total)
    context = {
        "filter": filters,
        "total": total,
        "limit": EXPORT_LIMIT,
        "name": file_name(filters),
        "columns": HEADER,
        "download_query": request.GET.urlencode(),
    }
    return render(request, "exports/case_export.html", context)


@records_access("export", what="cases.case")
@staff_required
def case_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The file: the filtered list (at most EXPORT_LIMIT rows, newest first) streamed as it is written."""
    if untokenised := _tokenise_party_search(request):
        return untokenised
    filters = _filters(request)
    if not filters.is_valid():
        return render(request, "exports/case_export.html", {"filter": filters}, status=400)
    qs = filters.qs.select_related(None).order_by(*selectors.CASE_ORDER)
    name = file_name(filters)
    accessed(request, object_type="cases.case", query=request.GET.urlencode(), file=name)
    content = stream_xlsx(gettext("案件"), HEADER, export_rows(qs[:EXPORT_LIMIT]), widths=WIDTHS, chunk=EXPORT_CHUNK)
    response = StreamingHttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition(name)
    response["X-Accel-Buffering"] = "no"  # a proxy in front passes each piece on rather than holding the file
    return response
