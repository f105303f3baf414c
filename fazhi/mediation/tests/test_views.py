"""The dispute intake page, the mediation panel on the case page, and campaigns: scoping, errors, queries."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import open_county_case, org
from fazhi.mediation.models import Campaign, Committee, Mediator

pytestmark = pytest.mark.django_db

URL = "/mediation/new/"
COMMITTEE = "和平路街道人民调解委员会"


@pytest.fixture
def committee(baotou) -> Committee:
    return Committee.objects.create(organisation=org(COMMITTEE), kind="township")


@pytest.fixture
def chosen(committee) -> Mediator:
    return Mediator.objects.create(committee=committee, name="刘调解员")


def dispute(**overrides) -> dict:
    data = {
        "received_on": "2024-05-06",
        "source": "referral_police",
        "dispute_type": "damages",
        "summary": "与李四因车辆剐蹭赔偿发生纠纷",
        "amount": "3500",
        "persons_involved": "3",
        "escalation_risk": "on",
        "party-TOTAL_FORMS": "4",
        "party-INITIAL_FORMS": "0",
        "party-MIN_NUM_FORMS": "4",
        "party-MAX_NUM_FORMS": "10",
        "party-0-role": "applicant",
        "party-0-name": "张三",
        "party-0-kind": "person",
        "party-0-id_number": "11010519491231002x",
        "party-0-phone": "13812345678",
        "party-1-role": "respondent",
        "party-1-name": "李四",
        "party-1-kind": "person",
        "party-2-role": "respondent",
        "party-2-name": "某运输有限公司",
        "party-2-kind": "organisation",
        "party-3-role": "applicant",
        "party-3-kind": "person",
    }
    return {k: v for k, v in {**data, **overrides}.items() if v is not None}


def test_the_page_offers_types_sources_and_four_party_rows(login, mediator, chosen):
    html = login(mediator).get(URL).content.decode()
    assert "登记纠纷" in html and "公安机关委托移送" in html and "道路交通事故纠纷" in html
    assert 'name="party-3-name"' in html and 'name="party-4-name"' not in html
    assert "刘调解员" in html  # the committee's own mediators are offered
    assert 'name="organisation"' not in html


def test_a_mediator_registers_a_dispute_and_lands_on_the_case(login, mediator, chosen):
    campaign = Campaign.objects.create(
        organisation=org(COMMITTEE), kind="screening", name="春季矛盾纠纷排查", starts_on=date(2024, 4, 1)
    )
    response = login(mediator).post(
        URL, dispute(mediator=chosen.pk, mediator_chosen_by_parties="on", campaign=campaign.pk), follow=True
    )
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    assert case.number == "和调〔2024〕1号"
    assert (case.line, case.state, case.received_on, case.title) == (
        "mediation",
        "received",
        date(2024, 5, 6),
        "张三与李四因车辆剐蹭赔偿发生纠纷",
    )
    parties = sorted((p.role, p.name, p.kind, p.id_number) for p in case.parties.all())
    assert parties == [
        ("applicant", "张三", "person", "11010519491231002X"),  # normalised
        ("respondent", "李四", "person", ""),
        ("respondent", "某运输有限公司", "organisation", ""),
    ]
    d = case.mediation
    assert (d.source, d.dispute_type, d.amount, d.persons_involved, d.escalation_risk) == (
        "referral_police",
        "damages",
        3500,
        3,
        True,
    )
    assert (d.mediator, d.mediator_chosen_by_parties, d.campaign) == (chosen, True, campaign)
    assert list(case.events.values_list("code", flat=True)) == ["received"]
    html = response.content.decode()
    assert "已登记纠纷：和调〔2024〕1号" in html
    assert "受理调解" in html  # the case page's step forms drive the procedure from here
    assert "公安机关委托移送" in html and "刘调解员" in html and "有激化风险" in html  # the mediation panel


def test_accepting_on_the_case_page_issues_the_registration_form(login, mediator):
    client = login(mediator)
    client.post(URL, dispute())
    case = Case.objects.get()
    response = client.post(f"/cases/{case.pk}/transitions/accept/", {"version": case.version, "on": "2024-05-07"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "mediating"
    assert case.documents.get().number == "和调登〔2024〕1号"
    # 30 calendar days from Tue 2024-05-07: May 8–31 are days 1–24, Thu Jun 6 is day 30, a working day.
    assert case.deadlines.get(clock="mediation").due_on == date(2024, 6, 6)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"party-1-name": "", "party-2-name": ""}, "请至少填写一名申请人和一名被申请人。"),
        ({"party-0-id_number": "110105194912310021"}, "身份证号码校验位错误"),
        ({"party-2-id_number": "11010519491231002X"}, "当事人为法人或其他组织时不填写身份证号码。"),
        ({"party-3-phone": "13800000000"}, "请填写当事人姓名或名称。"),
        ({"dispute_type": ""}, "请选择纠纷类型。"),
        ({"summary": ""}, "请填写纠纷简要情况。"),
        ({"amount": "-1"}, "金额不能为负数。"),
        ({"received_on": "2099-01-01"}, "收到日期不能晚于今天。"),
        ({"mediator_chosen_by_parties": "on"}, "当事人选择了调解员的，请选择该调解员。"),
    ],
)
def test_bad_input_is_shown_in_chinese_and_nothing_is_written(login, mediator, overrides, message):
    response = login(mediator).post(URL, dispute(**overrides))
    assert response.status_code == 400
    html = response.content.decode()
    assert "纠纷未登记，请修改标出的内容后重新提交。" in html and message in html
    assert 'value="张三"' in html  # the input is kept
    assert not Case.objects.exists()


def test_a_mediator_of_another_committee_cannot_be_chosen(login, donghe_clerk, chosen):
    response = login(donghe_clerk).post(URL, dispute(mediator=chosen.pk))
    assert response.status_code == 400
    assert "请选择一个有效的选项" in response.content.decode() or "mediator" in response.content.decode()
    assert not Case.objects.exists()


def test_a_county_handler_registers_into_the_county_bureau(login, donghe_clerk):
    login(donghe_clerk).post(URL, dispute())
    assert Case.objects.get().organisation.name == "东河区司法局"


@pytest.mark.parametrize(("persona", "status"), [("leader", 403), ("citizen", 403), ("auditor", 403)])
def test_who_may_not_register_is_refused(login, baotou, persona, status):
    assert login(baotou[persona]).get(URL).status_code == status
    assert login(baotou[persona]).post(URL, dispute()).status_code == status
    assert not Case.objects.exists()


def test_anonymous_is_sent_to_log_in(login):
    response = login(None).get(URL)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_another_county_cannot_open_a_donghe_dispute(login, donghe_clerk, kundulun_clerk, mediator):
    case = open_county_case(donghe_clerk, "东河区司法局")
    assert login(kundulun_clerk).get(f"/cases/{case.pk}/").status_code == 404
    assert login(donghe_clerk).get(f"/cases/{case.pk}/").status_code == 200


def test_the_case_panel_shows_the_agreement_and_its_follow_up(login, donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局")
    for code, on, data in (
        ("accept", date(2024, 5, 6), {}),
        ("agree_written", date(2024, 5, 20), {"terms": "赔偿", "agreement_effective_on": "2024-05-20"}),
        ("record_confirmation", date(2024, 6, 3), {"confirmation_result": "granted"}),
        ("follow_up", date(2024, 6, 20), {"performance": "performed", "record": "已付清"}),
    ):
        case = case_transition(case=case, code=code, actor=donghe_clerk, on=on, data=data)
    html = login(donghe_clerk).get(f"/cases/{case.pk}/").content.decode()
    for text in ("邻里纠纷", "申请调解", "书面协议", "2024-05-20", "裁定调解协议有效", "已履行", "未指定"):
        assert text in html, text


def test_campaigns_list_their_disputes_by_state(
    login, donghe_clerk, kundulun_clerk, mediator, django_assert_max_num_queries
):
    client = login(donghe_clerk)
    response = client.post(
        "/mediation/campaigns/new/",
        {"kind": "special", "name": "物业纠纷专项行动", "starts_on": "2024-05-01", "screenings": "2"},
    )
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response.url == f"/mediation/campaigns/{campaign.pk}/"
    assert campaign.organisation.name == "东河区司法局"
    for n in range(3):
        client.post(URL, dispute(campaign=campaign.pk, summary=f"纠纷{n}"))
    case_transition(case=Case.objects.first(), code="accept", actor=donghe_clerk, on=date(2024, 5, 7))
    with django_assert_max_num_queries(12):
        html = client.get(f"/mediation/campaigns/{campaign.pk}/").content.decode()
    assert "物业纠纷专项行动" in html and html.count('<tr><td><a href="/cases/') == 3
    assert "<td>2</td><td>1</td><td>0</td>" in html  # 待受理 2, 调解中 1, 不予调解 0 …
    with django_assert_max_num_queries(8):
        listing = client.get("/mediation/campaigns/").content.decode()
    assert "物业纠纷专项行动" in listing and "<td>3</td>" in listing
    assert login(kundulun_clerk).get(f"/mediation/campaigns/{campaign.pk}/").status_code == 404
    assert "物业纠纷专项行动" not in login(kundulun_clerk).get("/mediation/campaigns/").content.decode()
    assert login(mediator).get(f"/mediation/campaigns/{campaign.pk}/").status_code == 404  # above the committee


def test_a_campaign_cannot_end_before_it_starts(login, mediator):
    response = login(mediator).post(
        "/mediation/campaigns/new/",
        {"kind": "screening", "name": "排查", "starts_on": "2024-05-01", "ends_on": "2024-04-01", "screenings": "0"},
    )
    assert response.status_code == 400
    assert "结束日期不能早于开始日期。" in response.content.decode()
    assert not Campaign.objects.exists()
