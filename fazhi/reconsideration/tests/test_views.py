"""Reconsideration pages: the hearing calendar, suits after a decision, and the respondent-agency table."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from fazhi.accounts.models import Organisation
from fazhi.cases.models import Case
from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import open_county_case, open_reconsideration
from fazhi.reconsideration.models import Litigation
from fazhi.reconsideration.services import litigation_record

pytestmark = pytest.mark.django_db


def accept(case: Case, actor, on: date = date(2024, 10, 8)) -> Case:
    return case_transition(case=case, code="accept", actor=actor, on=on, data={"procedure_type": "ordinary"})


def schedule_hearing(case: Case, actor, hearing_on: str = "2024-10-22", on: date = date(2024, 10, 9)) -> Case:
    """A formal hearing at least 5 working days after the notice (art. 51)."""
    return case_transition(
        case=case, code="schedule_hearing", actor=actor, on=on, data={"hearing_on": hearing_on, "place": "第一听证室"}
    )


def decide(case: Case, clerk, head, decision: str = "revoked", on: date = date(2024, 11, 20)) -> Case:
    """Accept, hear the parties (art. 49) and decide."""
    accept(case, clerk)
    case_transition(
        case=case,
        code="hear_parties",
        actor=clerk,
        on=date(2024, 10, 15),
        data={"method": "当面", "record": "听取意见笔录"},
    )
    return case_transition(
        case=case, code="decide", actor=head, on=on, data={"decision": decision, "reasons": "事实不清"}
    )


def donghe_case(donghe_clerk) -> Case:
    return open_county_case(donghe_clerk, "东河区司法局", line="reconsideration", received_on=date(2024, 9, 30))


# --- hearing calendar ----------------------------------------------------------------------------------------


def test_the_calendar_lists_a_scheduled_hearing_on_its_day(login, city_clerk, city_head):
    case = schedule_hearing(accept(open_reconsideration(city_clerk), city_clerk), city_head)
    html = login(city_clerk).get("/reconsideration/hearings/?month=2024-10").content.decode()
    assert "2024年10月听证日程" in html
    assert "10月22日" in html and "第一听证室" in html and case.number in html
    assert f'href="/cases/{case.pk}/"' in html
    assert "?month=2024-09" in html and "?month=2024-11" in html


def test_the_calendar_shows_only_the_month_asked_for(login, city_clerk, city_head):
    case = schedule_hearing(accept(open_reconsideration(city_clerk), city_clerk), city_head)
    html = login(city_clerk).get("/reconsideration/hearings/?month=2024-11").content.decode()
    assert case.number not in html and "本月没有待举行的听证" in html


def test_a_held_hearing_leaves_the_calendar(login, city_clerk, city_head):
    case = schedule_hearing(accept(open_reconsideration(city_clerk), city_clerk), city_head)
    case_transition(case=case, code="hold_hearing", actor=city_clerk, on=date(2024, 10, 22), data={"record": "笔录"})
    assert case.number not in login(city_clerk).get("/reconsideration/hearings/?month=2024-10").content.decode()


def test_another_county_never_sees_the_hearing(login, baotou, donghe_clerk, kundulun_clerk):
    case = schedule_hearing(accept(donghe_case(donghe_clerk), donghe_clerk), baotou["donghe_head"])
    assert case.number in login(donghe_clerk).get("/reconsideration/hearings/?month=2024-10").content.decode()
    assert case.number not in login(kundulun_clerk).get("/reconsideration/hearings/?month=2024-10").content.decode()


def test_a_malformed_month_falls_back_to_this_month_with_a_note(login, city_clerk):
    response = login(city_clerk).get("/reconsideration/hearings/?month=十月")
    assert response.status_code == 200 and "月份格式应为 YYYY-MM" in response.content.decode()


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1900-01"])
def test_a_month_out_of_range_falls_back_to_this_month(login, city_clerk, month):
    response = login(city_clerk).get(f"/reconsideration/hearings/?month={month}")
    assert response.status_code == 200 and "月份格式应为 YYYY-MM" in response.content.decode()


def test_the_calendar_query_count_is_flat(login, city_clerk, city_head, django_assert_max_num_queries):
    for day in (20, 21, 22, 23, 24):
        case = accept(open_reconsideration(city_clerk, received_on=date(2024, 9, day)), city_clerk)
        schedule_hearing(case, city_head, hearing_on=f"2024-10-{day + 1}")
    client = login(city_clerk)
    with django_assert_max_num_queries(5):
        html = client.get("/reconsideration/hearings/?month=2024-10").content.decode()
    assert html.count("第一听证室") == 5


# --- litigation after a decision -----------------------------------------------------------------------------


def test_staff_record_a_suit_after_the_decision(login, city_clerk, city_head):
    case = decide(open_reconsideration(city_clerk), city_clerk, city_head)
    url = f"/reconsideration/cases/{case.pk}/litigation/"
    client = login(city_clerk)
    assert "登记行政诉讼" in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "filed_on": "2024-12-02",
            "court": "包头市昆都仑区人民法院",
            "court_case_number": "（2024）内0203行初15号",
            "result": "lost",
            "judged_on": "2025-03-10",
            "note": "",
        },
        follow=True,
    )
    suit = Litigation.objects.get()
    assert (suit.case, suit.result, suit.recorded_by) == (case, "lost", city_clerk)
    html = response.content.decode()
    assert "已登记行政诉讼" in html and "（2024）内0203行初15号" in html and "败诉" in html


def test_a_suit_before_the_decision_or_a_judgment_without_a_date_is_refused(login, city_clerk, city_head):
    case = decide(open_reconsideration(city_clerk), city_clerk, city_head)
    html = (
        login(city_clerk)
        .post(
            f"/reconsideration/cases/{case.pk}/litigation/",
            {"filed_on": "2024-11-01", "court": "包头市中级人民法院", "result": "upheld"},
        )
        .content.decode()
    )
    assert "起诉日期不能早于复议办结日期" in html and "请填写裁判日期" in html
    assert 'value="包头市中级人民法院"' in html
    assert not Litigation.objects.exists()


def test_no_suit_can_be_recorded_on_an_open_case(login, city_clerk):
    case = open_reconsideration(city_clerk)
    url = f"/reconsideration/cases/{case.pk}/litigation/"
    client = login(city_clerk)
    assert "方可登记复议后行政诉讼" in client.get(url).content.decode()
    html = client.post(url, {"filed_on": "2024-12-02", "court": "某法院", "result": "pending"}).content.decode()
    assert "不能登记复议后行政诉讼" in html
    assert not Litigation.objects.exists()


def test_a_leader_reads_the_suits_but_does_not_record_them(login, city_clerk, leader):
    case = open_reconsideration(city_clerk)
    client = login(leader)
    assert client.get(f"/reconsideration/cases/{case.pk}/litigation/").status_code == 200
    assert client.post(f"/reconsideration/cases/{case.pk}/litigation/", {"court": "某法院"}).status_code == 403


def test_another_county_gets_404_on_the_litigation_page(login, donghe_clerk, kundulun_clerk):
    case = donghe_case(donghe_clerk)
    url = f"/reconsideration/cases/{case.pk}/litigation/"
    assert login(donghe_clerk).get(url).status_code == 200
    assert login(kundulun_clerk).get(url).status_code == 404
    assert login(kundulun_clerk).post(url, {"court": "某法院"}).status_code == 404


def test_the_city_office_reads_a_county_suit_but_only_the_county_records_it(login, city_clerk, donghe_clerk):
    case = donghe_case(donghe_clerk)
    url = f"/reconsideration/cases/{case.pk}/litigation/"
    assert login(city_clerk).get(url).status_code == 200
    assert login(city_clerk).post(url, {"filed_on": "2024-12-02", "court": "某法院"}).status_code == 403


def test_a_suit_filed_in_the_future_is_refused(city_clerk, city_head):
    case = decide(open_reconsideration(city_clerk), city_clerk, city_head)
    suit = Litigation(filed_on=date.today() + timedelta(days=3), court="某法院", result="pending")
    with pytest.raises(ValidationError, match="起诉日期不能晚于今天"):
        litigation_record(case=case, actor=city_clerk, litigation=suit)
    assert not Litigation.objects.exists()


def test_a_case_of_another_line_is_not_found(login, donghe_clerk):
    case = open_county_case(donghe_clerk, "东河区司法局")  # mediation
    assert login(donghe_clerk).get(f"/reconsideration/cases/{case.pk}/litigation/").status_code == 404


# --- respondent agencies -------------------------------------------------------------------------------------


def test_the_agency_table_counts_corrections_and_lost_suits_for_the_city(
    login, city_clerk, city_head, leader, django_assert_max_num_queries
):
    agency, _ = Organisation.objects.get_or_create(  # the demo people include the agency's reporter
        name="包头市市场监督管理局",
        region_id="150200000000",
        defaults={"short_name": "包", "kind": "enforcement_agency"},
    )
    for decision in ("revoked", "upheld"):
        case = open_reconsideration(city_clerk)
        case.reconsideration.respondent_agency = agency
        case.reconsideration.save()
        decide(case, city_clerk, city_head, decision=decision)
    Litigation.objects.create(
        case=case, filed_on=date(2024, 12, 2), court="某法院", result="lost", judged_on=date(2024, 12, 20)
    )
    client = login(leader)
    with django_assert_max_num_queries(6):
        html = client.get("/reconsideration/agencies/?year=2024").content.decode()
    assert "2024年被申请机关复议与诉讼情况" in html
    assert "<td>包头市市场监督管理局</td><td>2</td><td>1</td><td>1</td>" in html
    assert "本年度没有审结案件" in login(leader).get("/reconsideration/agencies/?year=2023").content.decode()


def test_a_county_handler_sees_only_their_county_in_the_agency_table(login, city_clerk, city_head, donghe_clerk):
    decide(open_reconsideration(city_clerk), city_clerk, city_head)
    html = login(donghe_clerk).get("/reconsideration/agencies/?year=2024").content.decode()
    assert "本年度没有审结案件" in html


def test_a_bad_year_falls_back_with_a_note(login, city_clerk):
    response = login(city_clerk).get("/reconsideration/agencies/?year=abc")
    assert response.status_code == 200 and "年份应为" in response.content.decode()
