"""Reconsideration cases worked end to end through the REST API only, by session and by token clients.

POST /api/v1/reconsideration/applications/ registers the application; every further step is
POST /api/v1/cases/<id>/transitions/ with the version of the previous response (optimistic lock). Expected dates
are counted by hand in the comments (start day excluded; 3/5/7/10-day periods are working days on the 2024
official calendar, art. 88 ¶2; a calendar-day period ending on a rest day rolls to the next working day).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from fazhi.accounts.models import ApiToken
from fazhi.cases.models import Case
from fazhi.cases.runner import apply_due_transitions
from fazhi.documents.models import IssuedDocument

pytestmark = pytest.mark.django_db

APPLICATIONS = "/api/v1/reconsideration/applications/"


@pytest.fixture(params=["session", "token"])
def api(request):
    """A client per user, logged in by session cookie or by a write-scoped `Authorization: Bearer …` machine token
    (each test runs with both)."""

    def make(user) -> APIClient:
        client = APIClient()
        if request.param == "session":
            client.force_login(user)  # a real session: SessionAuthentication, not force_authenticate
        else:
            _, key = ApiToken.issue(user=user, name="test", scopes=["read", "write"])
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        return client

    return make


class Journey:
    """One case driven through the API; remembers the version each response hands back."""

    def __init__(self, client: APIClient, application: dict[str, Any]) -> None:
        response = client.post(APPLICATIONS, application, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        self.id, self.version, self.number = body["id"], body["version"], body["number"]
        self.state = body["state"]
        assert (self.version, self.state, body["warnings"]) == (1, "received", [])

    @property
    def url(self) -> str:
        return f"/api/v1/cases/{self.id}/"

    def post(self, client: APIClient, code: str, on: str, data: dict[str, str], version: int | None = None):
        payload = {"code": code, "version": self.version if version is None else version, "on": on, "data": data}
        return client.post(f"{self.url}transitions/", payload, format="json")

    def step(self, client: APIClient, code: str, on: str, state: str, **data: str) -> dict[str, Any]:
        response = self.post(client, code, on, data)
        assert response.status_code == 200, (code, response.json())
        body = response.json()
        assert (body["state"], body["version"]) == (state, self.version + 1), (code, body)
        self.version, self.state = body["version"], body["state"]
        return body

    def detail(self, client: APIClient) -> dict[str, Any]:
        response = client.get(self.url)
        assert response.status_code == 200, response.json()
        return response.json()


def application(received_on: str, applicant: str = "张三") -> dict[str, Any]:
    return {
        "channel": "walk_in",
        "received_on": received_on,
        "applicant_name": applicant,
        "id_number": "11010519491231002X",
        "respondent_name": "包头市某区市场监督管理局",
        "act_type": "penalty",
        "act_description": "罚款2000元的行政处罚决定",
    }


def deadlines(body: dict[str, Any]) -> list[tuple[str, str, str | None, str]]:
    """(clock, started_on, due_on, state), in a database-independent order (PostgreSQL sorts a null due_on last)."""
    return sorted((d["clock"], d["started_on"], d["due_on"], d["state"]) for d in body["deadlines"])


def snapshot(case_id: int) -> tuple:
    case = Case.objects.get(pk=case_id)
    return case.state, case.version, case.events.count(), case.deadlines.count(), case.documents.count()


def accepted(api, city_clerk) -> tuple[APIClient, Journey]:
    clerk = api(city_clerk)
    journey = Journey(clerk, application("2024-09-26"))
    journey.step(clerk, "accept", "2024-09-27", "accepted", procedure_type="ordinary")
    return clerk, journey


def test_an_ordinary_case_from_application_through_hearing_to_decision(api, city_clerk, city_head):
    clerk, head = api(city_clerk), api(city_head)
    case = Journey(clerk, application("2024-09-26"))  # Thu
    assert case.number == "包复〔2024〕1号"

    case.step(clerk, "request_correction", "2024-09-27", "correction_requested", items="身份证明复印件\n处罚决定书")
    case.step(clerk, "correction_received", "2024-10-14", "received")
    body = case.step(clerk, "accept", "2024-10-15", "accepted", procedure_type="ordinary")
    assert body["accepted_on"] == "2024-10-15"
    case.step(clerk, "send_copy", "2024-10-18", "accepted")
    case.step(clerk, "receive_reply", "2024-10-30", "accepted")
    case.step(clerk, "hear_parties", "2024-11-04", "accepted", method="当面", record="申请人陈述意见")

    # The clerk may not decide on a hearing: that is the section head's (art. 50–51, APPROVERS).
    response = case.post(clerk, "schedule_hearing", "2024-11-05", {"hearing_on": "2024-11-12", "place": "第一听证室"})
    assert response.status_code == 403 and "权限" in response.json()["detail"]
    # 5 working days' notice (art. 51): after Tue 11-05 come Wed 6, Thu 7, Fri 8, Mon 11, Tue 12 → 2024-11-12.
    before = snapshot(case.id)
    response = case.post(head, "schedule_hearing", "2024-11-05", {"hearing_on": "2024-11-11", "place": "第一听证室"})
    assert response.status_code == 400
    assert "不得早于 2024-11-12（行政复议法第五十一条）" in response.json()["detail"]
    assert snapshot(case.id) == before
    case.step(head, "schedule_hearing", "2024-11-05", "hearing_scheduled", hearing_on="2024-11-12", place="第一听证室")
    case.step(clerk, "hold_hearing", "2024-11-12", "accepted", record="听证笔录")
    case.step(clerk, "mediation_failed", "2024-11-15", "accepted", record="被申请人不同意调解")
    case.step(head, "decide", "2024-12-02", "decided", decision="upheld", reasons="事实清楚，证据确凿")

    body = case.detail(head)
    assert (body["state"], body["outcome"], body["version"]) == ("decided", "upheld", 11)
    assert (body["received_on"], body["accepted_on"], body["closed_on"]) == ("2024-09-26", "2024-10-15", "2024-12-02")
    assert [e["code"] for e in body["events"]] == [
        "received",
        "request_correction",
        "correction_received",
        "accept",
        "send_copy",
        "receive_reply",
        "hear_parties",
        "schedule_hearing",
        "hold_hearing",
        "mediation_failed",
        "decide",
    ]
    assert [e["actor"] for e in body["events"] if e["code"] in {"schedule_hearing", "decide"}] == [city_head.pk] * 2
    assert body["events"][-1]["data"] == {"decision": "upheld", "reasons": "事实清楚，证据确凿"}
    assert deadlines(body) == sorted(
        [
            # 5 WD after Thu 09-26: Fri 27, Sun 29 (make-up), Mon 30, Oct 8, 9 — stopped by the correction notice.
            ("acceptance_review", "2024-09-26", "2024-10-09", "met"),
            # 10 WD after Fri 09-27: Sep 29, 30, Oct 8, 9, 10, 11, Sat 12 (make-up), 14, 15, 16.
            ("correction", "2024-09-27", "2024-10-16", "met"),
            # The review runs again from the corrections: 5 WD after Mon 10-14 is Mon 10-21.
            ("acceptance_review", "2024-10-14", "2024-10-21", "met"),
            # 7 WD after Tue 10-15: 16, 17, 18, 21, 22, 23, 24.
            ("copy_to_respondent", "2024-10-15", "2024-10-24", "met"),
            # 10 WD after Fri 10-18: 21, 22, 23, 24, 25, 28, 29, 30, 31, Nov 1.
            ("reply", "2024-10-18", "2024-11-01", "met"),
            # 60 CD after Tue 10-15 is Sat 12-14, rolled to Mon 12-16; decided on 12-02.
            ("decision", "2024-10-15", "2024-12-16", "met"),
        ]
    )
    numbers = IssuedDocument.objects.filter(case_id=case.id).order_by("id").values_list("number", flat=True)
    assert list(numbers) == ["包府复补〔2024〕1号", "包府复受〔2024〕1号", "包复听〔2024〕1号", "包府复决〔2024〕1号"]


def test_a_suspension_for_a_death_lapses_into_termination_after_sixty_days(api, city_clerk, city_head):
    clerk, head = api(city_clerk), api(city_head)
    case = Journey(clerk, application("2024-06-03", applicant="李四"))  # Mon
    case.step(clerk, "accept", "2024-06-04", "accepted", procedure_type="ordinary")
    case.step(clerk, "send_copy", "2024-06-05", "accepted")
    case.step(clerk, "receive_reply", "2024-06-12", "accepted")
    case.step(head, "suspend", "2024-06-13", "suspended", ground="1")  # 公民死亡，近亲属尚未确定是否参加

    # 60 CD after Thu 06-13: Jun 30 is day 17, Jul 31 day 48, Mon Aug 12 day 60 (a working day). The system
    # (no API: the scheduled job) terminates the day after, dating the step on the 60th day.
    assert apply_due_transitions(today=date(2024, 8, 12)) == 0
    assert apply_due_transitions(today=date(2024, 8, 13)) == 1
    assert apply_due_transitions(today=date(2024, 8, 13)) == 0  # a second run applies nothing twice

    body = case.detail(clerk)
    assert (body["state"], body["outcome"], body["closed_on"], body["version"]) == (
        "terminated",
        "terminated",
        "2024-08-12",
        6,
    )
    assert [e["code"] for e in body["events"]] == [
        "received",
        "accept",
        "send_copy",
        "receive_reply",
        "suspend",
        "terminate_lapsed",
    ]
    last = body["events"][-1]
    assert (last["on"], last["actor"], last["label"]) == ("2024-08-12", None, "中止满六十日原因仍未消除，终止")
    assert deadlines(body) == sorted(
        [
            # 5 WD after Mon 06-03: 4, 5, 6, 7, (Mon 10 is 端午节) 11.
            ("acceptance_review", "2024-06-03", "2024-06-11", "met"),
            # 7 WD after Tue 06-04: 5, 6, 7, 11, 12, 13, 14.
            ("copy_to_respondent", "2024-06-04", "2024-06-14", "met"),
            # 10 WD after Wed 06-05: 6, 7, 11, 12, 13, 14, 17, 18, 19, 20.
            ("reply", "2024-06-05", "2024-06-20", "met"),
            # Paused by the suspension (no due date while paused), then closed by the termination.
            ("decision", "2024-06-04", None, "met"),
            ("suspension_limit", "2024-06-13", "2024-08-12", "met"),
        ]
    )
    numbers = IssuedDocument.objects.filter(case_id=case.id).order_by("id").values_list("number", flat=True)
    assert list(numbers) == ["包府复受〔2024〕1号", "包府复中〔2024〕1号", "包府复终〔2024〕1号"]


def test_a_stale_version_gets_409_and_leaves_the_case_unchanged(api, city_clerk, city_head):
    clerk, case = accepted(api, city_clerk)
    seen_by_head = case.version  # the head loads the case …
    case.step(clerk, "send_copy", "2024-09-30", "accepted")  # … the clerk moves it on

    before = snapshot(case.id)
    response = case.post(api(city_head), "suspend", "2024-10-08", {"ground": "1"}, version=seen_by_head)
    assert response.status_code == 409
    assert "已被他人修改（当前版本 3，您打开时为 2）" in response.json()["detail"]
    assert snapshot(case.id) == before
    assert case.detail(clerk)["state"] == "accepted"
    case.step(api(city_head), "suspend", "2024-10-08", "suspended", ground="1")  # with the fresh version it works


def test_another_countys_clerk_gets_404_on_detail_and_transitions(api, city_clerk, kundulun_clerk):
    _, case = accepted(api, city_clerk)
    outsider = api(kundulun_clerk)

    before = snapshot(case.id)
    assert outsider.get(case.url).status_code == 404
    response = case.post(outsider, "send_copy", "2024-09-30", {})
    assert response.status_code == 404
    assert snapshot(case.id) == before
    assert outsider.get("/api/v1/cases/").json()["count"] == 0
