"""Reads of the mediation line shared by the workbench and the API: who may register, committees, campaigns."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation, Role
from fazhi.cases.models import Case
from fazhi.cases.selectors import case_list
from fazhi.core.lines import Line
from fazhi.mediation.choices import OrganisationKind
from fazhi.mediation.models import Campaign, Committee, CommitteeMember, Mediator
from fazhi.mediation.procedure import PROCEDURE

LINE = Line.MEDIATION
# The county bureau guides the committees and trains their mediators (人民调解法 art. 5, 14); a committee does not
# manage its own roll in this system, so its mediators read it but do not edit it.
COMMITTEE_MANAGERS = frozenset({Role.HANDLER, Role.SECTION_HEAD, Role.LEADER})
CAMPAIGN_ORGANISERS = PROCEDURE.intake_roles | {Role.LEADER}


def may_register(user) -> bool:
    """Whether the user may register a case of the line at all (the intake page's check, and its menu link's)."""
    return access.may_act(user, line=LINE, roles=PROCEDURE.intake_roles)


def intake_organisations(user) -> QuerySet[Organisation]:
    """Where the user may register a dispute: their own organisations in which they hold an intake role (art. 17)."""
    return access.intake_organisations(
        user, line=LINE, roles=PROCEDURE.intake_roles, kinds=[OrganisationKind.MEDIATION_COMMITTEE]
    )


def dispute_mediators(organisations) -> QuerySet[Mediator]:
    """Serving mediators of the committees these organisations are (art. 19: the parties may choose one)."""
    return (
        Mediator.objects.filter(committee__organisation__in=organisations, is_active=True)
        .select_related("committee__organisation")
        .order_by("committee_id", "name")
    )


def own_mediator(user, organisation: Organisation) -> Mediator | None:
    """The user's own mediator record in `organisation`'s committee, if they are one of its mediators."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Mediator.objects.filter(user=user, committee__organisation=organisation, is_active=True).first()


def campaign_organisations(user) -> QuerySet[Organisation]:
    """The organisations whose screening rounds and campaigns the user records: their own, on the mediation line."""
    return access.acting_organisations(user, line=LINE, roles=CAMPAIGN_ORGANISERS)


def dispute_campaigns(user) -> QuerySet[Campaign]:
    """Campaigns of the user's organisations, offered when a dispute is registered."""
    return (
        Campaign.objects.visible_to(user)
        .filter(organisation__in=campaign_organisations(user))
        .select_related("organisation")
    )


def campaign_list(user) -> QuerySet[Campaign]:
    """Campaigns run by organisations in the user's region subtrees, newest first, each with its dispute count."""
    return (
        Campaign.objects.visible_to(user)
        .select_related("organisation")
        .annotate(dispute_count=Count("disputes"))
        .order_by("-starts_on", "-id")
    )


def campaign_disputes(user, campaign: Campaign) -> QuerySet[Case]:
    """The disputes of a campaign the user may see."""
    return case_list(user=user, line=LINE).filter(mediation__campaign=campaign).order_by("-received_on", "-id")


def campaign_counts_by_state(cases: QuerySet[Case]) -> list[tuple[str, str, int]]:
    """(state, label, count) for every state of the procedure, in the procedure's order."""
    counts = dict(cases.order_by().values_list("state").annotate(n=Count("id")))
    return [(key, str(label), counts.get(key, 0)) for key, label in PROCEDURE.states.items()]


def committee_list(user) -> QuerySet[Committee]:
    """Committees (organisations of kind mediation_committee with a composition) in the user's subtrees."""
    return (
        Committee.objects.visible_to(user)
        .filter(organisation__kind=OrganisationKind.MEDIATION_COMMITTEE)
        .select_related("organisation__region")
        .prefetch_related(Prefetch("members", queryset=CommitteeMember.objects.filter(left_on__isnull=True)))
        .annotate(mediator_count=Count("mediators", filter=Q(mediators__is_active=True), distinct=True))
        .order_by("organisation__region_id", "organisation__name")
    )


def committee_detail(user, pk: int) -> Committee:
    """A committee in the user's scope, or Committee.DoesNotExist (→ 404)."""
    return (
        Committee.objects.visible_to(user)
        .filter(organisation__kind=OrganisationKind.MEDIATION_COMMITTEE)
        .select_related("organisation__region")
        .get(pk=pk)
    )


def committee_mediators(committee: Committee) -> QuerySet[Mediator]:
    return committee.mediators.prefetch_related("trainings").order_by("-is_active", "name")


def committee_dispute_count(committee: Committee) -> int:
    """Disputes registered by the committee (all years; the indicators count by period)."""
    return Case.objects.filter(line=LINE, organisation_id=committee.organisation_id).count()


def can_manage_committee(user, committee: Committee) -> bool:
    """Handlers, section heads and leaders of the bureau over the committee's region keep its roll (art. 5, 14)."""
    region = committee.organisation.region_id
    return access.is_active_superuser(user) or bool(
        COMMITTEE_MANAGERS & access.roles_for(user, line=LINE, region_code=region)
    )


def mediator_in_scope(user, pk: int) -> Mediator:
    """A mediator of a committee in the user's scope, or Mediator.DoesNotExist (→ 404)."""
    return Mediator.objects.visible_to(user).select_related("committee__organisation").get(pk=pk)
