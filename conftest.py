"""Personas for every test: the Baotou demo organisations and staff, loaded once per test database."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client
from django.test.client import ClientMixin

from fazhi.accounts.models import User
from fazhi.demo.baotou import load_baotou_people


def _force_login_with_second_factor(self, user, backend=None):
    """`client.force_login(user)` in tests stands for a finished login: the password and, for staff, the second factor.

    Staff sessions are otherwise refused by StaffSessionMiddleware and the API's VerifiedSessionAuthentication
    (enforcement stays on in every test). This does what the code step does on success: it records the user's
    confirmed TOTP device in the session with django_otp.login (giving a staff user without one a device first).
    fazhi/accounts/tests prove the enforcement with real password logins, which this does not touch.
    """
    _plain_force_login(self, user, backend)
    from django.http import HttpRequest
    from django_otp import login as otp_login
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from fazhi.accounts.models import Membership

    if not (user.is_staff or user.is_superuser or Membership.objects.filter(user=user, is_active=True).exists()):
        return
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test", confirmed=True)
    request = HttpRequest()
    request.session = self.session
    request.user = user
    otp_login(request, device)
    request.session.save()


_plain_force_login = ClientMixin.force_login
ClientMixin.force_login = _force_login_with_second_factor  # type: ignore[method-assign]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_baotou_people()


def _seed_work_calendar() -> None:
    """Re-seed the calendar the data migration fills, if a transactional test's flush emptied it.

    (serialized_rollback is avoided on purpose: it skips post_migrate after the flush and leaves no content types.)
    """
    from django.apps import apps

    from fazhi.core.models import CalendarDay

    if not CalendarDay.objects.exists():
        importlib.import_module("fazhi.core.migrations.0002_seed_work_calendar").seed(apps, None)


@pytest.fixture(autouse=True, scope="session")
def _uploads_in_a_temporary_directory(tmp_path_factory):
    """Uploads a test writes go to a directory of the test run, never to the repository's data/media. Set once on
    the settings themselves (not through override_settings, which would hide SETTINGS_MODULE from every test),
    before any test touches the default storage."""
    from django.conf import settings

    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _platform_language():
    """Each test starts in the platform's language: a test-client request in English (Accept-Language: en) leaves
    English active in the thread, as LocaleMiddleware activates and never resets, and the next test in the same
    worker would read its messages in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in the cache and every test calls from 127.0.0.1: each test starts with none."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def baotou(db):
    """The demo people and the work calendar; reloaded after a transactional test flushed the tables."""
    _seed_work_calendar()
    load_baotou_people()
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def city_clerk(baotou) -> User:
    return baotou["city_clerk"]


@pytest.fixture
def city_head(baotou) -> User:
    return baotou["city_head"]


@pytest.fixture
def leader(baotou) -> User:
    return baotou["leader"]


@pytest.fixture
def donghe_clerk(baotou) -> User:
    """County A clerk (东河区)."""
    return baotou["donghe_clerk"]


@pytest.fixture
def kundulun_clerk(baotou) -> User:
    """County B clerk (昆都仑区)."""
    return baotou["kundulun_clerk"]


@pytest.fixture
def mediator(baotou) -> User:
    return baotou["mediator"]


@pytest.fixture
def auditor(baotou) -> User:
    return baotou["auditor"]


@pytest.fixture
def citizen(baotou) -> User:
    return baotou["citizen"]


@pytest.fixture
def login():
    """A test client logged in as the given user (None: anonymous)."""

    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
