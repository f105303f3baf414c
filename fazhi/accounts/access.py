"""Who sees what: the region subtree of each membership's organisation, for the lines it lists. Deny by default."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from fazhi.accounts.models import Membership, Role


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
