"""Every read of a sensitive record and every export or download writes one access record: who (user), what
(action, object, case number), when, from where (IP, user agent, request id). Refused requests write none."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from fazhi.audit.models import AccessRecord
from fazhi.cases.models import Case, Material
from fazhi.cases.runner import PartyInput
from fazhi.cases.tests.factories import open_county_case, open_reconsideration, org

pytestmark = pytest.mark.django_db

WHERE = {"REMOTE_ADDR": "10.20.30.40", "HTTP_USER_AGENT": "Mozilla/5.0 审计测试", "HTTP_X_REQUEST_ID": "req-audit-0001"}


@pytest.fixture(autouse=True)
def _behind_our_proxy(settings):
    """The requests come from our reverse proxy (10.20.30.40), the only sender whose X-Request-ID is kept."""
    settings.FAZHI_TRUSTED_PROXIES = ["10.20.30.40"]


def only_record(**filters) -> AccessRecord:
    """The single access record matching `filters`, with the request's origin checked."""
    record = AccessRecord.objects.get(**filters)
    assert (record.ip, record.user_agent, record.request_id) == (
        "10.20.30.40",
        "Mozilla/5.0 审计测试",
        "req-audit-0001",
    )
    return record


def legal_aid_case(actor) -> Case:
    from fazhi.legal_aid.models import HardshipStandardRecord
    from fazhi.legal_aid.services import AidApplication, aid_application_register

    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2022, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    application = AidApplication(
        applicant=PartyInput(role="applicant", name="王五", id_number="11010519491231002X", phone="13812345678"),
        case_category="civil",
        summary="追索劳动报酬",
        received_on=date(2024, 9, 20),
        matter="labour",
        monthly_income_per_capita=Decimal("1200"),
    )
    return aid_application_register(organisation=org("包头市法律援助中心"), application=application, actor=actor)


# --- case pages of every line -----------------------------------------------------------------------------------


def test_a_reconsideration_case_page_is_recorded(login, city_clerk):
    case = open_reconsideration(city_clerk)
    assert login(city_clerk).get(f"/cases/{case.pk}/", **WHERE).status_code == 200
    record = only_record(action="view", object_type="cases.case")
    assert (record.user, record.object_id, record.case_number) == (city_clerk, str(case.pk), case.number)
    assert record.detail == {"line": "reconsideration"}
    assert record.path == f"/cases/{case.pk}/"


def test_a_mediation_case_page_is_recorded(login, donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局")
    assert login(donghe_clerk).get(f"/cases/{case.pk}/", **WHERE).status_code == 200
    record = only_record(action="view", object_id=str(case.pk))
    assert (record.user, record.case_number, record.detail["line"]) == (donghe_clerk, case.number, "mediation")


def test_a_legal_aid_case_page_records_that_it_showed_the_applicants_finances(login, city_clerk):
    case = legal_aid_case(city_clerk)
    html = login(city_clerk).get(f"/cases/{case.pk}/", **WHERE).content.decode()
    assert "1500.00" in html  # the means test against the hardship standard is on the page
    record = only_record(action="view", object_type="cases.case")
    assert (record.user, record.object_id, record.case_number) == (city_clerk, str(case.pk), "包援〔2024〕1号")
    assert record.detail == {"line": "legal_aid", "contains": "申请人经济状况"}


def test_a_refused_step_re_shows_the_case_and_is_recorded_a_taken_step_is_not(login, city_clerk):
    case = open_reconsideration(city_clerk)
    client = login(city_clerk)
    refused = client.post(f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-08"}, **WHERE)
    assert refused.status_code == 400
    assert only_record(action="view").object_id == str(case.pk)
    taken = client.post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"}
    )
    assert taken.status_code == 302 and AccessRecord.objects.count() == 1


def test_a_case_outside_the_scope_records_nothing(login, donghe_clerk, kundulun_clerk, citizen, auditor):
    case = open_county_case(donghe_clerk, "东河区司法局")
    assert login(kundulun_clerk).get(f"/cases/{case.pk}/", **WHERE).status_code == 404
    assert login(citizen).get(f"/cases/{case.pk}/", **WHERE).status_code == 403
    assert login(auditor).get(f"/cases/{case.pk}/", **WHERE).status_code == 404
    assert login(None).get(f"/cases/{case.pk}/", **WHERE).status_code == 302
    assert not AccessRecord.objects.exists()


# --- lists that show personal data, exports and downloads -------------------------------------------------------


def test_the_consultation_list_is_recorded_with_the_rows_it_showed(login, city_clerk):
    from fazhi.legal_aid.models import Consultation

    centre = org("包头市法律援助中心")
    shown = Consultation.objects.create(
        organisation=centre,
        region_id=centre.region_id,
        channel="hotline_12348",
        on=date(2024, 9, 2),
        summary="婚姻家庭咨询",
        person_name="赵六",
        phone="13900001111",
        handled_by=city_clerk,
    )
    assert login(city_clerk).get("/legal-aid/consultations/?channel=hotline_12348", **WHERE).status_code == 200
    record = only_record(action="view", object_type="legal_aid.consultation")
    assert record.user == city_clerk
    assert record.detail["ids"] == str(shown.pk) and record.detail["channel"] == "hotline_12348"


def test_the_case_list_export_is_recorded_with_its_filter(login, city_clerk):
    open_reconsideration(city_clerk)
    response = login(city_clerk).get("/cases/export/?line=reconsideration", **WHERE)
    assert response.status_code == 200
    record = only_record(action="export")
    assert (record.user, record.object_type, record.detail["query"]) == (
        city_clerk,
        "cases.case",
        "line=reconsideration",
    )


def test_a_material_download_is_recorded_with_its_case(login, city_clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = open_reconsideration(city_clerk)
    material = Material.objects.create(
        case=case,
        title="申请书",
        file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x"),
        original_name="a.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0" * 64,
        uploaded_by=city_clerk,
    )
    assert login(city_clerk).get(f"/cases/materials/{material.pk}/", **WHERE).status_code == 200
    record = only_record(action="download")
    assert (record.user, record.object_type, record.object_id) == (city_clerk, "cases.material", str(material.pk))
    assert record.case_number == case.number


def test_a_document_download_is_recorded_with_its_case(login, city_clerk):
    from fazhi.documents.tests.helpers import accepted_case, issue

    doc = issue(accepted_case(city_clerk))
    assert login(city_clerk).get(f"/documents/{doc.pk}/download/", **WHERE).status_code == 200
    record = only_record(action="download")
    assert (record.user, record.object_type, record.object_id) == (city_clerk, "documents.issueddocument", str(doc.pk))
    assert record.case_number == doc.case.number


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_annual_report_downloads_are_recorded_and_the_page_is_not(login, leader, fmt):
    client = login(leader)
    assert client.get("/indicators/report/?year=2024", **WHERE).status_code == 200
    assert not AccessRecord.objects.exists()
    assert client.get(f"/indicators/report/?year=2024&format={fmt}", **WHERE).status_code == 200
    record = only_record(action="download", object_type="indicators.report")
    assert (record.user, record.detail["format"], record.detail["year"]) == (leader, fmt, "2024")


def test_a_drill_down_list_is_recorded_with_the_cases_it_listed(login, donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局", received_on=date(2024, 5, 6))
    url = "/indicators/records/?line=mediation&key=received&year=2024&region=150202000000"
    html = login(donghe_clerk).get(url, **WHERE).content.decode()
    assert case.number in html
    record = only_record(action="view", object_type="indicators.drilldown")
    assert record.user == donghe_clerk
    assert (record.detail["line"], record.detail["key"], record.detail["cases"]) == (
        "mediation",
        "received",
        case.number,
    )


def test_an_import_problem_list_download_is_recorded(login, city_clerk):
    from fazhi.reconsideration.tests.test_import import D, row, xlsx

    client = login(city_clerk)
    upload = io.BytesIO(xlsx([row(D(2023, 1, 5), "维持", None, D(2023, 2, 1))]))
    upload.name = "bad.xlsx"
    html = client.post(
        "/reconsideration/import/", {"organisation": org("包头市人民政府行政复议办公室").pk, "file": upload}
    ).content.decode()
    link = html.split('href="/reconsideration/import/report/')[1].split('"')[0]
    assert client.get(f"/reconsideration/import/report/{link}", **WHERE).status_code == 200
    record = only_record(action="download", object_type="reconsideration.import_report")
    assert (record.user, record.detail["file"]) == (city_clerk, "bad.xlsx")


def test_behind_a_trusted_proxy_the_forwarded_address_is_recorded(login, city_clerk, settings):
    settings.FAZHI_TRUSTED_PROXIES = ["10.20.30.40"]
    case = open_reconsideration(city_clerk)
    client = login(city_clerk)
    client.get(f"/cases/{case.pk}/", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.20.30.40", REMOTE_ADDR="10.20.30.40")
    assert AccessRecord.objects.get().ip == "203.0.113.9"
    settings.FAZHI_TRUSTED_PROXIES = []  # an untrusted sender cannot choose the address it is recorded under
    client.get(f"/cases/{case.pk}/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="198.51.100.7")
    assert AccessRecord.objects.order_by("-id").first().ip == "198.51.100.7"


# --- the mechanism: every download and export route is marked ----------------------------------------------------

# Routes that record by hand rather than through @records_access, each with its reason.
RECORDED_BY_HAND = {
    "reconsideration:import_report": "fazhi/cases/import_views.py records the problem-list download itself",
    "mediation:import_report": "fazhi/cases/import_views.py records the problem-list download itself",
    "legal_aid:import_report": "fazhi/cases/import_views.py records the problem-list download itself",
}
# Pages that show a sensitive record without "download"/"export" in their name.
SENSITIVE_PAGES = {
    "cases:case_detail",
    "cases:case_transition",
    "indicators:drilldown",
    "indicators:report",
    "legal_aid:consultation_list",
}


def _views(resolver: URLResolver, prefix: str = "") -> dict:
    found: dict = {}
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin" or (p.namespace is None and "api" in str(p.pattern)):
                continue
            found |= _views(p, f"{prefix}{p.namespace}:" if p.namespace else prefix)
        elif isinstance(p, URLPattern) and p.name:
            found[prefix + p.name] = p.callback
    return found


def test_every_download_export_and_sensitive_page_is_marked():
    views = _views(get_resolver())
    must = {n for n in views if any(w in n for w in ("download", "export", "report"))} | SENSITIVE_PAGES
    unmarked = {n for n in must - RECORDED_BY_HAND.keys() if not hasattr(views[n], "records_access")}
    assert not unmarked, f"mark these views with @records_access (fazhi/audit/services.py): {sorted(unmarked)}"
    assert views["indicators:report"].records_access.action == "download"


def test_naming_an_access_outside_a_marked_view_fails_loudly(rf, city_clerk):
    from fazhi.audit.services import accessed

    request = rf.get("/")
    request.user = city_clerk
    with pytest.raises(RuntimeError, match="records_access"):
        accessed(request, object_type="cases.case")
