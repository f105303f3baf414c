"""Who sees and does what, in one place. Deny by default: no active membership, no rows and no rights.

For a user and a line this module answers which organisations they act for (`acting_organisations`,
`intake_organisations`), which regions they see (`region_prefixes`, `region_q`, `broadest_region`), whether they
may read (`can_read`) and take a step (`step_roles`); and it is the one read chokepoint: every model that holds
case or person data has a `RestrictedQuerySet` and declares its way to the scoping fields in `access_path`, so
`Model.objects.visible_to(user)` is the same rule everywhere (NetBox's `RestrictedQuerySet.restrict` is the model).

A membership reaches the region subtree of its organisation, for the lines it lists. A line that declares
`own_organisation_only` (LineSpec) is read by members of the owning organisation alone, and one that declares
`log_every_read` has every row read through `visible_to` recorded by the writer the audit app installs
(`record_reads_with`). Auditors read the audit trail, never case files. Only an active superuser bypasses scope.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, replace
from typing import Any, Self

from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Q, QuerySet
from django.db.models.lookups import Exact

from fazhi.accounts.models import Membership, Organisation, Role
from fazhi.core.lines import lines
from fazhi.core.regions import PREFIX_LENGTH, TownshipOf, subtree_prefix


@dataclass(frozen=True)
class Scope:
    """One membership reduced to what access checks need."""

    prefix: str
    lines: frozenset[str]
    role: str
    organisation_id: int


def scopes_of(user) -> list[Scope]:
    """The active scopes of an active user, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return []
    cached = getattr(user, "_fazhi_scopes", None)
    if cached is None:
        cached = [
            Scope(m.organisation.region.prefix, frozenset(m.lines), m.role, m.organisation_id)
            for m in Membership.objects.filter(user=user, is_active=True).select_related("organisation__region")
        ]
        user._fazhi_scopes = cached
    return cached


def remember_scopes(user, memberships: Iterable[tuple[str, list[str], str, int]]) -> None:
    """Cache the scopes of a user whose active memberships were read with the user (the token authentication's
    one statement) as (region code, lines, role, organisation id): `scopes_of` then answers without a query."""
    user._fazhi_scopes = [
        Scope(subtree_prefix(code), frozenset(lines), role, org) for code, lines, role, org in memberships
    ]


def is_active_superuser(user) -> bool:
    """The one test of the superuser bypass: an active superuser (a deactivated one is nobody)."""
    return bool(getattr(user, "is_superuser", False) and getattr(user, "is_active", False))


def is_staff_member(user) -> bool:
    """Whether the user holds any active membership (citizens hold none), or is an active superuser."""
    return is_active_superuser(user) or bool(scopes_of(user))


# -- the lines' declarations ----------------------------------------------------------------------------------


def narrow_lines() -> frozenset[str]:
    """Lines read by the owning organisation's members only (LineSpec.own_organisation_only: corrections' 司法所)."""
    return frozenset(spec.key for spec in lines() if spec.own_organisation_only)


def own_organisation_lines(role: str) -> frozenset[str]:
    """Lines on which holders of `role` see only their own organisation's records (LineSpec.own_organisation_roles)."""
    return frozenset(spec.key for spec in lines() if role in spec.own_organisation_roles)


def logged_lines() -> frozenset[str]:
    """Lines whose every read is an access record (LineSpec.log_every_read)."""
    return frozenset(spec.key for spec in lines() if spec.log_every_read)


def line_roles(line: str) -> frozenset[str]:
    """The roles `line` adds to the kernel's (LineSpec.roles: mediation's 人民调解员); none for an unknown line."""
    return frozenset(role for spec in lines() if spec.key == line for role in spec.roles)


# -- a user and a line ----------------------------------------------------------------------------------------


def line_scopes(user, line: str) -> list[Scope]:
    """The user's memberships that reach `line`'s records (auditors read only the audit trail)."""
    return [s for s in scopes_of(user) if line in s.lines and s.role != Role.AUDITOR]


def reads_figures(user) -> bool:
    """Whether the user reads any line's figures (the dashboard's first check, and its menu link's): an active
    superuser, or a member of some line (auditors read the audit trail, not figures)."""
    return is_active_superuser(user) or any(s.role != Role.AUDITOR and s.lines for s in scopes_of(user))


def can_read(user, line: str) -> bool:
    """Whether the user may open `line`'s workbench pages and lists at all."""
    return is_active_superuser(user) or bool(line_scopes(user, line))


def _acting_ids(user, line: str, roles: Collection[str] | None) -> set[int]:
    return {s.organisation_id for s in line_scopes(user, line) if roles is None or s.role in roles}


def acting_organisations(
    user, *, line: str, roles: Collection[str] | None = None, kinds: Collection[str] | None = None
) -> QuerySet[Organisation]:
    """The organisations in which the user acts on `line` (holding one of `roles`, if given).

    An active superuser acts for every organisation of `kinds` (every organisation if None).
    """
    qs = Organisation.objects.select_related("region").order_by("region_id", "name")
    if is_active_superuser(user):
        return qs if kinds is None else qs.filter(kind__in=list(kinds))
    return qs.filter(pk__in=_acting_ids(user, line, roles))


def may_act(user, *, line: str, roles: Collection[str] | None = None) -> bool:
    """Whether the user acts on `line` anywhere (holding one of `roles`, if given), answered from the memberships
    in hand: the check before `acting_organisations`, which a page (and its menu link) refuses when it fails."""
    return is_active_superuser(user) or bool(_acting_ids(user, line, roles))


def intake_organisations(user, *, line: str, roles: Collection[str], kinds: Collection[str]) -> QuerySet[Organisation]:
    """Where the user may register a case of `line`: their own organisations in which they hold an intake role
    (`roles`: the procedure's `intake_roles`); an active superuser, any organisation of `kinds`."""
    return acting_organisations(user, line=line, roles=roles, kinds=kinds)


def region_prefixes(user, line: str) -> list[str]:
    """The region subtrees (code prefixes) the user sees on `line`: [""] (everywhere) for an active superuser."""
    if is_active_superuser(user):
        return [""]
    return sorted({s.prefix for s in line_scopes(user, line)})


TOWNSHIP_PREFIX = PREFIX_LENGTH["township"]


def region_within(field: str, prefix: str) -> Q:
    """Rows whose region code (`field`) starts with `prefix`. A township's subtree is written as an equality on the
    code's first nine digits, which the case table's township index serves (cases.0010): a township is too small a
    share of a city for the list to find its newest cases by walking the date index and filtering on the prefix."""
    if len(prefix) == TOWNSHIP_PREFIX:
        return Q(Exact(TownshipOf(field), prefix))
    return Q(**{f"{field}__startswith": prefix})


def region_q(user, line: str, field: str = "region__code") -> Q:
    """Rows whose `field` (a region code) lies in a subtree the user sees on `line`; nothing if none."""
    q = Q(pk__in=[])
    for prefix in region_prefixes(user, line):
        q |= region_within(field, prefix)
    return q


def broadest_region(user, line: str) -> str | None:
    """The widest region prefix the user reads `line`'s figures for (a city leader: the city); None: none."""
    prefixes = region_prefixes(user, line)
    return min(prefixes, key=len) if prefixes else None


def roles_for(user, *, line: str, region_code: str) -> set[str]:
    """The roles a user holds over a record of `line` in `region_code`."""
    return {s.role for s in scopes_of(user) if line in s.lines and region_code.startswith(s.prefix)}


SUPERUSER_ROLES = frozenset({Role.REGISTRAR, Role.HANDLER, Role.SECTION_HEAD, Role.LEADER, Role.ADMINISTRATOR})


def superior_organisation(organisation_id: int) -> int | None:
    """The body directly above an organisation in the tree (a 司法所's county bureau), if any."""
    return Organisation.objects.filter(pk=organisation_id).values_list("parent_id", flat=True).first()


def step_roles(user, *, line: str, organisation_id: int, supervisory: bool = False) -> set[str]:
    """The roles in which `user` may take a step on a case of `line` owned by `organisation_id`.

    Only members of the owning organisation act on its cases. A superior body acts on a subordinate's case only
    through a step its procedure declares supervisory (责令恢复审理, an objection decided by the bureau that set up
    a centre…): then the roles held in the body directly above the owner count — the 上级机关 the law names, not
    every body further up — and the owner's own do not.
    """
    if is_active_superuser(user):
        return set(SUPERUSER_ROLES)
    acting_for = superior_organisation(organisation_id) if supervisory else organisation_id
    return {s.role for s in line_scopes(user, line) if s.organisation_id == acting_for}


# -- the read chokepoint --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class AccessPath:
    """How a model's rows reach the fields that scope them: region code, owning organisation and line.

    `line` is the lookup of a row's line; a model of one line names it in `fixed_line` instead (a consultation
    is legal aid's). A model reached through another declares `AccessPath.through("case")`.
    """

    region: str = "region__code"
    organisation: str = "organisation"
    line: str = "line"
    fixed_line: str = ""

    @classmethod
    def of_line(cls, line: str, *, region: str = "region__code", organisation: str = "organisation") -> AccessPath:
        return cls(region=region, organisation=organisation, line="", fixed_line=line)

    @classmethod
    def through(cls, relation: str, target: AccessPath | None = None) -> AccessPath:
        """The path of `target` (default: a case's), reached through the foreign key `relation`."""
        target = target or cls()
        return replace(
            target,
            region=f"{relation}__{target.region}",
            organisation=f"{relation}__{target.organisation}",
            line=f"{relation}__{target.line}" if target.line else "",
        )


def access_path_of(model: type[models.Model]) -> AccessPath:
    path = getattr(model, "access_path", None)
    if not isinstance(path, AccessPath):
        raise ImproperlyConfigured(f"{model._meta.label} has no access_path: visible_to() cannot scope it")
    return path


def scope_q(user, path: AccessPath | None = None) -> Q | None:
    """A filter for the rows the user may see along `path` (default: a case's), or None when they may see nothing.

    Per membership: its region subtree for its lines, or for a narrow line (or a role the line narrows) only its own
    organisation's rows.
    """
    path = path or AccessPath()
    if is_active_superuser(user):
        return Q()
    narrow = narrow_lines()
    q: Q | None = None
    for scope in scopes_of(user):
        if scope.role == Role.AUDITOR:  # auditors read the audit trail, not case files
            continue
        for part in _scope_parts(scope, path, narrow | own_organisation_lines(scope.role)):
            q = part if q is None else q | part
    return q


def _scope_parts(scope: Scope, path: AccessPath, narrow: frozenset[str]) -> Iterable[Q]:
    by_region = region_within(path.region, scope.prefix)
    by_organisation = Q(**{path.organisation: scope.organisation_id})
    if path.fixed_line:
        if path.fixed_line in scope.lines:
            yield by_organisation if path.fixed_line in narrow else by_region
        return
    wide, tight = sorted(scope.lines - narrow), sorted(scope.lines & narrow)
    if wide:
        yield by_region & Q(**{f"{path.line}__in": wide})
    if tight:
        yield by_organisation & Q(**{f"{path.line}__in": tight})


def scope_key(user) -> tuple:
    """What `scope_q(user, …)` and `visible_to(user)` depend on, hashable: equal keys give the same filter (for
    callers that cache a statement compiled for a scope, e.g. the runner's `lock_case`)."""
    if is_active_superuser(user):
        return (True,)
    scopes = sorted(scopes_of(user), key=lambda s: (s.organisation_id, s.role, s.prefix, sorted(s.lines)))
    return (False, tuple(scopes), narrow_lines(), logged_lines())


def record_reads(user, objects: list[models.Model]) -> None:
    """Record the reads of `objects` as `Model.objects.visible_to(user)` does when it hands them out, for a caller
    that read them with a statement of its own built from that queryset (the runner's compiled `lock_case`)."""
    if not objects:
        return
    model = type(objects[0])
    logged = logged_lines()
    path = access_path_of(model)
    if path.fixed_line:
        logged &= {path.fixed_line}
    if logged:
        qs = model._default_manager.all()
        qs._read_by = (user, logged)  # type: ignore[attr-defined]
        qs._record_reads(objects)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Read:
    """Rows of a line that logs every read, as `visible_to` handed them to `user` (for the access-record writer)."""

    user: Any
    model: type[models.Model]
    lines: frozenset[str]
    ids: tuple[Any, ...]
    objects: tuple[models.Model, ...] = ()  # the rows themselves, when they were read as model instances


ReadWriter = Callable[[Read], None]
_writers: list[ReadWriter] = []


def record_reads_with(writer: ReadWriter) -> None:
    """Install the access-record writer (the audit app does, at start-up): accounts sits below audit."""
    _writers[:] = [writer]


class RestrictedQuerySet(models.QuerySet):
    """A queryset that reaches a user only through `visible_to(user)`, the same rule for every model.

    The model declares `access_path`; one without it refuses to be scoped rather than showing everything.
    """

    _read_by: tuple[Any, frozenset[str]] | None = None  # (user, logged lines) when reads must be recorded

    def visible_to(self, user) -> Self:
        """Rows in the region subtrees and lines of the user's memberships (own organisation only for a narrow
        line); nothing for anyone else; everything for an active superuser. Reads of logged lines are recorded."""
        path = access_path_of(self.model)
        q = scope_q(user, path)
        if q is None:
            return self.none()
        qs = self.filter(q)
        logged = logged_lines()
        if path.fixed_line:
            logged &= {path.fixed_line}
        if logged:
            qs._read_by = (user, logged)
        return qs

    def _clone(self) -> Self:
        clone = super()._clone()  # type: ignore[misc]  # private in django-stubs
        clone._read_by = self._read_by
        return clone

    def _fetch_all(self) -> None:
        fresh = self._result_cache is None
        super()._fetch_all()
        if fresh and self._read_by is not None and self._result_cache:
            self._record_reads(self._result_cache)

    def _iterator(self, use_chunked_fetch, chunk_size):
        rows = super()._iterator(use_chunked_fetch, chunk_size)
        if self._read_by is None:
            yield from rows
            return
        batch: list[Any] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= (chunk_size or 2000):
                self._record_reads(batch)  # recorded before the reader gets them
                yield from batch
                batch = []
        if batch:
            self._record_reads(batch)
            yield from batch

    def _record_reads(self, rows: list[Any]) -> None:
        assert self._read_by is not None
        user, logged = self._read_by
        path = access_path_of(self.model)
        objects = [r for r in rows if isinstance(r, self.model)]
        if objects:
            ids = [o.pk for o in objects]
        elif self.query.group_by is not None or any(
            getattr(a, "contains_aggregate", False) for a in self.query.annotations.values()
        ):
            return  # figures over the rows (values().annotate(Count)), not the rows themselves
        else:  # values() or values_list(): the same query names the rows it read
            ids = list(QuerySet(self.model, query=self.query.chain(), using=self.db).values_list("pk", flat=True))
        if not path.fixed_line:
            base = self.model._base_manager.using(self.db)
            if "__" not in path.line and objects:
                ids = [o.pk for o in objects if getattr(o, path.line) in logged]
            else:
                ids = list(base.filter(pk__in=ids, **{f"{path.line}__in": sorted(logged)}).values_list("pk", flat=True))
        if not ids:
            return
        if not _writers:  # deny by default: a logged line is not read unrecorded
            raise ImproperlyConfigured("a line logs every read but no access-record writer is installed (fazhi.audit)")
        kept = set(ids)
        _writers[0](Read(user, self.model, logged, tuple(ids), tuple(o for o in objects if o.pk in kept)))
