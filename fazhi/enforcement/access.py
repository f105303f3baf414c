"""Who reads and who keeps the enforcement network (行政执法监督网络), in one place; its pages, API and services
ask here.

Keeping the network — registering bodies and officers, moving certificates — is the work of the supervision body:
the 司法行政部门 at county level and above is the government's 行政执法监督机构 (行政执法监督条例 art. 6). A keeper is a
member of the supervision line (`choices.KEEPER_LINE`) in a justice bureau (司法局) or a body of kind
`supervision_body` (its 行政执法协调监督科), in a role that writes; they keep the records of their region's subtree (the
city keeps its counties'; a county never another county's). Any member of the supervision line reads within their
region (`visible_to`), except an agency's 执法数据报送员, who reads nothing here; viewers and auditors keep nothing.
The line and roles are compared as strings so this registry (layer 4) never imports the supervision line above it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation, OrganisationKind, Role
from fazhi.enforcement.choices import KEEPER_LINE, REPORTER_ROLE

KEEPER_KINDS = (OrganisationKind.JUSTICE_BUREAU, OrganisationKind.SUPERVISION_BODY)
NON_KEEPING_ROLES = frozenset({Role.VIEWER, Role.AUDITOR, REPORTER_ROLE})


def can_read(user) -> bool:
    """Whether the user opens the network's staff pages and API: a member of the supervision line other than an
    agency's 报送员, who reports lenient-penalty decisions and reads no one's certificates (as the line's own pages
    refuse the reporter), or an active superuser."""
    if access.is_active_superuser(user):
        return True
    return any(s.role != REPORTER_ROLE for s in access.line_scopes(user, KEEPER_LINE))


def read_prefixes(user) -> list[str]:
    """The region subtrees the user reads the network in: those of their supervision-line memberships other than an
    agency's 报送员 (a reporter membership's region widens nothing, even for a user who also holds another
    membership); [""] for an active superuser."""
    if access.is_active_superuser(user):
        return [""]
    return sorted({s.prefix for s in access.line_scopes(user, KEEPER_LINE) if s.role != REPORTER_ROLE})


def readable(qs, user) -> QuerySet:
    """`qs.visible_to(user)` narrowed to `read_prefixes(user)`: every read of the network's records goes here, so a
    reporter membership's scope never adds rows whatever the kernel's scope does."""
    rows = qs.visible_to(user)
    if access.is_active_superuser(user):
        return rows
    field = access.access_path_of(rows.model).region
    within = Q(pk__in=[])
    for prefix in read_prefixes(user):
        within |= access.region_within(field, prefix)
    return rows.filter(within)


def keeping_organisations(user) -> QuerySet[Organisation]:
    """The justice bureaus and supervision bodies for which the user keeps the network."""
    qs = Organisation.objects.select_related("region").filter(kind__in=KEEPER_KINDS)
    if access.is_active_superuser(user):
        return qs.order_by("region_id", "name")
    ids = {s.organisation_id for s in access.line_scopes(user, KEEPER_LINE) if s.role not in NON_KEEPING_ROLES}
    return qs.filter(pk__in=ids).order_by("region_id", "name")


def may_keep(user) -> bool:
    """Whether the user keeps the network anywhere (the menu's and the registration pages' first check)."""
    return access.is_active_superuser(user) or keeping_organisations(user).exists()


def keeper_prefixes(user) -> list[str]:
    """The region subtrees (code prefixes) the user keeps: [""] for an active superuser."""
    if access.is_active_superuser(user):
        return [""]
    return sorted({org.region.prefix for org in keeping_organisations(user)})


def can_keep(user, region_code: str) -> bool:
    """Whether the user keeps records of `region_code`: a keeper of that region or of one above it."""
    return any(region_code.startswith(prefix) for prefix in keeper_prefixes(user))
