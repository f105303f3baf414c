"""The legal-aid API: registering an application (201/400/403) and recording or listing consultations."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/legal-aid/applications/"
CONSULTATIONS = "/api/v1/legal-aid/consultations/"


@pytest.fixture(autouse=True)
def standard(baotou):
    return HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2022, 1, 1), monthly_income_per_capita=Decimal("1500")
    )


def payload(**overrides) -> dict:
    return {
        "received_on": "2024-09-20",
        "case_category": "civil",
        "matter": "labour",
        "summary": "追索劳动报酬",
        "monthly_income_per_capita": "1200.00",
        "verification": "information_check",
        "recipient_group": "migrant_worker",
        "claim_kind": "wages",
        "applicant_name": "王五",
        "id_number": "11010519491231002x",
        **overrides,
    }


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_handler_registers_an_application_and_gets_the_assessment_back(login, city_clerk):
    response = post(login(city_clerk), APPLICATIONS, payload())
    assert response.status_code == 201, response.json()
    body = response.json()
    case = Case.objects.get()
    assert (body["id"], body["number"], body["state"], body["line"]) == (
        case.pk,
        "包援〔2024〕1号",
        "received",
        "legal_aid",
    )
    assert body["qualifies"] is True
    assert "法律援助法第三十一条" in body["assessment"] and "信息共享查询核实" in body["assessment"]
    assert case.parties.get().id_number == "11010519491231002X"
    assert case.legal_aid.claim_kind == "wages"


def test_an_application_above_the_standard_is_registered_with_a_negative_assessment(login, city_clerk):
    response = post(login(city_clerk), APPLICATIONS, payload(monthly_income_per_capita="3000"))
    assert response.status_code == 201
    assert response.json()["qualifies"] is False
    assert "高于本地经济困难标准1500.00元" in response.json()["assessment"]


def test_an_application_from_a_consultation_links_it(login, city_clerk):
    centre = org("包头市法律援助中心")
    consultation = Consultation.objects.create(
        organisation=centre,
        region=centre.region,
        channel="online",
        on=date(2024, 9, 19),
        summary="欠薪",
        handled_by=city_clerk,
    )
    response = post(login(city_clerk), APPLICATIONS, payload(consultation=consultation.pk, channel="web"))
    assert response.status_code == 201
    consultation.refresh_from_db()
    assert consultation.application_id == response.json()["id"]


def test_bad_input_is_refused_field_by_field_in_chinese_and_nothing_is_created(login, city_clerk):
    client = login(city_clerk)
    response = post(client, APPLICATIONS, payload(id_number="110105194912310021"))
    assert response.status_code == 400
    assert response.json() == {"id_number": ["身份证号码校验位错误，请核对号码是否输入有误。"]}
    response = post(client, APPLICATIONS, payload(case_category="family"))
    assert response.status_code == 400
    assert response.json()["case_category"] == ["“family”不是有效的选项。"]
    response = post(client, APPLICATIONS, payload(route="notified", case_category="criminal"))
    assert response.status_code == 400
    assert response.json()["notifier"] == ["通知辩护（代理）的，请选择通知机关。"]
    assert response.json()["notified_ground"] == ["通知辩护（代理）的，请选择通知情形。"]
    response = post(client, APPLICATIONS, {})
    assert response.status_code == 400
    assert response.json()["case_category"] == ["请选择案件类别。"]
    assert response.json()["applicant_name"] == ["请填写申请人姓名。"]
    assert not Case.objects.exists()


@pytest.mark.parametrize("persona", ["leader", "mediator", "citizen", "auditor"])
def test_only_the_staff_of_a_legal_aid_body_may_register(login, baotou, persona):
    response = post(login(baotou[persona]), APPLICATIONS, payload())
    assert response.status_code == 403
    assert not Case.objects.exists()


def test_registering_into_another_organisation_is_forbidden(login, donghe_clerk):
    response = post(login(donghe_clerk), APPLICATIONS, payload(organisation=org("昆都仑区司法局").pk))
    assert response.status_code == 403
    assert response.json()["detail"] == "您无权在该机构登记法律援助申请。"


def test_an_anonymous_call_is_unauthorised(login):
    assert post(login(None), APPLICATIONS, payload()).status_code == 401
    assert login(None).get(CONSULTATIONS).status_code == 401


# --- consultations ----------------------------------------------------------------------------------------------


def test_a_clerk_records_a_consultation_dated_today_by_default(login, donghe_clerk):
    with time_machine.travel(date(2024, 9, 20), tick=False):
        response = post(
            login(donghe_clerk),
            CONSULTATIONS,
            {"channel": "hotline_12348", "summary": "咨询离婚财产分割", "phone": "13812345678"},
        )
    assert response.status_code == 201, response.json()
    body = response.json()
    consultation = Consultation.objects.get()
    assert (body["on"], body["region"], body["phone"], body["handled_by"]) == (
        "2024-09-20",
        "150202000000",
        "138****5678",
        donghe_clerk.pk,
    )
    assert (consultation.organisation.name, consultation.phone) == ("东河区司法局", "13812345678")


def test_a_bad_consultation_is_refused_in_chinese(login, donghe_clerk):
    with time_machine.travel(date(2024, 9, 20), tick=False):
        response = post(login(donghe_clerk), CONSULTATIONS, {"channel": "fax", "on": "2024-09-21", "summary": ""})
    assert response.status_code == 400
    body = response.json()
    assert body["channel"] == ["“fax”不是有效的选项。"]
    assert body["summary"] == ["请填写咨询内容摘要。"]
    response = post(login(donghe_clerk), CONSULTATIONS, {"channel": "online", "on": "2099-01-01", "summary": "x"})
    assert response.json()["on"] == ["咨询日期不能晚于今天。"]
    assert not Consultation.objects.exists()


def test_a_leader_reads_consultations_but_does_not_record_them(login, leader, donghe_clerk, kundulun_clerk):
    for actor, name, summary in (
        (donghe_clerk, "东河区司法局", "东河咨询"),
        (kundulun_clerk, "昆都仑区司法局", "昆区咨询"),
    ):
        o = org(name)
        Consultation.objects.create(
            organisation=o, region=o.region, channel="walk_in", on=date(2024, 9, 2), summary=summary, handled_by=actor
        )
    body = login(leader).get(CONSULTATIONS).json()
    assert body["count"] == 2
    assert post(login(leader), CONSULTATIONS, {"channel": "online", "summary": "x"}).status_code == 403
    body = login(donghe_clerk).get(CONSULTATIONS).json()
    assert [c["summary"] for c in body["results"]] == ["东河咨询"]
    assert login(donghe_clerk).get(CONSULTATIONS + "?on_from=2024-09-03").json()["count"] == 0
    assert login(donghe_clerk).get(CONSULTATIONS + "?channel=walk_in").json()["count"] == 1
    assert login(donghe_clerk).get(CONSULTATIONS + "?on_from=2024-13-01").status_code == 400


def test_reading_the_consultation_list_is_recorded_with_the_rows_shown(login, donghe_clerk):
    from fazhi.audit.models import AccessRecord

    o = org("东河区司法局")
    shown = Consultation.objects.create(
        organisation=o, region=o.region, channel="walk_in", on=date(2024, 9, 2), summary="咨询", handled_by=donghe_clerk
    )
    assert login(donghe_clerk).get(CONSULTATIONS, REMOTE_ADDR="10.1.2.3").status_code == 200
    record = AccessRecord.objects.get(object_type="legal_aid.consultation")
    assert (record.user, record.action, record.ip) == (donghe_clerk, "view", "10.1.2.3")
    assert record.detail["ids"] == str(shown.pk)


@pytest.mark.parametrize("persona", ["mediator", "citizen", "auditor"])
def test_people_off_the_line_cannot_read_consultations(login, baotou, persona):
    assert login(baotou[persona]).get(CONSULTATIONS).status_code == 403


def test_the_consultation_api_query_count_is_flat(login, city_clerk, django_assert_max_num_queries):
    centre = org("包头市法律援助中心")
    for day in range(1, 21):
        Consultation.objects.create(
            organisation=centre,
            region=centre.region,
            channel="walk_in",
            on=date(2024, 9, day),
            summary="咨询",
            handled_by=city_clerk,
        )
    client = login(city_clerk)
    with django_assert_max_num_queries(8):
        assert client.get(CONSULTATIONS).json()["count"] == 20
