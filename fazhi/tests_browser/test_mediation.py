"""The mediator records a simple dispute on a phone: the quick entry at 390 px, no horizontal scrolling."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.utils import timezone

from fazhi.cases.models import Case
from fazhi.tests_browser.conftest import TIMEOUT_MS, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser) -> Iterator[object]:
    """A page in a phone-sized context (iPhone 12–15 width) with a Chinese locale."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def scroll_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_a_mediator_records_an_oral_agreement_on_a_phone(phone, live_server, baotou, tmp_path):
    page = phone
    log_in(page, live_server, "mediator")

    page.goto(f"{live_server.url}/mediation/quick/")
    assert page.locator("main h1").inner_text() == "快速录入"
    assert scroll_width(page) <= PHONE["width"]
    assert page.locator("#id_on").input_value() == timezone.localdate().isoformat()
    page.screenshot(path=str(tmp_path / "quick_form.png"), full_page=True)

    page.fill("#id_applicant_name", "王大妈")
    page.fill("#id_applicant_phone", "13812345678")
    page.fill("#id_respondent_name", "李师傅")
    page.select_option("#id_dispute_type", label="邻里纠纷")
    page.fill("#id_summary", "楼上漏水")
    page.get_by_text("口头协议", exact=True).click()  # the whole tile is the touch target
    assert page.locator("#id_outcome_0").is_checked()
    assert not page.locator("#id_reasons").is_visible()  # only the chosen outcome's fields show
    page.fill("#id_terms", "李师傅当日修好水管")
    submit = page.get_by_role("button", name="保存")
    assert submit.bounding_box()["height"] >= 44
    with page.expect_navigation():
        submit.click()

    case = Case.objects.get()
    assert case.state == "agreed" and case.mediation.agreement_kind == "oral"
    assert page.locator(".done .number").inner_text() == case.number == f"和调〔{timezone.localdate().year}〕1号"
    assert page.get_by_role("link", name="再录一件").is_visible()
    assert scroll_width(page) <= PHONE["width"]
    page.screenshot(path=str(tmp_path / "quick_done.png"), full_page=True)


def test_the_county_handler_completes_a_committee_and_its_warnings_clear(page, live_server, baotou, tmp_path):
    from datetime import date

    from fazhi.cases.tests.factories import org
    from fazhi.mediation.models import Committee, CommitteeMember, Mediator

    committee = Committee.objects.create(organisation=org("和平路街道人民调解委员会"), kind="township")
    for name in ("甲", "乙"):
        CommitteeMember.objects.create(committee=committee, name=name, gender="male", joined_on=date(2023, 1, 1))
    Mediator.objects.create(committee=committee, name="刘调解员")

    log_in(page, live_server, "donghe_clerk")
    page.goto(f"{live_server.url}/mediation/committees/{committee.pk}/")
    warnings = page.locator("ul.problems li").all_inner_texts()
    assert len(warnings) == 3 and "现有2人" in warnings[0]

    form = page.locator("#member-form")
    form.locator("[name=name]").fill("王芳")
    form.locator("[name=role]").select_option("chair")
    form.locator("[name=gender]").select_option("female")
    form.locator("[name=joined_on]").fill("2023-01-01")
    with page.expect_navigation():
        form.get_by_role("button", name="添加委员").click()
    assert "已添加委员：王芳（主任）" in page.locator("ul.messages").inner_text()
    assert page.locator("ul.problems li").count() == 0
    page.screenshot(path=str(tmp_path / "committee.png"), full_page=True)
