"""The reconsideration API: registering an application (201/400/403) and the month's hearings."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.tests.factories import open_county_case, open_reconsideration
from fazhi.reconsideration.tests.test_views import accept, schedule_hearing

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/reconsideration/applications/"
HEARINGS = "/api/v1/reconsideration/hearings/"


def payload(**overrides) -> dict:
    return {
        "channel": "web",
        "received_on": "2024-10-08",
        "applicant_name": "张三",
        "id_number": "11010519491231002x",
        "respondent_name": "包头市某执法局",
        "act_type": "penalty",
        "act_description": "罚款2000元的行政处罚决定",
        "knew_on": "2024-09-12",
        "amount": "2000.00",
        **overrides,
    }


def post(client, data):
    return client.post(APPLICATIONS, data, content_type="application/json")


def test_a_registrar_registers_an_application_through_the_api(login, city_clerk):
    response = post(login(city_clerk), payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get()
    assert (body["id"], body["number"], body["state"], body["channel"]) == (
        case.pk,
        "包复〔2024〕1号",
        "received",
        "web",
    )
    assert body["warnings"] == []
    assert case.parties.get(role="applicant").id_number == "11010519491231002X"  # normalised
    assert case.reconsideration.act_type == "penalty"


def test_a_late_application_comes_back_with_its_warnings(login, city_clerk):
    response = post(login(city_clerk), payload(knew_on="2024-06-03"))
    assert response.status_code == 201
    assert "60日" in response.json()["warnings"][0]


def test_the_intake_response_is_the_serializers(login, city_clerk):
    """The body is built from the case in hand; it is ApplicationCreated's of the case as stored."""
    from fazhi.reconsideration.api import ApplicationCreated

    response = post(login(city_clerk), payload(knew_on="2024-06-03"))
    assert response.status_code == 201
    stored = ApplicationCreated(Case.objects.get()).data
    assert response.json() == dict(stored) and list(response.json()) == list(stored)
    assert stored["warnings"] and stored["number"] == "包复〔2024〕1号"


def test_a_respondent_agency_is_picked_from_the_region(login, city_clerk):
    agency, _ = Organisation.objects.get_or_create(  # the demo people include the agency's reporter
        name="包头市市场监督管理局",
        region_id="150200000000",
        defaults={"short_name": "包", "kind": "enforcement_agency"},
    )
    response = post(login(city_clerk), payload(respondent_name="", respondent_agency=agency.pk))
    assert response.status_code == 201
    assert Case.objects.get().reconsideration.respondent_agency == agency


def test_bad_input_is_refused_field_by_field_and_nothing_is_created(login, city_clerk):
    client = login(city_clerk)
    response = post(client, payload(act_description="", received_on="2024-10-32"))
    assert response.status_code == 400
    assert set(response.json()) == {"act_description", "received_on"}
    response = post(client, payload(id_number="110105194912310021", respondent_name=""))
    assert response.status_code == 400
    body = response.json()
    assert body["id_number"] == ["身份证号码校验位错误，请核对号码是否输入有误。"]
    assert body["respondent_agency"] == ["请选择被申请机关，或填写被申请人名称。"]
    assert not Case.objects.exists()


def test_an_organisation_applicant_needs_a_credit_code(login, city_clerk):
    response = post(login(city_clerk), payload(applicant_kind="organisation", id_number=""))
    assert response.status_code == 400
    assert response.json()["uscc"] == ["请填写申请人的统一社会信用代码。"]


@pytest.mark.parametrize("persona", ["leader", "mediator", "citizen"])
def test_users_without_an_intake_role_get_403_in_chinese(login, baotou, persona):
    response = post(login(baotou[persona]), payload())
    assert response.status_code == 403
    assert "权限" in response.json()["detail"] or "仅限机构工作人员" in response.json()["detail"]
    assert not Case.objects.exists()


def test_registering_in_another_office_is_forbidden(login, city_clerk):
    donghe = Organisation.objects.get(name="东河区司法局")
    response = post(login(city_clerk), payload(organisation=donghe.pk))
    assert response.status_code == 403
    assert response.json()["detail"] == "您无权在该机构登记行政复议申请。"


def test_anonymous_callers_get_401(login, baotou):
    assert post(login(None), payload()).status_code == 401


def test_the_schema_documents_request_and_response(login, baotou):
    schema = login(None).get("/api/v1/schema/").content.decode()
    assert "/api/v1/reconsideration/applications/" in schema and "/api/v1/reconsideration/hearings/" in schema
    assert "ApplicationInput" in schema and "ApplicationCreated" in schema and "warnings" in schema


def test_the_hearings_of_a_month_are_listed_in_scope(
    login, baotou, city_clerk, city_head, donghe_clerk, kundulun_clerk, leader, django_assert_max_num_queries
):
    city = schedule_hearing(accept(open_reconsideration(city_clerk), city_clerk), city_head)
    county = open_county_case(donghe_clerk, "东河区司法局", line="reconsideration", received_on=date(2024, 9, 30))
    # the county's own section head schedules it: the city leader reads the calendar but acts on no county case
    county = schedule_hearing(accept(county, donghe_clerk), baotou["donghe_head"], hearing_on="2024-10-25")
    client = login(leader)
    with django_assert_max_num_queries(5):
        body = client.get(HEARINGS, {"month": "2024-10"}).json()
    assert [(h["on"], h["number"], h["place"]) for h in body] == [
        ("2024-10-22", city.number, "第一听证室"),
        ("2024-10-25", county.number, "第一听证室"),
    ]
    assert [h["case"] for h in login(donghe_clerk).get(HEARINGS, {"month": "2024-10"}).json()] == [county.pk]
    assert login(kundulun_clerk).get(HEARINGS, {"month": "2024-10"}).json() == []
    assert client.get(HEARINGS, {"month": "2024-11"}).json() == []


def test_a_malformed_month_is_a_400(login, city_clerk):
    response = login(city_clerk).get(HEARINGS, {"month": "2024-13"})
    assert response.status_code == 400 and "YYYY-MM" in response.json()["detail"]
