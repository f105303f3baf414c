"""A one-row version token for the work calendar, changed by the database on every write to `core_calendarday`.

`fazhi.core.calendar.work_calendar()` caches the calendar per process and, at most once per request or task, reads
this row by primary key to learn whether another process changed the calendar (issue 12; the aggregate over the
whole table it ran on every call was most of the deadline answer's cost).

Why triggers rather than a bump in Python: every write path changes the token, including those that send no model
signal (`bulk_create`, `QuerySet.update`, raw SQL, `flush` between tests, another program on the same database).
The token is random rather than a counter so that emptying the tables and refilling them can never bring back a
value a process has cached. The table is not a model: nothing but the triggers writes it and only
`work_calendar()` reads it, by primary key.
"""

from django.db import migrations

TABLE = "core_calendarversion"

POSTGRESQL = [
    f"CREATE TABLE {TABLE} (id smallint PRIMARY KEY CHECK (id = 1), token bigint NOT NULL)",
    f"INSERT INTO {TABLE} (id, token) VALUES (1, floor(random() * 9e18)::bigint)",
    f"""
    CREATE FUNCTION core_calendarday_touch() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO {TABLE} (id, token) VALUES (1, floor(random() * 9e18)::bigint)
        ON CONFLICT (id) DO UPDATE SET token = EXCLUDED.token;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER core_calendarday_touch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON core_calendarday
    FOR EACH STATEMENT EXECUTE FUNCTION core_calendarday_touch()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS core_calendarday_touch ON core_calendarday",
    "DROP FUNCTION IF EXISTS core_calendarday_touch()",
    f"DROP TABLE IF EXISTS {TABLE}",
]

# SQLite has row triggers only, one per event.
SQLITE = [
    f"CREATE TABLE {TABLE} (id integer PRIMARY KEY CHECK (id = 1), token integer NOT NULL)",
    f"INSERT INTO {TABLE} (id, token) VALUES (1, random())",
] + [
    f"""
    CREATE TRIGGER core_calendarday_touch_{event.lower()} AFTER {event} ON core_calendarday
    BEGIN INSERT OR REPLACE INTO {TABLE} (id, token) VALUES (1, random()); END
    """
    for event in ("INSERT", "UPDATE", "DELETE")
]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS core_calendarday_touch_{e}" for e in ("insert", "update", "delete")] + [
    f"DROP TABLE IF EXISTS {TABLE}"
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor not in statements:
            raise NotImplementedError(
                f"the calendar version trigger is written for PostgreSQL and SQLite, not {vendor}"
            )
        for sql in statements[vendor]:
            schema_editor.execute(sql, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("core", "0002_seed_work_calendar")]
    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
            _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}),
        )
    ]
