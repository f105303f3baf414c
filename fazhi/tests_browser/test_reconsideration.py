"""A reconsideration case worked end to end on the workbench pages, in a browser, by the clerk and the section head.

Every step goes through the case page's own step form (`<form class="step">`), with its date typed into `办理日期`.
Expected dates are counted by hand in the comments (start day excluded; 3/5/7/10-day periods are working days on
the 2024 official calendar, art. 88 ¶2; a calendar-day period ending on a rest day rolls to the next working day).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.runner import apply_due_transitions, case_transition
from fazhi.cases.tests.factories import org
from fazhi.reconsideration.services import Application, PartyInput, reconsideration_intake
from fazhi.tests_browser.conftest import TIMEOUT_MS
from fazhi.tests_browser.conftest import log_in as log_in_with_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CITY_OFFICE = "包头市人民政府行政复议办公室"


@pytest.fixture
def head_page(browser) -> Iterator[object]:
    """A second browser context (its own cookies) for the section head, next to the clerk's `page`."""
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def log_in(page, live_server, username: str) -> None:
    log_in_with_code(page, live_server, username)
    assert page.url == f"{live_server.url}/cases/tasks/", f"{username} could not log in"


def state_of(page) -> str:
    """The state label in the case header: `… · 状态：<strong>审理中</strong> · …`."""
    return page.locator("main h1 + p strong").inner_text()


def card(page, title: str):
    return page.locator("main .card").filter(has=page.locator("h2", has_text=title))


def step_form(page, label: str):
    return page.locator("form.step").filter(has=page.get_by_role("button", name=label, exact=True))


def take_step(page, label: str, on: str, **fields: str) -> None:
    """Fill the step's own form (selects by option value), type its date into 办理日期, submit and wait."""
    form = step_form(page, label)
    assert form.count() == 1, f"no single step form “{label}” on the page (state {state_of(page)})"
    for name, value in fields.items():
        control = form.locator(f"[name={name}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("input[name=on]").fill(on)
    with page.expect_navigation():
        form.get_by_role("button", name=label, exact=True).click()


def messages(page, kind: str) -> str:
    return " ".join(page.locator(f"ul.messages li.{kind}").all_inner_texts())


def assert_step_done(page, state: str) -> None:
    assert not messages(page, "error"), messages(page, "error")
    assert messages(page, "success").startswith("已完成：")
    assert state_of(page) == state


def documents(page) -> dict[str, str]:
    """文书 card: number → kind. The number links to the Word file, and a "PDF" link beside it to the same document
    as PDF (checked here for every row: same download, `?format=pdf`, its label naming the number)."""
    rows = card(page, "文书").locator("tbody tr")
    found = {}
    for row in rows.all():
        if row.locator("td").count() != 3:
            continue
        word, pdf = row.locator("td").nth(2).locator("a").all()
        number = word.inner_text().strip()
        assert pdf.inner_text().strip() == "PDF", row.inner_text()
        assert pdf.get_attribute("href") == f"{word.get_attribute('href')}?format=pdf"
        assert pdf.get_attribute("aria-label") == f"{number}（PDF）"
        found[number] = row.locator("td").nth(1).inner_text().strip()
    return found


def clock_status(page, label: str) -> str:
    """The status of the clock row named `label` (its first line: the row's history of restarts and pauses follows)."""
    rows = [
        r
        for r in card(page, "办案时限").locator("tbody tr").all()
        if r.locator("td").first.inner_text().splitlines()[0].strip() == label
    ]
    assert len(rows) == 1, f"clock {label}: {len(rows)} rows"
    return rows[0].locator("td").nth(3).inner_text().strip()


def timeline(page) -> list[tuple[str, str, str]]:
    """办理过程 card: (date, 事项 without the recorded details below it, 操作人) per row."""
    rows = card(page, "办理过程").locator("tbody tr")
    cells = [[td.strip() for td in r.locator("td").all_inner_texts()[:3]] for r in rows.all()]
    return [(d, step.splitlines()[0], actor) for d, step, actor in cells]


def test_clerk_and_head_take_an_ordinary_case_from_intake_to_decision(page, head_page, live_server, baotou, tmp_path):
    clerk, head = page, head_page
    log_in(clerk, live_server, "city_clerk")

    # Intake through the registration form.
    clerk.goto(f"{live_server.url}/reconsideration/new/")
    clerk.fill("#id_received_on", "2024-09-26")  # Thu
    clerk.fill("#id_applicant_name", "张三")
    clerk.fill("#id_id_number", "11010519491231002X")
    clerk.fill("#id_respondent_name", "包头市某区市场监督管理局")
    clerk.select_option("#id_act_type", label="行政处罚")
    clerk.fill("#id_act_description", "罚款2000元的行政处罚决定")
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="登记", exact=True).click()

    case = Case.objects.get()
    assert clerk.url == f"{live_server.url}/cases/{case.pk}/"
    assert case.number == "包复〔2024〕1号"
    assert clerk.locator("main h1").inner_text().startswith("包复〔2024〕1号 张三不服包头市某区市场监督管理局")
    assert "已登记行政复议申请：包复〔2024〕1号" in messages(clerk, "success")
    assert state_of(clerk) == "待审查"

    # One notice listing everything to be corrected (art. 31): the 5-WD review stops, 10 WD to correct.
    take_step(clerk, "补正通知", "2024-09-27", items="身份证明复印件\n行政处罚决定书复印件")
    assert_step_done(clerk, "待补正")
    take_step(clerk, "收到补正材料", "2024-10-14")
    assert_step_done(clerk, "待审查")
    take_step(clerk, "受理", "2024-10-15", procedure_type="ordinary")
    assert_step_done(clerk, "审理中")
    assert "审理程序：普通程序" in card(clerk, "行政复议").inner_text()
    take_step(clerk, "向被申请人发送申请书副本", "2024-10-18")
    assert_step_done(clerk, "审理中")
    take_step(clerk, "收到被申请人答复", "2024-10-30")
    assert_step_done(clerk, "审理中")
    take_step(clerk, "听取当事人意见", "2024-11-04", method="当面", record="申请人陈述意见")
    assert_step_done(clerk, "审理中")
    assert step_form(clerk, "决定听证").count() == 0  # the section head's step, not the clerk's

    log_in(head, live_server, "city_head")
    head.goto(f"{live_server.url}/cases/{case.pk}/")
    assert state_of(head) == "审理中"
    # Written notice 5 working days before the hearing (art. 51): after Tue 2024-11-05 come Wed 6, Thu 7,
    # Fri 8, Mon 11, Tue 12 — the earliest hearing day is 2024-11-12; Mon 11-11 is one day short.
    take_step(head, "决定听证", "2024-11-05", hearing_on="2024-11-11", place="第一听证室")
    error = messages(head, "error")
    assert "不得早于 2024-11-12" in error and "行政复议法第五十一条" in error, error
    head.screenshot(path=str(tmp_path / "hearing_too_early.png"), full_page=False)
    assert state_of(head) == "审理中"
    assert "听证通知书" not in documents(head).values()
    take_step(head, "决定听证", "2024-11-05", hearing_on="2024-11-12", place="第一听证室")
    assert_step_done(head, "待听证")

    clerk.reload()
    take_step(clerk, "举行听证", "2024-11-12", record="听证笔录：双方质证")
    assert_step_done(clerk, "审理中")
    take_step(clerk, "调解未达成协议", "2024-11-15", record="被申请人不同意调解")
    assert_step_done(clerk, "审理中")

    head.reload()
    # Decision clock: 60 calendar days after Tue 2024-10-15 is Sat 12-14, rolled to Mon 12-16; decided on 12-02.
    take_step(head, "作出行政复议决定", "2024-12-02", decision="upheld", reasons="事实清楚，证据确凿，适用依据正确")
    assert_step_done(head, "已决定")

    header = head.locator("main h1 + p").inner_text()
    assert "受理 2024-10-15" in header and "办结 2024-12-02" in header
    # Each kind has its own gap-free series per office and year: the first of each in 2024 is No. 1. The people's
    # government, as 行政复议机关, issues the notices and the decision (包府复…); the hearing notice is the office's.
    assert documents(head) == {
        "包府复补〔2024〕1号": "补正通知书",
        "包府复受〔2024〕1号": "受理通知书",
        "包复听〔2024〕1号": "听证通知书",
        "包府复决〔2024〕1号": "行政复议决定书",
    }
    assert clock_status(head, "作出复议决定") == "按期完成"
    assert step_form(head, "作出行政复议决定").count() == 0
    assert [label for _, label, _ in timeline(head)] == [
        "收到申请",
        "补正通知",
        "收到补正材料",
        "受理",
        "向被申请人发送申请书副本",
        "收到被申请人答复",
        "听取当事人意见",
        "决定听证",
        "举行听证",
        "调解未达成协议",
        "作出行政复议决定",
    ]
    head.screenshot(path=str(tmp_path / "decided_case.png"), full_page=True)

    case.refresh_from_db()
    assert (case.state, case.outcome, case.reconsideration.decision) == ("decided", "upheld", "upheld")


def test_a_suspension_for_a_death_lapses_into_termination_after_sixty_days(page, live_server, baotou, tmp_path):
    clerk = baotou["city_clerk"]
    case = reconsideration_intake(
        organisation=org(CITY_OFFICE),
        application=Application(
            applicant=PartyInput(role="applicant", name="李四", id_number="11010519491231002X"),
            act_description="罚款决定",
            received_on=date(2024, 6, 3),
            respondent_name="包头市某区市场监督管理局",
            act_type="penalty",
        ),
        actor=clerk,
    )
    for code, on, data in (
        ("accept", date(2024, 6, 4), {"procedure_type": "ordinary"}),
        ("send_copy", date(2024, 6, 5), {}),
        ("receive_reply", date(2024, 6, 12), {}),
    ):
        case = case_transition(case=case, code=code, actor=clerk, on=on, data=data)

    log_in(page, live_server, "city_head")
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    assert state_of(page) == "审理中"
    ground = step_form(page, "中止审理").locator("select[name=ground] option[value='1']").inner_text()
    assert ground.startswith("作为申请人的公民死亡")
    take_step(page, "中止审理", "2024-06-13", ground="1")
    assert_step_done(page, "已中止")
    assert clock_status(page, "作出复议决定") == "已暂停（中止期间不计）"

    # 60 calendar days after Thu 2024-06-13: Jun 30 is day 17, Jul 31 day 48, Mon Aug 12 day 60 (a working day).
    assert apply_due_transitions(today=date(2024, 8, 12)) == 0  # the limit's last day: not yet lapsed
    assert apply_due_transitions(today=date(2024, 8, 13)) == 1
    page.reload()

    assert state_of(page) == "已终止"
    assert "办结 2024-08-12" in page.locator("main h1 + p").inner_text()
    assert timeline(page)[-1] == ("2024-08-12", "中止满六十日原因仍未消除，终止", "系统")
    assert documents(page) == {
        "包府复受〔2024〕1号": "受理通知书",
        "包府复中〔2024〕1号": "中止通知书",
        "包府复终〔2024〕1号": "终止行政复议决定书",
    }
    steps = card(page, "可办理的操作").locator("form.step button[type=submit]").all_inner_texts()
    assert steps == ["制发行政复议意见书", "收到整改情况报告"]  # only the art. 76 follow-up is left
    page.screenshot(path=str(tmp_path / "terminated_case.png"), full_page=True)
