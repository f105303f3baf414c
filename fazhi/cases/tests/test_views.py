"""Workbench pages as a clerk sees them: tasks by deadline, case detail with clocks and buttons, steps."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from fazhi.audit.models import AccessRecord
from fazhi.cases.tests.factories import open_reconsideration

pytestmark = pytest.mark.django_db


@time_machine.travel(date(2024, 10, 10))
def test_my_tasks_lists_running_clocks_nearest_first_with_marks(login, city_clerk):
    late = open_reconsideration(city_clerk, received_on=date(2024, 9, 20), title="逾期案件")  # due 2024-09-27
    soon = open_reconsideration(city_clerk, received_on=date(2024, 9, 30), title="临期案件")  # due 2024-10-12
    html = login(city_clerk).get("/cases/tasks/").content.decode()
    assert html.index(late.number) < html.index(soon.number)
    assert "已超期 5 个工作日" in html  # working days after Sep 27 up to Oct 10: Sun 29 (make-up), 30, Oct 8, 9, 10
    assert "剩余 2 个工作日" in html  # Oct 10 → Oct 12: Fri 11 and make-up Sat 12
    assert "已超期 <strong>1</strong>" in html and "3日内到期 <strong>1</strong>" in html


def test_case_detail_shows_clocks_timeline_masked_parties_and_allowed_steps(login, city_clerk):
    case = open_reconsideration(city_clerk)
    html = login(city_clerk).get(f"/cases/{case.pk}/").content.decode()
    assert "受理审查" in html and "2024-10-12" in html and "跳过国庆节假日" in html
    assert "110105********002X" in html and "11010519491231002X" not in html
    assert "/transitions/accept/" in html and "/transitions/not_accept/" not in html
    assert AccessRecord.objects.filter(object_id=str(case.pk), action="view").count() == 1


def test_a_step_from_the_page_moves_the_case(login, city_clerk):
    case = open_reconsideration(city_clerk)
    response = login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/",
        {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"},
        follow=True,
    )
    assert "已完成：受理。" in response.content.decode()
    case.refresh_from_db()
    assert (case.state, case.accepted_on) == ("accepted", date(2024, 10, 8))


def test_a_stale_page_gets_a_conflict_message_and_the_case_is_unchanged(login, city_clerk, city_head):
    case = open_reconsideration(city_clerk)
    login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-08", "procedure_type": "ordinary"}
    )
    response = login(city_head).post(
        f"/cases/{case.pk}/transitions/not_accept/", {"version": 1, "reasons": "不属于受理范围"}, follow=True
    )
    assert "已被他人修改" in response.content.decode()
    case.refresh_from_db()
    assert (case.state, case.version) == ("accepted", 2)


def test_a_malformed_date_is_reported_not_raised(login, city_clerk):
    case = open_reconsideration(city_clerk)
    response = login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "昨天"}, follow=True
    )
    assert "日期或版本号格式不正确" in response.content.decode()


def test_case_list_query_count_is_flat(login, city_clerk, django_assert_max_num_queries):
    for day in range(1, 6):
        open_reconsideration(city_clerk, received_on=date(2024, 3, day))
    client = login(city_clerk)
    with django_assert_max_num_queries(8):
        assert client.get("/cases/").status_code == 200


def test_a_refused_step_keeps_what_the_user_typed_and_names_the_field(login, city_clerk, city_head):
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 28))
    login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-29", "procedure_type": "ordinary"}
    )
    response = login(city_head).post(
        f"/cases/{case.pk}/transitions/schedule_hearing/",
        {"version": 2, "on": "2024-11-05", "hearing_on": "2024-11-11", "place": "第一听证室"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "听证日期不得早于 2024-11-12" in html  # 5 WD after Tue 11-05: 6, 7, 8, 11, 12
    assert 'value="第一听证室"' in html and 'value="2024-11-11"' in html
    case.refresh_from_db()
    assert case.state == "accepted"


def test_the_timeline_shows_what_each_step_recorded_in_words(login, city_clerk, city_head):
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 28))
    login(city_clerk).post(
        f"/cases/{case.pk}/transitions/accept/", {"version": 1, "on": "2024-10-29", "procedure_type": "ordinary"}
    )
    html = login(city_clerk).get(f"/cases/{case.pk}/").content.decode()
    assert "审理程序：普通程序" in html
