"""The enterprise legal-service list (涉企法律服务清单): the staff pages (the lists, a list's versions, its draft,
publishing) and the public page showing each list's current published version only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fazhi.accounts.models import Organisation
from fazhi.business import access, selectors, services
from fazhi.business.choices import VersionState
from fazhi.business.forms import ItemForm, PublishForm, RevisionForm, ServiceListForm
from fazhi.business.models import ServiceItem, ServiceList, ServiceListVersion
from fazhi.business.view_helpers import apply_errors, keeper, reader, require_keep
from fazhi.core.models import Region


def _visible_list(request: HttpRequest, pk: int) -> ServiceList:
    return get_object_or_404(access.visible(ServiceList.objects.select_related("region"), request.user), pk=pk)


def _providers(service_list: ServiceList):
    """The organisations a service may name as provider: those of the list's city."""
    return Organisation.objects.filter(region__code__startswith=service_list.region_id[:4]).order_by(
        "region_id", "name"
    )


def _item_regions(service_list: ServiceList):
    return Region.objects.filter(code__startswith=service_list.region.prefix).exclude(level="village")


def _item_form(service_list: ServiceList, data=None, **kwargs) -> ItemForm:
    return ItemForm(data, regions=_item_regions(service_list), organisations=_providers(service_list), **kwargs)


@reader
def service_list_index(request: HttpRequest) -> HttpResponse:
    """The lists the user reads, each with its current version and whether a draft is open."""
    context = {"rows": selectors.service_lists(request.user), "may_keep": access.may_keep(request.user)}
    return render(request, "business/service_list_index.html", context)


@keeper
def service_list_create(request: HttpRequest) -> HttpResponse:
    """Open a region's list (with an empty draft)."""
    form = ServiceListForm(request.POST or None, regions=access.keeping_regions(request.user))
    if request.method == "POST" and form.is_valid():
        region = form.cleaned_data["region"]
        require_keep(request, region)
        try:
            service_list = services.service_list_create(
                actor=request.user,
                region_code=region,
                title=form.cleaned_data["title"],
                organisation=access.keeper_for(request.user, region),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:service_list_detail", service_list.pk)
    status = 400 if form.errors else 200
    return render(request, "business/form.html", {"form": form, "title": _("新建涉企法律服务清单")}, status=status)


@reader
def service_list_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A list: its current published version, its draft (editable by its keepers) and every earlier version."""
    service_list = _visible_list(request, pk)
    draft = service_list.draft()
    current = service_list.current()
    keeps = access.can_keep(request.user, service_list.region_id)
    context = {
        "service_list": service_list,
        "current": current,
        "current_items": selectors.items_of(current) if current else [],
        "draft": draft,
        "draft_items": selectors.items_of(draft) if draft else [],
        "published": service_list.versions.filter(state=VersionState.PUBLISHED).order_by("-number"),
        "may_keep": keeps,
        "item_form": _item_form(service_list, initial={"revision": draft.revision}) if keeps and draft else None,
        "publish_form": PublishForm(initial={"published_on": timezone.localdate(), "revision": draft.revision})
        if keeps and draft
        else None,
    }
    return render(request, "business/service_list_detail.html", context)


@reader
def service_version(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """A published version as it was frozen."""
    service_list = _visible_list(request, pk)
    version = get_object_or_404(service_list.versions, number=number, state=VersionState.PUBLISHED)
    context = {"service_list": service_list, "version": version, "items": selectors.items_of(version)}
    return render(request, "business/service_version.html", context)


@require_POST
@keeper
def draft_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a draft: a copy of the current version to edit (or the draft already open)."""
    service_list = _visible_list(request, pk)
    require_keep(request, service_list.region_id)
    services.draft_start(actor=request.user, service_list=service_list)
    return redirect("business:service_list_detail", service_list.pk)


def _draft_item(request: HttpRequest, pk: int) -> ServiceItem:
    """A service of a draft the user reads; one of a published version is frozen (404 here)."""
    items = ServiceItem.objects.select_related("version__service_list__region")
    scoped = access.visible(items, request.user)
    return get_object_or_404(scoped, pk=pk, version__state=VersionState.DRAFT)


def _draft_of(service_list: ServiceList) -> ServiceListVersion:
    draft = service_list.draft()
    if draft is None:
        raise Http404(_("该清单没有草稿。"))
    return draft


@require_POST
@keeper
def item_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a service to the draft."""
    service_list = _visible_list(request, pk)
    require_keep(request, service_list.region_id)
    draft = _draft_of(service_list)
    form = _item_form(service_list, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.item_add(
                actor=request.user,
                version=draft,
                revision=data["revision"],
                service=data["service"],
                provider_organisation=data["provider_organisation"],
                provider_name=data["provider_name"],
                contact=data["contact"],
                region_code=data["region"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已添加服务事项。"))
            return redirect("business:service_list_detail", service_list.pk)
    context = {"form": form, "title": _("添加服务事项"), "back": service_list}
    return render(request, "business/form.html", context, status=400)


@keeper
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a service of the draft; a published version's services are frozen (404 here)."""
    item = _draft_item(request, pk)
    service_list = item.version.service_list
    require_keep(request, service_list.region_id)
    initial = {
        "service": item.service,
        "provider_organisation": item.provider_organisation_id,
        "provider_name": item.provider_name,
        "contact": item.contact,
        "region": item.region_id,
        "revision": item.version.revision,
    }
    form = _item_form(service_list, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.item_update(
                actor=request.user,
                item=item,
                revision=data["revision"],
                service=data["service"],
                provider_organisation=data["provider_organisation"],
                provider_name=data["provider_name"],
                contact=data["contact"],
                region_code=data["region"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:service_list_detail", service_list.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "title": _("修改服务事项"), "back": service_list}
    return render(request, "business/form.html", context, status=status)


@require_POST
@keeper
def item_remove(request: HttpRequest, pk: int) -> HttpResponse:
    item = _draft_item(request, pk)
    service_list = item.version.service_list
    require_keep(request, service_list.region_id)
    form = RevisionForm(request.POST)
    revision = form.cleaned_data["revision"] if form.is_valid() else None
    try:
        services.item_remove(actor=request.user, item=item, revision=revision)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    return redirect("business:service_list_detail", service_list.pk)


@require_POST
@keeper
def version_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish the draft as the next numbered version (frozen from then on)."""
    service_list = _visible_list(request, pk)
    require_keep(request, service_list.region_id)
    draft = _draft_of(service_list)
    form = PublishForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                version = services.version_publish(
                    actor=request.user,
                    version=draft,
                    revision=data["revision"],
                    published_on=data["published_on"],
                    note=data["note"],
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已发布第%(n)s版。") % {"n": version.number})
            return redirect("business:service_list_detail", service_list.pk)
    context = {"form": form, "title": _("发布清单"), "back": service_list}
    return render(request, "business/form.html", context, status=400)


def public_service_list(request: HttpRequest) -> HttpResponse:
    """The public page (anyone, no login): each region's current published version, never a draft."""
    return render(request, "business/public_service_list.html", {"lists": selectors.published_lists()})
