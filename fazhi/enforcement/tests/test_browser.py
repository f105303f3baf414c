"""A certificate's public page in a browser: the city's 监督员 opens the certificate from the list, finds its QR code
and the public address it carries; a stranger (no session) opens that address and reads 有效; the 监督员 withdraws
the card (收回) through its form, and the stranger's reload reads 已收回. Every page is scanned for codes and English
words (the browser fixtures' leak scan)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from fazhi.enforcement.tests.factories import an_officer, id_number, issued
from fazhi.tests_browser.conftest import _scanned_page, browser, page  # noqa: F401  (fixtures)
from fazhi.tests_browser.test_reconsideration import log_in, messages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def stranger(browser) -> Iterator[object]:  # noqa: F811
    """A second browser context with no session: the public holding the card."""
    yield from _scanned_page(browser)


def test_the_public_page_reads_valid_then_withdrawn(page, stranger, live_server, baotou):  # noqa: F811
    cert = issued(an_officer(1, name="韩执法"), number="150224900001")
    clerk = page
    log_in(clerk, live_server, "supervision_clerk")
    clerk.goto(f"{live_server.url}/enforcement/")
    with clerk.expect_navigation():
        clerk.locator("#certificates").get_by_role("link", name="150224900001").click()
    assert clerk.locator("#qr svg").is_visible()
    address = clerk.locator("#verify-link").get_attribute("href")
    assert address == f"{live_server.url}/enforcement/verify/{cert.token}/"

    stranger.goto(address)
    assert stranger.locator("#name").inner_text() == "韩执法"
    assert stranger.locator("#number").inner_text() == "150224900001"
    assert stranger.locator("#status").inner_text() == "有效"
    assert id_number(1) not in stranger.content() and "登录" in stranger.content()  # nobody signed in

    form = clerk.locator("#move-withdraw")
    form.locator("#id_withdraw-on").fill("2024-06-01")
    form.locator("#id_withdraw-reason").fill("违法执法，取消执法资格")
    with clerk.expect_navigation():
        form.get_by_role("button", name="收回", exact=True).click()
    assert "已办理“收回”。" in messages(clerk, "success")
    assert clerk.locator("#state").inner_text() == "已收回"

    stranger.reload()
    assert stranger.locator("#status").inner_text() == "已收回"
