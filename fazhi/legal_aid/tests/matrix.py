"""The legal aid line's routes in the permission matrix (fazhi/tests/matrix.py)."""

from django.urls import reverse

from fazhi.tests.matrix import ADMIN_ONLY, INTAKE, NOT_FOUND, READ, Route, api, empty_form


def _url(name: str):
    return lambda c: reverse(name)


ROUTES = {
    "legal_aid:consultation_list": Route("get", _url("legal_aid:consultation_list"), READ),
    "legal_aid:consultation_create": Route("get", _url("legal_aid:consultation_create"), INTAKE),
    "legal_aid:intake": Route("get", _url("legal_aid:intake"), INTAKE),
    "legal_aid:standards": Route("get", _url("legal_aid:standards"), READ),
    "legal_aid:import": Route("get", _url("legal_aid:import"), ADMIN_ONLY),  # the centre's registrars and heads
    "legal_aid:import_template": Route("get", _url("legal_aid:import_template"), ADMIN_ONLY),
    "legal_aid:import_report": Route(
        "get", lambda c: reverse("legal_aid:import_report", args=["x" * 22]), NOT_FOUND, others=404
    ),
    "legal-aid-applications": Route("post", _url("legal-aid-applications"), api(empty_form(INTAKE))),
    "legal-aid-consultations": Route("get", _url("legal-aid-consultations"), api(READ)),
}
