"""Registering an application on the intake page: the case, its parties and detail; errors keep the input."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case

pytestmark = pytest.mark.django_db

URL = "/reconsideration/new/"


@pytest.fixture
def agency(baotou) -> Organisation:
    return Organisation.objects.get_or_create(  # the demo people include the agency's reporter
        name="包头市市场监督管理局",
        region_id="150200000000",
        defaults={"short_name": "包", "kind": "enforcement_agency"},
    )[0]


def application(**overrides) -> dict:
    data = {
        "channel": "walk_in",
        "received_on": "2024-10-08",
        "applicant_kind": "person",
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "phone": "13812345678",
        "address": "包头市昆都仑区钢铁大街1号",
        "respondent_name": "包头市某执法局",
        "act_type": "penalty",
        "act_description": "罚款2000元的行政处罚决定",
        "act_on": "2024-09-10",
        "knew_on": "2024-09-12",
        "rights_notified": "on",
        "amount": "2000",
    }
    return {k: v for k, v in {**data, **overrides}.items() if v is not None}


def test_the_page_offers_the_form_with_today_and_rights_notified_preset(login, city_clerk):
    html = login(city_clerk).get(URL).content.decode()
    assert "登记行政复议申请" in html and "口头申请记录" in html
    assert 'name="rights_notified"' in html and "checked" in html
    assert 'name="organisation"' not in html  # one office: nothing to choose


def test_a_registrar_registers_an_application_and_lands_on_the_case(login, city_clerk, agency):
    response = login(city_clerk).post(
        URL, application(respondent_name="", respondent_agency=agency.pk, channel="post"), follow=True
    )
    case = Case.objects.get()
    assert response.redirect_chain[-1][0] == f"/cases/{case.pk}/"
    assert case.number == "包复〔2024〕1号"
    assert (case.line, case.state, case.channel, case.received_on) == (
        "reconsideration",
        "received",
        "post",
        date(2024, 10, 8),
    )
    assert case.organisation.name == "包头市人民政府行政复议办公室"
    assert case.title == "张三不服包头市市场监督管理局罚款2000元的行政处罚决定"
    parties = {p.role: p for p in case.parties.all()}
    assert (parties["applicant"].name, parties["applicant"].id_number) == ("张三", "11010519491231002X")
    assert (parties["respondent"].name, parties["respondent"].kind) == ("包头市市场监督管理局", "organisation")
    detail = case.reconsideration
    assert (detail.respondent_agency, detail.act_type, detail.knew_on, detail.rights_notified) == (
        agency,
        "penalty",
        date(2024, 9, 12),
        True,
    )
    assert detail.window_warnings == []
    html = response.content.decode()
    assert "已登记行政复议申请：包复〔2024〕1号" in html


def test_an_organisation_applicant_gives_a_credit_code(login, city_clerk):
    data = application(
        applicant_kind="organisation",
        applicant_name="包头某商贸有限公司",
        id_number="",
        uscc="91350100M000100Y43",
        enterprise_applicant="on",
    )
    assert login(city_clerk).post(URL, data).status_code == 302
    applicant = Case.objects.get().parties.get(role="applicant")
    assert (applicant.kind, applicant.uscc, applicant.id_number) == ("organisation", "91350100M000100Y43", "")


def test_a_bad_id_number_re_renders_with_the_error_and_keeps_the_input(login, city_clerk):
    response = login(city_clerk).post(URL, application(id_number="110105194912310021"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码校验位错误" in html and "申请未登记" in html
    assert 'value="张三"' in html and "罚款2000元的行政处罚决定" in html and 'value="2024-09-12"' in html
    assert not Case.objects.exists()


def test_missing_respondent_and_a_future_date_are_explained(login, city_clerk):
    html = login(city_clerk).post(URL, application(respondent_name="", received_on="2999-01-01")).content.decode()
    assert "请选择被申请机关" in html and "收到日期不能晚于今天" in html
    assert not Case.objects.exists()


def test_a_receipt_date_before_1949_is_explained_not_a_server_error(login, city_clerk):
    response = login(city_clerk).post(URL, application(received_on="1900-01-01", act_on=None, knew_on=None))
    assert response.status_code == 200 and "收到日期应在 1949-10-01 至今天之间" in response.content.decode()
    assert not Case.objects.exists()


def test_a_late_application_is_registered_with_a_warning(login, city_clerk):
    response = login(city_clerk).post(URL, application(act_on="2024-06-01", knew_on="2024-06-03"), follow=True)
    html = response.content.decode()
    assert Case.objects.get().reconsideration.window_warnings
    assert "超过知道行政行为之日起60日的申请期限" in html and "第二十条第一款" in html
    assert 'class="warning"' in html


def test_a_county_handler_registers_in_their_own_bureau(login, donghe_clerk):
    assert login(donghe_clerk).post(URL, application()).status_code == 302
    case = Case.objects.get()
    assert (case.organisation.name, case.number, case.region_id) == ("东河区司法局", "东复〔2024〕1号", "150202000000")


@pytest.mark.parametrize("persona", ["citizen", "leader", "mediator"])
def test_users_without_an_intake_role_are_refused(login, baotou, persona):
    client = login(baotou[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, application()).status_code == 403
    assert not Case.objects.exists()


def test_anonymous_users_are_sent_to_the_login_page(login, baotou):
    response = login(None).get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_member_of_two_offices_chooses_the_receiving_one(login, city_clerk):
    from fazhi.accounts.models import Membership

    donghe = Organisation.objects.get(name="东河区司法局")
    Membership.objects.create(user=city_clerk, organisation=donghe, role="handler", lines=["reconsideration"])
    client = login(city_clerk)
    html = client.get(URL).content.decode()
    assert 'name="organisation"' in html and "东河区司法局" in html and "昆都仑区司法局" not in html
    kundulun = Organisation.objects.get(name="昆都仑区司法局")
    assert client.post(URL, application(organisation=kundulun.pk)).status_code == 200  # not one of theirs
    assert not Case.objects.exists()
    assert client.post(URL, application(organisation=donghe.pk)).status_code == 302
    assert Case.objects.get().number == "东复〔2024〕1号"
