"""The mediation line's routes and its persona (a committee's 人民调解员) in the permission matrix.

The mediator works for the 和平路 committee (a township under 东河区): they reach the committee's records, not the
county bureau's (fazhi/tests/matrix.py says how the matrix reads this).
"""

from django.urls import reverse

from fazhi.tests.matrix import ADMIN_ONLY, INTAKE, NOT_FOUND, READ, Persona, Route, api, empty_form


def _url(name: str):
    return lambda c: reverse(name)


def _committee():
    """The 和平路 committee (东河区), with one mediator, for the committee pages."""
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


# on the kernel's routes the mediator is like the other county's clerk: the matrix case is out of their reach
PERSONAS = (Persona("mediator", lambda people: people["mediator"], like="kundulun_clerk"),)

# The committee's pages: its mediator and the county bureau's staff (and the city); not the other county.
_COMMITTEE = {**READ, "mediator": 200, "kundulun_clerk": 404, "auditor": 404}
# Adding to a committee: the bureau's staff (the empty form refused, 400); the mediator may not (403).
_COMMITTEE_WRITE = {**empty_form(_COMMITTEE), "mediator": 403}

ROUTES = {
    "mediation:intake": Route("get", _url("mediation:intake"), {**INTAKE, "mediator": 200}),
    "mediation:quick": Route("get", _url("mediation:quick"), {**INTAKE, "mediator": 200}),
    "mediation:committee_list": Route("get", _url("mediation:committee_list"), {**READ, "mediator": 200}),
    "mediation:committee_detail": Route(
        "get", lambda c: reverse("mediation:committee_detail", args=[_committee().pk]), _COMMITTEE, others=404
    ),
    "mediation:member_add": Route(
        "post", lambda c: reverse("mediation:member_add", args=[_committee().pk]), _COMMITTEE_WRITE, others=404
    ),
    "mediation:mediator_add": Route(
        "post", lambda c: reverse("mediation:mediator_add", args=[_committee().pk]), _COMMITTEE_WRITE, others=404
    ),
    "mediation:training_add": Route(
        "post",
        lambda c: reverse("mediation:training_add", args=[_committee().mediators.get().pk]),
        _COMMITTEE_WRITE,
        others=404,
    ),
    "mediation:campaign_list": Route("get", _url("mediation:campaign_list"), {**READ, "mediator": 200}),
    "mediation:campaign_create": Route("get", _url("mediation:campaign_create"), {**READ, "mediator": 200}),
    "mediation:campaign_detail": Route(  # a campaign of 东河区司法局: above the 和平路 committee's subtree
        "get",
        lambda c: reverse("mediation:campaign_detail", args=[_campaign(c).pk]),
        {**READ, "mediator": 404, "kundulun_clerk": 404, "auditor": 404},
        others=404,
    ),
    # the committee's mediator imports its own history; the county handler does not
    "mediation:import": Route("get", _url("mediation:import"), {**ADMIN_ONLY, "mediator": 200}),
    "mediation:import_template": Route("get", _url("mediation:import_template"), {**ADMIN_ONLY, "mediator": 200}),
    "mediation:import_report": Route(
        "get",
        lambda c: reverse("mediation:import_report", args=["x" * 22]),
        {**NOT_FOUND, "mediator": 404},
        others=404,
    ),
    "mediation-disputes": Route("post", _url("mediation-disputes"), api(empty_form({**INTAKE, "mediator": 200}))),
    "mediation-quick": Route("post", _url("mediation-quick"), api(empty_form({**INTAKE, "mediator": 200}))),
}
