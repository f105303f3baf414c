"""Drop the `varchar_pattern_ops` copies of django-auditlog's CharField indexes on PostgreSQL (issue 12).

auditlog declares `object_pk` and `cid` with `db_index=True`, so PostgreSQL gets two indexes on each: a plain one
(the equality and `IN` look-ups of the audit search, fazhi/audit/forms.py) and a pattern-ops one for `LIKE`, which no
query here makes. Every change record pays for both on insert (five records per imported row). Django's own schema
editor drops such an index with `DROP INDEX IF EXISTS`, so a later auditlog migration altering either field still
applies. SQLite has no pattern-ops indexes: nothing to do there.
"""

from django.db import migrations

TABLE = "auditlog_logentry"


def _pattern_indexes(cursor) -> list[tuple[str, str]]:
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexdef LIKE %s",
        [TABLE, "%varchar_pattern_ops%"],
    )
    return cursor.fetchall()


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for name, _definition in _pattern_indexes(cursor):
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


def restore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in ("object_pk", "cid"):
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{TABLE}_{column}_like" ON "{TABLE}" ("{column}" varchar_pattern_ops)'
        )


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0004_access_lockout"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [migrations.RunPython(drop, restore, elidable=False)]
