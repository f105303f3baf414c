"""The auditor's walk in a browser (issue 13, item 7): the console reads in Chinese, fits the window, and filters
by person, case and date. The page fixture scans every page for codes and English words (fazhi/tests/leaks.py).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from fazhi.cases.runner import case_transition
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.tests_browser.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def shot(page, name: str) -> None:
    folder = os.environ.get("FAZHI_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def test_the_auditor_reads_who_did_what_in_chinese_and_filters_by_person_and_case(page, live_server, baotou):
    clerk = baotou["city_clerk"]
    case = open_reconsideration(clerk, title="张三不服某区市场监督管理局行政处罚")
    case_transition(case=case, code="accept", actor=clerk, on=case.received_on, data={"procedure_type": "ordinary"})
    other = open_reconsideration(clerk, title="李四不服某区人民政府信息公开答复")

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "city_clerk")
    page.goto(f"{live_server.url}/cases/{case.pk}/")  # a read the auditor will find
    page.context.clear_cookies()

    log_in(page, live_server, "auditor")
    page.goto(f"{live_server.url}/audit/")
    main = page.locator("main").inner_text()
    assert "张办事员" in main and "查看" in main and "案件" in main
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, f"the console is {width} px wide in a 1280-px window"
    shot(page, "auditor-access")

    page.fill("#id_user", "city_clerk")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    rows = page.locator("table.audit tbody tr")
    assert rows.count() >= 1 and all("张办事员" in t for t in rows.all_inner_texts())

    page.goto(f"{live_server.url}/audit/changes/")
    page.fill("#id_case", case.number)
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    text = page.locator("table.audit").inner_text()
    assert case.number in text and "普通程序" in text and other.number not in text
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    shot(page, "auditor-changes")
