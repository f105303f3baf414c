"""Reads of the legality line shared by the workbench and the API: who may register, the reviews, the periods."""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.legality.choices import LINE, OrganisationKind, ReviewKind
from fazhi.legality.models import ReviewPeriod
from fazhi.legality.periods import period_for
from fazhi.legality.procedure import DEFAULT_REVIEW_DAYS, PROCEDURE

REVIEWING_BODIES = (OrganisationKind.LEGALITY_SECTION, Organisation.Kind.JUSTICE_BUREAU)


def may_register(user) -> bool:
    """Whether the user may register a review request at all (the intake page's check, and its menu link's)."""
    return access.may_act(user, line=LINE, roles=PROCEDURE.intake_roles)


def intake_organisations(user) -> QuerySet[Organisation]:
    """The reviewing bodies in which the user may register a request (the procedure's intake roles)."""
    return access.intake_organisations(user, line=LINE, roles=PROCEDURE.intake_roles, kinds=REVIEWING_BODIES)


def review_list(*, user, kind: str = "", state: str = "") -> QuerySet[Case]:
    """The reviews in the user's scope, newest first, optionally of one kind or state."""
    qs = Case.objects.visible_to(user).filter(line=LINE).select_related("legality", "organisation")
    if kind:
        qs = qs.filter(legality__kind=kind)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-received_on", "-id")


def periods_in_force(user) -> list[tuple[Organisation, str, int, str, bool, bool]]:
    """For each reviewing body of the user and each kind: (body, kind label, working days, basis, confirmed,
    set locally) — the period a request received there today is given."""
    rows = []
    for organisation in access.acting_organisations(user, line=LINE, kinds=REVIEWING_BODIES).order_by("name"):
        for kind in ReviewKind:
            found: ReviewPeriod | None = period_for(organisation.region_id, kind.value)
            if found:
                rows.append((organisation, str(kind.label), found.working_days, found.basis, found.confirmed, True))
            else:
                basis = str(PROCEDURE.clocks[0].basis)
                rows.append((organisation, str(kind.label), DEFAULT_REVIEW_DAYS[kind], basis, False, False))
    return rows
