"""Every workbench view and API route × every persona: the status each must get (county A never sees county B).

A new URL that is not listed here fails `test_every_route_is_in_the_matrix`, so no view ships unscoped.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from fazhi.cases.tests.factories import open_county_case


def _issued(case):
    """A document on the matrix case, to download."""
    from django.db import transaction

    from fazhi.documents.services import document_issue

    with transaction.atomic():
        return document_issue(case=case, kind="mediation_termination_notice", actor=None, on=case.received_on, data={})


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


def _committee():
    """The 和平路 committee (东河区), with one mediator, for the mediation committee pages."""
    from fazhi.cases.tests.factories import org
    from fazhi.mediation.models import Committee, Mediator

    committee, _ = Committee.objects.get_or_create(organisation=org("和平路街道人民调解委员会"), kind="township")
    Mediator.objects.get_or_create(committee=committee, name="刘调解员")
    return committee


def _campaign(case):
    """A screening round of the matrix case's organisation (东河区司法局)."""
    from fazhi.mediation.models import Campaign

    return Campaign.objects.create(
        organisation=case.organisation, kind="screening", name="排查", starts_on=case.received_on
    )


PERSONAS = ["anonymous", "citizen", "mediator", "donghe_clerk", "kundulun_clerk", "leader", "auditor"]

# route name → (method, url builder, {persona: status}); `case` is a mediation case of 东河区 (county A).
MATRIX = {
    "cases:my_tasks": (
        "get",
        lambda c: reverse("cases:my_tasks"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200),
    ),
    "cases:case_list": (
        "get",
        lambda c: reverse("cases:case_list"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200),
    ),
    "cases:case_detail": (
        "get",
        lambda c: reverse("cases:case_detail", args=[c.pk]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404),
    ),
    "cases:case_transition": (
        "post",
        lambda c: reverse("cases:case_transition", args=[c.pk, "accept"]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=302, kundulun_clerk=404, leader=403, auditor=404),
    ),
    "cases:case_export": (
        "get",
        lambda c: reverse("cases:case_export"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200),
    ),
    "documents:document_download": (
        "get",
        lambda c: reverse("documents:document_download", args=[_issued(c).pk]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404),
    ),
    "reconsideration:import": (
        "get",
        lambda c: reverse("reconsideration:import"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=403, kundulun_clerk=403, leader=403, auditor=403),
    ),
    "reconsideration:import_report": (
        "get",
        lambda c: reverse("reconsideration:import_report", args=["x" * 22]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=404, kundulun_clerk=404, leader=404, auditor=404),
    ),
    "cases:material_upload": (
        "post",
        lambda c: reverse("cases:material_upload", args=[c.pk]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=302, kundulun_clerk=404, leader=302, auditor=404),
    ),
    "cases:material_download": (
        "get",
        lambda c: reverse("cases:material_download", args=[_material(c).pk]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404),
    ),
    "cases:deadline_calculator": ("get", lambda c: reverse("cases:deadline_calculator"), dict.fromkeys(PERSONAS, 200)),
    "api-root": (
        "get",
        lambda c: reverse("api-root"),
        dict(anonymous=401, citizen=200, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200),
    ),
    "case-list": (
        "get",
        lambda c: reverse("case-list"),
        dict(anonymous=401, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=200),
    ),
    "case-detail": (
        "get",
        lambda c: reverse("case-detail", args=[c.pk]),
        dict(anonymous=401, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404),
    ),
    "case-transitions": (
        "post",
        lambda c: reverse("case-transitions", args=[c.pk]),
        dict(anonymous=401, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=403, auditor=404),
    ),
    "api-deadlines": (
        "get",
        lambda c: reverse("api-deadlines") + "?rule=legal_aid.review&start=2024-04-29",
        dict.fromkeys(PERSONAS, 200),
    ),
    "api-deadline-rules": ("get", lambda c: reverse("api-deadline-rules"), dict.fromkeys(PERSONAS, 200)),
    "api-schema": ("get", lambda c: reverse("api-schema"), dict.fromkeys(PERSONAS, 200)),
    "reconsideration:intake": (
        "get",
        lambda c: reverse("reconsideration:intake"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=403, auditor=403),
    ),
    "reconsideration:hearing_calendar": (
        "get",
        lambda c: reverse("reconsideration:hearing_calendar"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "reconsideration:litigation": (  # `case` is a mediation case: no reconsideration scope reaches it
        "get",
        lambda c: reverse("reconsideration:litigation", args=[c.pk]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=404, kundulun_clerk=404, leader=404, auditor=404),
    ),
    "reconsideration:agencies": (
        "get",
        lambda c: reverse("reconsideration:agencies"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "reconsideration-applications": (  # an empty form: the permission passes, then the input is refused (400)
        "post",
        lambda c: reverse("reconsideration-applications"),
        dict(anonymous=401, citizen=403, mediator=403, donghe_clerk=400, kundulun_clerk=400, leader=403, auditor=403),
    ),
    "reconsideration-hearings": (
        "get",
        lambda c: reverse("reconsideration-hearings"),
        dict(anonymous=401, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "legal_aid:consultation_list": (
        "get",
        lambda c: reverse("legal_aid:consultation_list"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "legal_aid:consultation_create": (
        "get",
        lambda c: reverse("legal_aid:consultation_create"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=403, auditor=403),
    ),
    "legal_aid:intake": (
        "get",
        lambda c: reverse("legal_aid:intake"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=403, auditor=403),
    ),
    "legal_aid:standards": (
        "get",
        lambda c: reverse("legal_aid:standards"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "legal-aid-applications": (  # an empty form: the permission passes, then the input is refused (400)
        "post",
        lambda c: reverse("legal-aid-applications"),
        dict(anonymous=401, citizen=403, mediator=403, donghe_clerk=400, kundulun_clerk=400, leader=403, auditor=403),
    ),
    "legal-aid-consultations": (
        "get",
        lambda c: reverse("legal-aid-consultations"),
        dict(anonymous=401, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "mediation:intake": (
        "get",
        lambda c: reverse("mediation:intake"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=403, auditor=403),
    ),
    "mediation:quick": (
        "get",
        lambda c: reverse("mediation:quick"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=403, auditor=403),
    ),
    "mediation:committee_list": (
        "get",
        lambda c: reverse("mediation:committee_list"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "mediation:committee_detail": (
        "get",
        lambda c: reverse("mediation:committee_detail", args=[_committee().pk]),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404),
    ),
    "mediation:member_add": (  # an empty form: the bureau's staff pass the permission, then the input is refused
        "post",
        lambda c: reverse("mediation:member_add", args=[_committee().pk]),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=400, kundulun_clerk=404, leader=400, auditor=404),
    ),
    "mediation:mediator_add": (
        "post",
        lambda c: reverse("mediation:mediator_add", args=[_committee().pk]),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=400, kundulun_clerk=404, leader=400, auditor=404),
    ),
    "mediation:training_add": (
        "post",
        lambda c: reverse("mediation:training_add", args=[_committee().mediators.get().pk]),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=400, kundulun_clerk=404, leader=400, auditor=404),
    ),
    "mediation:campaign_list": (
        "get",
        lambda c: reverse("mediation:campaign_list"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "mediation:campaign_create": (
        "get",
        lambda c: reverse("mediation:campaign_create"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "mediation:campaign_detail": (  # a campaign of 东河区司法局: above the 和平路 committee's subtree
        "get",
        lambda c: reverse("mediation:campaign_detail", args=[_campaign(c).pk]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=200, auditor=404),
    ),
    "mediation:import": (  # the committee's mediator imports its own history; the county handler does not
        "get",
        lambda c: reverse("mediation:import"),
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=403, kundulun_clerk=403, leader=403, auditor=403),
    ),
    "legal_aid:import": (  # the centre's registrars and section heads import its history
        "get",
        lambda c: reverse("legal_aid:import"),
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=403, kundulun_clerk=403, leader=403, auditor=403),
    ),
    "legal_aid:import_report": (
        "get",
        lambda c: reverse("legal_aid:import_report", args=["x" * 22]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=404, kundulun_clerk=404, leader=404, auditor=404),
    ),
    "mediation:import_report": (
        "get",
        lambda c: reverse("mediation:import_report", args=["x" * 22]),
        dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=404, kundulun_clerk=404, leader=404, auditor=404),
    ),
    "mediation-disputes": (  # an empty form: the permission passes, then the input is refused (400)
        "post",
        lambda c: reverse("mediation-disputes"),
        dict(anonymous=401, citizen=403, mediator=400, donghe_clerk=400, kundulun_clerk=400, leader=403, auditor=403),
    ),
    "mediation-quick": (
        "post",
        lambda c: reverse("mediation-quick"),
        dict(anonymous=401, citizen=403, mediator=400, donghe_clerk=400, kundulun_clerk=400, leader=403, auditor=403),
    ),
    "indicators:dashboard": (  # each sees the broadest region of their memberships; auditors read no figures
        "get",
        lambda c: reverse("indicators:dashboard") + "?year=2024",
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
    "indicators:drilldown": (  # 东河区's mediation cases: wider than the committee's area, outside 昆都仑区
        "get",
        lambda c: reverse("indicators:drilldown") + "?line=mediation&key=received&year=2024&region=150202000000",
        dict(anonymous=302, citizen=403, mediator=403, donghe_clerk=200, kundulun_clerk=403, leader=200, auditor=403),
    ),
    "indicators:report": (
        "get",
        lambda c: reverse("indicators:report") + "?year=2024",
        dict(anonymous=302, citizen=403, mediator=200, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403),
    ),
}

# The login code and enrolment steps: the matrix's sessions are finished logins (password and second factor),
# so every persona is sent on (staff and citizens to their pages, strangers to the login page). The steps
# themselves are proven in fazhi/accounts/tests/test_two_factor.py.
MATRIX["accounts:verify"] = ("get", lambda c: reverse("accounts:verify"), dict.fromkeys(PERSONAS, 302))
MATRIX["accounts:enrol"] = ("get", lambda c: reverse("accounts:enrol"), dict.fromkeys(PERSONAS, 302))

# The auditor console: auditors (and administrators) only; it reads the trail of every user, so no region scoping.
_AUDITORS_ONLY = dict(
    anonymous=302, citizen=403, mediator=403, donghe_clerk=403, kundulun_clerk=403, leader=403, auditor=200
)


def _audit_url(route: str):
    return lambda c: reverse(route)


for _route in ["audit:access_list", "audit:access_export", "audit:change_list", "audit:change_export"]:
    MATRIX[_route] = ("get", _audit_url(_route), _AUDITORS_ONLY)


def _party(case):
    """A person party with an ID number on the matrix case, to reveal."""
    return case.parties.create(role="applicant", name="张三", id_number="11010519491231002X", phone="13812345678")


# Revealing a party's full ID number: only the case's handlers in its owning organisation (东河区司法局's clerk);
# the leader sees the case masked (403), those who cannot see the case get 404.
MATRIX["cases:party_reveal"] = (
    "post",
    lambda c: reverse("cases:party_reveal", args=[c.pk, _party(c).pk]),
    dict(anonymous=302, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=403, auditor=404),
)
MATRIX["case-party-reveal"] = (
    "post",
    lambda c: reverse("case-party-reveal", args=[c.pk, _party(c).pk]),
    dict(anonymous=401, citizen=403, mediator=404, donghe_clerk=200, kundulun_clerk=404, leader=403, auditor=404),
)

# The administrator (a superuser with no membership): every page and step, and the auditor console; never a
# party's full ID number (a reveal needs a handler's membership in the case's organisation). 400 = allowed, the
# matrix's empty payload refused; 404 on an import report or litigation page = the object does not exist.
ADMIN = {
    "accounts:enrol": 302,
    "accounts:verify": 302,
    "api-deadline-rules": 200,
    "api-deadlines": 200,
    "api-root": 200,
    "api-schema": 200,
    "audit:access_export": 200,
    "audit:access_list": 200,
    "audit:change_export": 200,
    "audit:change_list": 200,
    "case-detail": 200,
    "case-list": 200,
    "case-party-reveal": 403,
    "case-transitions": 200,
    "cases:case_detail": 200,
    "cases:case_export": 200,
    "cases:case_list": 200,
    "cases:case_transition": 302,
    "cases:deadline_calculator": 200,
    "cases:material_download": 200,
    "cases:material_upload": 302,
    "cases:my_tasks": 200,
    "cases:party_reveal": 403,
    "documents:document_download": 200,
    "indicators:dashboard": 200,
    "indicators:drilldown": 200,
    "indicators:report": 200,
    "legal-aid-applications": 400,
    "legal-aid-consultations": 200,
    "legal_aid:consultation_create": 200,
    "legal_aid:consultation_list": 200,
    "legal_aid:import": 200,
    "legal_aid:import_report": 404,
    "legal_aid:intake": 200,
    "legal_aid:standards": 200,
    "mediation-disputes": 400,
    "mediation-quick": 400,
    "mediation:campaign_create": 200,
    "mediation:campaign_detail": 200,
    "mediation:campaign_list": 200,
    "mediation:committee_detail": 200,
    "mediation:committee_list": 200,
    "mediation:import": 200,
    "mediation:import_report": 404,
    "mediation:intake": 200,
    "mediation:mediator_add": 400,
    "mediation:member_add": 400,
    "mediation:quick": 200,
    "mediation:training_add": 400,
    "reconsideration-applications": 400,
    "reconsideration-hearings": 200,
    "reconsideration:agencies": 200,
    "reconsideration:hearing_calendar": 200,
    "reconsideration:import": 200,
    "reconsideration:import_report": 404,
    "reconsideration:intake": 200,
    "reconsideration:litigation": 404,
}
for _route, (_method, _url, _expected) in list(MATRIX.items()):
    MATRIX[_route] = (_method, _url, {**_expected, "admin": ADMIN[_route]})
PERSONAS.append("admin")


# Routes outside the matrix, each with its reason.
EXEMPT = {
    "accounts:login": "the login page itself is public",
    "accounts:logout": "ends the caller's own session",
    "set_language": "Django's language switch, no data",
}


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
    missing = routes - MATRIX.keys() - EXEMPT.keys()
    assert not missing, f"add these routes to the permission matrix: {sorted(missing)}"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(MATRIX))
def test_route_answers_each_persona_as_expected(route, persona, baotou, login):
    case = open_county_case(baotou["donghe_clerk"], "东河区司法局", received_on=date(2024, 5, 6))
    method, url, expected = MATRIX[route]
    client = login(None if persona == "anonymous" else baotou[persona])
    if method == "post" and route.startswith("case-"):  # the API takes JSON
        response = client.post(url(case), {"code": "accept", "version": case.version}, content_type="application/json")
    elif method == "post":
        response = client.post(url(case), {"version": case.version})
    else:
        response = client.get(url(case))
    assert response.status_code == expected[persona], (route, persona, response.content[:300])
