"""The Content-Security-Policy in a real browser: no page, chart or tooltip is refused anything by it.

Chromium reports each refusal as a `securitypolicyviolation` event; the test records them from the first byte of
every page and fails on any. The dashboard is the page with script (ECharts, served locally); its tooltips write
inline style attributes, which the policy allows (style-src-attr) while refusing inline script and <style>.
"""

from __future__ import annotations

from datetime import date

import pytest

from fazhi.indicators.tests.test_report import CITY, DONGHE, KUNDULUN, make_cases
from fazhi.tests_browser.conftest import log_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline")));
"""


def violations(page) -> list[str]:
    return page.evaluate("window.__csp")


def test_public_pages_run_under_the_policy(page, live_server, baotou):
    page.add_init_script(RECORD_VIOLATIONS)
    for path in ("/accounts/login/", "/cases/deadlines/?rule=legal_aid.review&start=2024-04-29"):
        response = page.goto(f"{live_server.url}{path}")
        assert "default-src 'self'" in response.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        assert violations(page) == [], path


def test_the_dashboard_charts_and_tooltips_run_under_the_policy(page, live_server, baotou):
    make_cases(
        [
            (org, outcome, date(2024, m, 3), date(2024, m, 5), date(2024, m, 20), "ordinary")
            for m in range(1, 13)
            for org, n in ((CITY, 3), (DONGHE, 2), (KUNDULUN, 1))
            for outcome in ("upheld", "revoked", "mediation_statement")[: n if m % 2 else 3]
        ]
    )
    page.add_init_script(RECORD_VIOLATIONS)
    log_in(page, live_server, "leader")
    page.goto(f"{live_server.url}/indicators/?year=2024")
    wait_until(page, "window.fazhiCharts && window.fazhiCharts.length >= 5")
    page.wait_for_load_state("networkidle")
    for i in range(page.evaluate("window.fazhiCharts.length")):  # open every chart's tooltip
        page.evaluate(f"window.fazhiCharts[{i}].dispatchAction({{type: 'showTip', seriesIndex: 0, dataIndex: 1}})")
    page.wait_for_timeout(300)
    assert page.locator(".chart div span").count() > 0  # the tooltips really drew their markers
    assert violations(page) == []
