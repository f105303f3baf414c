"""Keyboard and screen-reader paths in a browser: the skip link, focus on the first error, the language switch."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_first_tab_reaches_the_skip_link_which_jumps_to_the_content(page, live_server, baotou):
    page.goto(f"{live_server.url}/cases/deadlines/")
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "跳到正文"
    assert page.locator(".skip-link").is_visible()  # shown once focused, hidden otherwise
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_after_a_refused_form_the_focus_is_on_the_first_wrong_field(page, live_server, baotou):
    page.goto(f"{live_server.url}/cases/deadlines/")
    page.select_option("#id_rule", "reconsideration.acceptance_review")
    page.fill("#id_start", "1900-01-01")  # before 1949-10-01: the calculator refuses it
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    assert page.locator("#id_start").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "id_start"
    assert "起算日超出可计算范围" in page.locator("main").inner_text()


def test_an_english_reader_switches_the_language_and_the_page_says_so(page, live_server, baotou):
    page.goto(f"{live_server.url}/cases/deadlines/")
    page.select_option("#language-select", "en")
    with page.expect_navigation():
        page.click(".language-switch button[type=submit]")
    assert page.url == f"{live_server.url}/cases/deadlines/"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert page.locator("main h1").inner_text() == "Statutory deadline calculator"
    assert page.locator(".skip-link").inner_text() == "Skip to the main content"
