"""A department's contract sent for legality review, worked in a browser: the section's reviewer registers and accepts
it and refers it to experts (their time not counted), the section head concludes 修改后签订, and the written opinion
(合法性审核意见书) is downloaded as the department receives it.

Every step goes through the case page's own step form, with its date typed into `办理日期`. The contract's review
period is 5 working days from receipt of the materials (a local rule, the procedure's default); March 2024 has no
holiday: received Mon 03-04, due Mon 03-11; 2 WD used when the experts start on Wed 03-06, 3 left after they finish
on Fri 03-15: due Wed 03-20.
"""

from __future__ import annotations

import pytest

from fazhi.cases.models import Case
from fazhi.documents.tests.helpers import docx_text
from fazhi.tests_browser.test_reconsideration import (
    assert_step_done,
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


def test_a_departments_contract_is_reviewed_to_sign_if_amended_with_its_opinion(
    page, head_page, live_server, baotou, tmp_path
):
    clerk, head = page, head_page
    log_in(clerk, live_server, "legality_clerk")

    # The request, registered from the line's menu.
    clerk.goto(f"{live_server.url}/legality/")
    with clerk.expect_navigation():
        clerk.get_by_role("link", name="登记审核申请").click()
    clerk.select_option("#id_kind", "contract")
    clerk.fill("#id_title", "包头市城区供热特许经营协议")
    clerk.fill("#id_requesting_body", "包头市住房和城乡建设局")
    clerk.fill("#id_received_on", "2024-03-04")
    clerk.fill("#id_draft_summary", "协议文本、特许经营实施方案及可行性论证报告")
    with clerk.expect_navigation():
        clerk.get_by_role("button", name="登记", exact=True).click()
    case = Case.objects.get()
    assert clerk.url == f"{live_server.url}/cases/{case.pk}/"
    assert "已登记合法性审核申请：包审〔2024〕1号" in messages(clerk, "success")
    assert state_of(clerk) == "待受理"
    panel = clerk.locator("#legality-panel").inner_text()
    assert "审核事项：政府合同" in panel and "送审单位：包头市住房和城乡建设局" in panel
    assert "2024-03-11" in clerk.locator("main .card", has_text="办案时限").inner_text()  # 5 WD

    take_step(clerk, "受理", "2024-03-04")
    assert_step_done(clerk, "审核中")
    take_step(clerk, "组织专家论证", "2024-03-06", matter="特许经营期限和价格调整机制")
    assert_step_done(clerk, "专家论证中")
    take_step(clerk, "专家论证完成", "2024-03-15", expert_opinion="价格调整机制需明确上限")
    assert_step_done(clerk, "审核中")
    assert "2024-03-20" in clerk.locator("main .card", has_text="办案时限").inner_text()
    assert step_form(clerk, "出具合同审核意见").count() == 0  # the section head's step

    # The head concludes on Tue 03-19, within the period, and the opinion is issued.
    log_in(head, live_server, "legality_head")
    head.goto(f"{live_server.url}/cases/{case.pk}/")
    assert step_form(head, "出具审核意见").count() == 0  # a contract is not offered a document's outcomes
    options = step_form(head, "出具合同审核意见").locator("[name=outcome] option").all_inner_texts()
    assert [o.strip() for o in options if o.strip() not in ("", "—", "请选择")] == [
        "同意签订",
        "修改后签订",
        "不同意签订",
    ]
    take_step(
        head,
        "出具合同审核意见",
        "2024-03-19",
        outcome="sign_if_amended",
        opinion="合同主体适格，特许经营期限符合规定，但价格调整机制缺少上限",
        conditions="第十二条明确价格调整的条件和上限\n第二十条增加违约责任条款",
        legal_basis="《基础设施和公用事业特许经营管理办法》第十八条",
    )
    assert_step_done(head, "已出具审核意见")
    assert clock_status(head, "合法性审核") == "按期完成"
    assert documents(head) == {"包审意〔2024〕1号": "合法性审核意见书"}
    assert [(d, step) for d, step, _ in timeline(head)] == [
        ("2024-03-04", "收到申请"),
        ("2024-03-04", "受理"),
        ("2024-03-06", "组织专家论证"),
        ("2024-03-15", "专家论证完成"),
        ("2024-03-19", "出具合同审核意见"),
    ]

    # The Word file, downloaded from the number's link.
    with head.expect_download() as download:
        head.get_by_role("link", name="包审意〔2024〕1号", exact=True).click()
    saved = tmp_path / "opinion.docx"
    download.value.save_as(saved)
    text = docx_text(saved.read_bytes())
    assert text.splitlines()[0] == "包头市司法局" and "包审意〔2024〕1号" in text
    assert "包头市住房和城乡建设局：" in text
    assert "经审核，该合同按下列意见修改后可以签订：" in text
    assert "1. 第十二条明确价格调整的条件和上限" in text and "2. 第二十条增加违约责任条款" in text
    head.screenshot(path=str(tmp_path / "legality_case.png"), full_page=True)

    case.refresh_from_db()
    assert (case.state, case.outcome, case.closed_on.isoformat()) == ("concluded", "sign_if_amended", "2024-03-19")
