"""The 2023 Administrative Reconsideration Law as the runner executes it, every clock on the official calendar.

Each expected date is counted by hand in the comment beside it (start day excluded; 3/5/7/10-day periods are
working days, art. 88 ¶2; calendar-day periods ending on a rest day roll to the next working day).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case, Deadline
from fazhi.cases.runner import TransitionError, apply_due_transitions, case_transition
from fazhi.cases.tests.factories import org
from fazhi.core.calendar import work_calendar
from fazhi.documents.models import IssuedDocument
from fazhi.reconsideration.procedure import application_window_warnings
from fazhi.reconsideration.services import Application, PartyInput, reconsideration_intake

pytestmark = pytest.mark.django_db


def intake(actor, received_on: date, **kwargs) -> Case:
    application = Application(
        applicant=PartyInput(role="applicant", name="李四"),
        act_description="罚款决定",
        received_on=received_on,
        respondent_name="包头市某区市场监督管理局",
        **kwargs,
    )
    return reconsideration_intake(
        organisation=org("包头市人民政府行政复议办公室"), application=application, actor=actor
    )


def step(case: Case, code: str, actor, on: date, **data) -> Case:
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def due(case: Case, clock: str) -> date | None:
    return case.deadlines.filter(clock=clock).exclude(state="cancelled").latest("id").due_on


def clock_state(case: Case, clock: str) -> str:
    return case.deadlines.filter(clock=clock).latest("id").state


def test_ordinary_path_through_correction_hearing_failed_mediation_extension_and_decision(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 9, 26))
    # Review 5 WD after Thu 2024-09-26: Fri 27, Sun 29 (make-up), Mon 30, Oct 8, Oct 9.
    assert due(case, "acceptance_review") == date(2024, 10, 9)

    case = step(case, "request_correction", city_clerk, date(2024, 9, 27), items="身份证明复印件；行政处罚决定书")
    assert clock_state(case, "acceptance_review") == "met"
    # Correction 10 WD after Fri 09-27: Sep 29, 30, Oct 8, 9, 10, 11, Sat 12 (make-up), 14, 15, 16.
    assert due(case, "correction") == date(2024, 10, 16)
    case = step(case, "correction_received", city_clerk, date(2024, 10, 14))
    # The review runs again from receipt: 5 WD after Mon 10-14 is Mon 10-21.
    assert (case.state, due(case, "acceptance_review")) == ("received", date(2024, 10, 21))
    with pytest.raises(TransitionError, match="只能进行一次"):  # one notice listing everything (art. 31)
        step(case, "request_correction", city_clerk, date(2024, 10, 14), items="再次补正")

    case = step(case, "accept", city_clerk, date(2024, 10, 15), procedure_type="ordinary")
    # Decision 60 CD after 10-15 is Sat 2024-12-14: rolls to Mon 12-16.
    assert due(case, "decision") == date(2024, 12, 16)
    # Copy to the respondent 7 WD after 10-15: 16, 17, 18, 21, 22, 23, 24.
    assert due(case, "copy_to_respondent") == date(2024, 10, 24)

    case = step(case, "send_copy", city_clerk, date(2024, 10, 18))
    # Reply 10 WD after Fri 10-18: 21, 22, 23, 24, 25, 28, 29, 30, 31, Nov 1.
    assert due(case, "reply") == date(2024, 11, 1)
    case = step(case, "receive_reply", city_clerk, date(2024, 10, 30))
    assert clock_state(case, "reply") == "met"
    case = step(case, "hear_parties", city_clerk, date(2024, 11, 4), method="当面", record="申请人陈述意见")

    # A hearing needs written notice 5 WD ahead (art. 51): after Tue 11-05 the earliest is Tue 11-12.
    with pytest.raises(TransitionError, match="2024-11-12"):
        step(case, "schedule_hearing", city_head, date(2024, 11, 5), hearing_on="2024-11-11", place="第一听证室")
    case = step(case, "schedule_hearing", city_head, date(2024, 11, 5), hearing_on="2024-11-12", place="第一听证室")
    assert case.state == "hearing_scheduled"
    case = step(case, "hold_hearing", city_clerk, date(2024, 11, 12), record="听证笔录")
    case = step(case, "mediation_failed", city_clerk, date(2024, 11, 15), record="被申请人不同意调解")

    case = step(case, "extend_decision", city_head, date(2024, 12, 10), reasons="案情复杂", extension_days="30")
    # 90 CD after 10-15 is Mon 2025-01-13.
    assert due(case, "decision") == date(2025, 1, 13)
    case = step(case, "decide", city_head, date(2025, 1, 6), decision="upheld", reasons="事实清楚，证据确凿")

    assert (case.state, case.outcome, case.closed_on) == ("decided", "upheld", date(2025, 1, 6))
    assert case.reconsideration.decision == "upheld"
    assert clock_state(case, "decision") == "met"
    kinds = list(IssuedDocument.objects.filter(case=case).order_by("id").values_list("kind", flat=True))
    assert kinds == ["correction_notice", "acceptance_notice", "hearing_notice", "extension_notice", "decision"]
    assert IssuedDocument.objects.get(case=case, kind="decision").number == "包府复决〔2025〕1号"


def test_suspension_for_a_death_ends_the_case_automatically_after_60_days(city_clerk, city_head):
    case = intake(city_clerk, date(2025, 3, 3))
    case = step(case, "accept", city_clerk, date(2025, 3, 3), procedure_type="ordinary")
    case = step(case, "suspend", city_head, date(2025, 3, 10), ground="1")
    assert clock_state(case, "decision") == "paused"
    # 60 CD after Mon 2025-03-10: Mar 31 is day 21, Apr 30 day 51, Fri May 9 day 60 (a working day).
    assert due(case, "suspension_limit") == date(2025, 5, 9)
    assert apply_due_transitions(today=date(2025, 5, 9)) == 0
    assert apply_due_transitions(today=date(2025, 5, 10)) == 1
    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on) == ("terminated", "terminated", date(2025, 5, 9))
    assert clock_state(case, "decision") == "met"
    assert IssuedDocument.objects.filter(case=case, kind="termination_notice").exists()


def test_suspension_on_other_grounds_does_not_run_the_60_day_limit(city_clerk, city_head):
    case = intake(city_clerk, date(2025, 3, 3))
    case = step(case, "accept", city_clerk, date(2025, 3, 3), procedure_type="ordinary")
    case = step(case, "suspend", city_head, date(2025, 3, 10), ground="6")
    assert not case.deadlines.filter(clock="suspension_limit").exists()
    case = step(case, "resume", city_head, date(2025, 3, 20))
    # 7 days used (Mar 4–10); 53 left after Mar 20: May 12 (Mon).
    assert due(case, "decision") == date(2025, 5, 12)


def test_suspension_ground_must_be_one_of_the_ten(city_clerk, city_head):
    case = intake(city_clerk, date(2025, 3, 3))
    case = step(case, "accept", city_clerk, date(2025, 3, 3), procedure_type="ordinary")
    with pytest.raises(TransitionError, match="不是有效的选项"):
        step(case, "suspend", city_head, date(2025, 3, 10), ground="11")


def test_simplified_procedure_runs_30_days_and_converts_to_60_from_acceptance(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 4, 28), act_type="penalty", amount=Decimal("2000"))
    case = step(case, "accept", city_clerk, date(2024, 4, 30), procedure_type="simplified")
    # 30 CD after Tue 2024-04-30 is Thu 05-30. Copy 3 WD: May 1–5 off → 6, 7, 8.
    assert due(case, "decision_simplified") == date(2024, 5, 30)
    assert due(case, "copy_to_respondent_simplified") == date(2024, 5, 8)
    assert not case.deadlines.filter(clock="decision").exists()
    with pytest.raises(TransitionError, match="不适用"):
        step(case, "extend_decision", city_head, date(2024, 5, 10), reasons="复杂", extension_days="10")

    case = step(case, "convert_to_ordinary", city_head, date(2024, 5, 10), reasons="案情复杂")
    assert case.reconsideration.procedure_type == "ordinary"
    assert clock_state(case, "decision_simplified") == "met"
    # 60 CD from the original acceptance (04-30) is Sat 06-29: rolls to Mon 07-01.
    assert due(case, "decision") == date(2024, 7, 1)


@pytest.mark.parametrize(
    ("facts", "allowed"),
    [
        ({"act_type": "penalty", "amount": Decimal("3000")}, True),  # ≤ 3,000 yuan
        ({"act_type": "penalty", "amount": Decimal("3000.01")}, False),
        ({"act_type": "warning"}, True),
        ({"act_type": "information_disclosure"}, True),
        ({"act_type": "licensing", "on_the_spot": True}, True),
        ({"act_type": "licensing"}, False),
        ({"act_type": "licensing", "all_parties_agree_simplified": True}, True),
    ],
)
def test_simplified_procedure_only_where_article_53_allows(city_clerk, facts, allowed):
    case = intake(city_clerk, date(2024, 6, 3), **facts)
    if allowed:
        assert step(case, "accept", city_clerk, date(2024, 6, 4), procedure_type="simplified").state == "accepted"
    else:
        with pytest.raises(TransitionError, match="第五十三条"):
            step(case, "accept", city_clerk, date(2024, 6, 4), procedure_type="simplified")


def test_a_decision_needs_the_parties_heard_unless_the_record_says_why_not(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 6, 3))
    case = step(case, "accept", city_clerk, date(2024, 6, 4), procedure_type="ordinary")
    with pytest.raises(TransitionError, match="第四十九条"):
        step(case, "decide", city_head, date(2024, 7, 1), decision="revoked", reasons="主要事实不清")
    case = step(
        case,
        "decide",
        city_head,
        date(2024, 7, 1),
        decision="revoked",
        reasons="主要事实不清",
        written_review_reason="申请人拒绝参加听取意见",
    )
    assert case.outcome == "revoked"


def test_a_major_case_needs_a_hearing_and_the_committee(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 6, 3), major_complex=True)
    case = step(case, "accept", city_clerk, date(2024, 6, 4), procedure_type="ordinary")
    case = step(case, "hear_parties", city_clerk, date(2024, 6, 5), method="电话", record="已听取")
    with pytest.raises(TransitionError, match=r"第五十条.*第五十二条"):
        step(case, "decide", city_head, date(2024, 7, 1), decision="upheld", reasons="合法")
    case = step(case, "schedule_hearing", city_head, date(2024, 6, 5), hearing_on="2024-06-13", place="听证室")
    case = step(case, "hold_hearing", city_clerk, date(2024, 6, 13), record="笔录")
    case = step(case, "committee_opinion", city_head, date(2024, 6, 20), opinion="建议维持")
    assert step(case, "decide", city_head, date(2024, 7, 1), decision="upheld", reasons="合法").state == "decided"


def test_refusing_for_lack_of_jurisdiction_must_name_the_competent_body(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 6, 3))
    with pytest.raises(TransitionError, match="第三十条第二款"):
        step(case, "not_accept", city_head, date(2024, 6, 5), ground="not_competent", reasons="不属于本机关管辖")
    case = step(
        case,
        "not_accept",
        city_head,
        date(2024, 6, 5),
        ground="not_competent",
        reasons="不属于本机关管辖",
        competent_body="内蒙古自治区人民政府",
    )
    assert (case.state, case.outcome, case.closed_on) == ("not_accepted", "not_accepted", date(2024, 6, 5))
    assert clock_state(case, "acceptance_review") == "met"


def test_mediation_and_settlement_close_the_case_with_their_outcomes(city_clerk, city_head):
    mediated = intake(city_clerk, date(2024, 6, 3))
    mediated = step(mediated, "accept", city_clerk, date(2024, 6, 4), procedure_type="ordinary")
    mediated = step(mediated, "mediate", city_clerk, date(2024, 6, 20), agreement="被申请人减少罚款至五千元")
    assert (mediated.state, mediated.outcome) == ("mediated", "mediation_statement")
    assert clock_state(mediated, "decision") == "met"

    settled = intake(city_clerk, date(2024, 6, 3))
    settled = step(settled, "accept", city_clerk, date(2024, 6, 4), procedure_type="ordinary")
    settled = step(settled, "settle_withdraw", city_head, date(2024, 6, 21), settlement="双方达成和解")
    assert (settled.state, settled.outcome) == ("terminated", "settled_withdrawn")


def test_deemed_acceptance_then_the_copy_and_decision_clocks_run(city_clerk):
    case = intake(city_clerk, date(2026, 9, 24))
    # Review 5 WD after Thu 2026-09-24: Sep 25–27 Mid-autumn, 28, 29, 30, Oct 1–7 National Day, 8, 9.
    assert due(case, "acceptance_review") == date(2026, 10, 9)
    apply_due_transitions(today=date(2026, 10, 12))
    case.refresh_from_db()
    assert (case.state, case.accepted_on) == ("accepted", date(2026, 10, 9))
    # Decision 60 CD after Fri 10-09 is Tue 2026-12-08. Copy 7 WD after 10-09: Sat 10 (make-up), 12–16, 19.
    assert due(case, "decision") == date(2026, 12, 8)
    assert due(case, "copy_to_respondent") == date(2026, 10, 19)


def test_the_opinion_letter_asks_for_a_report_within_60_days(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 6, 3))
    case = step(case, "accept", city_clerk, date(2024, 6, 4), procedure_type="ordinary")
    case = step(
        case,
        "decide",
        city_head,
        date(2024, 7, 1),
        decision="confirmed_unlawful",
        reasons="程序违法",
        written_review_reason="申请人书面申请书面审理",
    )
    case = step(case, "issue_opinion_letter", city_head, date(2024, 7, 5), content="规范执法程序")
    # 60 CD after Fri 07-05 is Tue 2024-09-03.
    assert due(case, "opinion_report") == date(2024, 9, 3)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        # 60 CD after 2024-01-02 is Sat 03-02 → Mon 03-04; received 03-15: late.
        (dict(received_on=date(2024, 3, 15), knew_on=date(2024, 1, 2)), ["第二十条第一款"]),
        (dict(received_on=date(2024, 3, 4), knew_on=date(2024, 1, 2)), []),
        # Rights never notified: one year from knowing is the cap (art. 20 ¶3).
        (dict(received_on=date(2024, 2, 1), knew_on=date(2023, 1, 1), rights_notified=False), ["第二十条第三款"]),
        (dict(received_on=date(2023, 12, 1), knew_on=date(2023, 1, 1), rights_notified=False), []),
        # Absolute bars (art. 21): 5 years, 20 for real property.
        (dict(received_on=date(2024, 1, 2), act_on=date(2018, 12, 31)), ["超过5年"]),
        (dict(received_on=date(2024, 1, 2), act_on=date(2018, 12, 31), real_property=True), []),
    ],
)
def test_late_applications_get_warnings_not_refusals(kwargs, expected):
    kwargs = {"knew_on": None, "act_on": None, "rights_notified": True, "real_property": False, **kwargs}
    warnings = application_window_warnings(calendar=work_calendar(), **kwargs)
    assert len(warnings) == len(expected)
    for text, fragment in zip(warnings, expected, strict=True):
        assert fragment in text


def test_intake_records_the_window_warning_on_the_case(city_clerk):
    case = intake(city_clerk, date(2024, 3, 15), knew_on=date(2024, 1, 2))
    assert case.state == "received"
    assert "第二十条第一款" in case.reconsideration.window_warnings[0]
    assert "第二十条第一款" in case.events.get(code="received").data["warnings"][0]


def test_every_declared_document_kind_exists():
    from fazhi.cases.registry import procedures
    from fazhi.documents.kinds import kind

    for proc in procedures().values():
        for t in proc.transitions:
            if t.document:
                assert kind(t.document).line == proc.line, t.code


def test_no_deadline_is_left_running_on_a_closed_case(city_clerk, city_head):
    case = intake(city_clerk, date(2024, 6, 3))
    case = step(case, "accept", city_clerk, date(2024, 6, 4), procedure_type="ordinary")
    case = step(case, "send_copy", city_clerk, date(2024, 6, 5))
    case = step(case, "withdraw", city_head, date(2024, 6, 6), reasons="申请人撤回")
    assert not case.deadlines.filter(state__in=Deadline.OPEN_STATES).exists()
