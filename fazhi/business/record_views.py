"""The registers' staff pages: enterprises, industrial parks, notary service relations and outreach events (lists
with filters, forms, detail). Views are thin: permission (`view_helpers`), a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fazhi.business import access, selectors, services
from fazhi.business.forms import (
    EnterpriseFilter,
    EnterpriseForm,
    EventFilter,
    EventForm,
    ParkForm,
    RelationFilter,
    RelationForm,
)
from fazhi.business.models import Enterprise, IndustrialPark, NotaryRelation, OutreachEvent
from fazhi.business.view_helpers import KEEP_REFUSED, apply_errors, keeper, reader, require_keep

PAGE_SIZE = 50


def _page(request: HttpRequest, qs):
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _criteria(form) -> dict:
    return form.cleaned_data if form.is_bound and form.is_valid() else {}


def _form_page(request: HttpRequest, form, title: str, back=None) -> HttpResponse:
    status = 400 if form.errors else 200
    return render(request, "business/form.html", {"form": form, "title": title, "back": back}, status=status)


# -- enterprises --------------------------------------------------------------------------------------------------
@reader
def enterprise_list(request: HttpRequest) -> HttpResponse:
    filters = EnterpriseFilter(request.GET or None)
    page, query = _page(request, selectors.enterprise_list(request.user, _criteria(filters)))
    context = {"page": page, "query": query, "filter": filters, "may_keep": access.may_keep(request.user)}
    return render(request, "business/enterprise_list.html", context)


@keeper
def enterprise_register(request: HttpRequest) -> HttpResponse:
    form = EnterpriseForm(request.POST or None, regions=access.keeping_regions(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require_keep(request, data["region"])
        try:
            enterprise = services.enterprise_register(
                actor=request.user,
                name=data["name"],
                uscc=data["uscc"],
                region_code=data["region"],
                organisation=access.keeper_for(request.user, data["region"]),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:enterprise_detail", enterprise.pk)
    return _form_page(request, form, _("登记企业"))


@reader
def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = get_object_or_404(access.visible(Enterprise.objects.select_related("region"), request.user), pk=pk)
    context = {
        "enterprise": enterprise,
        "relations": access.visible(enterprise.notary_relations.select_related("region"), request.user),
        "events": access.visible(enterprise.outreach_events.select_related("park", "region"), request.user),
    }
    return render(request, "business/enterprise_detail.html", context)


# -- industrial parks ---------------------------------------------------------------------------------------------
@reader
def park_list(request: HttpRequest) -> HttpResponse:
    """The parks of the user's regions; keepers add one on the same page."""
    keeps = access.may_keep(request.user)
    form = ParkForm(request.POST or None, regions=access.keeping_regions(request.user)) if keeps else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(KEEP_REFUSED)
        if form.is_valid():
            region = form.cleaned_data["region"]
            require_keep(request, region)
            try:
                services.park_add(
                    actor=request.user,
                    region_code=region,
                    name=form.cleaned_data["name"],
                    organisation=access.keeper_for(request.user, region),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("已登记园区。"))
                return redirect("business:park_list")
    context = {"parks": selectors.park_list(request.user), "form": form}
    return render(request, "business/park_list.html", context, status=400 if form and form.errors else 200)


# -- notary service relations -------------------------------------------------------------------------------------
@reader
def relation_list(request: HttpRequest) -> HttpResponse:
    filters = RelationFilter(request.GET or None)
    page, query = _page(request, selectors.relation_list(request.user, _criteria(filters)))
    context = {"page": page, "query": query, "filter": filters, "may_keep": access.may_keep(request.user)}
    return render(request, "business/relation_list.html", context)


@keeper
def relation_record(request: HttpRequest) -> HttpResponse:
    """Record a relation; an enterprise not yet registered is registered with it (both or neither)."""
    initial = {"enterprise_region": access.home_region(request.user)}
    form = RelationForm(request.POST or None, initial=initial, regions=access.keeping_regions(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require_keep(request, data["region"])
        enterprise_region = data["enterprise_region"] or initial["enterprise_region"] or data["region"]
        require_keep(request, enterprise_region)
        organisation = access.keeper_for(request.user, data["region"])
        try:
            with transaction.atomic():
                enterprise = _enterprise(
                    request, data["uscc"], data["enterprise_name"], enterprise_region, field="uscc"
                )
                relation = services.relation_record(
                    actor=request.user,
                    notary_office=data["notary_office"],
                    region_code=data["region"],
                    enterprise=enterprise,
                    started_on=data["started_on"],
                    ended_on=data["ended_on"],
                    services=data["services"],
                    organisation=organisation,
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:relation_detail", relation.pk)
    return _form_page(request, form, _("登记公证服务对接"))


def _enterprise(request: HttpRequest, code: str, name: str, region_code: str, *, field: str) -> Enterprise:
    """The enterprise of `code` among those the user reads, registered in `region_code` when new (its name is then
    required). A code registered outside the user's regions is refused without saying where: one region's keeper
    never links (nor learns of) another region's enterprise."""
    found = access.visible(Enterprise.objects.all(), request.user).filter(uscc=code).first()
    if found is not None:
        return found
    if Enterprise.objects.filter(uscc=code).exists():
        raise ValidationError({field: _("代码为%(code)s的企业不在您的管辖范围内，不能引用。") % {"code": code}})
    if not name.strip():
        raise ValidationError({"enterprise_name": _("代码为%(code)s的企业尚未登记，请填写企业名称。") % {"code": code}})
    return services.enterprise_register(
        actor=request.user,
        name=name,
        uscc=code,
        region_code=region_code,
        organisation=access.keeper_for(request.user, region_code),
    )


@reader
def relation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    relation = get_object_or_404(
        access.visible(NotaryRelation.objects.select_related("region", "enterprise"), request.user), pk=pk
    )
    context = {"relation": relation, "may_keep": access.can_keep(request.user, relation.region_id)}
    return render(request, "business/relation_detail.html", context)


@keeper
def relation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    relation = get_object_or_404(
        access.visible(NotaryRelation.objects.select_related("region", "enterprise"), request.user), pk=pk
    )
    require_keep(request, relation.region_id)
    initial = {
        "notary_office": relation.notary_office,
        "started_on": relation.started_on,
        "ended_on": relation.ended_on,
        "services": relation.services,
        "version": relation.version,
    }
    form = RelationForm(
        request.POST or None, initial=initial, regions=access.keeping_regions(request.user), editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.relation_update(
                actor=request.user,
                relation=relation,
                version=data["version"],
                notary_office=data["notary_office"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                services=data["services"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:relation_detail", relation.pk)
    return _form_page(request, form, _("修改公证服务对接"), back=relation)


# -- outreach events ----------------------------------------------------------------------------------------------
@reader
def event_list(request: HttpRequest) -> HttpResponse:
    filters = EventFilter(request.GET or None)
    page, query = _page(request, selectors.event_list(request.user, _criteria(filters)))
    context = {"page": page, "query": query, "filter": filters, "may_keep": access.may_keep(request.user)}
    return render(request, "business/event_list.html", context)


def _parks(request: HttpRequest):
    return access.visible(IndustrialPark.objects.select_related("region"), request.user).order_by("region_id", "name")


def _enterprises(request: HttpRequest, lines: list[tuple[str, str]], region_code: str) -> list[Enterprise]:
    return [_enterprise(request, code, name, region_code, field="enterprises") for code, name in lines]


@keeper
def event_record(request: HttpRequest) -> HttpResponse:
    """Log an outreach event; enterprises not yet registered are registered with it (all or nothing)."""
    form = EventForm(request.POST or None, regions=access.keeping_regions(request.user), parks=_parks(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require_keep(request, data["region"])
        try:
            with transaction.atomic():
                event = services.event_record(
                    actor=request.user,
                    held_on=data["held_on"],
                    region_code=data["region"],
                    park=data["park"],
                    enterprises=_enterprises(request, data["enterprises"], data["region"]),
                    topic=data["topic"],
                    kind=data["kind"],
                    lecture_count=data["lecture_count"],
                    audience=data["audience"],
                    notes=data["notes"],
                    organisation=access.keeper_for(request.user, data["region"]),
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:event_detail", event.pk)
    return _form_page(request, form, _("登记进园区进企业活动"))


def _visible_event(request: HttpRequest, pk: int) -> OutreachEvent:
    return get_object_or_404(
        access.visible(OutreachEvent.objects.select_related("region", "park", "created_by"), request.user), pk=pk
    )


@reader
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    context = {
        "event": event,
        "enterprises": event.enterprises.select_related("region").order_by("name"),
        "may_keep": access.can_keep(request.user, event.region_id),
    }
    return render(request, "business/event_detail.html", context)


@keeper
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _visible_event(request, pk)
    require_keep(request, event.region_id)
    initial = {
        "held_on": event.held_on,
        "park": event.park_id,
        "kind": event.kind,
        "topic": event.topic,
        "lecture_count": event.lecture_count,
        "audience": event.audience,
        "enterprises": "\n".join(event.enterprises.order_by("name").values_list("uscc", flat=True)),
        "notes": event.notes,
        "version": event.version,
    }
    parks = _parks(request).filter(region__code__startswith=event.region.prefix)
    form = EventForm(
        request.POST or None, initial=initial, regions=access.keeping_regions(request.user), parks=parks, editing=True
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                services.event_update(
                    actor=request.user,
                    event=event,
                    version=data["version"],
                    held_on=data["held_on"],
                    park=data["park"],
                    enterprises=_enterprises(request, data["enterprises"], event.region_id),
                    topic=data["topic"],
                    kind=data["kind"],
                    lecture_count=data["lecture_count"],
                    audience=data["audience"],
                    notes=data["notes"],
                )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            return redirect("business:event_detail", event.pk)
    return _form_page(request, form, _("修改进园区进企业活动"), back=event)
