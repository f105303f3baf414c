"""The supervision case as the runner executes it: filing, art. 33 ¶3, the issuer's deadline as the clock's period,
objections pausing it, the government's decision restarting it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fazhi.cases.errors import StateConflict, TransitionError, TransitionForbidden
from fazhi.cases.models import Deadline
from fazhi.cases.tests.factories import org
from fazhi.supervision.tests.factories import LETTER, register, step

pytestmark = pytest.mark.django_db
D = date(2024, 3, 4)


@pytest.fixture
def clerk(baotou):
    return baotou["supervision_clerk"]


@pytest.fixture
def head(baotou):
    return baotou["supervision_head"]


def clock(case):
    return case.deadlines.filter(clock="rectification").order_by("-id").first()


def test_a_lead_is_registered_with_its_agency_as_a_party_and_filed(clerk):
    case = register(clerk)
    assert case.number.startswith("包督") and case.state == "received"
    assert case.supervision.agency.name == "包头市市场监督管理局"
    assert {p.role for p in case.parties.all()} == {"respondent", "applicant"}
    case = step(case, "file_case", clerk, D)
    assert case.state == "investigating" and case.accepted_on == D


def test_the_letter_sets_the_deadline_and_the_report_stops_the_clock(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    case = step(case, "investigate", clerk, D, measure="调阅案卷", findings="举报登记后未立案调查")
    with pytest.raises(TransitionForbidden):  # the bureau's document: its head issues it
        step(case, "issue_urging_letter", clerk, D, rectify_days="15", **LETTER)
    case = step(case, "issue_urging_letter", head, D + timedelta(days=1), rectify_days="15", **LETTER)
    assert case.state == "rectifying" and case.supervision.rectify_days == 15
    c = clock(case)
    assert (c.amount, c.unit, c.due_on) == (15, "CD", date(2024, 3, 20))
    assert case.documents.filter(kind="supervision_urging_letter").exists()
    case = step(case, "rectification_report", clerk, date(2024, 3, 18), report="已立案查处并告知举报人")
    assert clock(case).state == Deadline.State.MET
    case = step(case, "close_corrected", head, date(2024, 3, 19), verification="经核查已纠正")
    assert (case.state, case.outcome) == ("closed", "corrected")


def test_another_deadline_another_period(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    case = step(case, "issue_opinion", head, D, rectify_days="30", **LETTER)
    assert clock(case).due_on == date(2024, 4, 3)
    case = step(case, "rectification_report", clerk, date(2024, 4, 10), report="已纠正")
    assert clock(case).state == Deadline.State.MISSED  # late: the report came after the issuer's deadline


def test_the_deadline_is_required_and_bounded(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    with pytest.raises(TransitionError):
        step(case, "issue_opinion", head, D, **LETTER)
    with pytest.raises(TransitionError):
        step(case, "issue_opinion", head, D, rectify_days="0", **LETTER)
    with pytest.raises(TransitionError):
        step(case, "issue_opinion", head, D, rectify_days="400", **LETTER)
    case.refresh_from_db()
    assert case.state == "investigating" and not case.deadlines.exists()


def test_art_33_a_dispute_in_reconsideration_is_not_filed_but_closed_as_not_duplicated(clerk):
    case = register(clerk, in_review_or_litigation=True, parallel_proceedings="申请人已于2024年2月申请行政复议")
    with pytest.raises(TransitionError, match="不重复监督"):
        step(case, "file_case", clerk, D)
    case.refresh_from_db()
    assert case.state == "received"
    case = step(case, "not_duplicated", clerk, D, reasons="引导申请人通过行政复议程序解决")
    assert (case.state, case.outcome) == ("declined", "not_duplicated")


def test_art_33_found_during_the_investigation_stops_the_documents(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    case = step(case, "record_parallel_proceedings", clerk, D, parallel_proceedings="当事人已提起行政诉讼")
    assert case.supervision.in_review_or_litigation is True
    with pytest.raises(TransitionError, match="第三十三条"):
        step(case, "issue_opinion", head, D, rectify_days="10", **LETTER)
    case = step(case, "not_duplicated", clerk, D)
    assert case.outcome == "not_duplicated"


def test_not_duplicated_is_not_offered_without_the_fact(clerk):
    case = register(clerk)
    with pytest.raises(StateConflict):
        step(case, "not_duplicated", clerk, D)


def test_an_objection_pauses_the_clock_and_a_rejected_one_resumes_it(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    case = step(case, "issue_opinion", head, D, rectify_days="10", **LETTER)
    case = step(case, "raise_objection", clerk, date(2024, 3, 6), objection="该举报不属于本单位管辖")
    assert clock(case).state == Deadline.State.PAUSED
    case = step(case, "objection_rejected", head, date(2024, 3, 11), reasons="经核实属于该单位管辖")
    c = clock(case)
    assert c.state == Deadline.State.RUNNING and c.due_on == date(2024, 3, 19)  # 5 days paused: 14th + 5


def test_an_upheld_objection_withdraws_the_result_and_sends_the_case_back(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    case = step(case, "issue_opinion", head, D, rectify_days="10", **LETTER)
    case = step(case, "raise_objection", clerk, D, objection="处罚已依法作出")
    case = step(case, "objection_upheld", head, D, reasons="经核实异议成立")
    assert case.state == "investigating" and clock(case).state != Deadline.State.RUNNING


def test_the_government_decision_is_recorded_and_restarts_the_clock(clerk, head):
    case = step(register(clerk), "file_case", clerk, D)
    case = step(case, "issue_urging_letter", head, D, rectify_days="10", **LETTER)
    case = step(case, "refer_to_government", head, date(2024, 3, 20), proposal="建议责令限期履行职责")
    assert case.state == "referred" and clock(case).state == Deadline.State.MISSED
    case = step(
        case,
        "government_decision",
        clerk,
        date(2024, 3, 25),
        decision_number="包府督决〔2024〕1号",
        decision="责令限期履行职责",
        rectify_days="20",
    )
    c = clock(case)
    # 25 March + 20 days is Sunday 14 April: a period ending on a rest day ends on the next working day
    assert case.state == "rectifying" and c.state == Deadline.State.RUNNING and c.due_on == date(2024, 4, 15)
    assert not case.documents.filter(kind="supervision_opinion").exists()  # the government's, recorded only


def test_a_county_clerk_does_not_act_on_the_city_bodys_case(clerk, baotou):
    case = register(clerk)
    with pytest.raises(TransitionForbidden):
        step(case, "file_case", baotou["donghe_clerk"], D)


def test_the_agency_must_be_an_enforcement_agency(clerk):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="行政执法机关"):
        register(clerk, agency=org("东河区司法局"))
