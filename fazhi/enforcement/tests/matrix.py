"""The enforcement network's routes in the permission matrix (fazhi/tests/matrix.py says how a matrix is declared).

The network is no line; the kernel's matrix counts its routes as the supervision line's (`LINE`: its members keep
it), so a member of another line answers `others` (403; 200 on the public verification page). In the matrix the
kernel's clerks hold every line in their county bureaus — a county's justice bureau is its government's supervision
body (行政执法监督条例 art. 6) — so each keeps its own county; the leader (the city bureau) and the city's
行政执法协调监督科 (supervision_clerk, supervision_head) keep the city and its counties; the market regulator's
报送员 (agency_reporter) reads nothing here. The matrix certificate is held by an officer of 东河区市场监督管理局:
昆都仑区's clerk does not reach it (404). A write posted empty comes back as the form with its errors (400).
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.tests.matrix import Route, api, statuses

LINE = "supervision"
_OWN = {"supervision_clerk": 200, "supervision_head": 200, "agency_reporter": 403}
READ = {
    **statuses(anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403, admin=200),
    **_OWN,
}
# the 东河区 certificate, officer and body: its county, the city and the superuser reach them
OBJECT = {**READ, "kundulun_clerk": 404}
# a write on them posted empty: whoever keeps it gets the form back (400)
OBJECT_WRITE = {
    **OBJECT,
    **dict.fromkeys(["donghe_clerk", "leader", "admin", "supervision_clerk", "supervision_head"], 400),
}
# the records behind a figure of 东河区: its county and the city read them; 昆都仑区's clerk does not (403)
FIGURE = {**READ, "kundulun_clerk": 403}
PUBLIC = dict.fromkeys(
    ["anonymous", "citizen", "donghe_clerk", "kundulun_clerk", "leader", "auditor", "admin", *_OWN], 200
)


def matrix_certificate():
    """A supervision certificate of an officer of 东河区市场监督管理局, with a photo (made once per test)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fazhi.accounts.models import Organisation, OrganisationKind
    from fazhi.enforcement import services
    from fazhi.enforcement.models import Certificate, Officer

    found = Certificate.objects.filter(number="矩阵JD0001").first()
    if found:
        return found
    unit = Organisation.objects.get_or_create(
        name="东河区市场监督管理局",
        region_id="150202000000",
        defaults={"short_name": "东", "kind": OrganisationKind.ENFORCEMENT_AGENCY},
    )[0]
    officer = Officer.objects.filter(name="矩阵执法").first() or services.officer_register(
        actor=None,
        name="矩阵执法",
        id_number="150202198503120016",
        organisation=unit,
        photo=SimpleUploadedFile("p.png", b"\x89PNG\r\n\x1a\n0000", content_type="image/png"),
    )
    cert = services.certificate_apply(actor=None, officer=officer, kind="supervision", applied_on=date(2024, 1, 5))
    for code, data in (
        ("train", {"training_hours": 40, "exam_score": 80}),
        ("approve", {}),
        ("issue", {"number": "矩阵JD0001", "valid_from": "2024-03-01", "valid_to": "2029-02-28"}),
    ):
        cert = services.certificate_move(actor=None, certificate=cert, code=code, on=date(2024, 3, 1), data=data)
    return cert


def matrix_body():
    from fazhi.accounts.models import Organisation
    from fazhi.enforcement import services
    from fazhi.enforcement.models import SupervisionBody

    return SupervisionBody.objects.filter(name="矩阵监督机构").first() or services.body_register(
        actor=None,
        name="矩阵监督机构",
        host=Organisation.objects.get(name="东河区司法局"),
        established_on=date(2024, 1, 2),
    )


def _url(name: str, query: str = ""):
    return lambda case: reverse(name) + query


def _cert_url(name: str, *extra: str):
    return lambda case: reverse(name, args=[matrix_certificate().pk, *extra])


def _token_url(name: str):
    return lambda case: reverse(name, args=[matrix_certificate().token])


ROUTES: dict[str, Route] = {
    "enforcement:certificate_list": Route("get", _url("enforcement:certificate_list"), READ),
    "enforcement:expiring": Route("get", _url("enforcement:expiring"), READ),
    "enforcement:officer_list": Route("get", _url("enforcement:officer_list"), READ),
    "enforcement:body_list": Route("get", _url("enforcement:body_list"), READ),
    "enforcement:officer_register": Route("get", _url("enforcement:officer_register"), READ),
    "enforcement:body_register": Route("get", _url("enforcement:body_register"), READ),
    "enforcement:certificate_detail": Route("get", _cert_url("enforcement:certificate_detail"), OBJECT),
    "enforcement:certificate_move": Route("post", _cert_url("enforcement:certificate_move", "suspend"), OBJECT_WRITE),
    "enforcement:officer_detail": Route(
        "get", lambda case: reverse("enforcement:officer_detail", args=[matrix_certificate().officer_id]), OBJECT
    ),
    "enforcement:certificate_apply": Route(
        "post",
        lambda case: reverse("enforcement:certificate_apply", args=[matrix_certificate().officer_id]),
        OBJECT_WRITE,
    ),
    "enforcement:body_dissolve": Route(
        "post", lambda case: reverse("enforcement:body_dissolve", args=[matrix_body().pk]), OBJECT_WRITE
    ),
    "enforcement:figure_records": Route(
        "get",
        lambda case: (
            reverse("enforcement:figure_records", args=["certified_supervisors"])
            + "?start=2024-01-01&end=2024-12-31&region=150202000000"
        ),
        FIGURE,
    ),
    # the public verification page and the holder's photo: anyone, signed in or not, any line
    "enforcement:verify": Route("get", _token_url("enforcement:verify"), PUBLIC, others=200),
    "enforcement:verify_photo": Route("get", _token_url("enforcement:verify_photo"), PUBLIC, others=200),
    # the read API
    "api-enforcement-bodies": Route("get", _url("api-enforcement-bodies"), api(READ)),
    "api-enforcement-certificates": Route("get", _url("api-enforcement-certificates"), api(READ)),
    "api-enforcement-certificate": Route("get", _cert_url("api-enforcement-certificate"), api(OBJECT)),
}
