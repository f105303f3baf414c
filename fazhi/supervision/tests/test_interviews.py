"""Interviews proposed from the reconsideration line's corrections and lost suits per respondent agency (read
through the kernel, not by importing that line), then scheduled, held and followed up."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import open_reconsideration, org
from fazhi.supervision import services, signals
from fazhi.supervision.models import Interview
from fazhi.supervision.tests.factories import AGENCY, BODY

pytestmark = pytest.mark.django_db
H1 = (date(2024, 1, 1), date(2024, 6, 30))


def closed(actor, agency, outcome: str, on: date) -> Case:
    """A reconsideration case against `agency` closed with `outcome` on `on` (the row as its decision leaves it)."""
    case = open_reconsideration(actor, received_on=date(2024, 1, 8), detail={"respondent_agency": agency})
    Case.objects.filter(pk=case.pk).update(state="closed", outcome=outcome, closed_on=on)
    return case


@pytest.fixture
def agency(baotou):
    return org(AGENCY)


@pytest.fixture
def clerk(baotou):
    return baotou["supervision_clerk"]


def test_an_agency_corrected_in_the_period_is_proposed_once_with_its_counts(baotou, agency, clerk):
    city = baotou["city_clerk"]
    closed(city, agency, "revoked", date(2024, 3, 1))
    closed(city, agency, "confirmed_unlawful", date(2024, 4, 1))
    closed(city, agency, "upheld", date(2024, 4, 2))  # not a correction
    closed(city, agency, "revoked", date(2024, 8, 1))  # outside the period
    suit = closed(city, agency, "upheld", date(2024, 2, 1))
    suit.litigations.create(
        filed_on=date(2024, 2, 20), court="包头市中级人民法院", result="lost", judged_on=date(2024, 5, 5)
    )
    body = org(BODY)
    made = services.interviews_propose(organisation=body, start=H1[0], end=H1[1], actor=clerk)
    assert [(i.agency_id, i.corrected, i.lost_suits, i.state) for i in made] == [(agency.pk, 2, 1, "proposed")]
    assert services.interviews_propose(organisation=body, start=H1[0], end=H1[1], actor=clerk) == []  # once
    assert signals.corrected_cases(body.region_id, *H1, agency.pk).count() == 2


def test_an_agency_never_corrected_is_not_proposed(baotou, agency, clerk):
    closed(baotou["city_clerk"], agency, "upheld", date(2024, 3, 1))
    assert services.interviews_propose(organisation=org(BODY), start=H1[0], end=H1[1], actor=clerk) == []


def test_the_corrected_set_is_the_reconsideration_lines_own(settings, baotou, agency, clerk):
    closed(baotou["city_clerk"], agency, "upheld", date(2024, 3, 1))
    settings.FAZHI_INDICATORS = {"reconsideration": {"directly_corrected": ["upheld"]}}  # a jurisdiction's choice
    made = services.interviews_propose(organisation=org(BODY), start=H1[0], end=H1[1], actor=clerk)
    assert [i.corrected for i in made] == [1]


def test_a_county_body_sees_only_its_subtree(baotou, agency, clerk):
    closed(baotou["city_clerk"], agency, "revoked", date(2024, 3, 1))  # the city's case
    assert signals.corrections_by_agency("150202000000", *H1) == {}


def test_a_proposal_becomes_an_interview_when_scheduled_then_held_and_followed(baotou, agency, clerk):
    closed(baotou["city_clerk"], agency, "revoked", date(2024, 3, 1))
    (interview,) = services.interviews_propose(organisation=org(BODY), start=H1[0], end=H1[1], actor=clerk)
    with pytest.raises(ValidationError, match="请先安排约谈"):
        services.interview_hold(interview=interview, on=date(2024, 7, 10), minutes="记录", actor=clerk)
    with pytest.raises(ValidationError, match="被约谈负责人"):
        services.interview_schedule(interview=interview, on=date(2024, 7, 10), head_name=" ", actor=clerk)
    interview = services.interview_schedule(interview=interview, on=date(2024, 7, 10), head_name="李局长", actor=clerk)
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.interview_hold(interview=interview, on=date(2024, 7, 10), minutes="x", actor=clerk, version=0)
    interview = services.interview_hold(interview=interview, on=date(2024, 7, 10), minutes="通报纠错情况", actor=clerk)
    with pytest.raises(ValidationError, match="早于约谈日期"):
        services.interview_follow_up(interview=interview, on=date(2024, 7, 1), text="整改", actor=clerk)
    interview = services.interview_follow_up(interview=interview, on=date(2024, 8, 10), text="已整改", actor=clerk)
    fresh = Interview.objects.get(pk=interview.pk)
    assert (fresh.state, fresh.head_name, fresh.follow_up) == ("held", "李局长", "已整改")
    with pytest.raises(ValidationError):
        services.interview_dismiss(interview=fresh, reason="不需要", actor=clerk)


def test_the_line_does_not_import_reconsideration():
    import ast
    from pathlib import Path

    root = Path(signals.__file__).parent
    for path in root.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            assert not any(n.startswith("fazhi.reconsideration") for n in names), path
