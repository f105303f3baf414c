"""行政执法监督 in a browser: the city supervision body's 监督员 plans a rule-of-law health check (法治体检), records
the findings of the market regulator (a 三项制度 item failing), issues the rectification notice with its deadline,
receives the department's report and verifies it; an interview (约谈) is proposed from an agency the reconsideration
line corrected, scheduled, held and followed up; a supervision case's 监督意见书 sets the deadline its clock runs to;
a certificate's public QR page, reached from the line's menu, reads valid and then withdrawn.

Everything goes through the line's pages (and the kernel's case page for the case's steps).
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.cases.models import Case
from fazhi.cases.tests.factories import open_reconsideration, org
from fazhi.enforcement.tests.factories import an_officer, issued
from fazhi.supervision.models import HealthCheck, Interview
from fazhi.tests_browser.test_reconsideration import (
    assert_step_done,
    clock_status,
    documents,
    log_in,
    messages,
    state_of,
    take_step,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
AGENCY = "包头市市场监督管理局"


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def test_a_health_check_goes_from_plan_to_verified_rectification(page, live_server, baotou):
    clerk = page
    log_in(clerk, live_server, "supervision_clerk")
    clerk.goto(f"{live_server.url}/supervision/")
    with clerk.expect_navigation():
        clerk.locator(".line-menu").get_by_role("link", name="法治体检").click()
    with clerk.expect_navigation():
        clerk.get_by_role("link", name="制定法治体检方案").click()
    clerk.fill("#id_year", "2024")
    clerk.fill("#id_title", "2024年行政执法部门法治体检工作方案")
    clerk.fill("#id_scope", "三项制度落实情况")
    clerk.get_by_label(AGENCY).check()
    submit(clerk, "保存")
    assert "已制定法治体检方案。" in messages(clerk, "success")
    with clerk.expect_navigation():
        clerk.locator("#checks").get_by_role("link", name=AGENCY).click()
    assert clerk.locator("#check-state").inner_text() == "待检查"

    # the findings: publicity within 7 working days fails, legal review conforms
    clerk.fill("#id_checked_on", "2024-04-08")
    clerk.select_option("#id_publicity_result", "no")
    clerk.fill("#id_publicity_examined", "20")
    clerk.fill("#id_publicity_defective", "3")
    clerk.select_option("#id_legal_review_result", "yes")
    submit(clerk, "保存")
    assert clerk.locator(".errors").first.inner_text()  # a failing item must state its problem
    clerk.fill("#id_publicity_problem", "3件行政处罚决定超过7个工作日公示")
    submit(clerk, "保存")
    assert clerk.locator("#check-state").inner_text() == "已检查"
    assert "3件行政处罚决定超过7个工作日公示" in clerk.locator("#findings").inner_text()

    clerk.fill("#id_notice_on", "2024-04-15")
    clerk.fill("#id_due_on", "2024-05-15")
    clerk.fill("#id_text", "对超期公示的决定补充公示，完善公示制度")
    submit(clerk, "保存")
    assert clerk.locator("#check-state").inner_text() == "整改中"
    assert clerk.locator("#due-on").inner_text() == "2024-05-15"

    clerk.fill("#id_reported_on", "2024-05-10")
    clerk.fill("#id_text", "已补充公示，建立公示台账")
    submit(clerk, "保存")
    assert clerk.locator("#check-state").inner_text() == "已报送整改报告"
    assert "按期报送" in clerk.locator("main").inner_text()

    clerk.fill("#id_verified_on", "2024-05-20")
    clerk.select_option("#id_passed", "yes")
    clerk.fill("#id_opinion", "经抽查，整改到位")
    submit(clerk, "保存")
    assert clerk.locator("#check-state").inner_text() == "整改已验收"
    check = HealthCheck.objects.get()
    assert (check.state, check.reported_on, check.verified_on) == ("verified", date(2024, 5, 10), date(2024, 5, 20))


def test_an_interview_is_proposed_from_a_corrected_agency_then_held(page, live_server, baotou):
    agency = org(AGENCY)
    case = open_reconsideration(
        baotou["city_clerk"], received_on=date(2024, 1, 8), detail={"respondent_agency": agency}
    )
    Case.objects.filter(pk=case.pk).update(state="closed", outcome="revoked", closed_on=date(2024, 3, 1))

    clerk = page
    log_in(clerk, live_server, "supervision_clerk")
    clerk.goto(f"{live_server.url}/supervision/interviews/")
    clerk.fill("#id_start", "2024-01-01")
    clerk.fill("#id_end", "2024-06-30")
    submit(clerk, "生成")
    assert "新生成约谈建议1条。" in messages(clerk, "success")
    row = clerk.locator("#interviews tbody tr").first
    assert AGENCY in row.inner_text() and "建议约谈" in row.inner_text()
    with clerk.expect_navigation():
        row.get_by_role("link", name=AGENCY).click()
    assert "该单位被行政复议纠错1件" in clerk.locator("main").inner_text()
    # the reconsideration files themselves are that line's: the supervisor sees the counts, not the cases
    assert clerk.locator("#source-cases").count() == 0

    form = clerk.locator("#form-schedule")
    form.locator("[name=on]").fill("2024-07-10")
    form.locator("[name=head_name]").fill("李局长")
    with clerk.expect_navigation():
        form.get_by_role("button", name="安排约谈").click()
    assert clerk.locator("#interview-state").inner_text() == "已安排"
    form = clerk.locator("#form-hold")
    form.locator("[name=on]").fill("2024-07-10")
    form.locator("[name=minutes]").fill("通报被纠错情况，要求完善法制审核")
    with clerk.expect_navigation():
        form.get_by_role("button", name="记录约谈").click()
    assert clerk.locator("#interview-state").inner_text() == "已约谈"
    form = clerk.locator("#form-follow_up")
    form.locator("[name=on]").fill("2024-08-10")
    form.locator("[name=text]").fill("已修订重大执法决定法制审核办法")
    with clerk.expect_navigation():
        form.get_by_role("button", name="跟踪落实").click()
    interview = Interview.objects.get()
    assert (interview.state, interview.head_name, interview.held_on) == ("held", "李局长", date(2024, 7, 10))
    assert interview.follow_up == "已修订重大执法决定法制审核办法"


def test_an_opinion_sets_the_deadline_its_clock_runs_to(page, head_page, live_server, baotou):
    clerk, head = page, head_page
    log_in(clerk, live_server, "supervision_clerk")
    clerk.goto(f"{live_server.url}/supervision/new/")
    clerk.select_option("#id_source", "complaint")
    clerk.select_option("#id_agency", label=AGENCY)
    clerk.fill("#id_title", "投诉市场监管局执法检查未出示证件")
    clerk.fill("#id_matter", "企业反映检查人员未出示执法证件")
    clerk.fill("#id_received_on", "2024-03-04")
    submit(clerk, "登记")
    case = Case.objects.get(line="supervision")
    assert "已登记监督线索：包督〔2024〕1号" in messages(clerk, "success")
    assert state_of(clerk) == "线索待研判"
    take_step(clerk, "立案", "2024-03-04")
    assert_step_done(clerk, "调查中")

    log_in(head, live_server, "supervision_head")
    head.goto(f"{live_server.url}/cases/{case.pk}/")
    take_step(
        head,
        "制发行政执法监督意见书",
        "2024-03-05",
        problem="执法检查未出示执法证件",
        requirement="组织执法人员学习持证执法规定\n对相关人员批评教育",
        rectify_days="15",
    )
    assert_step_done(head, "整改中")
    clocks = head.locator("main .card", has_text="办案时限").inner_text()
    assert "自2024年3月5日的次日起算15日，于2024年3月20日届满" in clocks  # the opinion's own deadline
    assert clock_status(head, "纠正期限").startswith("已超期")  # no report came (the test runs years later)
    assert documents(head) == {"包督监〔2024〕1号": "行政执法监督意见书"}


@pytest.fixture
def stranger(browser):
    """A second browser context with no session: the public holding the card (scanned for leaks like `page`)."""
    from fazhi.tests_browser.conftest import _scanned_page

    yield from _scanned_page(browser)


def test_a_certificates_public_page_reads_valid_then_withdrawn(page, stranger, live_server, baotou):
    """From the line's menu (执法证件, the enforcement registry the line keeps) to the certificate's QR address, read
    by a stranger with no session: 有效, then 已收回 once the supervisor withdraws the card."""
    cert = issued(an_officer(1, name="韩执法"), number="150224900001")
    clerk = page
    log_in(clerk, live_server, "supervision_clerk")
    clerk.goto(f"{live_server.url}/supervision/")
    with clerk.expect_navigation():
        clerk.locator(".line-menu").get_by_role("link", name="执法证件").click()
    with clerk.expect_navigation():
        clerk.locator("#certificates").get_by_role("link", name="150224900001").click()
    address = clerk.locator("#verify-link").get_attribute("href")
    assert address == f"{live_server.url}/enforcement/verify/{cert.token}/"

    stranger.goto(address)
    assert stranger.locator("#name").inner_text() == "韩执法"
    assert stranger.locator("#status").inner_text() == "有效"

    form = clerk.locator("#move-withdraw")
    form.locator("#id_withdraw-on").fill("2024-06-01")
    form.locator("#id_withdraw-reason").fill("违法执法，取消执法资格")
    with clerk.expect_navigation():
        form.get_by_role("button", name="收回", exact=True).click()
    assert "已办理“收回”。" in messages(clerk, "success")
    stranger.reload()
    assert stranger.locator("#status").inner_text() == "已收回"
