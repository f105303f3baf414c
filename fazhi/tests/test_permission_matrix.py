"""Every workbench view and API route × every persona: the status each must get (county A never sees county B).

The kernel's routes are here; each registered line declares its own routes and personas in its
`tests/matrix.py` (fazhi/tests/matrix.py says how). A new URL that no matrix lists fails
`test_every_route_is_in_the_matrix`, so no view ships unscoped. The matrix case is an application of the
test-only line received by 东河区司法局 (county A).
"""

from __future__ import annotations

import importlib

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.accounts.models import Membership
from fazhi.core.lines import line_keys
from fazhi.tests.matrix import (
    KERNEL_PERSONAS,
    LINE_MEMBERS,
    Persona,
    Route,
    expected,
    line_matrices,
    statuses,
)
from fazhi.tests.sampleline.tests.factories import issue_sample_decision, open_sample_case


def _material(case):
    """A PDF in the matrix case's file, to download."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.cases.models import Material

    return Material.objects.create(
        case=case,
        title="申请书",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=case.events.first().actor,
    )


def _party(case):
    """A person party with an ID number on the matrix case, to reveal."""
    return case.parties.create(role="applicant", name="张三", id_number="11010519491231002X", phone="13812345678")


def _url(name: str, query: str = ""):
    """A route without arguments (the matrix case does not enter its URL)."""
    return lambda c: reverse(name) + query


# Who reaches the matrix case: its county's clerk and the city leader (200); the other county's clerk and the
# auditor do not see it (404). A step on it: only members of its own organisation.
_STAFF_LISTS = statuses(
    anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200, admin=200
)
_CASE_PAGE = statuses(
    anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404, admin=200
)
_CASE_API = {**_CASE_PAGE, "anonymous": 401}
_EVERYONE = dict.fromkeys(KERNEL_PERSONAS, 200)
_AUDITORS_ONLY = statuses(
    anonymous=302, citizen=403, donghe_clerk=403, kundulun_clerk=403, leader=403, auditor=200, admin=200
)
# The login code and enrolment steps: the matrix's sessions are finished logins (password and second factor),
# so every persona is sent on (staff and citizens to their pages, strangers to the login page). The steps
# themselves are proven in fazhi/accounts/tests/test_two_factor.py.
_SENT_ON = dict.fromkeys(KERNEL_PERSONAS, 302)

KERNEL: dict[str, Route] = {
    # where a login lands: a user with no staff role is sent on to the guide (accounts:guide)
    "cases:my_tasks": Route("get", _url("cases:my_tasks"), {**_STAFF_LISTS, "citizen": 302}),
    "cases:case_list": Route("get", _url("cases:case_list"), _STAFF_LISTS),
    "cases:case_export": Route("get", _url("cases:case_export"), _STAFF_LISTS),
    "cases:export_page": Route("get", _url("cases:export_page"), _STAFF_LISTS),
    "cases:case_detail": Route("get", lambda c: reverse("cases:case_detail", args=[c.pk]), _CASE_PAGE),
    "cases:case_transition": Route(  # the leader sees the case but is not of its organisation
        "post",
        lambda c: reverse("cases:case_transition", args=[c.pk, "accept"]),
        {**_CASE_PAGE, "donghe_clerk": 302, "leader": 403, "admin": 302},
    ),
    "documents:document_download": Route(
        "get", lambda c: reverse("documents:document_download", args=[issue_sample_decision(c).pk]), _CASE_PAGE
    ),
    "cases:material_upload": Route(
        "post",
        lambda c: reverse("cases:material_upload", args=[c.pk]),
        {**_CASE_PAGE, "donghe_clerk": 302, "leader": 302, "admin": 302},
    ),
    "cases:material_download": Route(
        "get", lambda c: reverse("cases:material_download", args=[_material(c).pk]), _CASE_PAGE
    ),
    # Revealing a party's full ID number: only the case's handlers in its owning organisation; the leader sees the
    # case masked (403), those who cannot see the case get 404; the administrator never (a reveal needs a handler).
    "cases:party_reveal": Route(
        "post",
        lambda c: reverse("cases:party_reveal", args=[c.pk, _party(c).pk]),
        {**_CASE_PAGE, "leader": 403, "admin": 403},
    ),
    "case-party-reveal": Route(
        "post",
        lambda c: reverse("case-party-reveal", args=[c.pk, _party(c).pk]),
        {**_CASE_API, "leader": 403, "admin": 403},
    ),
    "cases:deadline_calculator": Route("get", _url("cases:deadline_calculator"), _EVERYONE),
    "api-root": Route("get", _url("api-root"), {**_STAFF_LISTS, "anonymous": 401, "citizen": 200}),
    "case-list": Route("get", _url("case-list"), {**_STAFF_LISTS, "anonymous": 401}),
    "case-detail": Route("get", lambda c: reverse("case-detail", args=[c.pk]), _CASE_API),
    "case-transitions": Route("post", lambda c: reverse("case-transitions", args=[c.pk]), {**_CASE_API, "leader": 403}),
    "api-deadlines": Route("get", _url("api-deadlines", "?rule=sample_line.decision&start=2024-04-29"), _EVERYONE),
    "api-deadline-rules": Route("get", _url("api-deadline-rules"), _EVERYONE),
    "api-schema": Route("get", _url("api-schema"), _EVERYONE),
    # staff may ask for a party's search token: 400 here because the matrix posts no `value`, 401/403 for the others
    "api-party-token": Route(
        "post",
        _url("api-party-token"),
        statuses(anonymous=401, citizen=403, donghe_clerk=400, kundulun_clerk=400, leader=400, auditor=400, admin=400),
    ),
    # each sees the broadest region of their memberships; auditors read no figures
    "indicators:dashboard": Route("get", _url("indicators:dashboard", "?year=2024"), {**_STAFF_LISTS, "auditor": 403}),
    "indicators:report": Route("get", _url("indicators:report", "?year=2024"), {**_STAFF_LISTS, "auditor": 403}),
    "indicators:drilldown": Route(  # 东河区's cases of the line: outside 昆都仑区
        "get",
        _url("indicators:drilldown", "?line=sample_line&key=received&year=2024&region=150202000000"),
        {**_CASE_PAGE, "kundulun_clerk": 403, "auditor": 403},
    ),
    "accounts:verify": Route("get", _url("accounts:verify"), _SENT_ON),
    "accounts:guide": Route("get", _url("accounts:guide"), {**_EVERYONE, "anonymous": 302}),
    "accounts:enrol": Route("get", _url("accounts:enrol"), _SENT_ON),
    # the auditor console: auditors (and administrators) only; it reads every user's trail, so no region scoping
    **{
        name: Route("get", _url(name), _AUDITORS_ONLY)
        for name in ["audit:access_list", "audit:access_export", "audit:change_list", "audit:change_export"]
    },
}

# Routes outside the matrix, each with its reason.
EXEMPT = {
    "accounts:login": "the login page itself is public",
    "accounts:logout": "ends the caller's own session",
    "set_language": "Django's language switch, no data",
}

# route name → (route, its line or None); persona name → (declaration or None, its line or None)
ROUTES: dict[str, tuple[Route, str | None]] = {name: (route, None) for name, route in KERNEL.items()}
PERSONAS: dict[str, tuple[Persona | None, str | None]] = {name: (None, None) for name in KERNEL_PERSONAS}
for _matrix in line_matrices():
    ROUTES |= {name: (route, _matrix.line) for name, route in _matrix.routes.items()}
    PERSONAS |= {p.name: (p, _matrix.line) for p in _matrix.personas}
# The registries below the lines (the rule book, the enforcement network, the lenient-penalty register, the business
# environment) are no lines; each one's routes are counted as the line whose members keep it (its tests/matrix.py
# names it as `LINE`). A registry without pages yet has no matrix: its routes, once it has some, fail the test above.
REGISTRIES = ("rulebook", "enforcement", "lenient", "business")
for _app in REGISTRIES:
    try:
        _registry = importlib.import_module(f"fazhi.{_app}.tests.matrix")
    except ModuleNotFoundError as error:
        if error.name not in (f"fazhi.{_app}.tests", f"fazhi.{_app}.tests.matrix"):
            raise
        continue
    ROUTES |= {name: (route, _registry.LINE) for name, route in _registry.ROUTES.items()}


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue  # Django admin: staff-only by its own permission system
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            names |= _names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(prefix + p.name)
    return names


def test_every_route_is_in_the_matrix():
    routes = {n for n in _names(get_resolver()) if not n.endswith(("-format", "api-root-format"))}
    missing = routes - ROUTES.keys() - EXEMPT.keys()
    assert not missing, f"add these routes to the permission matrix (the kernel's or the line's): {sorted(missing)}"


def test_every_route_names_a_status_for_every_persona():
    for route_name, (route, route_line) in ROUTES.items():
        for name, (persona, persona_line) in PERSONAS.items():
            expected(route_name, route, route_line, name, persona, persona_line)


@pytest.fixture
def people(baotou):
    """The demo people; the kernel's clerks and the leader hold every registered line in their organisation."""
    for membership in Membership.objects.filter(user__username__in=LINE_MEMBERS):
        membership.lines = sorted(set(membership.lines) | set(line_keys()))
        membership.save(update_fields=["lines"])
    return baotou


@pytest.mark.django_db
@pytest.mark.parametrize("persona", sorted(PERSONAS))
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_route_answers_each_persona_as_expected(route, persona, people, login):
    case = open_sample_case(people["donghe_clerk"])
    declared, persona_line = PERSONAS[persona]
    spec, route_line = ROUTES[route]
    user = None if persona == "anonymous" else declared.user(people) if declared else people[persona]
    client = login(user)
    url = spec.url(case)
    if spec.method == "post" and url.startswith("/api/"):  # the API takes JSON
        response = client.post(url, {"code": "accept", "version": case.version}, content_type="application/json")
    elif spec.method == "post":
        response = client.post(url, {"version": case.version})
    else:
        response = client.get(url)
    status = expected(route, spec, route_line, persona, declared, persona_line)
    assert response.status_code == status, (route, persona, response.content[:300])
