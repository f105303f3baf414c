"""The supervision API: a lead registered, refused in Chinese when malformed (nothing saved); checks and interviews
listed in scope; interviews proposed for a period; an agency's reporter and other lines refused."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import open_reconsideration, org
from fazhi.supervision import services
from fazhi.supervision.tests.factories import AGENCY, BODY

pytestmark = pytest.mark.django_db
CASES, CHECKS, INTERVIEWS = (
    "/api/v1/supervision/cases/",
    "/api/v1/supervision/checks/",
    "/api/v1/supervision/interviews/",
)


def test_the_routes_are_mounted_at_the_lines_prefix():
    assert (reverse("supervision-cases"), reverse("supervision-checks")) == (CASES, CHECKS)


def test_a_supervisor_registers_a_lead_and_lists_it(baotou, login):
    client = login(baotou["supervision_clerk"])
    body = {
        "source": "complaint",
        "agency": org(AGENCY).pk,
        "title": "投诉执法检查未出示证件",
        "matter": "企业反映检查人员未出示执法证件",
        "received_on": "2024-03-04",
    }
    response = client.post(CASES, body, content_type="application/json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert (data["source"], data["agency_name"], data["number"]) == ("complaint", AGENCY, "包督〔2024〕1号")
    assert [r["number"] for r in client.get(CASES, {"source": "complaint"}).json()] == ["包督〔2024〕1号"]
    assert client.get(CASES, {"source": "referral"}).json() == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"source": "rumour"}, "source", "不是有效的选项"),
        ({"agency": None}, "agency", ""),
        ({"title": ""}, "title", ""),
        ({"received_on": "2099-01-01"}, "received_on", "收到日期"),
    ],
)
def test_a_malformed_lead_is_refused_and_nothing_is_saved(baotou, login, change, field, words):
    client = login(baotou["supervision_clerk"])
    body = {"source": "complaint", "agency": org(AGENCY).pk, "title": "标题", "matter": "事项"} | change
    body = {k: v for k, v in body.items() if v is not None}
    response = client.post(CASES, body, content_type="application/json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert words in str(response.json()[field])
    assert not Case.objects.filter(line="supervision").exists()


def test_the_agency_must_be_an_enforcement_agency(baotou, login):
    client = login(baotou["supervision_clerk"])
    body = {"source": "complaint", "agency": org(BODY).pk, "title": "标题", "matter": "事项"}
    response = client.post(CASES, body, content_type="application/json")
    assert response.status_code == 400 and "该行政执法机关不存在" in str(response.json())


def test_an_agencys_reporter_and_another_line_are_refused(baotou, login):
    for user in ("agency_reporter", "legality_clerk"):
        assert login(baotou[user]).get(CASES).status_code == 403
        assert login(baotou[user]).get(CHECKS).status_code == 403


def test_checks_and_interviews_are_listed_and_proposed(baotou, login):
    clerk = baotou["supervision_clerk"]
    services.plan_create(organisation=org(BODY), year=2024, title="方案", agencies=[org(AGENCY)], actor=clerk)
    client = login(clerk)
    (row,) = client.get(CHECKS, {"year": 2024}).json()
    assert (row["agency_name"], row["state"], row["findings"]) == (AGENCY, "planned", [])
    assert client.get(CHECKS, {"year": 2023}).json() == []
    county = baotou["donghe_clerk"]
    county.memberships.update(lines=["supervision"])
    assert login(county).get(CHECKS).json() == []  # a county sees its own subtree only
    case = open_reconsideration(
        baotou["city_clerk"], received_on=date(2024, 1, 8), detail={"respondent_agency": org(AGENCY)}
    )
    Case.objects.filter(pk=case.pk).update(state="closed", outcome="revoked", closed_on=date(2024, 3, 1))
    made = client.post(INTERVIEWS, {"start": "2024-01-01", "end": "2024-06-30"}, content_type="application/json")
    assert made.status_code == 201, made.content
    assert [(i["agency_name"], i["corrected"], i["state"]) for i in made.json()] == [(AGENCY, 1, "proposed")]
    assert len(client.get(INTERVIEWS).json()) == 1
    bad = client.post(INTERVIEWS, {"start": "2024-06-30", "end": "2024-01-01"}, content_type="application/json")
    assert bad.status_code == 400 and "截止日期" in str(bad.json())
    leader = login(baotou["agency_reporter"])
    assert leader.post(INTERVIEWS, {}, content_type="application/json").status_code == 403
