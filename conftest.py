"""Personas for every test: the Baotou demo organisations and staff, loaded once per test database."""

from __future__ import annotations

import importlib

import pytest
from django.test import Client

from fazhi.accounts.models import User
from fazhi.demo.baotou import load_baotou_people


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
