"""Reads of the legal-aid line shared by the workbench and the API: who may register, consultations, standards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from fazhi.accounts.access import Scope, scopes_of
from fazhi.accounts.models import Organisation, Role
from fazhi.core.crypto import search_token, token_digest
from fazhi.core.lines import Line
from fazhi.legal_aid import eligibility
from fazhi.legal_aid.choices import OrganisationKind
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord
from fazhi.legal_aid.procedure import PROCEDURE, STAFF

LINE = Line.LEGAL_AID
AID_ORGANISATIONS = (OrganisationKind.LEGAL_AID_CENTRE, Organisation.Kind.JUSTICE_BUREAU)


def line_scopes(user) -> list[Scope]:
    """The user's memberships that reach legal-aid records (auditors read only the audit trail)."""
    return [s for s in scopes_of(user) if LINE in s.lines and s.role != Role.AUDITOR]


def can_read_line(user) -> bool:
    """Whether the user may open the legal-aid workbench pages at all."""
    return getattr(user, "is_superuser", False) or bool(line_scopes(user))


def _organisations(user, roles: frozenset[str]) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("region").order_by("region_id", "name")
    if getattr(user, "is_superuser", False):
        return qs.filter(kind__in=AID_ORGANISATIONS)
    return qs.filter(pk__in={s.organisation_id for s in line_scopes(user) if s.role in roles})


def intake_organisations(user) -> QuerySet[Organisation]:
    """Organisations in which the user may register an application: memberships holding the procedure's intake role."""
    return _organisations(user, PROCEDURE.intake_roles)


def consultation_organisations(user) -> QuerySet[Organisation]:
    """Organisations in which the user may record a consultation: registrar, handler or section head on the line."""
    return _organisations(user, STAFF)


def phone_token(value: str) -> str:
    """What stands for a caller's full phone in a URL: its search token ("" for no phone)."""
    return search_token("phone", value)


def consultation_list(
    *, user, on_from: date | None = None, on_to: date | None = None, channel: str = "", phone: str = ""
) -> QuerySet[Consultation]:
    """Consultations in the region subtrees of the user's legal-aid memberships, newest first; nothing otherwise.

    `phone` (a full phone or its token) keeps the caller's consultations, found through the blind index.
    """
    qs = Consultation.objects.select_related("organisation", "handled_by", "application")
    if not getattr(user, "is_superuser", False):
        prefixes = sorted({s.prefix for s in line_scopes(user)})
        q = Q(pk__in=[])
        for p in prefixes:
            q |= Q(region__code__startswith=p)
        qs = qs.filter(q)
    if on_from:
        qs = qs.filter(on__gte=on_from)
    if on_to:
        qs = qs.filter(on__lte=on_to)
    if channel:
        qs = qs.filter(channel=channel)
    if phone:
        digest = token_digest(phone_token(phone))
        qs = qs.filter(phone_index=digest) if digest else qs.none()
    return qs


@dataclass(frozen=True)
class StandardInForce:
    organisation: Organisation
    standard: eligibility.HardshipStandard | None


def standards_in_force(*, user, on: date) -> list[StandardInForce]:
    """The hardship standard in force on `on` for the region of each legal-aid organisation of the user (art. 34)."""
    if getattr(user, "is_superuser", False):
        organisations = Organisation.objects.filter(kind__in=AID_ORGANISATIONS).select_related("region")
    else:
        ids = {s.organisation_id for s in line_scopes(user)}
        organisations = Organisation.objects.filter(pk__in=ids).select_related("region")
    return [
        StandardInForce(o, HardshipStandardRecord.for_region(o.region_id, on))
        for o in organisations.order_by("region_id", "name")
    ]
