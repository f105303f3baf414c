"""Committees: the list in my scope, composition warnings (art. 8), and the county bureau keeping the roll."""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.accounts.models import Organisation
from fazhi.cases.tests.factories import open_county_case, org
from fazhi.mediation.models import Committee, CommitteeMember, Mediator, Training
from fazhi.mediation.selectors import can_manage_committee

pytestmark = pytest.mark.django_db

LIST = "/mediation/committees/"


@pytest.fixture
def committee(baotou) -> Committee:
    return Committee.objects.create(
        organisation=org("和平路街道人民调解委员会"),
        kind="township",
        term_start=date(2023, 1, 1),
        term_end=date(2025, 12, 31),
        multi_ethnic_area=True,
    )


@pytest.fixture
def kundulun_committee(baotou) -> Committee:
    organisation = Organisation.objects.create(
        name="少先路街道人民调解委员会", short_name="少", kind="mediation_committee", region_id="150203001000"
    )
    return Committee.objects.create(organisation=organisation, kind="township")


def member(committee, name, **kwargs) -> CommitteeMember:
    kwargs = {"role": "member", "gender": "male", "joined_on": date(2023, 1, 1), **kwargs}
    return CommitteeMember.objects.create(committee=committee, name=name, **kwargs)


def test_a_committee_short_of_members_shows_each_art_8_warning(login, donghe_clerk, committee):
    member(committee, "甲", role="chair")
    html = login(donghe_clerk).get(f"/mediation/committees/{committee.pk}/").content.decode()
    assert "委员应为三至九人，现有1人（人民调解法第八条第二款）。" in html
    assert "委员中应当有妇女成员" in html
    assert "多民族居住地区应当有人数较少民族的成员" in html
    assert "应设主任一人" not in html


def test_a_complete_committee_shows_no_warning(login, donghe_clerk, committee):
    member(committee, "甲", role="chair")
    member(committee, "乙", gender="female")
    member(committee, "丙", ethnicity="蒙古族", ethnic_minority=True)
    member(committee, "丁", left_on=date(2024, 1, 1))  # a former member does not count
    html = login(donghe_clerk).get(f"/mediation/committees/{committee.pk}/").content.decode()
    assert "组成情况提示" not in html
    listing = login(donghe_clerk).get(LIST).content.decode()
    assert "符合" in listing and "不符合" not in listing


def test_the_detail_shows_mediators_with_their_trainings_and_the_disputes(login, donghe_clerk, mediator, committee):
    m = Mediator.objects.create(committee=committee, name="孙调解员", user=mediator, kind="full_time")
    Training.objects.create(mediator=m, held_on=date(2024, 3, 5), topic="人民调解法", hours=4)
    open_county_case(mediator, "和平路街道人民调解委员会")
    html = login(mediator).get(f"/mediation/committees/{committee.pk}/").content.decode()
    assert "孙调解员" in html and "专职调解员" in html and "2024-03-05 人民调解法" in html
    assert "受理纠纷：<strong>1</strong>" in html
    assert "2023-01-01 — 2025-12-31" in html
    assert "添加委员" not in html  # the committee's own mediator reads the roll but does not keep it


def test_the_list_shows_only_committees_in_my_scope(
    login, donghe_clerk, kundulun_clerk, leader, committee, kundulun_committee, django_assert_max_num_queries
):
    for i in range(3):
        member(committee, f"委员{i}")
    client = login(leader)
    with django_assert_max_num_queries(6):
        html = client.get(LIST).content.decode()
    assert "和平路街道人民调解委员会" in html and "少先路街道人民调解委员会" in html
    donghe = login(donghe_clerk).get(LIST).content.decode()
    assert "和平路街道人民调解委员会" in donghe and "少先路街道人民调解委员会" not in donghe
    assert login(kundulun_clerk).get(f"/mediation/committees/{committee.pk}/").status_code == 404


def test_an_organisation_without_a_committee_row_is_not_listed(login, leader, baotou):
    assert "和平路街道人民调解委员会" not in login(leader).get(LIST).content.decode()


@pytest.mark.parametrize(
    ("persona", "status"), [("anonymous", 302), ("citizen", 403), ("auditor", 403), ("mediator", 200)]
)
def test_who_may_open_the_list(login, baotou, persona, status):
    client = login(None if persona == "anonymous" else baotou[persona])
    assert client.get(LIST).status_code == status


def test_only_bureau_staff_over_the_region_manage_the_roll(baotou, committee):
    assert can_manage_committee(baotou["donghe_clerk"], committee)
    assert can_manage_committee(baotou["leader"], committee)
    assert not can_manage_committee(baotou["mediator"], committee)
    assert not can_manage_committee(baotou["kundulun_clerk"], committee)
    assert not can_manage_committee(baotou["auditor"], committee)


def test_the_county_handler_adds_a_member_a_mediator_and_a_training(login, donghe_clerk, committee):
    client = login(donghe_clerk)
    response = client.post(
        f"/mediation/committees/{committee.pk}/members/",
        {
            "name": "王芳",
            "role": "chair",
            "gender": "female",
            "ethnicity": "蒙古族",
            "ethnic_minority": "on",
            "joined_on": "2023-01-01",
        },
    )
    assert response.status_code == 302
    assert committee.members.get().name == "王芳"
    client.post(f"/mediation/committees/{committee.pk}/mediators/", {"name": "赵调解员", "kind": "hired"})
    m = committee.mediators.get()
    assert m.kind == "hired"
    response = client.post(
        f"/mediation/mediators/{m.pk}/trainings/",
        {"held_on": "2024-06-01", "topic": "调解技巧", "hours": "2.5", "organiser": "东河区司法局"},
        follow=True,
    )
    assert m.trainings.get().hours == 2.5
    html = response.content.decode()
    assert "已登记赵调解员的培训记录。" in html and "委员应为三至九人，现有1人" in html


def test_a_bad_member_comes_back_with_chinese_errors(login, donghe_clerk, committee):
    response = login(donghe_clerk).post(f"/mediation/committees/{committee.pk}/members/", {"role": "member"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "请填写委员姓名。" in html and "请选择性别。" in html and "请填写任职日期。" in html
    assert not committee.members.exists()


def test_a_training_in_the_future_is_refused(login, donghe_clerk, committee):
    m = Mediator.objects.create(committee=committee, name="赵调解员")
    response = login(donghe_clerk).post(
        f"/mediation/mediators/{m.pk}/trainings/", {"held_on": "2099-01-01", "topic": "x"}
    )
    assert response.status_code == 400 and "培训日期不能晚于今天。" in response.content.decode()
    assert not Training.objects.exists()


def test_a_mediator_may_not_add_and_another_county_may_not_see(login, mediator, kundulun_clerk, committee):
    m = Mediator.objects.create(committee=committee, name="赵调解员")
    data = {"name": "x", "gender": "male", "joined_on": "2023-01-01", "role": "member"}
    assert login(mediator).post(f"/mediation/committees/{committee.pk}/members/", data).status_code == 403
    assert login(kundulun_clerk).post(f"/mediation/committees/{committee.pk}/members/", data).status_code == 404
    training = {"held_on": "2024-01-01", "topic": "x"}
    assert login(kundulun_clerk).post(f"/mediation/mediators/{m.pk}/trainings/", training).status_code == 404
    assert login(mediator).post(f"/mediation/mediators/{m.pk}/trainings/", training).status_code == 403
    assert not committee.members.exists() and not Training.objects.exists()
