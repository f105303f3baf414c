"""Reads of the legal-aid line shared by the workbench and the API: who may register, consultations, standards."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation
from fazhi.core.crypto import search_token, token_digest
from fazhi.core.lines import Line
from fazhi.legal_aid import eligibility
from fazhi.legal_aid.choices import OrganisationKind
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord
from fazhi.legal_aid.procedure import PROCEDURE, STAFF

LINE = Line.LEGAL_AID
AID_ORGANISATIONS = (OrganisationKind.LEGAL_AID_CENTRE, Organisation.Kind.JUSTICE_BUREAU)


def may_register(user) -> bool:
    """Whether the user may register a case of the line at all (the intake page's check, and its menu link's)."""
    return access.may_act(user, line=LINE, roles=PROCEDURE.intake_roles)


def intake_organisations(user) -> QuerySet[Organisation]:
    """Organisations in which the user may register an application: memberships holding the procedure's intake role."""
    return access.intake_organisations(user, line=LINE, roles=PROCEDURE.intake_roles, kinds=AID_ORGANISATIONS)


def consultation_organisations(user) -> QuerySet[Organisation]:
    """Organisations in which the user may record a consultation: registrar, handler or section head on the line."""
    return access.acting_organisations(user, line=LINE, roles=STAFF, kinds=AID_ORGANISATIONS)


def phone_token(value: str) -> str:
    """What stands for a caller's full phone in a URL: its search token ("" for no phone)."""
    return search_token("phone", value)


def consultation_list(
    *, user, on_from: date | None = None, on_to: date | None = None, channel: str = "", phone: str = ""
) -> QuerySet[Consultation]:
    """Consultations in the region subtrees of the user's legal-aid memberships, newest first; nothing otherwise.

    `phone` (a full phone or its token) keeps the caller's consultations, found through the blind index.
    """
    qs = Consultation.objects.visible_to(user).select_related("organisation", "handled_by", "application")
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
    organisations = access.acting_organisations(user, line=LINE, kinds=AID_ORGANISATIONS)
    return [StandardInForce(o, HardshipStandardRecord.for_region(o.region_id, on)) for o in organisations]
