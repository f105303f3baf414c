"""Error pages: Chinese, in the site's layout, with a way back; the API keeps JSON with Chinese messages."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.urls("fazhi.core.tests.error_urls")]


def page_text(response) -> str:
    return response.content.decode()


def assert_in_layout(response) -> None:
    """The page extends base.html (top bar, skip link, Chinese lang) and offers the way home."""
    html = page_text(response)
    assert response["Content-Type"].startswith("text/html")
    assert '<html lang="zh-Hans">' in html
    assert "跳到正文" in html
    assert 'class="top"' in html
    assert '<a href="/">返回首页</a>' in html


def test_an_unknown_page_is_a_chinese_404_with_a_way_back(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_in_layout(response)
    html = page_text(response)
    assert "页面不存在" in html
    assert "/accounts/login/" in html  # anonymous: the login link
    assert "Not Found" not in html


def test_a_signed_in_user_s_404_offers_the_case_list_and_the_page_they_came_from(login, donghe_clerk):
    response = login(donghe_clerk).get("/no-such-page/", HTTP_REFERER="http://testserver/cases/")
    assert response.status_code == 404
    html = page_text(response)
    assert '<a href="http://testserver/cases/">返回上一页</a>' in html
    assert "案件列表" in html


def test_a_referer_from_another_site_is_not_offered_as_back(client):
    html = page_text(client.get("/no-such-page/", HTTP_REFERER="https://evil.example/"))
    assert "evil.example" not in html
    assert "返回上一页" not in html


def test_a_refusal_is_a_chinese_403_that_carries_the_reason(login, donghe_clerk):
    response = login(donghe_clerk).get("/test-errors/refuse/")
    assert response.status_code == 403
    assert_in_layout(response)
    html = page_text(response)
    assert "没有权限" in html
    assert "只有本机构的承办人可以办理此案件。" in html
    assert "Forbidden" not in html


def test_a_real_page_that_refuses_shows_the_403_page_with_its_reason(login, citizen):
    response = login(citizen).get("/audit/")
    assert response.status_code == 403
    assert "没有权限" in page_text(response)
    assert "仅审计员和系统管理员可以查看审计记录。" in page_text(response)


def test_a_stale_form_token_is_a_chinese_page_saying_nothing_was_saved():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert_in_layout(response)
    html = page_text(response)
    assert "页面已过期" in html
    assert "内容没有保存" in html
    assert "CSRF" not in html


def test_a_crash_is_a_chinese_500_page_in_the_layout():
    client = Client(raise_request_exception=False)
    response = client.get("/test-errors/boom/")
    assert response.status_code == 500
    assert_in_layout(response)
    assert "服务器内部错误" in page_text(response)
    assert "RuntimeError" not in page_text(response)


def test_the_500_page_survives_a_broken_layout(monkeypatch):
    from fazhi.core import errors

    def broken(name, using=None):
        raise RuntimeError("template engine down")

    monkeypatch.setattr(errors.loader, "get_template", broken)
    response = Client(raise_request_exception=False).get("/test-errors/boom/")
    assert response.status_code == 500
    assert "服务器内部错误" in page_text(response)
    assert '<a href="/">返回首页</a>' in page_text(response)


def test_the_rate_limit_answers_with_the_429_page(client, settings):
    settings.FAZHI_ANON_RATE = "2/m"
    assert [client.get("/cases/deadlines/").status_code for _ in range(2)] == [200, 200]
    response = client.get("/cases/deadlines/")
    assert response.status_code == 429
    assert_in_layout(response)
    assert "访问过于频繁" in page_text(response)
    assert 1 <= int(response["Retry-After"]) <= 60


def test_api_paths_keep_json_errors_in_chinese():
    client = Client(raise_request_exception=False)
    missing = client.get("/api/elsewhere/")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "未找到。"}
    crash = client.get("/api/v1-test/boom/")
    assert crash.status_code == 500
    assert crash.json() == {"detail": "服务器内部错误，请稍后再试。"}
    refused = Client(enforce_csrf_checks=True).post("/api/v1-test/boom/")
    assert refused.status_code in {403, 500}
    assert refused["Content-Type"] == "application/json"


def test_an_english_reader_gets_the_error_page_in_english(client):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")
    html = page_text(response)
    assert '<html lang="en">' in html
    assert "Page not found" in html
    assert "Back to the home page" in html
