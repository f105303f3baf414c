"""Staff sessions: an idle timeout and an absolute cap, and no staff page before the second factor."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse

from fazhi.accounts.twofactor import confirmed_totp, is_verified, needs_second_factor

SEEN_KEY = "fazhi_seen_at"
LOGIN_AT_KEY = "fazhi_login_at"
# the idle clock is written to the session at most this often, not on every request
SEEN_RESOLUTION_SECONDS = 60
# paths an unverified staff session may still reach: the login steps themselves, static files, the language switch,
# and the API, where VerifiedSessionAuthentication answers 403 in JSON instead of a redirect
OPEN_PREFIXES = ("/static/", "/i18n/", "/api/")


def _open_paths() -> tuple[str, ...]:
    return tuple(reverse(f"accounts:{name}") for name in ("login", "logout", "verify", "enrol"))


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                if not request.path_info.startswith("/api/"):
                    query = urlencode({"expired": expired, "next": request.get_full_path()})
                    return HttpResponseRedirect(f"{reverse('accounts:login')}?{query}")
            elif needs_second_factor(user) and not is_verified(user) and not self._open(request.path_info):
                step = "verify" if confirmed_totp(user) is not None else "enrol"
                url = reverse(f"accounts:{step}")
                if request.method == "GET":
                    url += "?" + urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(url)
        return self.get_response(request)

    @staticmethod
    def _open(path: str) -> bool:
        return path.startswith(OPEN_PREFIXES) or path in _open_paths()

    @staticmethod
    def _expired(request) -> str:
        """ "idle" or "age" when the session must end, else "" (and the idle clock is moved on)."""
        now = int(time.time())
        session = request.session
        login_at = session.get(LOGIN_AT_KEY)
        if login_at is not None and now - login_at > settings.SESSION_COOKIE_AGE:
            return "age"
        seen = session.get(SEEN_KEY)
        if seen is not None and now - seen > settings.SESSION_IDLE_TIMEOUT:
            return "idle"
        if seen is None or now - seen >= SEEN_RESOLUTION_SECONDS:
            session[SEEN_KEY] = now
        return ""


def stamp_login(sender, request, user, **kwargs) -> None:
    """user_logged_in: start the absolute and idle clocks of the new session."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[LOGIN_AT_KEY] = now
        session[SEEN_KEY] = now
