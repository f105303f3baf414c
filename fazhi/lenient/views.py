"""The register's pages: the decisions with filters and totals, the list entries (kept by the supervision bodies),
the reporter's upload page with its template and problem list. Thin: scope and permission from `access`, writes
through `services` / `imports`."""

from __future__ import annotations

import base64
from decimal import Decimal
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fazhi.cases.views import staff_required
from fazhi.core.models import Region
from fazhi.lenient import access, imports
from fazhi.lenient.forms import DecisionFilter, EntryForm, UploadForm
from fazhi.lenient.models import Decision, ListEntry, Report

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "lenient_upload_problems"
SHOWN = 200
LISTED = 100
CENTS = Decimal("0.01")
KEEP_REFUSED = _("仅行政执法监督机构的工作人员可以维护免罚轻罚清单。")
REPORT_REFUSED = _("仅执法机关报送员或行政执法监督机构工作人员可以报送免罚轻罚决定。")


def _reader(view):
    """Staff only (a citizen gets the guide), and members of the supervision line."""

    @staff_required
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not access.can_read(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__, wrapped.__doc__ = view.__name__, view.__doc__
    return wrapped


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _context(request: HttpRequest, **extra) -> dict:
    return {"may_keep": access.may_keep(request.user), "may_report": access.may_report(request.user), **extra}


@_reader
def decision_list(request: HttpRequest) -> HttpResponse:
    """The decisions the user sees (a reporter: its agency's), filtered, with their count and amount."""
    form = DecisionFilter(request.GET or None)
    qs = Decision.objects.visible_to(request.user)
    if form.is_valid():
        f = form.cleaned_data
        if f["agency"]:
            qs = qs.filter(agency_id=f["agency"])
        if f["domain"]:
            qs = qs.filter(domain=f["domain"])
        if f["kind"]:
            qs = qs.filter(kind=f["kind"])
        flagged = Q(out_of_dates=True) | Q(other_domain=True)
        if f["flagged"] == "yes":
            qs = qs.filter(flagged)
        elif f["flagged"] == "no":
            qs = qs.exclude(flagged)
        if f["start"]:
            qs = qs.filter(decided_on__gte=f["start"])
        if f["end"]:
            qs = qs.filter(decided_on__lte=f["end"])
    totals = qs.aggregate(n=Count("id"), amount=Sum("amount"))
    totals["amount"] = (totals["amount"] or Decimal(0)).quantize(CENTS)  # SQLite sums drop the decimals
    rows = qs.select_related("agency", "entry").order_by("-decided_on", "-id")[:LISTED]
    context = _context(request, form=form, rows=rows, totals=totals, listed=LISTED)
    return render(request, "lenient/decision_list.html", context)


@_reader
def entry_list(request: HttpRequest) -> HttpResponse:
    """The list entries (a published list: every member of the line reads all of it)."""
    entries = ListEntry.objects.select_related("region").order_by("domain", "code")
    domain, kind = request.GET.get("domain", ""), request.GET.get("kind", "")
    if domain:
        entries = entries.filter(domain=domain)
    if kind:
        entries = entries.filter(kind=kind)
    return render(request, "lenient/entry_list.html", _context(request, entries=entries[:500]))


def _keeping_regions(request: HttpRequest):
    prefixes = access.keeping_prefixes(request.user)
    if not prefixes:
        raise PermissionDenied(KEEP_REFUSED)
    q = Q()
    if prefixes != [""]:
        q = Q(pk__in=[])
        for p in prefixes:
            q |= Q(code__startswith=p)
    return Region.objects.filter(q, level__in=[Region.Level.CITY, Region.Level.COUNTY]).order_by("code")


@_reader
def entry_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add or amend an entry of the user's region subtree; an amendment made meanwhile by another is refused."""
    regions = _keeping_regions(request)
    entry = None
    if pk is not None:
        entry = get_object_or_404(ListEntry, pk=pk)
        if not access.may_keep_region(request.user, entry.region_id):
            raise PermissionDenied(KEEP_REFUSED)
    form = EntryForm(request.POST or None, instance=entry, regions=regions)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            if entry is not None:
                current = ListEntry.objects.select_for_update().get(pk=entry.pk)
                if form.cleaned_data.get("version") != current.version:
                    form.add_error(None, _("该事项已被他人修改，请刷新后重新填写。"))
                    context = _context(request, form=form, entry=entry)
                    return render(request, "lenient/entry_form.html", context, status=409)
            saved = form.save(commit=False)
            saved.version = (entry.version + 1) if entry is not None else 1
            saved.save()
        messages.success(request, _("已保存清单事项 %(code)s。") % {"code": saved.code})
        return redirect("lenient:entry_list")
    status = 400 if request.method == "POST" else 200
    return render(request, "lenient/entry_form.html", _context(request, form=form, entry=entry), status=status)


@_reader
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete an entry no decision has applied (POST); one that decisions applied is ended, not deleted."""
    entry = get_object_or_404(ListEntry, pk=pk)
    if not access.may_keep_region(request.user, entry.region_id):
        raise PermissionDenied(KEEP_REFUSED)
    if request.method != "POST":
        return redirect("lenient:entry_edit", pk=pk)
    with transaction.atomic():
        entry = get_object_or_404(ListEntry.objects.select_for_update(), pk=pk)
        if entry.decisions.exists():
            messages.error(request, _("已有决定适用该事项，不能删除；请为该事项设置截止日期。"))
            return redirect("lenient:entry_edit", pk=pk)
        code = entry.code
        entry.delete()
    messages.success(request, _("已删除清单事项 %(code)s。") % {"code": code})
    return redirect("lenient:entry_list")


@_reader
def decision_upload(request: HttpRequest) -> HttpResponse:
    """Report decisions by Excel: the whole file or nothing, with the problem list; the user's recent batches."""
    if not access.may_report(request.user):
        raise PermissionDenied(REPORT_REFUSED)
    form = UploadForm(request.POST or None, request.FILES or None)
    outcome = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", imports.too_large())
        else:
            outcome = imports.upload(
                upload, actor=request.user, file_name=upload.name, dry_run=form.cleaned_data["dry_run"]
            )
            if outcome.ok and not outcome.dry_run:
                messages.success(request, outcome.summary())
                return redirect("lenient:decision_upload")
            if not outcome.ok:
                request.session[SESSION_KEY] = base64.b64encode(outcome.problems.to_xlsx()).decode("ascii")
    reports = Report.objects.visible_to(request.user).select_related("organisation", "actor")[:20]
    context = _context(
        request,
        form=form,
        outcome=outcome,
        errors=outcome.problems.errors[:SHOWN] if outcome else [],
        shown=SHOWN,
        reports=reports,
        max_mb=imports.MAX_BYTES // (1024 * 1024),
        max_rows=imports.MAX_ROWS,
    )
    bad = (outcome is not None and not outcome.ok) or (request.method == "POST" and not form.is_valid())
    return render(request, "lenient/decision_upload.html", context, status=400 if bad else 200)


@_reader
def upload_template(request: HttpRequest) -> HttpResponse:
    """The upload template, with drop-downs of the user's agencies, the entries and the party kinds."""
    if not access.may_report(request.user):
        raise PermissionDenied(REPORT_REFUSED)
    return _xlsx(imports.template_xlsx(request.user), _("免罚轻罚决定报送模板") + ".xlsx")


@_reader
def upload_problems(request: HttpRequest) -> HttpResponse:
    """The last upload's problem list, as a workbook."""
    if not access.may_report(request.user):
        raise PermissionDenied(REPORT_REFUSED)
    stored = request.session.get(SESSION_KEY)
    if not stored:
        raise Http404(_("没有可下载的问题清单。"))
    return _xlsx(base64.b64decode(stored), _("导入问题清单") + ".xlsx")
