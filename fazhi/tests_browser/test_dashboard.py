"""The leader opens the dashboard: the ECharts canvases (trends, ranking, county map) draw with no script error.

ECharts and the county GeoJSON come from the platform's own static files; any request to another host fails the
test. Set FAZHI_SCREENSHOT_DIR to keep the screenshot.
"""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

from fazhi.indicators.tests.test_report import CITY, DONGHE, KUNDULUN, make_cases
from fazhi.tests_browser.conftest import log_in, wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_leader_sees_the_charts_and_the_map(page, live_server, baotou, tmp_path):
    make_cases(
        [
            (org, outcome, date(2024, m, 3), date(2024, m, 5), date(2024, m, 20), "ordinary")
            for m in range(1, 13)
            for org, n in ((CITY, 3), (DONGHE, 2), (KUNDULUN, 1))
            for outcome in ("upheld", "revoked", "mediation_statement")[: n if m % 2 else 3]
        ]
    )
    errors: list[str] = []
    outside: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []  # our own assets that did not load (the browser's own /favicon.ico probe aside)
    page.on(
        "response",
        lambda r: (
            failed.append(f"{r.status} {r.url}") if r.status >= 400 and not r.url.endswith("/favicon.ico") else None
        ),
    )
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.url) else None)
    page.set_viewport_size({"width": 1280, "height": 900})

    log_in(page, live_server, "leader")
    page.get_by_role("link", name="领导驾驶舱").click()
    page.wait_for_load_state("networkidle")
    page.goto(f"{live_server.url}/indicators/?year=2024")
    wait_until(page, "window.fazhiCharts && window.fazhiCharts.length >= 5")  # 3 trends, ranking, map
    page.wait_for_load_state("networkidle")

    assert page.locator("main h1").inner_text().startswith("领导驾驶舱 · 包头市 · 2024")
    sizes = page.eval_on_selector_all(".chart canvas", "cs => cs.map(c => [c.width, c.height])")
    assert len(sizes) >= 5 and all(w > 100 and h > 100 for w, h in sizes), sizes
    # the map drew the counties: ECharts knows the registered map and its regions
    assert page.evaluate("echarts.getMap('fazhi-counties').geoJSON.features.length") == 9
    drawn = page.evaluate(
        """() => { const c = document.querySelector('#map-chart canvas');
                   const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                   let ink = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) ink++; return ink; }"""
    )
    assert drawn > 10_000
    # the small urban districts' labels do not overlap: one that would is hidden (named on hover and in the table)
    layout = page.evaluate("() => window.fazhiCharts[window.fazhiCharts.length - 1].getOption().series[0].labelLayout")
    assert layout == {"hideOverlap": True}
    # the ranking's last row is the city's own level, so the rows add up to the city's figure
    own = page.locator("#ranking tr.own")
    assert own.locator("td").nth(1).inner_text() == "市本级" and own.locator("td").first.inner_text() == "—"
    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    if os.environ.get("FAZHI_SCREENSHOT_DIR"):
        shutil.copy(shot, os.environ["FAZHI_SCREENSHOT_DIR"])
    assert not errors, errors
    assert not failed, failed
    assert not outside, outside

    # a number opens the records behind it
    first = page.locator('.kpi-value a[data-count="1"]').first
    value = first.get_attribute("data-value")
    with page.expect_navigation():
        first.click()
    assert page.locator("#total").get_attribute("data-total") == value
