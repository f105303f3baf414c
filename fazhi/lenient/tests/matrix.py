"""The lenient-penalty register's routes in the permission matrix (fazhi/tests/matrix.py says how a matrix is declared).

The register is no line; the kernel's matrix counts these routes as the supervision line's (`LINE`: its members keep
and read it). In the matrix the kernel's clerks and the city leader hold every line, so they read the register (their
own region's decisions) but keep nothing: they are in justice bureaus, not in a supervision body. The line's own
people: the city's supervision body (监督员, 科长) keeps the list and reports for any agency of the city; the market
regulator's reporter (报送员) reads the list and its own agency's decisions and reports them. Auditors read no
register; citizens get the guide.
"""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from fazhi.tests.matrix import Route, api, statuses

LINE = "supervision"

READ = {
    **statuses(anonymous=302, citizen=403, donghe_clerk=200, kundulun_clerk=200, leader=200, auditor=403, admin=200),
    "supervision_clerk": 200,
    "supervision_head": 200,
    "agency_reporter": 200,
}
KEEP = {**READ, "donghe_clerk": 403, "kundulun_clerk": 403, "leader": 403, "agency_reporter": 403}
REPORT = {**READ, "donghe_clerk": 403, "kundulun_clerk": 403, "leader": 403}
# the last upload's problem list: none in the matrix's session (404) for those who may report
PROBLEMS = {name: 404 if status == 200 else status for name, status in REPORT.items()}
# the matrix posts {"code": …, "version": …}, not a list: whoever may report has it refused (400)
API_REPORT = {name: 400 if status == 200 else status for name, status in api(REPORT).items()}


def _entry():
    from fazhi.lenient.models import ListEntry

    return ListEntry.objects.get_or_create(
        code="MATRIX-001",
        defaults={
            "region_id": "150200000000",
            "issuer": "包头市司法局",
            "domain": "market_regulation",
            "conduct": "矩阵测试事项",
            "legal_basis": "《中华人民共和国行政处罚法》第三十三条",
            "conditions": "首违不罚",
            "kind": "no_penalty",
            "effective_from": date(2023, 1, 1),
        },
    )[0]


def _agency_url(case) -> str:
    from fazhi.accounts.models import Organisation

    agency = Organisation.objects.get(name="包头市市场监督管理局", region_id="150200000000")
    return reverse("lenient:agency_domains", args=[agency.pk])


def _url(name: str, query: str = ""):
    return lambda case: reverse(name) + query


ROUTES: dict[str, Route] = {
    "lenient:decision_list": Route("get", _url("lenient:decision_list"), READ),
    "lenient:entry_list": Route("get", _url("lenient:entry_list"), READ),
    "lenient:entry_create": Route("get", _url("lenient:entry_create"), KEEP),
    "lenient:entry_edit": Route("get", lambda case: reverse("lenient:entry_edit", args=[_entry().pk]), KEEP),
    # deleting the matrix's entry (no decision applies it): the keepers are sent back to the list
    "lenient:entry_delete": Route(
        "post",
        lambda case: reverse("lenient:entry_delete", args=[_entry().pk]),
        {name: 302 if status == 200 else status for name, status in KEEP.items()},
    ),
    "lenient:agency_list": Route("get", _url("lenient:agency_list"), KEEP),
    "lenient:agency_domains": Route("get", _agency_url, {**KEEP, "admin": 200}),
    "lenient:decision_upload": Route("get", _url("lenient:decision_upload"), REPORT),
    "lenient:upload_template": Route("get", _url("lenient:upload_template"), REPORT),
    "lenient:upload_problems": Route("get", _url("lenient:upload_problems"), PROBLEMS),
    "lenient:figure_records": Route(
        "get",
        lambda case: (
            reverse("lenient:figure_records", args=["lenient_penalty_cases"])
            + "?start=2024-01-01&end=2024-12-31&prefix=1502"
        ),
        READ,
    ),
    "api-lenient-decisions": Route("post", _url("api-lenient-decisions"), API_REPORT),
}
