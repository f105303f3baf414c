"""Who reads and who keeps the business-environment records (法治化营商环境), in one place; pages, API and services ask
here.

The supervision line keeps them (行政执法监督: the judicial administration department is the government's
supervision body, 行政执法监督条例 art. 6). Reading: any staff member holding the line reads the records of their
organisation's region subtree (a city member sees the counties), except an agency's data reporter
(执法数据报送员), who reports lenient-penalty decisions and reads nothing here, and the auditor. Keeping (writing):
a member of the line in a judicial bureau or its supervision body (kinds `justice_bureau`, `supervision_body`),
holding a role other than viewer, auditor or reporter, for records of that body's region subtree. An active
superuser reads and keeps everything. The enterprise legal-service list, once published, is public
(`fazhi.business.views.public_service_list`).
"""

from __future__ import annotations

from typing import cast

from django.db.models import Q, QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation, OrganisationKind, Role
from fazhi.business.choices import KEEPER_LINE, REPORTER_ROLE
from fazhi.core.models import Region

NOT_READERS = frozenset({Role.AUDITOR, REPORTER_ROLE})
NOT_KEEPERS = frozenset({Role.VIEWER, Role.AUDITOR, REPORTER_ROLE})
KEEPER_KINDS = (OrganisationKind.JUSTICE_BUREAU, OrganisationKind.SUPERVISION_BODY)


def _reading_scopes(user) -> list[access.Scope]:
    return [s for s in access.line_scopes(user, KEEPER_LINE) if s.role not in NOT_READERS]


def can_read(user) -> bool:
    """Whether the user opens the registry's staff pages at all."""
    return access.is_active_superuser(user) or bool(_reading_scopes(user))


def read_prefixes(user) -> list[str]:
    """The region subtrees (code prefixes) the user reads: [""] for an active superuser."""
    if access.is_active_superuser(user):
        return [""]
    return sorted({s.prefix for s in _reading_scopes(user)})


def visible(qs: QuerySet, user) -> QuerySet:
    """The rows of `qs` (a registry model's) the user reads: through the kernel's read chokepoint
    (`RestrictedQuerySet.visible_to`, along the model's `access_path`), and within the region subtrees of the user's
    reading memberships only, so that a reporter's or auditor's membership never widens it."""
    if not can_read(user):
        return qs.none()
    path = access.access_path_of(qs.model)
    q = Q(pk__in=[])
    for prefix in read_prefixes(user):
        q |= Q(**{f"{path.region}__startswith": prefix})
    return cast(access.RestrictedQuerySet, qs).visible_to(user).filter(q)


def keeping_organisations(user) -> QuerySet[Organisation]:
    """The bodies in whose name the user keeps records (an active superuser: every justice bureau)."""
    qs = Organisation.objects.select_related("region").order_by("region_id", "name")
    if access.is_active_superuser(user):
        return qs.filter(kind=OrganisationKind.JUSTICE_BUREAU)
    ids = {s.organisation_id for s in access.line_scopes(user, KEEPER_LINE) if s.role not in NOT_KEEPERS}
    return qs.filter(pk__in=ids, kind__in=KEEPER_KINDS)


def may_keep(user) -> bool:
    """Whether the user keeps records anywhere (the first check of every form page, and of its link)."""
    return access.is_active_superuser(user) or keeping_organisations(user).exists()


def keeper_for(user, region_code: str) -> Organisation | None:
    """The body in whose name the user keeps a record of `region_code` (the nearest one above it), or None when the
    user may not keep it."""
    found = [o for o in keeping_organisations(user) if region_code.startswith(o.region.prefix)]
    if found:
        return max(found, key=lambda o: len(o.region.prefix))
    if access.is_active_superuser(user):
        return None if not Region.objects.filter(code=region_code).exists() else _superuser_keeper(region_code)
    return None


def _superuser_keeper(region_code: str) -> Organisation | None:
    bureaus = Organisation.objects.filter(kind=OrganisationKind.JUSTICE_BUREAU).select_related("region")
    found = [o for o in bureaus if region_code.startswith(o.region.prefix)]
    return max(found, key=lambda o: len(o.region.prefix)) if found else None


def home_region(user) -> str | None:
    """The region of the (first) body in whose name the user keeps records: a new enterprise's default region."""
    first = keeping_organisations(user).first()
    return first.region_id if first is not None else None


def can_keep(user, region_code: str) -> bool:
    """Whether the user writes records of `region_code`: a keeper of a body whose subtree holds it."""
    if access.is_active_superuser(user):
        return True
    return any(region_code.startswith(o.region.prefix) for o in keeping_organisations(user))


def keeping_regions(user) -> QuerySet[Region]:
    """The regions (city, county and township levels) whose records the user may keep, for the forms' choices."""
    qs = Region.objects.exclude(level=Region.Level.VILLAGE).order_by("code")
    if access.is_active_superuser(user):
        return qs
    q = Q(pk__in=[])
    for org in keeping_organisations(user):
        q |= Q(code__startswith=org.region.prefix)
    return qs.filter(q)
