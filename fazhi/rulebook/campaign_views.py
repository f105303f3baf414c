"""Cleanup pages (清理): authenticate → scope → permission → call a service → render.

Any staff member reads the campaigns, as they read the rule book; the legality office of the organising bureau
writes them (`campaigns.may_write`).
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.audit.services import records_access
from fazhi.cases.views import staff_required
from fazhi.rulebook import access, campaigns, lists
from fazhi.rulebook.campaign_forms import CampaignForm, CloseForm, DecideForm
from fazhi.rulebook.choices import CampaignState, DocumentKind
from fazhi.rulebook.models import CleanupCampaign, CleanupItem, NormativeDocument

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors_into(form: forms.Form, exc: ValidationError) -> None:
    """The service's refusal onto the form, by field where the form has the field (the input stays as typed)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@staff_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """Every cleanup, newest first, with its counts."""
    qs = CleanupCampaign.objects.select_related("organisation", "region").order_by("-started_on", "-id")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    context = {"page": page, "may_write": campaigns.may_write(request.user), "today": timezone.localdate()}
    return render(request, "rulebook/campaign_list.html", context)


@staff_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    """Open a cleanup: its topic, scope and dates."""
    organisations = access.writing_organisations(request.user)
    if not organisations.exists():
        raise PermissionDenied(_("仅司法局合法性审核人员可以组织清理工作。"))
    form = CampaignForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = campaigns.campaign_create(actor=request.user, **data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("已创建清理工作：%(t)s") % {"t": campaign.title})
            return redirect("rulebook:campaign_detail", pk=campaign.pk)
    return render(request, "rulebook/campaign_form.html", {"form": form, "may_write": True})


def _detail(
    request: HttpRequest,
    campaign: CleanupCampaign,
    *,
    bound: dict[int, DecideForm] | None = None,
    close_form: CloseForm | None = None,
    add_error: str = "",
    status: int = 200,
) -> HttpResponse:
    writable = campaign.state == CampaignState.OPEN and campaigns.may_write(request.user, campaign)
    items = list(campaign.items.select_related("document").order_by("id"))
    rows: list[dict[str, Any]] = []
    for item in items:
        form = None
        if writable:
            form = (bound or {}).get(item.pk) or DecideForm(
                prefix=f"item{item.pk}",
                initial={
                    "result": item.result,
                    "reasons": item.reasons,
                    "owner": item.owner,
                    "due_on": item.due_on,
                    "decided_on": item.decided_on,
                }
                if item.result
                else None,
            )
        rows.append({"item": item, "form": form})
    context = {
        "campaign": campaign,
        "may_write": campaigns.may_write(request.user),
        "kind_labels": [DocumentKind(k).label for k in campaign.kinds if k in DocumentKind.values],
        "rows": rows,
        "writable": writable,
        "candidates": campaigns.campaign_candidates(campaign, actor=request.user) if writable else [],
        "close_form": close_form or (CloseForm() if writable else None),
        "add_error": add_error,
        "lists": lists.published_lists(campaign) if campaign.state == CampaignState.CLOSED else [],
    }
    return render(request, "rulebook/campaign_detail.html", context, status=status)


def _campaign(pk: int) -> CleanupCampaign:
    return get_object_or_404(CleanupCampaign.objects.select_related("organisation", "region"), pk=pk)


def _writable(request: HttpRequest, pk: int) -> CleanupCampaign:
    campaign = _campaign(pk)
    if not campaigns.may_write(request.user, campaign):
        raise PermissionDenied(_("仅本地区司法局合法性审核人员可以办理该清理工作。"))
    return campaign


@staff_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The campaign, its documents and results, the candidates found in its scope, and its lists once complete."""
    return _detail(request, _campaign(pk))


@require_POST
@staff_required
def campaign_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put the ticked candidates on the campaign's list."""
    campaign = _writable(request, pk)
    ids = [v for v in request.POST.getlist("document") if v.isdigit()]
    documents = list(NormativeDocument.objects.filter(pk__in=ids))
    try:
        added = campaigns.campaign_add(campaign=campaign, documents=documents, actor=request.user)
    except ValidationError as exc:
        return _detail(request, campaign, add_error="；".join(exc.messages), status=400)
    messages.success(request, _("已列入清理文件%(n)s件。") % {"n": len(added)})
    return redirect("rulebook:campaign_detail", pk=campaign.pk)


@require_POST
@staff_required
def campaign_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Take a document off the list while the campaign is open."""
    campaign = _writable(request, pk)
    row = get_object_or_404(CleanupItem, pk=item, campaign=campaign)
    try:
        campaigns.campaign_remove(item=row, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已移出清理：%(doc)s") % {"doc": row.document})
    return redirect("rulebook:campaign_detail", pk=campaign.pk)


@require_POST
@staff_required
def item_decide(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    """Record one document's result."""
    campaign = _writable(request, pk)
    row = get_object_or_404(CleanupItem.objects.select_related("document", "campaign"), pk=item, campaign=campaign)
    form = DecideForm(request.POST, prefix=f"item{row.pk}")
    if form.is_valid():
        try:
            campaigns.item_decide(item=row, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("已记录清理结果：%(doc)s") % {"doc": row.document})
            return redirect("rulebook:campaign_detail", pk=campaign.pk)
    return _detail(request, campaign, bound={row.pk: form}, status=400)


@require_POST
@staff_required
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Complete the campaign: the results take effect in the registry and the lists are published."""
    campaign = _writable(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            campaigns.campaign_close(campaign=campaign, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, _("清理工作已完成，清理结果已在文件库中生效。"))
            return redirect("rulebook:campaign_detail", pk=campaign.pk)
    return _detail(request, _campaign(pk), close_form=form, status=400)


def _published(pk: int) -> CleanupCampaign:
    campaign = _campaign(pk)
    if campaign.state != CampaignState.CLOSED:
        raise PermissionDenied(_("清理工作完成后方可下载清理结果目录。"))
    return campaign


# characters no file name may hold on Windows or Linux, and control characters
_UNSAFE_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def _file_name(campaign: CleanupCampaign, extension: str) -> str:
    """The download's name: 《清理工作名称》清理目录.docx (book-title marks inside the title become the inner marks
    〈〉, as nested titles are written), in Chinese whatever the interface language, as the lists inside are."""
    title = _UNSAFE_IN_NAMES.sub("", campaign.title).strip().replace("《", "〈").replace("》", "〉")
    with translation.override(settings.LANGUAGE_CODE):
        return _("《%(title)s》清理目录") % {"title": title or _("清理工作")} + f".{extension}"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)  # RFC 5987 filename*
    return response


@records_access("export", what="rulebook.cleanup_lists")
@staff_required
def campaign_lists_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The published lists as a Word document."""
    campaign = _published(pk)
    return _download(lists.lists_docx(campaign), DOCX, _file_name(campaign, "docx"))


@records_access("export", what="rulebook.cleanup_lists")
@staff_required
def campaign_lists_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The published lists as an Excel workbook."""
    campaign = _published(pk)
    return _download(lists.lists_xlsx(campaign), XLSX, _file_name(campaign, "xlsx"))
