"""Who sees what: the region subtree of each membership's organisation, for the lines it lists. Deny by default."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from fazhi.accounts.models import Membership, Organisation, Role


@dataclass(frozen=True)
class Scope:
    """One membership reduced to what access checks need."""

    prefix: str
    lines: frozenset[str]
    role: str
    organisation_id: int


def scopes_of(user) -> list[Scope]:
    """The active scopes of a user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_fazhi_scopes", None)
    if cached is None:
        cached = [
            Scope(m.organisation.region.prefix, frozenset(m.lines), m.role, m.organisation_id)
            for m in Membership.objects.filter(user=user, is_active=True).select_related("organisation__region")
        ]
        user._fazhi_scopes = cached
    return cached


def scope_q(user, *, region_field: str = "region__code", line_field: str = "line") -> Q | None:
    """A filter for records the user may see, or None when they may see nothing (deny by default)."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return Q()
    q: Q | None = None
    for scope in scopes_of(user):
        if scope.role == Role.AUDITOR:  # auditors read the audit trail, not case files
            continue
        part = Q(**{f"{region_field}__startswith": scope.prefix, f"{line_field}__in": sorted(scope.lines)})
        q = part if q is None else q | part
    return q


def roles_for(user, *, line: str, region_code: str) -> set[str]:
    """The roles a user holds over a record of `line` in `region_code`."""
    return {s.role for s in scopes_of(user) if line in s.lines and region_code.startswith(s.prefix)}


def is_staff_member(user) -> bool:
    """Whether the user holds any active membership (citizens hold none)."""
    return bool(scopes_of(user)) or getattr(user, "is_superuser", False)


SUPERUSER_ROLES = frozenset({Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD, Role.LEADER, Role.ADMINISTRATOR})


def is_active_superuser(user) -> bool:
    """The one test of the superuser bypass: an active superuser (a deactivated one is nobody)."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def superior_organisations(organisation_id: int) -> list[int]:
    """The bodies above an organisation in the tree, nearest first (a 司法所's county bureau, then the city's)."""
    found: list[int] = []
    current: int | None = organisation_id
    while current is not None and len(found) < 16:  # the tree is shallow; the bound stops a mis-entered cycle
        current = Organisation.objects.filter(pk=current).values_list("parent_id", flat=True).first()
        if current is not None:
            found.append(current)
    return found


def step_roles(user, *, line: str, organisation_id: int, supervisory: bool = False) -> set[str]:
    """The roles in which `user` may take a step on a case of `line` owned by `organisation_id`.

    Only members of the owning organisation act on its cases. A superior body acts on a subordinate's case only
    through a step its procedure declares supervisory (提级审理, 责令恢复审理, an objection to the body that set up
    a centre…): then the roles held in any organisation above the owner count, and the owner's own do not.
    """
    if is_active_superuser(user):
        return set(SUPERUSER_ROLES)
    scopes = [s for s in scopes_of(user) if line in s.lines and s.role != Role.AUDITOR]
    if not scopes:
        return set()
    if supervisory:
        above = set(superior_organisations(organisation_id))
        return {s.role for s in scopes if s.organisation_id in above}
    return {s.role for s in scopes if s.organisation_id == organisation_id}
