"""The step's check of the work calendar rides on its locked read of the case (`lock_case` reads the version token,
`core.calendar.calendar_token_read`): no query of its own, and a calendar edit made elsewhere is still seen."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from fazhi.cases.locking import lock_case
from fazhi.cases.tests.factories import open_reconsideration
from fazhi.core.calendar import calendar_recheck, work_calendar

DAY = date(2024, 10, 10)  # a Thursday, a working day in the seeded calendar


@pytest.mark.django_db
def test_the_locked_read_is_the_units_calendar_check(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    assert not work_calendar().is_rest_day(DAY)
    # another process adds a holiday: the row and the token change, this process hears nothing
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_calendarday (date, kind, name, source, changed_at) VALUES (%s, %s, %s, %s, %s)",
            [DAY, "holiday", "测试", "test", "2024-10-01 00:00:00+00"],
        )
    assert not work_calendar().is_rest_day(DAY)  # this unit of work checked already
    calendar_recheck()  # a new request begins
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_case(case.pk, user=city_clerk)
        assert work_calendar().is_rest_day(DAY)  # the edit, seen through the token the lock read
    token_alone = [q for q in queries.captured_queries if q["sql"].startswith("SELECT token FROM")]
    locked = [q["sql"] for q in queries.captured_queries if '"cases_case"' in q["sql"]]
    assert not token_alone and len(locked) == 1 and "core_calendarversion" in locked[0]
    calendar_recheck()  # the next request: the calendar unchanged, built already
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        lock_case(case.pk, user=city_clerk)
        assert work_calendar().is_rest_day(DAY)
    statements = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    assert len(statements) == 1 and '"cases_case"' in statements[0]  # the calendar costs no query of its own
