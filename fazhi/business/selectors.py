"""Reads the business-environment pages and API share: the lists with their filters, each scoped to the reader's
regions (`fazhi.business.access.visible`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet

from fazhi.business import access
from fazhi.business.choices import VersionState
from fazhi.business.models import (
    Enterprise,
    IndustrialPark,
    NotaryRelation,
    OutreachEvent,
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
            Q(notary_office__contains=text)
            | Q(enterprise__name__contains=text)
            | Q(enterprise__credit_code=text.upper())
        )
    return qs.order_by("-started_on", "-pk")


def enterprise_list(user, criteria: dict[str, Any]) -> QuerySet[Enterprise]:
    qs = access.visible(Enterprise.objects.select_related("region"), user)
    if criteria.get("region"):
        qs = qs.filter(region__code__startswith=_prefix(criteria["region"]))
    if criteria.get("q"):
        text = criteria["q"].strip()
        qs = qs.filter(Q(name__contains=text) | Q(credit_code=text.upper()))
    return qs.order_by("name", "pk")


def park_list(user) -> QuerySet[IndustrialPark]:
    """Parks the user reads, with the number of events held in each."""
    qs = access.visible(IndustrialPark.objects.select_related("region"), user)
    return qs.annotate(event_count=Count("events")).order_by("region_id", "name")


def service_lists(user) -> QuerySet[ServiceList]:
    return access.visible(ServiceList.objects.select_related("region"), user).order_by("region_id")


def published_lists() -> list[tuple[ServiceList, ServiceListVersion]]:
    """Every list with a published version, and that version (the highest number): what the public page shows."""
    found = []
    for service_list in ServiceList.objects.select_related("region").order_by("region_id"):
        current = (
            service_list.versions.filter(state=VersionState.PUBLISHED)
            .order_by("-number")
            .prefetch_related("items__provider_organisation", "items__region")
            .first()
        )
        if current is not None:
            found.append((service_list, current))
    return found


def _prefix(code: str) -> str:
    return subtree_prefix(code)
