"""Legal-aid pages: consultations, intake with its eligibility assessment, and the procedure through the case page.

Dates are counted by hand in the comments: the Legal Aid Law has no working-day clause, so its periods are calendar
days, start day excluded, a last day on a rest day rolling to the next working day (民事诉讼法 art. 85).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from fazhi.cases.models import Case, Deadline
from fazhi.cases.runner import PartyInput, case_transition
from fazhi.cases.tests.factories import org
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord
from fazhi.legal_aid.services import AidApplication, aid_application_register

pytestmark = pytest.mark.django_db

CENTRE = "包头市法律援助中心"
ID_NUMBER = "11010519491231002X"


@pytest.fixture(autouse=True)
def standard(baotou):
    """Baotou's hardship line for these tests: 1,500 yuan per head and month from 2022 (art. 34)."""
    return HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2022, 1, 1), monthly_income_per_capita=Decimal("1500")
    )


def register(actor, *, organisation: str = CENTRE, received_on: date = date(2024, 9, 20), **facts) -> Case:
    application = AidApplication(
        applicant=PartyInput(role="applicant", name="王五", id_number=ID_NUMBER, phone="13812345678"),
        case_category=facts.pop("case_category", "civil"),
        summary=facts.pop("summary", "追索劳动报酬"),
        received_on=received_on,
        **{"matter": "labour", "monthly_income_per_capita": Decimal("1200"), **facts},
    )
    return aid_application_register(organisation=org(organisation), application=application, actor=actor)


def step(client, case: Case, code: str, on: str, **data):
    """Take a step through the case page's own form (the version the page showed, the date typed in)."""
    case.refresh_from_db()
    return client.post(f"/cases/{case.pk}/transitions/{code}/", {"version": case.version, "on": on, **data})


def grant(case: Case, head, on: date = date(2024, 9, 24)) -> Case:
    return case_transition(case=case, code="grant", actor=head, on=on)


ASSIGNMENT = {"assignee_kind": "lawyer", "lawyer": "刘律师", "firm": "内蒙古某律师事务所", "practice_years": "5"}


# --- consultations -------------------------------------------------------------------------------------------


def test_a_clerk_records_a_consultation_from_the_hotline(login, city_clerk):
    client = login(city_clerk)
    page = client.get("/legal-aid/consultations/").content.decode()
    assert "登记法律咨询" in page and 'value="walk_in"' in page
    response = client.post(
        "/legal-aid/consultations/new/",
        {
            "channel": "hotline_12348",
            "on": "2024-09-20",
            "matter": "labour",
            "summary": "工地拖欠三个月工资，咨询如何维权",
            "person_name": "王五",
            "phone": "13812345678",
        },
        follow=True,
    )
    consultation = Consultation.objects.get()
    assert (consultation.organisation, consultation.region_id, consultation.handled_by) == (
        org(CENTRE),
        "150200000000",
        city_clerk,
    )
    assert (consultation.channel, consultation.on, consultation.application) == (
        "hotline_12348",
        date(2024, 9, 20),
        None,
    )
    html = response.content.decode()
    assert "已登记法律咨询" in html and "12348热线" in html and "工地拖欠三个月工资" in html
    assert "138****5678" in html and "13812345678" not in html
    assert f"/legal-aid/new/?consultation={consultation.pk}" in html and "转为援助申请" in html


def test_the_consultation_date_defaults_to_today(login, city_clerk):
    with time_machine.travel(date(2024, 9, 20), tick=False):
        html = login(city_clerk).get("/legal-aid/consultations/new/").content.decode()
    assert 'value="2024-09-20"' in html


def test_a_consultation_without_summary_or_dated_tomorrow_is_refused(login, city_clerk):
    with time_machine.travel(date(2024, 9, 20), tick=False):
        response = login(city_clerk).post(
            "/legal-aid/consultations/new/", {"channel": "online", "on": "2024-09-21", "summary": ""}
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "请填写咨询内容摘要。" in html and "咨询日期不能晚于今天。" in html
    assert not Consultation.objects.exists()


def consult(
    actor, organisation: str, on: date, channel: str = "walk_in", summary: str = "婚姻家庭咨询"
) -> Consultation:
    o = org(organisation)
    return Consultation.objects.create(
        organisation=o, region_id=o.region_id, channel=channel, on=on, summary=summary, handled_by=actor
    )


def test_the_list_filters_by_date_and_channel(login, city_clerk):
    consult(city_clerk, CENTRE, date(2024, 9, 2), "walk_in", "九月来访")
    consult(city_clerk, CENTRE, date(2024, 9, 3), "hotline_12348", "九月热线")
    consult(city_clerk, CENTRE, date(2024, 10, 8), "online", "十月网络")
    client = login(city_clerk)
    html = client.get("/legal-aid/consultations/?on_from=2024-09-01&on_to=2024-09-30").content.decode()
    assert "九月来访" in html and "九月热线" in html and "十月网络" not in html
    html = client.get("/legal-aid/consultations/?channel=hotline_12348").content.decode()
    assert "九月热线" in html and "九月来访" not in html and "十月网络" not in html
    html = client.get("/legal-aid/consultations/?on_from=2024-13-01").content.decode()
    assert "日期格式应为 YYYY-MM-DD。" in html and "十月网络" in html  # a bad filter is ignored, with its error


def test_a_county_sees_its_own_consultations_and_the_city_sees_all(login, city_clerk, donghe_clerk, kundulun_clerk):
    consult(donghe_clerk, "东河区司法局", date(2024, 9, 2), summary="东河区的咨询")
    consult(kundulun_clerk, "昆都仑区司法局", date(2024, 9, 2), summary="昆区的咨询")
    donghe = login(donghe_clerk).get("/legal-aid/consultations/").content.decode()
    assert "东河区的咨询" in donghe and "昆区的咨询" not in donghe
    city = login(city_clerk).get("/legal-aid/consultations/").content.decode()
    assert "东河区的咨询" in city and "昆区的咨询" in city


def test_the_consultation_list_query_count_is_flat(login, city_clerk, django_assert_max_num_queries):
    for day in range(1, 21):
        consult(city_clerk, CENTRE, date(2024, 9, day), summary=f"第{day}号咨询")
    register(city_clerk)
    Consultation.objects.filter(on=date(2024, 9, 1)).update(application=Case.objects.get())
    client = login(city_clerk)
    with django_assert_max_num_queries(8):
        html = client.get("/legal-aid/consultations/").content.decode()
    assert html.count("第") >= 20 and "包援〔2024〕1号" in html


# --- intake ----------------------------------------------------------------------------------------------------


def intake_form(**overrides) -> dict:
    return {
        "route": "application",
        "channel": "walk_in",
        "received_on": "2024-09-20",
        "case_category": "civil",
        "summary": "追索劳动报酬",
        "matter": "labour",
        "monthly_income_per_capita": "1200",
        "verification": "integrity_undertaking",
        "recipient_group": "migrant_worker",
        "claim_kind": "wages",
        "applicant_name": "王五",
        "id_number": "11010519491231002x",
        "phone": "13812345678",
        "address": "包头市东河区",
        **overrides,
    }


def test_a_consultation_turned_into_an_application_prefills_the_form(login, city_clerk):
    consultation = consult(city_clerk, CENTRE, date(2024, 9, 20), "hotline_12348", "工地拖欠工资")
    Consultation.objects.filter(pk=consultation.pk).update(matter="labour", person_name="王五", phone="13812345678")
    client = login(city_clerk)
    html = client.get(f"/legal-aid/new/?consultation={consultation.pk}").content.decode()
    assert "12348热线咨询转来" in html
    assert 'value="王五"' in html and 'value="13812345678"' in html and "工地拖欠工资</textarea>" in html
    assert '<option value="phone" selected>' in html and '<option value="labour" selected>' in html
    response = client.post(f"/legal-aid/new/?consultation={consultation.pk}", intake_form(channel="phone"))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    consultation.refresh_from_db()
    assert consultation.application == case
    assert case.channel == "phone"
    assert "由 2024-09-20 12348热线咨询转来" in client.get(f"/cases/{case.pk}/").content.decode()


def test_a_consultation_of_another_county_cannot_be_turned_into_an_application(login, kundulun_clerk, donghe_clerk):
    consultation = consult(donghe_clerk, "东河区司法局", date(2024, 9, 20))
    assert login(kundulun_clerk).get(f"/legal-aid/new/?consultation={consultation.pk}").status_code == 404


def test_the_clerk_registers_an_application_and_the_case_page_shows_the_assessment(login, city_clerk):
    client = login(city_clerk)
    response = client.post("/legal-aid/new/", intake_form(), follow=True)
    case = Case.objects.get()
    assert (case.number, case.state, case.line, case.received_on) == (
        "包援〔2024〕1号",
        "received",
        "legal_aid",
        date(2024, 9, 20),
    )
    detail = case.legal_aid
    assert (detail.route, detail.matter, detail.recipient_group, detail.claim_kind) == (
        "application",
        "labour",
        "migrant_worker",
        "wages",
    )
    assert detail.qualifies is True and detail.monthly_income_per_capita == Decimal("1200")
    assert case.parties.get().id_number == ID_NUMBER  # normalised
    html = response.content.decode()
    assert "已登记法律援助申请：包援〔2024〕1号" in html
    panel = html[html.index('id="legal-aid-panel"') :]
    assert "本人申请" in panel and "民事" in panel and "农民工" in panel and "追索劳动报酬" in panel
    assert "符合法律援助条件" in panel and "法律援助法第三十一条" in panel
    assert "不高于本地经济困难标准1500.00元" in panel and "个人诚信承诺" in panel


def test_an_applicant_above_the_standard_is_registered_with_a_negative_assessment(login, city_clerk):
    login(city_clerk).post("/legal-aid/new/", intake_form(monthly_income_per_capita="3000"))
    detail = Case.objects.get().legal_aid
    assert detail.qualifies is False and "高于本地经济困难标准1500.00元" in detail.assessment


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "身份证号码校验位错误"),
        ({"id_number": ""}, "id_number", "请填写申请人的身份证号码。"),
        ({"route": "forwarded"}, "forwarded_by", "请填写转交单位"),
        ({"route": "notified", "case_category": "criminal"}, "notifier", "请选择通知机关。"),
        ({"route": "notified", "notifier": "court", "notified_ground": "minor"}, "case_category", "应为刑事"),
        ({"notifier": "court"}, "notifier", "只有办案机关通知辩护（代理）的案件才填写此项。"),
        ({"monthly_income_per_capita": "-1"}, "monthly_income_per_capita", "金额不能为负数。"),
        ({"received_on": "2099-01-01"}, "received_on", "收到日期不能晚于今天。"),
        ({"case_category": ""}, "case_category", "请选择案件类别。"),
    ],
)
def test_bad_intake_input_is_refused_field_by_field(login, city_clerk, overrides, field, message):
    response = login(city_clerk).post("/legal-aid/new/", intake_form(**overrides))
    html = response.content.decode()
    assert response.status_code == 200 and "申请未登记" in html
    error = html[html.index(f'id="id_{field}_error"') :][:200]
    assert message in error
    assert not Case.objects.exists()


def test_a_notified_case_needs_no_id_number_and_qualifies_without_a_means_test(login, city_clerk):
    form = intake_form(
        route="notified",
        notifier="court",
        notified_ground="life_or_death",
        case_category="criminal",
        matter="",
        monthly_income_per_capita="",
        id_number="",
        life_or_death="on",
    )
    response = login(city_clerk).post("/legal-aid/new/", form)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.channel == "referral"
    assert (case.legal_aid.qualifies, case.legal_aid.life_or_death, case.legal_aid.notifier) == (True, True, "court")
    assert "法律援助法第二十五条、第二十八条" in case.legal_aid.assessment


def test_intake_is_for_the_centres_staff(login, leader, citizen, mediator, city_head):
    assert login(leader).get("/legal-aid/new/").status_code == 403
    assert login(mediator).get("/legal-aid/new/").status_code == 403
    assert login(citizen).get("/legal-aid/new/").status_code == 403
    # the procedure's intake roles: registrar, handler and section head of the centre
    assert login(city_head).get("/legal-aid/new/").status_code == 200


# --- the procedure through the case page ------------------------------------------------------------------------


def test_a_grant_against_a_negative_assessment_needs_a_written_reason(login, city_clerk, city_head):
    case = register(city_clerk, monthly_income_per_capita=Decimal("3000"))
    version = case.version
    client = login(city_head)
    assert "不符合法律援助条件" in client.get(f"/cases/{case.pk}/").content.decode()
    response = step(client, case, "grant", "2024-09-24")
    assert response.status_code == 400
    assert "审查意见为不符合法律援助条件；如决定给予法律援助，请填写书面理由。" in response.content.decode()
    case.refresh_from_db()
    assert (case.state, case.version, case.accepted_on) == ("received", version, None)
    assert not case.documents.exists() and case.events.count() == 1
    assert case.legal_aid.override_reason == ""

    response = step(client, case, "grant", "2024-09-24", override_reason="申请人突发重病，家庭实际困难")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.accepted_on) == ("granted", date(2024, 9, 24))
    assert case.legal_aid.override_reason == "申请人突发重病，家庭实际困难"
    assert [d.number for d in case.documents.all()] == ["包援准〔2024〕1号"]
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert "不同于审查意见的决定理由：申请人突发重病" in html


def test_a_clerk_cannot_grant(login, city_clerk):
    case = register(city_clerk)
    assert step(login(city_clerk), case, "grant", "2024-09-24").status_code == 403
    case.refresh_from_db()
    assert case.state == "received"


def test_a_life_or_death_case_is_assigned_only_to_a_lawyer_of_three_years(login, city_clerk, city_head):
    case = register(city_clerk, case_category="criminal", matter="", summary="故意杀人案申请辩护", life_or_death=True)
    grant(case, city_head)
    client = login(city_clerk)
    for kind, years in (("lawyer", "2"), ("basic_legal_worker", "10")):
        response = step(
            client, case, "assign", "2024-09-25", **{**ASSIGNMENT, "assignee_kind": kind, "practice_years": years}
        )
        assert response.status_code == 400
        assert "应当指派具有三年以上相关执业经历的律师（法律援助法第二十六条）" in response.content.decode()
        case.refresh_from_db()
        assert case.state == "granted" and case.legal_aid.lawyer == ""
    response = step(client, case, "assign", "2024-09-25", **{**ASSIGNMENT, "practice_years": "3"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.legal_aid.lawyer, case.legal_aid.practice_years) == ("assigned", "刘律师", 3)
    assert case.deadlines.get(clock="assignment").state == Deadline.State.MET


def test_assign_close_and_review_the_quality_of_a_case(login, city_clerk, city_head):
    case = grant(register(city_clerk), city_head)
    clerk, head = login(city_clerk), login(city_head)
    assert step(clerk, case, "assign", "2024-09-25", **ASSIGNMENT).status_code == 302
    response = step(
        clerk,
        case,
        "close",
        "2024-12-10",
        result="mediated",
        report="经劳动仲裁调解，用人单位支付欠薪",
        amount_awarded="36000",
        amount_collected="30000",
        basis_document="包劳人仲案字〔2024〕88号调解书",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == ("closed", "mediated", date(2024, 12, 10))
    detail = case.legal_aid
    assert (detail.amount_awarded, detail.amount_collected, detail.amount_avoided) == (
        Decimal("36000"),
        Decimal("30000"),
        None,
    )
    assert step(clerk, case, "quality_review", "2024-12-20", quality_grade="excellent").status_code == 403
    assert (
        step(head, case, "quality_review", "2024-12-20", quality_grade="excellent", subsidy_yuan="3000").status_code
        == 302
    )
    case.refresh_from_db()
    assert (case.state, case.legal_aid.quality_grade, case.legal_aid.subsidy_yuan) == ("closed", "excellent", 3000)
    html = head.get(f"/cases/{case.pk}/").content.decode()
    panel = html[html.index('id="legal-aid-panel"') :]
    assert "刘律师" in panel and "执业5年" in panel
    assert "调解、和解结案" in panel and "确定金额 36000.00 元" in panel and "执行到位 30000.00 元" in panel
    assert "质量评查等级：<strong>优秀</strong>" in panel and "办案补贴 3000.00 元" in panel
    assert sorted(case.documents.values_list("number", flat=True)) == ["包援准〔2024〕1号", "包援指〔2024〕1号"]


def test_a_malformed_amount_is_refused_and_the_case_stays_assigned(login, city_clerk, city_head):
    case = grant(register(city_clerk), city_head)
    client = login(city_clerk)
    step(client, case, "assign", "2024-09-25", **ASSIGNMENT)
    response = step(client, case, "close", "2024-12-10", result="won", report="胜诉", amount_awarded="三万")
    assert response.status_code == 400 and "裁判、调解确定金额（元）" in response.content.decode()
    case.refresh_from_db()
    assert (case.state, case.closed_on) == ("assigned", None)


def test_the_review_clock_pauses_for_materials_and_resumes_across_national_day(login, city_clerk):
    # Received Fri 2024-09-20: 7 calendar days end Fri 09-27.
    case = register(city_clerk, received_on=date(2024, 9, 20))
    review = case.deadlines.get(clock="review")
    assert (review.started_on, review.due_on) == (date(2024, 9, 20), date(2024, 9, 27))
    client = login(city_clerk)
    # One notice listing everything missing on Mon 09-23: 21, 22, 23 used (3 days), 4 left; the clock stops.
    assert step(client, case, "request_materials", "2024-09-23", items="收入证明\n劳动合同").status_code == 302
    review.refresh_from_db()
    assert (review.state, review.due_on) == (Deadline.State.PAUSED, None)
    assert case.documents.get().number == "包援补〔2024〕1号"
    # Materials in on Fri 09-27: the 4 days left are Sat 28, Sun 29, Mon 30, Tue Oct 1 — a National Day holiday
    # (Oct 1–7 are rest days in 2024), so the period ends on the first working day after it: Tue 2024-10-08.
    assert step(client, case, "materials_received", "2024-09-27").status_code == 302
    review.refresh_from_db()
    assert (review.state, review.due_on) == (Deadline.State.RUNNING, date(2024, 10, 8))
    assert review.pauses == [["2024-09-23", "2024-09-27"]]
    # A second request for materials is refused: the law allows one notice listing everything (art. 43 ¶2).
    response = step(client, case, "request_materials", "2024-09-30", items="补充证明")
    assert response.status_code == 400 and "依法只能进行一次" in response.content.decode()


def test_a_notified_case_is_assigned_within_three_days_without_a_grant(login, city_clerk):
    case = register(
        city_clerk,
        received_on=date(2024, 5, 6),
        route="notified",
        notifier="court",
        notified_ground="minor",
        case_category="criminal",
        matter="",
        monthly_income_per_capita=None,
    )
    clock = case.deadlines.get()
    # Notice received Mon 2024-05-06: 3 calendar days end Thu 05-09 (art. 36); no review clock (art. 43: applications).
    assert (clock.clock, clock.due_on) == ("notified_assignment", date(2024, 5, 9))
    client = login(city_clerk)
    html = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'id="step-assign_notified"' in html and 'id="step-grant"' not in html
    assert step(client, case, "assign_notified", "2024-05-08", **ASSIGNMENT).status_code == 302
    case.refresh_from_db()
    clock.refresh_from_db()
    assert (case.state, case.accepted_on, clock.state) == ("assigned", date(2024, 5, 8), Deadline.State.MET)
    assert case.documents.get().number == "包援指〔2024〕1号"


def test_an_objection_upheld_sends_a_refused_case_back_to_review(login, city_clerk, city_head, leader):
    case = register(city_clerk, monthly_income_per_capita=Decimal("3000"))
    head, clerk, bureau = login(city_head), login(city_clerk), login(leader)
    assert step(head, case, "refuse", "2024-09-24", reasons="家庭人均月收入高于本地经济困难标准").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == ("refused", "refused", date(2024, 9, 24))
    # made to the bureau that set up the centre, not to the centre (art. 49 ¶1)
    assert step(clerk, case, "file_objection", "2024-09-26", objection="收入证明有误").status_code == 403
    assert step(bureau, case, "file_objection", "2024-09-26", objection="收入证明有误").status_code == 302
    objection = case.deadlines.get(clock="objection")
    assert objection.due_on == date(2024, 10, 8)  # 5 days after Thu 09-26 is Tue 10-01, National Day → Tue 10-08
    # the bureau decides an objection (art. 49), not the centre's own section head
    assert step(head, case, "uphold_objection", "2024-09-29", reasons="收入证明计算错误").status_code == 403
    assert step(bureau, case, "uphold_objection", "2024-09-29", reasons="收入证明计算错误").status_code == 302
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == ("received", "", None)
    assert case.deadlines.get(clock="objection").state == Deadline.State.MET
    review = case.deadlines.get(clock="review", state=Deadline.State.RUNNING)
    assert (review.started_on, review.due_on) == (date(2024, 9, 29), date(2024, 10, 8))  # Oct 6 → holiday → Oct 8
    assert [e.code for e in case.events.all()] == [
        "received",
        "refuse",
        "file_objection",
        "uphold_objection",
    ]


# --- scoping ---------------------------------------------------------------------------------------------------


def test_another_county_gets_404_a_citizen_403_and_a_stranger_the_login_page(
    login, city_clerk, kundulun_clerk, citizen
):
    case = register(city_clerk)
    assert login(kundulun_clerk).get(f"/cases/{case.pk}/").status_code == 404
    assert step(login(kundulun_clerk), case, "request_materials", "2024-09-23", items="x").status_code == 404
    assert login(citizen).get(f"/cases/{case.pk}/").status_code == 403
    response = login(None).get(f"/cases/{case.pk}/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    for url in ("/legal-aid/consultations/", "/legal-aid/new/", "/legal-aid/standards/"):
        assert login(None).get(url)["Location"].startswith("/accounts/login/")
        assert login(citizen).get(url).status_code == 403


def test_a_county_case_is_registered_in_the_county_and_hidden_from_the_other(login, donghe_clerk, kundulun_clerk):
    case = register(donghe_clerk, organisation="东河区司法局")
    assert case.number == "东援〔2024〕1号" and case.region_id == "150202000000"
    assert login(donghe_clerk).get(f"/cases/{case.pk}/").status_code == 200
    assert login(kundulun_clerk).get(f"/cases/{case.pk}/").status_code == 404


# --- the hardship standard page -----------------------------------------------------------------------------------


def test_the_standards_page_shows_the_line_in_force_today(login, city_clerk, donghe_clerk, standard):
    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2024, 7, 1), monthly_income_per_capita=Decimal("1650")
    )
    with time_machine.travel(date(2024, 6, 30), tick=False):
        html = login(city_clerk).get("/legal-aid/standards/").content.decode()
    assert "包头市法律援助中心" in html and "1500.00" in html and "2022-01-01" in html and "1650" not in html
    with time_machine.travel(date(2024, 7, 1), tick=False):
        html = login(donghe_clerk).get("/legal-aid/standards/").content.decode()
    assert "东河区司法局" in html and "1650.00" in html and "2024-07-01" in html


def test_the_standards_page_says_when_none_is_set(login, kundulun_clerk, standard):
    standard.delete()
    html = login(kundulun_clerk).get("/legal-aid/standards/").content.decode()
    assert "尚未设定" in html
