"""The leaders' dashboard, the drill-down lists and the annual report.

Each view: authenticate (staff_required) → scope (the broadest region of the user's memberships, which
`?region=` may narrow but never widen) → permission → selector (fazhi.indicators.dashboard / report) → render.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from urllib.parse import quote, urlencode

from django.core.exceptions import BadRequest, PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.audit.services import accessed, records_access
from fazhi.cases import selectors
from fazhi.cases.outcomes import outcome_label
from fazhi.cases.views import staff_required
from fazhi.core.lines import line_label
from fazhi.core.models import Region
from fazhi.core.regions import CODE_RE
from fazhi.indicators import dashboard as selectors_dashboard
from fazhi.indicators.dashboard import FigureScope, figure_scope, has_records
from fazhi.indicators.records import cases_behind, listed_elsewhere
from fazhi.indicators.registry import Period, registry
from fazhi.indicators.renderers import as_docx, as_xlsx, web_sections
from fazhi.indicators.report import AnnualReport

DEMO_YEAR = 2024  # the Baotou demo data set
PAGE_SIZE = 50
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest) -> int:
    """The year asked for; by default the last full year (the current one is partial: its cards would all fall)."""
    raw = request.GET.get("year", "")
    if not raw:
        return timezone.localdate().year - 1
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise BadRequest(_("年份应为2000至2100之间的四位数字。"))
    return int(raw)


def _months(year: int) -> int:
    """How many months of `year` the dashboard compares with the same months of last year: all twelve of a past
    year; of the current year, the months already over (the rollups count whole months), at least January."""
    today = timezone.localdate()
    if year < today.year:
        return 12
    return max(1, today.month - 1) if year == today.year else 12


def _drill_period(request: HttpRequest, year: int, prefix: str) -> tuple[Period, str]:
    """The drill-down's period (a month, the year's first months, or the year) and its month parameter."""
    month, months = request.GET.get("month", ""), request.GET.get("months", "")
    if month:
        if not month.isdigit() or not 1 <= int(month) <= 12:
            raise BadRequest(_("月份应为1至12。"))
        m = int(month)
        return Period(date(year, m, 1), date(year, m, monthrange(year, m)[1]), prefix), month
    if months:
        if not months.isdigit() or not 1 <= int(months) <= 12:
            raise BadRequest(_("月数应为1至12。"))
        return selectors_dashboard.year_period(year, prefix, int(months)), ""
    return Period.year(year, prefix), ""


def _scope(request: HttpRequest) -> FigureScope:
    """The user's region (403 when they hold none, or ask for one outside their memberships; 404 if unknown)."""
    code = request.GET.get("region", "")
    if code and not CODE_RE.match(code):
        raise Http404(_("行政区划代码应为12位数字。"))
    try:
        return figure_scope(request.user, code or None)
    except Region.DoesNotExist:
        raise Http404(_("未知的行政区划代码。")) from None


def _regions(scope: FigureScope) -> list[Region]:
    """The regions offered in the picker: the user's own and the ones right below it (and the current one)."""
    regions = [scope.home, *Region.objects.filter(parent=scope.home).order_by("code")]
    if scope.region not in regions:
        regions.append(scope.region)
    return regions


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    """The year's key figures with last year's, monthly trends, a ranking and a map of the areas below."""
    year = _year(request)
    scope = _scope(request)
    months = _months(year)
    data = selectors_dashboard.dashboard(scope, year, request.GET.get("figure"), months)
    this_year = timezone.localdate().year
    chart = {
        "months": [f"{m}月" for m in range(1, 13)],
        "trends": data["trends"],
        "ranking": {
            "label": data["figure_label"],
            "rows": [{k: r[k] for k in ("name", "value", "link", "own")} for r in data["ranking"]],
        },
        "map": {"name": "fazhi-counties", "show": data["has_map"]},
    }
    query = {"year": year, "region": scope.region.code}
    context = {
        "scope": scope,
        "year": year,
        "months": months,
        "years": sorted({this_year, this_year - 1, DEMO_YEAR, DEMO_YEAR - 1, year}, reverse=True),
        "demo_year": DEMO_YEAR,
        "regions": _regions(scope),
        "data": data,
        "chart": chart,
        "trend_tables": [
            {"label": t["label"], "rows": [(s["name"], list(zip(s["data"], s["links"], strict=True))) for s in series]}
            for t in data["trends"]
            for series in [t["series"]]
        ],
        "report_url": f"{reverse('indicators:report')}?{urlencode(query)}",
    }
    return render(request, "indicators/dashboard.html", context)


@records_access("view", what="indicators.drilldown")
@staff_required
def drilldown(request: HttpRequest) -> HttpResponse:
    """The cases behind one count figure, limited to the cases the user may see."""
    year = _year(request)
    scope = _scope(request)
    line, key = request.GET.get("line", ""), request.GET.get("key", "")
    known = registry()
    if line not in known:
        raise Http404(_("未知的业务条线。"))
    if line not in scope.lines:
        raise PermissionDenied
    li = known[line]
    indicator = next((i for i in li.indicators if i.key == key), None)
    if indicator is None or not has_records(indicator, line):
        raise Http404(_("该指标不是案件数，没有对应的案件清单。"))
    own = request.GET.get("own") == "1"
    prefix = scope.prefix
    if own:  # 市本级: the region's own level, none of its children
        prefix = selectors_dashboard.own_prefix(scope.region, selectors_dashboard.children(scope.region)) or prefix
    period, month = _drill_period(request, year, prefix)
    elsewhere = listed_elsewhere(line, key, period)
    if elsewhere is not None:  # not cases (the rule book's campaigns, documents): the page that lists them
        return redirect(elsewhere)
    behind = cases_behind(li, key, period).values("pk")
    cases = selectors.case_list(user=request.user).filter(pk__in=behind)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    for case in page:  # the 结果 column in words (撤销), never the stored code (revoked)
        case.outcome_text = outcome_label(case.line, case.outcome)  # type: ignore[attr-defined]
    accessed(
        request,
        object_type="indicators.drilldown",
        line=line,
        key=key,
        year=year,
        month=month,
        region=scope.region.code,
        page=page.number,
        cases=",".join(c.number for c in page),
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "scope": scope,
        "year": year,
        "month": month,
        "line_label": str(line_label(line)),
        "own_label": selectors_dashboard.own_label(scope.region) if own else "",
        "indicator": indicator,
        "period": period,
        "page": page,
        "query": query.urlencode(),
        "dashboard_url": f"{reverse('indicators:dashboard')}?{urlencode({'year': year, 'region': scope.region.code})}",
    }
    return render(request, "indicators/drilldown.html", context)


@records_access("download", what="indicators.report", when=lambda r: r.GET.get("format") in {"docx", "xlsx"})
@staff_required
def report(request: HttpRequest) -> HttpResponse:
    """The annual report as a page, or `?format=docx` / `?format=xlsx` (each download is recorded)."""
    year = _year(request)
    scope = _scope(request)
    fmt = request.GET.get("format", "html")
    if fmt not in {"html", "docx", "xlsx"}:
        raise Http404(_("不支持的格式。"))
    annual = AnnualReport.build(scope.region, year, scope.lines)
    if fmt in {"docx", "xlsx"}:
        content, mime = (as_docx(annual), DOCX) if fmt == "docx" else (as_xlsx(annual), XLSX)
        accessed(
            request,
            object_type="indicators.report",
            region=scope.region.code,
            year=year,
            format=fmt,
            lines=",".join(scope.lines),
        )
        response = HttpResponse(content, content_type=mime)
        name = f"{scope.region.name}{year}年司法行政工作主要数据.{fmt}"
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
        return response
    query = {"year": year, "region": scope.region.code}
    context = {
        "report": annual,
        "scope": scope,
        "year": year,
        "sections": web_sections(annual),
        "docx_url": f"{reverse('indicators:report')}?{urlencode({**query, 'format': 'docx'})}",
        "xlsx_url": f"{reverse('indicators:report')}?{urlencode({**query, 'format': 'xlsx'})}",
        "dashboard_url": f"{reverse('indicators:dashboard')}?{urlencode(query)}",
        "regions": _regions(scope),
    }
    return render(request, "indicators/report.html", context)
