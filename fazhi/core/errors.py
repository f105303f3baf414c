"""The site's error pages: 400/403/404/500, the CSRF refusal and the rate limit's 429, in Chinese and in the layout.

Django's own handlers answer in bare English with no way back; these render `errors/<status>.html` (which extend
base.html: top bar, a link home, back and to the login page). Paths under /api/ keep the API's JSON errors
(`{"detail": …}`), as fazhi.api.errors does for what DRF raises itself.
The 500 page is rendered without the request's context processors (no database, no session): whatever broke the
request may break them too, and a failing 500 handler would leave Django's bare text.
"""

from __future__ import annotations

import logging

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

logger = logging.getLogger(__name__)


def _wants_json(request: HttpRequest) -> bool:
    return request.path_info.startswith("/api/")


def _json(message: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _page(request: HttpRequest, status: int, message: str = "", **context: object) -> HttpResponse:
    template = loader.get_template(f"errors/{status}.html")
    context = {"message": message, "back_url": _back_url(request), **context}
    return HttpResponse(template.render(context, request), status=status)


def _back_url(request: HttpRequest) -> str:
    """The page the user came from, when it is on this site (a link elsewhere is not offered as "back")."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
    except DisallowedHost:  # the 400 for a host not in ALLOWED_HOSTS comes through here too
        return ""
    return referer if referer and url_has_allowed_host_and_scheme(referer, {host}, request.is_secure()) else ""


def _user_message(exception: Exception | None) -> str:
    """The refusal's own sentence when the code gave one (services raise PermissionDenied("您无权…")), else ''."""
    if exception is None or not exception.args:
        return ""
    text = str(exception.args[0])
    return text if text and not text.isascii() else ""  # an English developer note is not shown to users


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return _json(_("请求有误，无法处理。"), 400)
    return _page(request, 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = _user_message(exception)
    if _wants_json(request):
        return _json(message or _("您没有执行此操作的权限。"), 403)
    return _page(request, 403, message)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _wants_json(request):
        return _json(_("未找到。"), 404)
    return _page(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _wants_json(request):
        return _json(_("服务器内部错误，请稍后再试。"), 500)
    try:
        # No request: no context processors, so neither the session nor the database is touched.
        body = loader.get_template("errors/500.html").render({"LANGUAGE_CODE": get_language() or "zh-hans"})
    except Exception:  # the layout itself failed: a plain page still says what happened, in Chinese
        logger.exception("the 500 page could not be rendered")
        body = (
            '<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>服务器内部错误</title>'
            '<h1>服务器内部错误</h1><p>系统出现问题，已记录。请稍后再试。</p><p><a href="/">返回首页</a></p></html>'
        )
    return HttpResponse(body, status=500)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: the form's security token was missing or stale (an old tab, cookies off, a new login)."""
    if _wants_json(request):
        return _json(_("安全校验未通过，请刷新页面后重试。"), 403)
    return _page(request, 403, csrf=True)


def too_many_requests(request: HttpRequest, seconds: int) -> HttpResponse:
    """The anonymous rate limit's answer (fazhi.core.ratelimit): the page, or JSON under /api/, with Retry-After."""
    message = _("访问过于频繁，请 %(seconds)s 秒后再试。") % {"seconds": seconds}
    response = _json(message, 429) if _wants_json(request) else _page(request, 429, message)
    response["Retry-After"] = str(seconds)
    return response
