"""The search page (/rules/search/): any staff member searches; filters are form fields; snippets are marked."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from fazhi.rulebook.tests.test_search import book, document  # noqa: F401  (a fixture and a helper)
from fazhi.tests.leaks import leaks_in_page

pytestmark = pytest.mark.django_db
URL = "/rules/search/"


def test_the_page_is_at_rules_search():
    assert reverse("rulebook:search") == URL


def test_a_clerk_finds_fines_with_titles_first_and_the_words_marked(book, kundulun_clerk, login):  # noqa: F811
    page = login(kundulun_clerk).get(URL, {"q": "罚款"}).content.decode()
    assert "共 3 件文件。" in page
    assert page.index("包头市规范行政<mark>罚款</mark>裁量权的规定") < page.index("包头市城市市容和环境卫生管理办法")
    assert "处五十元<mark>罚款</mark>" in page
    assert "包头市再生水管理办法" not in page
    assert not leaks_in_page(page)


def test_the_filters_narrow_the_results(book, donghe_clerk, login):  # noqa: F811
    client = login(donghe_clerk)
    page = client.get(URL, {"q": "罚款", "in_force_on": "2023-06-01"}).content.decode()
    assert "共 1 件文件。" in page and "包头市机动车停放罚款暂行规定" not in page
    page = client.get(URL, {"q": "罚款", "status": "repealed"}).content.decode()
    assert "共 1 件文件。" in page and "机动车停放" in page
    page = client.get(URL, {"q": "包府发[2024]3号"}).content.decode()
    assert "共 1 件文件。" in page and "裁量权的规定" in page


def test_a_bad_date_is_refused_in_chinese_and_the_query_is_kept(book, donghe_clerk, login):  # noqa: F811
    page = login(donghe_clerk).get(URL, {"q": "罚款", "in_force_on": "2023-13-01"}).content.decode()
    assert "请按“年-月-日”填写日期" in page
    assert 'value="罚款"' in page and 'id="results"' not in page
    page = login(donghe_clerk).get(URL, {"published_from": "2024-01-01", "published_to": "2023-01-01"})
    assert "终止日不能早于起始日" in page.content.decode()


def test_results_come_in_pages(baotou, leader, login):
    for n in range(25):
        document(f"包头市罚款事项第{n}号通知", "罚款。", published_on=date(2022, 1, 1 + n))
    client = login(leader)
    first = client.get(URL, {"q": "罚款"}).content.decode()
    assert "共 25 件文件。" in first and first.count('class="card"><a') == 20
    assert "page=2" in first
    second = client.get(URL, {"q": "罚款", "page": "2"}).content.decode()
    assert second.count('class="card"><a') == 5


def test_only_staff_search_here(book, citizen, auditor, login):  # noqa: F811
    assert login(None).get(URL).status_code == 302
    assert login(citizen).get(URL).status_code == 403
    assert login(auditor).get(URL, {"q": "罚款"}).status_code == 200


def test_markup_in_a_document_is_shown_as_text(baotou, leader, login):
    document("关于罚款<script>alert(1)</script>的通知", "<b>罚款</b>")
    page = login(leader).get(URL, {"q": "罚款"}).content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page and "&lt;b&gt;<mark>罚款</mark>&lt;/b&gt;" in page
