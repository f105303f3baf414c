"""Reads of the reconsideration line shared by the workbench and the API: who may register, hearings, regions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.db.models import OuterRef, Q, QuerySet, Subquery

from fazhi.accounts.access import Scope, scopes_of
from fazhi.accounts.models import Organisation, Role
from fazhi.cases.models import Case, CaseEvent
from fazhi.cases.selectors import case_list
from fazhi.core.lines import Line
from fazhi.reconsideration.choices import OrganisationKind
from fazhi.reconsideration.procedure import PROCEDURE, STAFF

LINE = Line.RECONSIDERATION


def line_scopes(user) -> list[Scope]:
    """The user's memberships that reach reconsideration case files (auditors read only the audit trail)."""
    return [s for s in scopes_of(user) if LINE in s.lines and s.role != Role.AUDITOR]


def can_read_line(user) -> bool:
    """Whether the user may open the reconsideration workbench pages at all."""
    return getattr(user, "is_superuser", False) or bool(line_scopes(user))


def intake_organisations(user) -> QuerySet[Organisation]:
    """The organisations in which the user may register an application: their memberships holding an intake role."""
    qs = Organisation.objects.select_related("region").order_by("region_id", "name")
    if getattr(user, "is_superuser", False):
        return qs.filter(kind__in=[OrganisationKind.RECONSIDERATION_OFFICE, Organisation.Kind.JUSTICE_BUREAU])
    ids = {s.organisation_id for s in line_scopes(user) if s.role in PROCEDURE.intake_roles}
    return qs.filter(pk__in=ids)


def can_record_litigation(user, case: Case) -> bool:
    """Recording the suit that follows a decision is casework of the office's staff (registrar, handler, head)."""
    if getattr(user, "is_superuser", False):
        return True
    return any(s.role in STAFF and case.region_id.startswith(s.prefix) for s in line_scopes(user))


def _prefixes(user) -> list[str]:
    return [""] if getattr(user, "is_superuser", False) else sorted({s.prefix for s in line_scopes(user)})


def _in_prefixes(prefixes: list[str]) -> Q:
    q = Q(pk__in=[])
    for p in prefixes:
        q |= Q(region__code__startswith=p)
    return q


def respondent_agencies(user) -> QuerySet[Organisation]:
    """Enforcement agencies in the region subtrees the user works in, for the respondent select."""
    return Organisation.objects.filter(_in_prefixes(_prefixes(user)), kind=Organisation.Kind.ENFORCEMENT_AGENCY)


def liaison_points(user) -> QuerySet[Organisation]:
    """Enterprise liaison points (涉企行政复议联系点) in the user's region subtrees."""
    return Organisation.objects.filter(_in_prefixes(_prefixes(user)), kind=OrganisationKind.LIAISON_POINT)


def broadest_prefix(user) -> str | None:
    """The widest region the user reads reconsideration figures for (a city leader: the city); None: none."""
    prefixes = _prefixes(user)
    return min(prefixes, key=len) if prefixes else None


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
        CaseEvent.objects.filter(code="schedule_hearing", case__in=cases.values("pk"))
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
