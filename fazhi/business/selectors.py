"""Reads the business-environment pages and API share: the lists with their filters, each scoped to the reader's
regions (`fazhi.business.access.visible`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from fazhi.business import access
from fazhi.business.choices import VersionState
from fazhi.business.models import (
    Enterprise,
    IndustrialPark,
    NotaryRelation,
    OutreachEvent,
    ServiceItem,
    ServiceList,
    ServiceListVersion,
    in_force,
)
from fazhi.core.regions import subtree_prefix


def event_list(user, criteria: dict[str, Any]) -> QuerySet[OutreachEvent]:
    """Outreach events the user reads, newest first, filtered by year, region subtree, park, kind and topic."""
    qs = access.visible(OutreachEvent.objects.select_related("region", "park"), user)
    if criteria.get("year"):
        year = criteria["year"]
        qs = qs.filter(held_on__range=(date(year, 1, 1), date(year, 12, 31)))
    if criteria.get("region"):
        qs = qs.filter(region__code__startswith=_prefix(criteria["region"]))
    if criteria.get("park"):
        qs = qs.filter(park_id=criteria["park"])
    if criteria.get("kind"):
        qs = qs.filter(kind=criteria["kind"])
    if criteria.get("topic"):
        qs = qs.filter(topic__contains=criteria["topic"])
    return qs.annotate(enterprise_count=Count("enterprises")).order_by("-held_on", "-pk")


def relation_list(user, criteria: dict[str, Any]) -> QuerySet[NotaryRelation]:
    """Notary service relations the user reads, filtered by a year they were in force in, region subtree and a
    name (office or enterprise) or credit code."""
    qs = access.visible(NotaryRelation.objects.select_related("region", "enterprise"), user)
    if criteria.get("year"):
        year = criteria["year"]
        qs = in_force(qs, date(year, 1, 1), date(year, 12, 31))
    if criteria.get("region"):
        qs = qs.filter(region__code__startswith=_prefix(criteria["region"]))
    if criteria.get("q"):
        text = criteria["q"].strip()
        qs = qs.filter(
            Q(notary_office__contains=text) | Q(enterprise__name__contains=text) | Q(enterprise__uscc=text.upper())
        )
    return qs.order_by("-started_on", "-pk")


def enterprise_list(user, criteria: dict[str, Any]) -> QuerySet[Enterprise]:
    qs = access.visible(Enterprise.objects.select_related("region"), user)
    if criteria.get("region"):
        qs = qs.filter(region__code__startswith=_prefix(criteria["region"]))
    if criteria.get("q"):
        text = criteria["q"].strip()
        qs = qs.filter(Q(name__contains=text) | Q(uscc=text.upper()))
    return qs.order_by("name", "pk")


def park_list(user) -> QuerySet[IndustrialPark]:
    """Parks the user reads, with the number of events held in each."""
    qs = access.visible(IndustrialPark.objects.select_related("region"), user)
    return qs.annotate(event_count=Count("events")).order_by("region_id", "name")


def _newest_number() -> Subquery:
    """The number of a list's current version (the highest published), for a version's row: one subquery in the
    same statement, not a query per list."""
    newest = ServiceListVersion.objects.filter(service_list=OuterRef("service_list"), state=VersionState.PUBLISHED)
    return Subquery(newest.order_by("-number").values("number")[:1])


def items_of(version: ServiceListVersion) -> QuerySet[ServiceItem]:
    """A version's services with what the pages show of them (provider, region) in the same statement."""
    return version.items.select_related("provider_organisation", "region")


def service_lists(user) -> list[tuple[ServiceList, ServiceListVersion | None, ServiceListVersion | None]]:
    """The lists the user reads, each with its current version and its draft (None when there is none), in two
    statements however many lists there are."""
    shown = ServiceListVersion.objects.filter(Q(state=VersionState.DRAFT) | Q(number=_newest_number()))
    lists = access.visible(ServiceList.objects.select_related("region"), user).order_by("region_id")
    rows = []
    for service_list in lists.prefetch_related(Prefetch("versions", queryset=shown, to_attr="shown")):
        current = next((v for v in service_list.shown if not v.is_draft), None)
        draft = next((v for v in service_list.shown if v.is_draft), None)
        rows.append((service_list, current, draft))
    return rows


def published_lists() -> list[tuple[ServiceList, ServiceListVersion]]:
    """Every list with a published version, and that version (the highest number): what the public page shows.
    Two statements however many lists and services: the current versions with their lists, then their services."""
    items = ServiceItem.objects.select_related("provider_organisation", "region")
    versions = (
        ServiceListVersion.objects.filter(state=VersionState.PUBLISHED, number=_newest_number())
        .select_related("service_list__region")
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("service_list__region_id")
    )
    return [(version.service_list, version) for version in versions]


def _prefix(code: str) -> str:
    return subtree_prefix(code)
