"""The case page guides (issue 13, item 4): clocks say what they count in and show a restart or a pause on their one
row; a step already taken is not offered again unless the law lets it recur; choices are choices, lists are list
boxes, the step's date is today unless changed; 审理程序 appears once the case is accepted."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from fazhi.cases.errors import StateConflict
from fazhi.cases.procedure import Procedure, Transition
from fazhi.cases.registry import procedure_for
from fazhi.cases.runner import TransitionError, available_transitions, case_transition
from fazhi.cases.tests.factories import org
from fazhi.reconsideration.services import Application, PartyInput, reconsideration_intake

pytestmark = pytest.mark.django_db

TODAY = date(2024, 10, 28)


def _received(clerk, on: date = date(2024, 9, 26)):
    return reconsideration_intake(
        organisation=org("包头市人民政府行政复议办公室"),
        application=Application(
            applicant=PartyInput(role="applicant", name="张三", id_number="11010519491231002X"),
            act_description="罚款决定",
            received_on=on,
            respondent_name="包头市某区市场监督管理局",
            act_type="penalty",
        ),
        actor=clerk,
    )


def step(case, code: str, actor, on: date, **data):
    return case_transition(case=case, code=code, actor=actor, on=on, data=data)


def _page(login, user, case) -> str:
    return login(user).get(reverse("cases:case_detail", args=[case.pk])).content.decode()


def _clock_row(html: str, key: str) -> str:
    start = html.index(f'id="clock-{key}"')
    return html[start : html.index("</tr>", start)]


@time_machine.travel(TODAY)
def test_a_review_restarted_after_correction_is_one_row_with_its_history(login, city_clerk):
    case = _received(city_clerk)
    case = step(case, "request_correction", city_clerk, date(2024, 9, 27), items="身份证明复印件")
    case = step(case, "correction_received", city_clerk, date(2024, 10, 14))
    html = _page(login, city_clerk, case)
    assert html.count('id="clock-acceptance_review"') == 1
    row = _clock_row(html, "acceptance_review")
    assert "2024-09-26 起算，期限 5个工作日" in row
    assert "2024-09-27 补正通知，本次计时结束（按期完成）" in row
    assert "2024-10-14 收到补正材料，重新起算" in row
    assert "2024-10-14" in row and "2024-10-21" in row  # the current run: started, due (5 WD)
    assert "已超期 5 个工作日" in row  # Oct 22–28 less the weekend: working days, and it says so


@time_machine.travel(TODAY)
def test_a_paused_period_shows_its_pause_on_its_row_in_calendar_days(login, city_clerk, city_head):
    case = step(
        _received(city_clerk, date(2024, 10, 8)), "accept", city_clerk, date(2024, 10, 8), procedure_type="ordinary"
    )
    case = step(case, "suspend", city_head, date(2024, 10, 10), ground="1")
    case = step(case, "resume", city_head, date(2024, 10, 20))
    row = _clock_row(_page(login, city_clerk, case), "decision")
    assert "2024-10-10 中止审理，暂停计时；2024-10-20 恢复审理，继续计时" in row
    assert "剩余" in row and "个自然日" in row  # the 60-day decision period counts calendar days


@time_machine.travel(TODAY)
def test_steps_already_taken_are_not_offered_again_unless_the_law_lets_them_recur(login, city_clerk):
    case = step(_received(city_clerk), "accept", city_clerk, date(2024, 10, 8), procedure_type="ordinary")
    case = step(case, "send_copy", city_clerk, date(2024, 10, 9))
    case = step(case, "hear_parties", city_clerk, date(2024, 10, 10), method="电话", record="申请人陈述意见")
    offered = {t.code for t in available_transitions(case, city_clerk)}
    assert "send_copy" not in offered  # 发送副本: done is done
    assert {"receive_reply", "hear_parties"} <= offered  # 听取意见 may be repeated (repeatable=True)
    html = _page(login, city_clerk, case)
    assert 'id="step-send_copy"' not in html and 'id="step-hear_parties"' in html
    with pytest.raises(StateConflict, match="不能重复办理"):  # and the runner refuses it, not just the page
        step(case, "send_copy", city_clerk, date(2024, 10, 11))
    step(case, "hear_parties", city_clerk, date(2024, 10, 12), method="当面", record="补充意见")


def test_single_is_once_or_a_step_that_keeps_the_state_unless_repeatable():
    proc = procedure_for("reconsideration")
    assert proc.transition("request_correction").single  # moves the state, but once by law (art. 31)
    assert not proc.transition("accept").single  # moves the state: the states decide
    assert proc.transition("receive_reply").single and not proc.transition("mediation_failed").single
    with pytest.raises(ValueError, match="both once and repeatable"):
        Procedure(
            line="x",
            number_code="x",
            initial_state="a",
            states={"a": "a"},
            final_states=frozenset(),
            transitions=(
                Transition(
                    code="t",
                    label="t",
                    sources=("a",),
                    target=None,
                    roles=frozenset(),
                    basis="",
                    once=True,
                    repeatable=True,
                ),
            ),
            clocks=(),
        )


@time_machine.travel(TODAY)
def test_the_step_forms_offer_choices_list_boxes_and_today(login, city_clerk):
    case = _received(city_clerk)
    html = _page(login, city_clerk, case)
    form = html[
        html.index('id="step-request_correction"') : html.index("</form>", html.index('id="step-request_correction"'))
    ]
    assert '<textarea name="items"' in form and "每行一项" in form
    assert 'name="on" value="2024-10-28"' in form and "默认今天" in form
    assert "审理程序：" not in html  # not known before 受理 (the 受理 form asks for it)
    case = step(case, "accept", city_clerk, date(2024, 10, 8), procedure_type="ordinary")
    html = _page(login, city_clerk, case)
    assert "审理程序：普通程序" in html
    start = html.index('id="step-hear_parties"')
    form = html[start : html.index("</form>", start)]
    assert '<select name="method"' in form and "通过互联网（视频）" in form
    with pytest.raises(TransitionError, match="不是有效的选项"):
        step(case, "hear_parties", city_clerk, date(2024, 10, 10), method="微信", record="x")
