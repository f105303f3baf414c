"""Who reads and who writes the rule book (规章规范性文件库), in one place; the registry's pages and services ask here.

The rule book is published law: every staff member (any active membership, or an active superuser) reads all of
it, whatever their region or line. Writing it — registering, amending, repealing, filing, deciding an evaluation,
importing a catalogue — is the work of the legality office of the document's own region: a member of a body of
that very region (its justice bureau 司法局, or the bureau's legality section 合法性审核科) holding a role in the
legality line (合法性审核). A county's bureau does not write the city's documents, nor the city's the county's.
Lines and roles are compared as strings so the rule book (layer 4) never imports the legality line above it.
Viewers (查阅人员) and auditors read only.
"""

from __future__ import annotations

from django.db.models import QuerySet

from fazhi.accounts import access
from fazhi.accounts.models import Organisation, OrganisationKind, Role
from fazhi.core.models import Region

LINE = "legality"  # the line whose members keep the rule book (the string, not an import of fazhi.legality)
READ_ONLY_ROLES = frozenset({Role.VIEWER, Role.AUDITOR})


def can_read(user) -> bool:
    """Any staff member reads the rule book; a citizen reads it on the portal, not here."""
    return access.is_staff_member(user)


def _writer_organisation_ids(user) -> set[int]:
    return {s.organisation_id for s in access.line_scopes(user, LINE) if s.role not in READ_ONLY_ROLES}


def writing_organisations(user) -> QuerySet[Organisation]:
    """The bodies for which the user keeps the rule book (an active superuser: every justice bureau)."""
    qs = Organisation.objects.select_related("region")
    if access.is_active_superuser(user):
        return qs.filter(kind=OrganisationKind.JUSTICE_BUREAU).order_by("region_id", "name")
    return qs.filter(pk__in=_writer_organisation_ids(user)).order_by("region_id", "name")


def may_write(user) -> bool:
    """Whether the user keeps the rule book anywhere (the menu's and the register page's first check)."""
    if access.is_active_superuser(user):
        return True
    return bool(_writer_organisation_ids(user)) and writing_organisations(user).exists()


def writable_regions(user) -> QuerySet[Region]:
    """The regions whose documents the user may write: those of their bureaus."""
    return Region.objects.filter(pk__in=writing_organisations(user).values("region_id")).order_by("code")


def can_write(user, region_code: str) -> bool:
    """Whether the user writes documents of `region_code`: a legality member of a body of that very region."""
    if access.is_active_superuser(user):
        return True
    return writing_organisations(user).filter(region_id=region_code).exists()


def writing_organisation_for(user, region_code: str) -> Organisation | None:
    """The body in whose name the user writes a document of `region_code` (the registering unit, 登记单位)."""
    return writing_organisations(user).filter(region_id=region_code).first()
