"""Logging in through the real form in a browser."""

from __future__ import annotations

import re

import pytest

from fazhi.demo.baotou import DEMO_PASSWORD
from fazhi.tests_browser.conftest import enter_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def login_through_form(page, live_server, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("main button[type=submit]")  # not the language switch in the top bar


def test_clerk_logs_in_and_lands_on_my_tasks(page, live_server, baotou, tmp_path):
    login_through_form(page, live_server, "city_clerk", DEMO_PASSWORD)
    assert page.url == f"{live_server.url}/accounts/login/verify/?next=%2Fcases%2Ftasks%2F"
    assert page.locator("main h1").inner_text() == "输入动态验证码"
    enter_code(page, "city_clerk")

    assert page.url == f"{live_server.url}/cases/tasks/"
    assert page.locator("main h1").inner_text() == "我的待办"

    shot = tmp_path / "my_tasks.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert len(data) > len(PNG_SIGNATURE)
    assert data.startswith(PNG_SIGNATURE)


def test_wrong_password_shows_chinese_error(page, live_server, baotou):
    login_through_form(page, live_server, "city_clerk", "not-the-password")

    assert page.url.startswith(f"{live_server.url}/accounts/login/")
    assert "用户名或密码不正确" in page.locator("[role=alert]").inner_text()
    assert page.locator("#id_username").is_visible()


def test_anonymous_case_list_redirects_to_login(page, live_server, baotou):
    page.goto(f"{live_server.url}/cases/")

    assert re.fullmatch(re.escape(f"{live_server.url}/accounts/login/") + r"\?next=(/|%2F)cases(/|%2F)", page.url)
    assert page.locator("main h1").inner_text() == "工作人员登录"
