"""The supervision line's routes and its personas (the city supervision body's 监督员 and 科长, and the market
regulator's 报送员, a member of the line for the lenient-penalty register only) in the permission matrix.

In the matrix the kernel's clerks hold every line in their county bureaus (a county bureau is its government's
supervision body, 条例第六条), so they read the line and register leads; the city's leader reads it and plans checks
(a bureau's head), registers nothing. The objects (a plan, a check, an interview) are the city body's: the county
clerks do not reach them (404). The reporter's answer on every page of the line is 403.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.accounts.models import Organisation
from fazhi.tests.matrix import INTAKE, READ, Persona, Route, api, empty_form, statuses

PERSONAS = (
    Persona("supervision_clerk", lambda people: people["supervision_clerk"], like="kundulun_clerk"),
    Persona("supervision_head", lambda people: people["supervision_head"], like="kundulun_clerk"),
    Persona("agency_reporter", lambda people: people["agency_reporter"], like="kundulun_clerk"),
)

_OWN = {"supervision_clerk": 200, "supervision_head": 200, "agency_reporter": 403}
_READ = {**READ, **_OWN}
_INTAKE = {**INTAKE, **_OWN}
_WORK = {**READ, **_OWN}  # a county bureau's clerk and the city's leader may plan their checks
# the city body's objects: its members and the city's leader (and the superuser) reach them
_CITY_OBJECT = {
    **statuses(anonymous=302, citizen=403, donghe_clerk=404, kundulun_clerk=404, leader=200, auditor=403, admin=200),
    **_OWN,
}


def _url(name: str):
    return lambda c: reverse(name)


def _city_plan():
    from fazhi.supervision.models import HealthCheckPlan
    from fazhi.supervision.services import plan_create

    body = Organisation.objects.get(name="包头市司法局行政执法协调监督科")
    plan = HealthCheckPlan.objects.filter(organisation=body).first()
    if plan is None:
        agency = Organisation.objects.get(name="包头市市场监督管理局")
        plan = plan_create(organisation=body, year=2024, title="2024年法治体检工作方案", agencies=[agency], actor=None)
    return plan


def _city_interview():
    from fazhi.supervision.models import Interview

    body = Organisation.objects.get(name="包头市司法局行政执法协调监督科")
    agency = Organisation.objects.get(name="包头市市场监督管理局")
    interview, _ = Interview.objects.get_or_create(
        organisation=body,
        agency=agency,
        period_start=date(2024, 1, 1),
        period_end=date(2024, 12, 31),
        defaults={"region_id": body.region_id, "corrected": 2},
    )
    return interview


ROUTES = {
    "supervision:case_list": Route("get", _url("supervision:case_list"), _READ),
    "supervision:intake": Route("get", _url("supervision:intake"), _INTAKE),
    "supervision:plan_list": Route("get", _url("supervision:plan_list"), _READ),
    "supervision:plan_new": Route("get", _url("supervision:plan_new"), _WORK),
    "supervision:plan_detail": Route(
        "get", lambda c: reverse("supervision:plan_detail", args=[_city_plan().pk]), _CITY_OBJECT
    ),
    "supervision:check_detail": Route(
        "get", lambda c: reverse("supervision:check_detail", args=[_city_plan().checks.get().pk]), _CITY_OBJECT
    ),
    "supervision:interview_list": Route("get", _url("supervision:interview_list"), _READ),
    "supervision:interview_detail": Route(
        "get", lambda c: reverse("supervision:interview_detail", args=[_city_interview().pk]), _CITY_OBJECT
    ),
    "supervision:figure_records": Route(
        "get",
        lambda c: (
            reverse("supervision:figure_records", args=["rule_of_law_health_checks"])
            + "?start=2024-01-01&end=2024-12-31&prefix=1502"
        ),
        _READ,
    ),
    "supervision-cases": Route("post", _url("supervision-cases"), api(empty_form(_INTAKE))),
    "supervision-checks": Route("get", _url("supervision-checks"), api(_READ)),
    "supervision-interviews": Route("post", _url("supervision-interviews"), api(empty_form(_WORK))),
}
