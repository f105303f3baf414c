"""The records behind the rule book's figures (/rules/figures/<key>/): the dashboard's 清理次数 and 清理废止文件 link
to a page listing exactly what the figure counts, and a bad address is refused in Chinese."""

from __future__ import annotations

import re
from datetime import date

import pytest

from fazhi.rulebook.choices import CleanupResult
from fazhi.rulebook.tests.test_figures import CITY, DONGHE, alice, bob, nd, run_cleanup  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

URL = "/rules/figures/{}/"


@pytest.fixture
def cleanups(alice, bob):  # noqa: F811
    """2024: two city rounds (one still open) and one of 东河区; 2023: one round, completed in January 2024."""
    run_cleanup(alice, "包头市司法局", date(2024, 3, 1), None, [(nd(1), CleanupResult.REPEAL)], title="城市专项清理")
    run_cleanup(
        alice,
        "包头市司法局",
        date(2024, 4, 1),
        date(2024, 6, 1),
        [(nd(2), CleanupResult.REPEAL), (nd(3), CleanupResult.AMEND)],
        title="营商环境专项清理",
    )
    run_cleanup(
        alice, "包头市司法局", date(2023, 12, 1), date(2024, 1, 10), [(nd(4), CleanupResult.REPEAL)], title="上年清理"
    )
    run_cleanup(bob, "东河区司法局", date(2024, 5, 1), date(2024, 6, 1), [(nd(5, DONGHE), CleanupResult.REPEAL)])


def _link(html: str, key: str) -> tuple[str, int]:
    """The dashboard's link for figure `key` and the number it shows."""
    found = re.search(rf'<a href="([^"]*/rules/figures/{key}/[^"]*)" data-value="(\d+)" data-count="1">', html)
    assert found, f"{key} has no link to its records"
    return found.group(1).replace("&amp;", "&"), int(found.group(2))


@pytest.mark.parametrize(
    ("key", "value", "shown", "hidden"),
    [
        ("cleanup_rounds", 3, ["城市专项清理", "营商环境专项清理", "罚款专项清理"], ["上年清理"]),
        (
            "documents_repealed",
            3,  # nos. 2 and 4 (completed in 2024) and 东河区's no. 5; no. 1's round is still open
            ["罚款规定第2号", "罚款规定第4号", "罚款规定第5号"],
            ["罚款规定第1号", "罚款规定第3号"],
        ),
    ],
)
def test_the_dashboard_figure_links_to_exactly_the_records_it_counts(
    cleanups, leader, login, key, value, shown, hidden
):
    client = login(leader)
    html = client.get("/indicators/", {"year": 2024, "region": CITY}).content.decode()
    href, figure = _link(html, key)
    assert figure == value
    page = client.get(href)
    assert page.status_code == 200
    body = page.content.decode()
    assert body.count('class="record"') == figure
    assert f'data-total="{figure}"' in body
    for title in shown:
        assert title in body
    for title in hidden:
        assert title not in body


def test_the_case_drill_down_sends_a_rule_book_figure_to_its_page(cleanups, leader, login):
    client = login(leader)
    response = client.get("/indicators/records/", {"line": "legality", "key": "cleanup_rounds", "year": 2024})
    assert response.status_code == 302
    assert response["Location"].startswith("/rules/figures/cleanup_rounds/?start=2024-01-01&end=2024-12-31&prefix=")
    page = client.get(response["Location"])
    assert page.status_code == 200
    # 市本级: the city's own rounds, not 东河区's
    own = client.get(
        "/indicators/records/", {"line": "legality", "key": "cleanup_rounds", "year": 2024, "region": CITY, "own": 1}
    )
    assert own.status_code == 302 and own["Location"].endswith("prefix=150200")
    body = client.get(own["Location"]).content.decode()
    assert body.count('class="record"') == 2 and "（本级）" in body and "罚款专项清理" not in body


def test_a_county_and_a_month_narrow_the_list(cleanups, bob, login):  # noqa: F811
    client = login(bob)
    county = client.get(URL.format("cleanup_rounds"), {"start": "2024-01-01", "end": "2024-12-31", "region": DONGHE})
    assert county.content.decode().count('class="record"') == 1
    march = client.get(URL.format("cleanup_rounds"), {"start": "2024-03-01", "end": "2024-03-31", "prefix": "1502"})
    body = march.content.decode()
    assert body.count('class="record"') == 1 and "城市专项清理" in body


@pytest.mark.parametrize(
    ("key", "query", "status", "message"),
    [
        ("nope", {"start": "2024-01-01", "end": "2024-12-31", "region": CITY}, 404, "未知的统计指标"),
        ("cleanup_rounds", {"start": "2024-13-01", "end": "2024-12-31", "region": CITY}, 400, "起始日期应按"),
        ("cleanup_rounds", {"end": "2024-12-31", "region": CITY}, 400, "起始日期应按"),
        ("cleanup_rounds", {"start": "2024-12-31", "end": "2024-01-01", "region": CITY}, 400, "终止日期不能早于"),
        ("cleanup_rounds", {"start": "2024-01-01", "end": "2024-12-31", "region": "1502"}, 400, "12位数字"),
        ("cleanup_rounds", {"start": "2024-01-01", "end": "2024-12-31"}, 400, "请指定行政区划"),
        (
            "cleanup_rounds",
            {"start": "2024-01-01", "end": "2024-12-31", "region": "990000000000"},
            404,
            "未知的行政区划",
        ),
    ],
)
def test_a_bad_address_is_refused_in_chinese(baotou, leader, login, key, query, status, message):
    response = login(leader).get(URL.format(key), query)
    assert response.status_code == status
    assert message in response.content.decode()
