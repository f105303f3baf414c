"""Reads of the reconsideration line shared by the workbench and the API: who may register, hearings, regions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, QuerySet, Subquery

from fazhi.accounts import access
from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case, CaseEvent
from fazhi.cases.selectors import case_list
from fazhi.core.lines import Line
from fazhi.reconsideration.choices import OrganisationKind
from fazhi.reconsideration.procedure import LITIGATION_RECORDERS, PROCEDURE

LINE = Line.RECONSIDERATION


# Where an active superuser may register an application (members register in their own organisations).
INTAKE_KINDS = (OrganisationKind.RECONSIDERATION_OFFICE, Organisation.Kind.JUSTICE_BUREAU)


def may_register(user) -> bool:
    """Whether the user may register a case of the line at all (the intake page's check, and its menu link's)."""
    return access.may_act(user, line=LINE, roles=PROCEDURE.intake_roles)


def intake_organisations(user) -> QuerySet[Organisation]:
    """The organisations in which the user may register an application: their memberships holding an intake role."""
    return access.intake_organisations(user, line=LINE, roles=PROCEDURE.intake_roles, kinds=INTAKE_KINDS)


def can_record_litigation(user, case: Case) -> bool:
    """Recording the suit that follows a decision is casework of the office's staff (registrar, handler, head)."""
    return bool(LITIGATION_RECORDERS & access.step_roles(user, line=LINE, organisation_id=case.organisation_id))


def respondent_agencies(user) -> QuerySet[Organisation]:
    """Enforcement agencies in the region subtrees the user works in, for the respondent select."""
    return Organisation.objects.filter(access.region_q(user, LINE), kind=Organisation.Kind.ENFORCEMENT_AGENCY)


def liaison_points(user) -> QuerySet[Organisation]:
    """Enterprise liaison points (涉企行政复议联系点) in the user's region subtrees."""
    return Organisation.objects.filter(access.region_q(user, LINE), kind=OrganisationKind.LIAISON_POINT)


def litigation_case(user, pk: int) -> Case:
    """A reconsideration case in the user's scope, or Case.DoesNotExist (→ 404)."""
    return case_list(user=user, line=LINE).get(pk=pk)


@dataclass(frozen=True)
class Hearing:
    on: date
    place: str
    case: Case


def hearings_in_month(*, user, year: int, month: int) -> list[tuple[date, list[Hearing]]]:
    """Formal hearings still to be held (state 待听证) in the user's scope in one month, grouped by day (art. 50–51).

    A case may be heard, sent back to review and scheduled again; only its latest scheduling counts.
    """
    cases = case_list(user=user, line=LINE, state="hearing_scheduled")
    latest = CaseEvent.objects.filter(case=OuterRef("case"), code="schedule_hearing").order_by("-at", "-id")
    events = (
        CaseEvent.objects.visible_to(user)
        .filter(code="schedule_hearing", case__in=cases.values("pk"))
        .filter(pk=Subquery(latest.values("pk")[:1]))
        .filter(data__hearing_on__startswith=f"{year:04d}-{month:02d}-")
        .select_related("case", "case__organisation")
    )
    days: dict[date, list[Hearing]] = defaultdict(list)
    for e in events:
        try:
            on = date.fromisoformat(str(e.data.get("hearing_on", "")))
        except ValueError:
            continue  # the runner checks the date; an unreadable one is not a hearing to show
        days[on].append(Hearing(on, str(e.data.get("place", "")), e.case))
    return [(d, sorted(days[d], key=lambda h: h.case.number)) for d in sorted(days)]
