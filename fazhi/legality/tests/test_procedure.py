"""The legality review as the runner executes it; working days counted by hand (start day excluded; March 2024 has
no holiday: Mon 03-04 + 5 WD = Mon 03-11, + 15 WD = Mon 03-25)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from fazhi.cases.errors import StateConflict, TransitionError, TransitionForbidden
from fazhi.cases.runner import available_transitions
from fazhi.legality.models import ReviewPeriod
from fazhi.legality.periods import review_days
from fazhi.legality.tests.factories import DECISION_RECORD, request_review, review_clock, step

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk(baotou):
    return baotou["legality_clerk"]


@pytest.fixture
def head(baotou):
    return baotou["legality_head"]


def offered(case, user) -> set[str]:
    """The outcomes the user may conclude the case with: the options of the conclusions open to them."""
    return {o for t in available_transitions(case, user) for o in t.choices.get("outcome", {})}


def test_a_contract_is_offered_only_the_contract_conclusions(clerk, head):
    case = step(request_review(clerk, "contract"), "accept", clerk, date(2024, 3, 4))
    assert offered(case, head) == {"sign", "sign_if_amended", "do_not_sign"}
    assert offered(case, clerk) == set()  # the head's step
    with pytest.raises(StateConflict, match="本案不适用"):
        step(case, "conclude", head, date(2024, 3, 5), outcome="lawful", opinion="合同主体适格")


def test_a_normative_document_is_offered_only_lawful_amended_or_unlawful(clerk, head):
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    assert offered(case, head) == {"lawful", "lawful_if_amended", "unlawful"}
    with pytest.raises(StateConflict, match="本案不适用"):
        step(case, "conclude_contract", head, date(2024, 3, 5), outcome="sign", opinion="同意")


def test_an_amendment_needs_its_conditions_and_records_them(clerk, head):
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    with pytest.raises(TransitionError, match="修改意见"):
        step(case, "conclude", head, date(2024, 3, 20), outcome="lawful_if_amended", opinion="部分条款缺乏上位法依据")
    case = step(
        case,
        "conclude",
        head,
        date(2024, 3, 20),
        outcome="lawful_if_amended",
        opinion="部分条款缺乏上位法依据",
        conditions="删除第五条关于收取保证金的规定\n第八条增加听取意见程序",
    )
    assert (case.state, case.outcome, case.closed_on) == ("concluded", "lawful_if_amended", date(2024, 3, 20))
    assert case.legality.conditions.splitlines() == ["删除第五条关于收取保证金的规定", "第八条增加听取意见程序"]
    assert case.documents.get().kind == "legality_opinion"
    assert review_clock(case).state == "met"


def test_an_outcome_of_the_other_kind_is_refused(clerk, head):
    case = step(request_review(clerk, "contract"), "accept", clerk, date(2024, 3, 4))
    with pytest.raises(TransitionError, match="不是有效的选项"):
        step(case, "conclude_contract", head, date(2024, 3, 5), outcome="lawful", opinion="合法")


def test_an_unlawful_finding_needs_its_reasons(clerk, head):
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    with pytest.raises(TransitionError, match="请填写理由"):
        step(case, "conclude", head, date(2024, 3, 5), outcome="unlawful", opinion="违法")
    assert step(
        case, "conclude", head, date(2024, 3, 5), outcome="unlawful", opinion="违法", reasons="增设许可"
    ).closed_on


def test_only_the_section_head_concludes(clerk, head):
    case = step(request_review(clerk, "contract"), "accept", clerk, date(2024, 3, 4))
    with pytest.raises(TransitionForbidden):
        step(case, "conclude_contract", clerk, date(2024, 3, 6), outcome="sign", opinion="同意")
    assert step(case, "conclude_contract", head, date(2024, 3, 6), outcome="sign", opinion="同意").outcome == "sign"


def test_the_clock_pauses_while_materials_are_awaited(clerk):
    case = request_review(clerk, "normative_document")
    assert (review_clock(case).amount, review_clock(case).due_on) == (15, date(2024, 3, 25))
    case = step(case, "accept", clerk, date(2024, 3, 4))
    case = step(case, "request_materials", clerk, date(2024, 3, 6), items="制定依据\n征求意见情况")
    clock = review_clock(case)
    assert (clock.state, clock.due_on) == ("paused", None)
    # 2 WD used (03-05, 03-06); paused until Mon 03-11; 13 WD left: 03-12 … 03-28
    case = step(case, "materials_received", clerk, date(2024, 3, 11))
    clock = review_clock(case)
    assert (clock.state, clock.due_on) == ("running", date(2024, 3, 28))


def test_a_contracts_expert_time_is_not_counted(clerk, head):
    case = step(request_review(clerk, "contract"), "accept", clerk, date(2024, 3, 4))
    assert review_clock(case).due_on == date(2024, 3, 11)  # 5 WD (local rule)
    case = step(case, "start_expert_review", clerk, date(2024, 3, 6), matter="特许经营期限和价格调整机制")
    assert review_clock(case).state == "paused"
    # 2 WD used; experts until Fri 03-15; 3 WD left: 03-18, 03-19, 03-20
    case = step(case, "expert_review_done", clerk, date(2024, 3, 15), expert_opinion="价格调整机制需明确上限")
    assert review_clock(case).due_on == date(2024, 3, 20)
    case = step(
        case,
        "conclude_contract",
        head,
        date(2024, 3, 20),
        outcome="sign_if_amended",
        opinion="可以签订",
        conditions="明确价格调整上限",
    )
    assert (review_clock(case).state, case.outcome) == ("met", "sign_if_amended")


def test_expert_review_is_a_contracts_step_only(clerk):
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    with pytest.raises(StateConflict, match="本案不适用"):
        step(case, "start_expert_review", clerk, date(2024, 3, 5), matter="论证")


def test_the_period_is_the_nearest_jurisdictions(clerk):
    ReviewPeriod.objects.create(region_id="150200000000", kind="normative_document", working_days=10, basis="市规定")
    ReviewPeriod.objects.create(region_id="150202000000", kind="normative_document", working_days=8, basis="区规定")
    facts = {"kind": "normative_document"}
    township = SimpleNamespace(region_id="150202001000")  # 和平路街道, in 东河区: the county's period
    other_county = SimpleNamespace(region_id="150203000000")  # 昆都仑区 has none: the city's
    elsewhere = SimpleNamespace(region_id="110101000000")  # outside Baotou: the procedure's default
    assert [review_days(c, facts) for c in (township, other_county, elsewhere)] == [8, 10, 15]
    assert review_days(township, {"kind": "contract"}) == 5  # another kind: still the default
    case = request_review(clerk, "normative_document")  # the city's section
    assert (review_clock(case).amount, review_clock(case).due_on) == (10, date(2024, 3, 18))


def test_a_major_decision_records_its_procedure_and_allows_seven_working_days(clerk):
    case = request_review(clerk, "major_decision")
    assert review_clock(case).due_on == date(2024, 3, 13)  # 7 WD (art. 26)
    short = {**DECISION_RECORD, "comment_days": "15"}
    with pytest.raises(TransitionError, match="第十五条"):
        step(case, "accept_decision", clerk, date(2024, 3, 4), **short)
    early = {**DECISION_RECORD, "discussion_on": "2024-03-08"}
    with pytest.raises(TransitionError, match=r"2024-03-13.*第二十六条"):
        step(case, "accept_decision", clerk, date(2024, 3, 4), **early)
    with pytest.raises(StateConflict, match="本案不适用"):
        step(case, "accept", clerk, date(2024, 3, 4))
    case = step(case, "accept_decision", clerk, date(2024, 3, 4), **{**short, "comment_shortened_reason": "供暖季临近"})
    detail = case.legality
    assert (detail.comment_days, detail.discussion_on) == (15, date(2024, 3, 29))


def test_a_major_decision_is_concluded_only_after_a_legal_adviser_or_public_lawyer_is_heard(clerk, head):
    case = step(request_review(clerk, "major_decision"), "accept_decision", clerk, date(2024, 3, 4), **DECISION_RECORD)
    case = step(case, "comment", clerk, date(2024, 3, 5), reviewer="何审核", opinion="收费标准调整须经价格听证")
    with pytest.raises(TransitionError, match="第二十八条"):
        step(case, "conclude", head, date(2024, 3, 8), outcome="lawful", opinion="符合法定权限和程序")
    with pytest.raises(TransitionError, match="不是有效的选项"):
        step(case, "legal_opinion", clerk, date(2024, 3, 6), reviewer="赵律师", capacity="judge", opinion="合法")
    case = step(
        case, "legal_opinion", clerk, date(2024, 3, 6), reviewer="赵律师", capacity="legal_adviser", opinion="合法"
    )
    case = step(
        case, "legal_opinion", clerk, date(2024, 3, 7), reviewer="钱律师", capacity="public_lawyer", opinion="合法"
    )
    case = step(case, "conclude", head, date(2024, 3, 8), outcome="lawful", opinion="符合法定权限和程序")
    assert (case.outcome, review_clock(case).state) == ("lawful", "met")


def test_a_request_returned_is_closed_without_an_opinion(clerk):
    case = step(request_review(clerk, "contract"), "return_request", clerk, date(2024, 3, 5), reasons="未附合同文本")
    assert (case.state, case.outcome, review_clock(case).state) == ("returned", "returned", "met")
    assert not case.documents.exists()


def test_a_period_below_the_law_is_refused():
    from django.core.exceptions import ValidationError

    period = ReviewPeriod(region_id="150200000000", kind="major_decision", working_days=5, basis="本地规定")
    with pytest.raises(ValidationError, match="第二十六条"):
        period.full_clean()


def test_the_rule_book_accepts_only_a_lawful_review_for_issue(clerk, head):
    from fazhi.rulebook.gates import review_refusal

    lawful = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    assert review_refusal(lawful) == "合法性审核尚未办结，不得登记为已发布。"
    lawful = step(
        lawful, "conclude", head, date(2024, 3, 8), outcome="lawful_if_amended", opinion="可以", conditions="删除第五条"
    )
    assert review_refusal(lawful) is None
    unlawful = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    unlawful = step(
        unlawful, "conclude", head, date(2024, 3, 8), outcome="unlawful", opinion="违法", reasons="增设许可"
    )
    assert review_refusal(unlawful) == "该文件经合法性审核未通过，不得登记为已发布。"


def test_a_snapshot_of_the_periods_answers_without_a_query(django_assert_num_queries):
    from fazhi.legality.periods import periods_read_once

    ReviewPeriod.objects.create(region_id="150202000000", kind="contract", working_days=8, basis="区规定")
    ReviewPeriod.objects.create(region_id="150200000000", kind="contract", working_days=6, basis="市规定")
    with periods_read_once(), django_assert_num_queries(0):
        days = [
            review_days(SimpleNamespace(region_id=r), {"kind": "contract"}) for r in ("150202001000", "150203000000")
        ]
        assert days == [8, 6]
        assert review_days(SimpleNamespace(region_id="110101000000"), {"kind": "contract"}) == 5


def test_a_request_whose_materials_never_come_is_returned_and_its_clock_stops(clerk):
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    case = step(case, "request_materials", clerk, date(2024, 3, 6), items="制定依据")
    case = step(case, "return_request", clerk, date(2024, 4, 8), reasons="逾期未补充材料")
    assert (case.state, case.outcome, case.closed_on) == ("returned", "returned", date(2024, 4, 8))
    assert review_clock(case).state not in ("running", "paused")


def test_a_conclusion_carries_only_what_its_outcome_prints(clerk, head):
    """Amendments only with 修改后合法 / 修改后签订, reasons only with a refusal: the opinion would print them after
    words that lead into something else; the case is left as it was."""
    case = step(request_review(clerk, "normative_document"), "accept", clerk, date(2024, 3, 4))
    for extra, words in (({"conditions": "删除第五条"}, "修改意见"), ({"reasons": "于法有据"}, "理由")):
        with pytest.raises(TransitionError, match=words):
            step(case, "conclude", head, date(2024, 3, 6), outcome="lawful", opinion="合法", **extra)
        case.refresh_from_db()
        assert (case.state, case.outcome) == ("under_review", "")
    with pytest.raises(TransitionError, match="理由"):
        step(case, "conclude", head, date(2024, 3, 6), outcome="lawful_if_amended", opinion="需修改",
             conditions="删除第五条", reasons="增设了许可")  # fmt: skip
