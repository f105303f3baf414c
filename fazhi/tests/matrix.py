"""The permission matrix's vocabulary, and the routes and personas each registered line declares for it.

The kernel's routes and personas are in test_permission_matrix.py. A line declares its own in
`<line>/tests/matrix.py`: `ROUTES` (route name → `Route`) and, if it has staff of its own, `PERSONAS` (mediation's
人民调解员). Every route answers every persona:

- a route names the status of each kernel persona (and of its own line's personas);
- on another line's route, a line's persona is a member of another line only: the route's `others` (403 unless
  the route says 404: an object page hides what it cannot show);
- on a kernel route, a line's persona answers like the kernel persona it names (`like`), except where it says.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from types import ModuleType

from fazhi.accounts.models import User
from fazhi.cases.models import Case
from fazhi.core.lines import registered

# anonymous: no session; citizen: a portal user; the clerks: 承办人 of county A (东河区) and county B (昆都仑区);
# leader: the city bureau's 局长; auditor: reads the audit trail only; admin: an active superuser, no membership.
KERNEL_PERSONAS = ("anonymous", "citizen", "donghe_clerk", "kundulun_clerk", "leader", "auditor", "admin")
# The kernel personas who hold every registered line in their organisation (the demo's case lines).
LINE_MEMBERS = ("donghe_clerk", "kundulun_clerk", "leader")


@dataclass(frozen=True)
class Route:
    """How to call one route, and the status each persona must get. `case` is the matrix case (东河区司法局's)."""

    method: str  # "get" | "post"
    url: Callable[[Case], str]
    expect: Mapping[str, int]  # every kernel persona (and the route's own line's personas) → status
    others: int = 403  # a member of another line only (a line's route)


@dataclass(frozen=True)
class Persona:
    """A line's own member: how to get the user from the demo people, and its answers on the kernel's routes."""

    name: str
    user: Callable[[Mapping[str, User]], User]  # from the `baotou` fixture's people, creating what it needs
    like: str  # the kernel persona whose answers it shares on the kernel's routes…
    unlike: Mapping[str, int] = field(default_factory=dict)  # …except on these


@dataclass(frozen=True)
class LineMatrix:
    line: str
    routes: Mapping[str, Route]
    personas: tuple[Persona, ...]


def _matrix_module(app_name: str) -> ModuleType | None:
    try:
        return import_module(f"{app_name}.tests.matrix")
    except ModuleNotFoundError as exc:
        if exc.name in (f"{app_name}.tests", f"{app_name}.tests.matrix"):
            return None  # a line that declares nothing: its routes fail test_every_route_is_in_the_matrix
        raise


def line_matrices() -> tuple[LineMatrix, ...]:
    """What each registered line declares in its `tests/matrix.py`."""
    found = []
    for line in registered():
        module = _matrix_module(line.app_name)
        if module is not None:
            found.append(
                LineMatrix(line.spec.key, getattr(module, "ROUTES", {}), tuple(getattr(module, "PERSONAS", ())))
            )
    return tuple(found)


def statuses(**by_persona: int) -> dict[str, int]:
    """A route's statuses; every kernel persona must be named (a line's own personas may be added)."""
    missing = set(KERNEL_PERSONAS) - by_persona.keys()
    if missing:
        raise ValueError(f"no status for {sorted(missing)}")
    return by_persona


def expected(
    route_name: str, route: Route, route_line: str | None, name: str, persona: Persona | None, persona_line: str | None
) -> int:
    """The status persona `name` must get; `persona` and `persona_line` are None for a kernel persona."""
    if name in route.expect:
        return route.expect[name]
    if persona is None:
        raise KeyError(f"{route_name}: no status for the kernel persona {name!r}")
    if route_line is None:
        return persona.unlike.get(route_name, route.expect[persona.like])
    if route_line != persona_line:
        return route.others
    raise KeyError(f"{route_name}: no status for its own line's persona {name!r}")


# Shapes most routes share (a route adds its own line's personas to one with `{**SHAPE, "mediator": 200}`).
# A line's list or page: every member of the line reads it; the auditor reads no case files.
READ = statuses(anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403, admin=200)
# Registering a case: the clerks; the leader registers nothing.
INTAKE = {**READ, "leader": 403}
# A page only some role of one organisation may open (a line's import): none of the kernel's members.
ADMIN_ONLY = statuses(
    anonymous=302, citizen=403, donghe_clerk=403, kundulun_clerk=403, leader=403, auditor=403, admin=200
)
# An object that does not exist or that no one here reaches: 404 once logged in as staff.
NOT_FOUND = statuses(
    anonymous=302, citizen=403, donghe_clerk=404, kundulun_clerk=404, leader=404, auditor=404, admin=404
)


def api(shape: Mapping[str, int]) -> dict[str, int]:
    """The same shape answered by the API: an anonymous caller gets 401, not the login page."""
    return {**shape, "anonymous": 401}


def empty_form(shape: Mapping[str, int]) -> dict[str, int]:
    """The shape of a write the matrix posts empty: whoever passes the permission has the input refused (400)."""
    return {name: 400 if status in (200, 302) and name != "anonymous" else status for name, status in shape.items()}
