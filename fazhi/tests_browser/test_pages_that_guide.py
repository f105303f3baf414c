"""Pages that guide (issue 13, item 4), in a browser: a citizen who logs in is told where to go; a clerk on a
390-px phone reads the task list and a case page and takes one step.

Screenshots are written to $FAZHI_SHOTS (when set) for a person to look at; the assertions measure what the eye
checks: the top bar is one line, no table squeezes a name to a character a line, nothing is wider than the screen.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import org
from fazhi.reconsideration.services import Application, PartyInput, reconsideration_intake
from fazhi.tests_browser.conftest import TIMEOUT_MS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def shot(page, name: str) -> None:
    """A full-page screenshot under $FAZHI_SHOTS, if set (the suite itself needs none)."""
    folder = os.environ.get("FAZHI_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A page the size of a 390-px phone, with a Chinese browser locale."""
    context = browser.new_context(locale="zh-CN", viewport=PHONE, device_scale_factor=2, is_mobile=True)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def fits_the_screen(page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the page is {width} px wide on a {PHONE['width']}-px screen"
    bar = page.locator("header.top").bounding_box()
    assert bar is not None and bar["height"] <= 56, f"the top bar is {bar} (more than one line)"


def test_a_citizen_who_logs_in_is_told_where_to_go(phone, live_server, baotou):
    log_in(phone, live_server, "citizen")
    assert phone.url == f"{live_server.url}/accounts/guide/"
    text = phone.locator("main").inner_text()
    assert "12348" in text and "系统管理员" in text
    assert "403" not in text and "Forbidden" not in text
    links = phone.locator("header.top nav a").all_text_contents()
    assert [link.strip() for link in links] == ["期限计算"], links  # nothing of the workbench
    fits_the_screen(phone)
    shot(phone, "citizen_guide")


def _case_with_a_restarted_review(clerk):
    """A city-office application received nine days ago, sent for 补正 and corrected: 受理审查 ran twice."""
    today = timezone.localdate()
    case = reconsideration_intake(
        organisation=org("包头市人民政府行政复议办公室"),
        application=Application(
            applicant=PartyInput(role="applicant", name="欧阳明月", id_number="11010519491231002X"),
            act_description="对个体工商户罚款二千元的行政处罚决定",
            received_on=today - timedelta(days=9),
            respondent_name="包头市昆都仑区市场监督管理局",
            act_type="penalty",
        ),
        actor=clerk,
    )
    case = case_transition(
        case=case,
        code="request_correction",
        actor=clerk,
        on=today - timedelta(days=8),
        data={"items": "身份证明复印件\n行政处罚决定书复印件"},
    )
    return case_transition(case=case, code="correction_received", actor=clerk, on=today - timedelta(days=1))


def test_a_clerk_on_a_phone_reads_tasks_and_a_case_and_takes_a_step(phone, live_server, baotou):
    case = _case_with_a_restarted_review(baotou["city_clerk"])
    log_in(phone, live_server, "city_clerk")
    assert phone.url == f"{live_server.url}/cases/tasks/"

    # My tasks: stacked cards, the title on one readable line, the clock saying what it counts in.
    fits_the_screen(phone)
    title = phone.locator("table.tasks td[data-label='案由']").first
    assert title.inner_text().startswith("欧阳明月")
    assert title.bounding_box()["width"] >= 250, "the title is squeezed"
    assert "个工作日" in phone.locator("table.tasks").inner_text()
    shot(phone, "clerk_tasks")
    assert not phone.locator("header.top nav.links").is_visible()
    phone.locator("header.top .menu-button").click()  # the menu opens below the bar
    menu = phone.locator("header.top nav.links")
    assert menu.is_visible() and "行政复议" in menu.inner_text() and "人民调解" not in menu.inner_text()
    shot(phone, "clerk_menu")

    # The case page: 受理审查 on one row with its restart; 程序 not shown before 受理.
    phone.locator("table.tasks a", has_text=case.number).first.click()
    phone.wait_for_url(f"{live_server.url}/cases/{case.pk}/")
    fits_the_screen(phone)
    review = phone.locator("#clock-acceptance_review")
    assert review.count() == 1
    history = review.locator(".clock-history").inner_text()
    assert "补正通知" in history and "收到补正材料，重新起算" in history
    assert "审理程序" not in phone.locator("main .card").first.inner_text()
    items = phone.locator("#step-request_correction")
    assert items.count() == 0  # 补正 once (art. 31), already done
    on = phone.locator("#step-accept input[name=on]")
    assert on.input_value() == timezone.localdate().isoformat()  # the default date, shown
    shot(phone, "clerk_case")

    # One step, on the phone: 受理 with its program chosen from the declared options.
    phone.locator("#step-accept select[name=procedure_type]").select_option("ordinary")
    with phone.expect_navigation():
        phone.locator("#step-accept button[type=submit]").click()
    assert phone.locator("ul.messages li.success").inner_text() == "已完成：受理。"
    assert "审理程序：普通程序" in phone.locator("main .card").first.inner_text()
    hear = phone.locator("#step-hear_parties select[name=method]")
    assert hear.count() == 1 and "电话" in hear.inner_text()
    fits_the_screen(phone)
    shot(phone, "clerk_after_step")
