"""A legal-aid matter worked end to end in a browser: a hotline consultation becomes an application, the section
head grants aid, the clerk assigns a lawyer and closes the case with its closure report, the head reviews quality.

Every step goes through the case page's own step form, with its date typed into `办理日期`. The Legal Aid Law has
no working-day clause: its periods are calendar days, start day excluded (民事诉讼法 art. 85).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord
from fazhi.tests_browser.test_reconsideration import (
    assert_step_done,
    card,
    clock_status,
    documents,
    log_in,
    messages,
    state_of,
    step_form,
    take_step,
    timeline,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_hotline_consultation_becomes_an_aid_case_closed_and_reviewed(page, head_page, live_server, baotou, tmp_path):
    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2022, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    clerk, head = page, head_page
    log_in(clerk, live_server, "city_clerk")

    # A 12348 call, recorded with the quick form on the consultation list.
    clerk.goto(f"{live_server.url}/legal-aid/consultations/")
    form = clerk.locator("#consultation-form")
    form.locator("#id_channel").select_option("hotline_12348")
    form.locator("#id_on").fill("2024-09-20")
    form.locator("#id_matter").select_option("labour")
    form.locator("#id_summary").fill("工地拖欠三个月工资")
    form.locator("#id_person_name").fill("王五")
    form.locator("#id_phone").fill("13812345678")
    with clerk.expect_navigation():
        form.get_by_role("button", name="登记咨询").click()
    assert "已登记法律咨询" in messages(clerk, "success")
    row = clerk.locator("#consultations tbody tr").first
    assert "12348热线" in row.inner_text() and "工地拖欠三个月工资" in row.inner_text()

    # 转为援助申请: the intake form comes pre-filled from the consultation.
    with clerk.expect_navigation():
        row.get_by_role("link", name="转为援助申请").click()
    assert clerk.input_value("#id_applicant_name") == "王五"
    assert clerk.input_value("#id_phone") == "13812345678"
    assert clerk.input_value("#id_channel") == "phone"
    assert clerk.input_value("#id_matter") == "labour"
    clerk.fill("#id_received_on", "2024-09-20")  # Fri
    clerk.fill("#id_id_number", "11010519491231002X")
    clerk.fill("#id_monthly_income_per_capita", "1200")
    clerk.select_option("#id_verification", "integrity_undertaking")
    clerk.select_option("#id_recipient_group", "migrant_worker")
    clerk.select_option("#id_claim_kind", "wages")
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="登记", exact=True).click()

    case = Case.objects.get()
    assert clerk.url == f"{live_server.url}/cases/{case.pk}/"
    assert case.number == "包援〔2024〕1号"
    assert "已登记法律援助申请：包援〔2024〕1号" in messages(clerk, "success")
    assert state_of(clerk) == "待审查"
    panel = card(clerk, "法律援助").inner_text()
    assert (
        "符合法律援助条件" in panel and "法律援助法第三十一条" in panel and "由 2024-09-20 12348热线咨询转来" in panel
    )
    assert Consultation.objects.get().application == case
    assert step_form(clerk, "决定给予法律援助").count() == 0  # the section head's step, not the clerk's

    # The head grants aid on Tue 09-24, within the 7 days that end Fri 09-27 (art. 43 ¶1).
    log_in(head, live_server, "city_head")
    head.goto(f"{live_server.url}/cases/{case.pk}/")
    take_step(head, "决定给予法律援助", "2024-09-24")
    assert_step_done(head, "准予援助，待指派")
    assert clock_status(head, "审查决定") == "按期完成"

    # The clerk assigns a lawyer the next day (3 days from the grant end Fri 09-27).
    clerk.reload()
    take_step(
        clerk,
        "指派承办人员",
        "2024-09-25",
        assignee_kind="lawyer",
        lawyer="刘律师",
        firm="内蒙古某律师事务所",
        practice_years="5",
    )
    assert_step_done(clerk, "承办中")
    assert clock_status(clerk, "指派") == "按期完成"
    take_step(
        clerk,
        "收到结案报告，结案",
        "2024-12-10",
        result="won",
        report="劳动仲裁裁决支持全部请求",
        amount_awarded="36000",
        basis_document="包劳人仲案字〔2024〕88号裁决书",
    )
    assert_step_done(clerk, "已结案")
    assert step_form(clerk, "案卷质量评查").count() == 0

    head.reload()
    take_step(head, "案卷质量评查", "2024-12-20", quality_grade="excellent", subsidy_yuan="3000")
    assert_step_done(head, "已结案")

    panel = card(head, "法律援助").inner_text()
    assert "刘律师" in panel and "胜诉或主张得到支持" in panel and "确定金额 36000.00 元" in panel
    assert "质量评查等级：优秀" in panel and "办案补贴 3000.00 元" in panel
    header = head.locator("main h1 + p").inner_text()
    assert "受理 2024-09-24" in header and "办结 2024-12-10" in header
    assert documents(head) == {
        "包援准〔2024〕1号": "给予法律援助决定书",
        "包援指〔2024〕1号": "指派通知书",
    }
    assert timeline(head) == [
        ("2024-09-20", "收到申请", "张办事员"),
        ("2024-09-24", "决定给予法律援助", "李科长"),
        ("2024-09-25", "指派承办人员", "张办事员"),
        ("2024-12-10", "收到结案报告，结案", "张办事员"),
        ("2024-12-20", "案卷质量评查", "李科长"),
    ]
    head.screenshot(path=str(tmp_path / "legal_aid_case.png"), full_page=True)

    case.refresh_from_db()
    detail = case.legal_aid
    assert (case.state, case.outcome) == ("closed", "won")
    assert (detail.lawyer, detail.amount_awarded, detail.quality_grade) == ("刘律师", Decimal("36000"), "excellent")
