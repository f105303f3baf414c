"""Certificates in force on a day, read from their history (`CertificateEvent`), never from a stored counter.

A certificate is in force on day X when its last move on or before X left it 有效 (valid) and the validity recorded
with that move covers X (issued on or before X, not yet expired); a certificate suspended, cancelled or withdrawn on
or before X is not, nor one whose move putting it in force came after X. Moves are dated and kept in order (the
services refuse a move dated before the last), so the last move is the latest date, then the latest row.
"""

from __future__ import annotations

from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from fazhi.enforcement.choices import CertificateKind, State
from fazhi.enforcement.models import Certificate, CertificateEvent


def in_force_on(
    day: date, *, kind: str | None = None, prefix: str = "", ending_by: date | None = None
) -> QuerySet[Certificate]:
    """Certificates (of `kind`, held in units of the region subtree `prefix`) in force on `day`; with `ending_by`,
    only those whose validity as the history recorded it on `day` ends on or before that date (a later renewal
    does not change what was expiring then)."""
    last = (
        CertificateEvent.objects.filter(certificate=OuterRef("certificate"), on__lte=day)
        .order_by("-on", "-id")
        .values("id")[:1]
    )
    events = CertificateEvent.objects.filter(
        on__lte=day, state_after=State.VALID, valid_from__lte=day, valid_to__gte=day, id=Subquery(last)
    )
    if ending_by is not None:
        events = events.filter(valid_to__lte=ending_by)
    qs = Certificate.objects.filter(pk__in=events.values("certificate_id"))
    if kind:
        qs = qs.filter(kind=kind)
    if prefix:
        qs = qs.filter(officer__organisation__region__code__startswith=prefix)
    return qs


def a_year_before(day: date) -> date:
    """The same day a year earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def supervisors_in_force(day: date, prefix: str = "") -> QuerySet[Certificate]:
    """监督证 in force on `day`: the certified supervisors (持证监督人员) of the region subtree."""
    return in_force_on(day, kind=CertificateKind.SUPERVISION, prefix=prefix)
