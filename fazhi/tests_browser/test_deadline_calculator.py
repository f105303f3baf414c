"""The public deadline calculator in a browser, across National Day and its make-up working day."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_acceptance_review_skips_national_day_and_counts_make_up_saturday(page, live_server, baotou):
    page.goto(f"{live_server.url}/cases/deadlines/")
    page.select_option("#id_rule", "reconsideration.acceptance_review")
    page.fill("#id_start", "2024-09-30")
    with page.expect_navigation():
        page.click("main form button[type=submit]")

    # 5 working days from Mon 30 Sep 2024: 1–7 Oct is National Day; Tue 8, Wed 9, Thu 10, Fri 11,
    # and Sat 12 Oct, a make-up working day (调休上班).
    result = page.locator("#result")
    assert "2024年10月12日" in result.inner_text()
    assert page.locator("#result strong").inner_text() == "2024年10月12日"
