"""The reconsideration line's routes in the permission matrix (fazhi/tests/matrix.py)."""

from django.urls import reverse

from fazhi.tests.matrix import ADMIN_ONLY, INTAKE, NOT_FOUND, READ, Route, api, empty_form


def _url(name: str):
    return lambda c: reverse(name)


ROUTES = {
    "reconsideration:intake": Route("get", _url("reconsideration:intake"), INTAKE),
    "reconsideration:hearing_calendar": Route("get", _url("reconsideration:hearing_calendar"), READ),
    "reconsideration:agencies": Route("get", _url("reconsideration:agencies"), READ),
    # the matrix case is not a reconsideration case: no reconsideration scope reaches its litigation page
    "reconsideration:litigation": Route(
        "get", lambda c: reverse("reconsideration:litigation", args=[c.pk]), NOT_FOUND, others=404
    ),
    "reconsideration:import": Route("get", _url("reconsideration:import"), ADMIN_ONLY),  # the office's registrars
    "reconsideration:import_template": Route("get", _url("reconsideration:import_template"), ADMIN_ONLY),
    "reconsideration:import_report": Route(
        "get", lambda c: reverse("reconsideration:import_report", args=["x" * 22]), NOT_FOUND, others=404
    ),
    "reconsideration-applications": Route("post", _url("reconsideration-applications"), api(empty_form(INTAKE))),
    "reconsideration-hearings": Route("get", _url("reconsideration-hearings"), api(READ)),
}
