"""The mediation API: registering a dispute and the quick entry (201/400/403), the same checks as the pages."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import org
from fazhi.mediation.models import Committee, Mediator

pytestmark = pytest.mark.django_db

DISPUTES = "/api/v1/mediation/disputes/"
QUICK = "/api/v1/mediation/quick/"


def dispute(**overrides) -> dict:
    return {
        "received_on": "2024-05-06",
        "source": "proactive",
        "dispute_type": "marriage_family",
        "summary": "家庭赡养纠纷",
        "parties": [
            {"role": "applicant", "name": "张三", "id_number": "11010519491231002x", "phone": "13812345678"},
            {"role": "respondent", "name": "张四"},
        ],
        "amount": "1200.00",
        **overrides,
    }


def quick(**overrides) -> dict:
    return {
        "applicant_name": "王大妈",
        "respondent_name": "李师傅",
        "dispute_type": "neighbour",
        "summary": "楼上漏水",
        "outcome": "agree_written",
        "terms": "李师傅赔偿800元",
        "on": "2024-09-02",
        **overrides,
    }


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def test_a_mediator_registers_a_dispute(login, mediator):
    response = post(login(mediator), DISPUTES, dispute())
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    body = response.json()
    assert (body["id"], body["number"], body["state"], body["line"]) == (
        case.pk,
        "和调〔2024〕1号",
        "received",
        "mediation",
    )
    assert case.parties.get(role="applicant").id_number == "11010519491231002X"
    assert (case.mediation.source, case.mediation.dispute_type) == ("proactive", "marriage_family")


def test_a_quick_entry_through_the_api_closes_the_case(login, mediator):
    response = post(login(mediator), QUICK, quick())
    assert response.status_code == 201, response.json()
    case = Case.objects.get()
    assert (response.json()["state"], case.closed_on) == ("agreed", date(2024, 9, 2))
    assert list(case.events.order_by("id").values_list("code", flat=True)) == ["received", "accept", "agree_written"]
    assert case.deadlines.get(clock="judicial_confirmation").due_on == date(2024, 10, 8)  # see test_quick_entry


@pytest.mark.parametrize("url", [DISPUTES, QUICK])
def test_the_created_body_is_the_case_serializers(login, mediator, url):
    """The 201 body is built from the case in hand (fazhi.cases.api.case_body): CaseSerializer's of the case stored."""
    from fazhi.cases.api import CaseSerializer

    response = post(login(mediator), url, dispute() if url == DISPUTES else quick())
    assert response.status_code == 201, response.json()
    stored = CaseSerializer(Case.objects.get()).data
    assert response.json() == dict(stored) and list(response.json()) == list(stored)


@pytest.mark.parametrize(
    ("url", "data", "field", "message"),
    [
        (
            DISPUTES,
            dispute(parties=[{"role": "applicant", "name": "张三"}]),
            "parties",
            "请至少填写一名申请人和一名被申请人。",
        ),
        (DISPUTES, dispute(dispute_type="x"), "dispute_type", "不是有效的选项"),
        (DISPUTES, dispute(received_on="2099-01-01"), "received_on", "收到日期不能晚于今天。"),
        (DISPUTES, dispute(amount="-5"), "amount", "金额不能为负数。"),
        (DISPUTES, dispute(mediator_chosen_by_parties=True), "mediator", "当事人选择了调解员的，请选择该调解员。"),
        (QUICK, quick(terms=""), "terms", "达成协议的，请填写协议内容"),
        (QUICK, quick(outcome="terminate"), "reasons", "请填写终止调解的理由。"),
        (QUICK, quick(applicant_name=""), "applicant_name", "此项不能为空。"),
        (QUICK, quick(on="2099-01-01"), "on", "日期不能晚于今天。"),
    ],
)
def test_bad_input_is_refused_in_chinese(login, mediator, url, data, field, message):
    response = post(login(mediator), url, data)
    assert response.status_code == 400
    assert message in " ".join(response.json()[field]), response.json()
    assert not Case.objects.exists()


def test_a_bad_id_number_of_a_party_is_refused(login, mediator):
    parties = [
        {"role": "applicant", "name": "张三", "id_number": "110105194912310021"},
        {"role": "respondent", "name": "李四"},
    ]
    response = post(login(mediator), DISPUTES, dispute(parties=parties))
    assert response.status_code == 400
    assert "校验位错误" in str(response.json()["parties"]), response.json()


def test_a_mediator_of_another_committee_is_refused(login, donghe_clerk, baotou):
    committee = Committee.objects.create(organisation=org("和平路街道人民调解委员会"), kind="township")
    other = Mediator.objects.create(committee=committee, name="刘调解员")
    response = post(login(donghe_clerk), DISPUTES, dispute(mediator=other.pk))
    assert response.status_code == 400 and "mediator" in response.json()
    assert not Case.objects.exists()


@pytest.mark.parametrize("url", [DISPUTES, QUICK])
@pytest.mark.parametrize(
    ("persona", "status"), [("leader", 403), ("citizen", 403), ("auditor", 403), ("anonymous", 401)]
)
def test_who_may_not_register_is_refused(login, baotou, url, persona, status):
    client = login(None if persona == "anonymous" else baotou[persona])
    response = post(client, url, dispute() if url == DISPUTES else quick())
    assert response.status_code == status
    assert not Case.objects.exists()


def test_registering_into_someone_elses_organisation_is_forbidden(login, mediator):
    response = post(login(mediator), QUICK, quick(organisation=org("东河区司法局").pk))
    assert response.status_code == 403
    assert response.json()["detail"] == "您无权在该机构登记纠纷。"
    assert not Case.objects.exists()
