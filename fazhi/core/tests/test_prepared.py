"""Statements PostgreSQL prepares once per session (`fazhi.core.compiled.Prepared`) are planned once too."""

from __future__ import annotations

import pytest
from django.db import connection, connections

from fazhi.core.compiled import Prepared

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"),
]


def test_a_new_session_keeps_one_generic_plan_per_prepared_statement():
    """Every new session plans its prepared statements once (`plan_once`): an EXECUTE after the first runs the
    generic plan, not a plan made again for its values (the rollup statement was re-planned on every step)."""
    session = connections.create_connection("default")  # a new session: connection_created
    try:
        _plans_once(session)
    finally:
        session.close()


def _plans_once(session) -> None:
    with session.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone()[0] == "force_generic_plan"
        statement = Prepared("fazhi_test_plan_once", "SELECT count(*) FROM core_region WHERE code = ANY($1)", ())
        for _ in range(3):
            statement.execute(cursor, [["150200000000"]])
            cursor.fetchone()
        cursor.execute(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'fazhi_test_plan_once'"
        )
        assert cursor.fetchone() == (3, 0)
