"""Browser fixtures: Debian's headless Chromium driven by Playwright against pytest-django's live_server.

Playwright's own browser download is not reachable here, so the tests launch /usr/bin/chromium. Without it the
browser tests are skipped, except under CI=true, where they fail.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API keeps an asyncio event loop in this thread, which trips Django's async-safety check
# on every ORM call made by fixtures in the test process.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--lang=zh-CN",
]
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """A launched headless Chromium for the whole session (skip, or fail under CI=true, when it is missing)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium fonts-noto-cjk)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run under CI=true: {message}", pytrace=False)
        pytest.skip(f"browser tests skipped: {message}")

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser) -> Iterator[object]:
    """A fresh page in its own context (no shared cookies), with a Chinese browser locale.

    Every page it loads in Chinese is scanned for enum codes and English words (fazhi/tests/leaks.py); a leak fails
    the test at teardown, naming the page.
    """
    yield from _scanned_page(browser)


@pytest.fixture
def head_page(browser) -> Iterator[object]:
    """A second such page, with cookies of its own, for a second person (the section head beside the clerk)."""
    yield from _scanned_page(browser)


def _scanned_page(browser) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")
    context.set_default_timeout(TIMEOUT_MS)
    new_page = context.new_page()
    leaks: dict[str, list] = {}
    new_page.on("load", lambda loaded: _scan_for_leaks(loaded, leaks))
    try:
        yield new_page
    finally:
        context.close()
    if any(leaks.values()):
        from fazhi.tests.leaks import report

        pytest.fail(f"codes or English words on a page the test visited:\n{report(leaks)}", pytrace=False)


def _scan_for_leaks(page, leaks: dict[str, list]) -> None:
    """The loaded page's text, scanned as the code-leak test scans rendered pages (English pages are skipped)."""
    from playwright.sync_api import Error

    from fazhi.tests.leaks import leaks_in_page

    try:
        html = page.content()
    except Error:  # the page navigated on before it could be read; its successor is scanned on its own load
        return
    if '<html lang="en"' not in html:
        leaks[page.url] = leaks_in_page(html)


def enter_code(page, username: str) -> None:
    """The second login step: type the current code of the persona's demo device, as its phone would show it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fazhi.accounts.twofactor import current_code

    device = TOTPDevice.objects.get(user__username=username, confirmed=True)
    page.fill("#id_otp_token", current_code(device))
    with page.expect_navigation():
        page.click("#verify-form button[type=submit]")


def log_in(page, live_server, username: str, password: str | None = None) -> None:
    """Both login steps through the real forms: the password, then (for staff) the TOTP code."""
    from fazhi.demo.baotou import DEMO_PASSWORD

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or DEMO_PASSWORD)
    with page.expect_navigation():
        page.click("main button[type=submit]")
    if page.url.startswith(f"{live_server.url}/accounts/login/verify/"):
        enter_code(page, username)


def wait_until(page, expression: str, timeout: float = 20) -> None:
    """Poll `expression` from the test side: Playwright's wait_for_function compiles its predicate in the page,
    which the policy (no 'unsafe-eval') rightly refuses once it has to poll."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true after {timeout} s: {expression}"
        page.wait_for_timeout(100)
