"""Who reads, keeps and reports the lenient-penalty register (免罚轻罚), in one place; pages, API and services ask here.

- Any member of the supervision line (行政执法监督) reads the list entries (a published list) and the decisions of
  their region's subtree; an agency's reporter (执法数据报送员) reads only its own agency's decisions.
- Keepers: members of the line in a supervision body (行政执法监督机构) write the entries and the agencies' fields of
  their body's region subtree (the city's body keeps the city's and its counties'), and may report decisions for
  any agency of that subtree (e.g. a file collected from several agencies).
- A reporter reports its own agency's decisions only.
Viewers and auditors read only (auditors not at all: they read the audit trail). Lines and roles are strings
(`choices`), so the register never imports the line above it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation, Role
from fazhi.lenient.choices import AGENCY_KIND, KEEPER_KIND, KEEPER_LINE, REPORTER_ROLE

READ_ONLY_ROLES = frozenset({Role.VIEWER, Role.AUDITOR})


def can_read(user) -> bool:
    """Whether the user opens the register's pages at all: a member of the supervision line (or a superuser)."""
    return access.can_read(user, KEEPER_LINE)


def keeping_organisations(user) -> QuerySet[Organisation]:
    """The supervision bodies in which the user keeps the register (a superuser: every supervision body)."""
    qs = Organisation.objects.select_related("region").filter(kind=KEEPER_KIND).order_by("region_id", "name")
    if access.is_active_superuser(user):
        return qs
    ids = {
        s.organisation_id
        for s in access.line_scopes(user, KEEPER_LINE)
        if s.role not in READ_ONLY_ROLES and s.role != REPORTER_ROLE
    }
    return qs.filter(pk__in=ids)


def keeping_prefixes(user) -> list[str]:
    """The region subtrees (code prefixes) the user keeps: [""] for a superuser."""
    if access.is_active_superuser(user):
        return [""]
    return sorted({o.region.prefix for o in keeping_organisations(user)})


def may_keep(user) -> bool:
    """Whether the user keeps the register somewhere (the entry pages' and the fields page's check)."""
    return bool(keeping_prefixes(user))


def may_keep_region(user, region_code: str) -> bool:
    return any(region_code.startswith(p) for p in keeping_prefixes(user))


def reporting_agencies(user) -> QuerySet[Organisation]:
    """The agencies for which the user reports decisions: a reporter's own agency; every agency of a keeper's
    subtree; every agency for a superuser."""
    qs = Organisation.objects.select_related("region").filter(kind=AGENCY_KIND).order_by("region_id", "name")
    if access.is_active_superuser(user):
        return qs
    own = {s.organisation_id for s in access.line_scopes(user, KEEPER_LINE) if s.role == REPORTER_ROLE}
    q = Q(pk__in=own)
    for prefix in keeping_prefixes(user):
        q |= access.region_within("region__code", prefix)
    return qs.filter(q)


def may_report(user) -> bool:
    """Whether the user reports decisions anywhere (the upload page's and the API's check)."""
    if access.is_active_superuser(user) or may_keep(user):
        return True
    return any(s.role == REPORTER_ROLE for s in access.line_scopes(user, KEEPER_LINE))
