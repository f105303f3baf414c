"""Reads of the supervision line shared by the pages and the API: who may read and act, the cases, the checks, the
interviews. An agency's reporter (执法数据报送员) is a member of the line for the lenient-penalty register only: the
line's own pages refuse them (its records concern other agencies too)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation, OrganisationKind, Role
from fazhi.cases.models import Case
from fazhi.supervision.choices import LINE, LineRole
from fazhi.supervision.models import HealthCheck, HealthCheckPlan, Interview
from fazhi.supervision.procedure import PROCEDURE

SUPERVISING_BODIES = (OrganisationKind.SUPERVISION_BODY, OrganisationKind.JUSTICE_BUREAU)
READERS_EXCLUDED = frozenset({LineRole.REPORTER.value, Role.AUDITOR.value})
WRITERS = frozenset({LineRole.SUPERVISOR.value, Role.HANDLER.value, Role.SECTION_HEAD.value, Role.LEADER.value})


def may_read(user) -> bool:
    """Whether the user opens the line's pages: a member of the line other than an agency's reporter."""
    if access.is_active_superuser(user):
        return True
    return any(s.role not in READERS_EXCLUDED for s in access.line_scopes(user, LINE))


def may_register(user) -> bool:
    """Whether the user may register a lead at all (the intake page's check, and its menu link's)."""
    return access.may_act(user, line=LINE, roles=PROCEDURE.intake_roles)


def intake_organisations(user) -> QuerySet[Organisation]:
    return access.intake_organisations(user, line=LINE, roles=PROCEDURE.intake_roles, kinds=SUPERVISING_BODIES)


def working_organisations(user) -> QuerySet[Organisation]:
    """The supervision bodies in which the user plans checks and handles interviews."""
    return access.acting_organisations(user, line=LINE, roles=WRITERS, kinds=SUPERVISING_BODIES).filter(
        kind__in=SUPERVISING_BODIES
    )


def may_work(user) -> bool:
    return access.may_act(user, line=LINE, roles=WRITERS) and working_organisations(user).exists()


def may_write_in(user, organisation_id: int) -> bool:
    return working_organisations(user).filter(pk=organisation_id).exists()


def agencies(user) -> QuerySet[Organisation]:
    """The enforcement agencies of the user's region subtrees on the line."""
    q = access.region_q(user, LINE, field="region__code")
    if access.is_active_superuser(user):
        q = Q()
    return Organisation.objects.filter(q, kind=OrganisationKind.ENFORCEMENT_AGENCY).order_by("region_id", "name")


def case_list(*, user, state: str = "", source: str = "") -> QuerySet[Case]:
    qs = Case.objects.visible_to(user).filter(line=LINE).select_related("supervision__agency", "organisation")
    if state:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(supervision__source=source)
    return qs.order_by("-received_on", "-id")


def plan_list(user) -> QuerySet[HealthCheckPlan]:
    return HealthCheckPlan.objects.visible_to(user).select_related("organisation").order_by("-year", "-id")


def checks_of(user, plan: HealthCheckPlan) -> QuerySet[HealthCheck]:
    return (
        HealthCheck.objects.visible_to(user)
        .filter(plan=plan)
        .select_related("agency")
        .prefetch_related("findings")
        .order_by("id")
    )


def interview_list(user, state: str = "") -> QuerySet[Interview]:
    qs = Interview.objects.visible_to(user).select_related("agency", "organisation")
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-period_end", "state", "agency__name")
