"""DRF's `rest_framework.authtoken` is no longer installed: ApiToken is the one token type (scoped, revocable).

A database that had the app keeps its table, with every key stored in clear, and its migration rows. Both go:
the keys authenticate nothing any more but would still sit in every dump, and without the rows a later
re-install would think its table exists. A new database never had the table; then this does nothing.
"""

from django.db import migrations
from django.db.migrations.recorder import MigrationRecorder

TABLE = "authtoken_token"


def drop_drf_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if TABLE in connection.introspection.table_names():
        schema_editor.execute(schema_editor.sql_delete_table % {"table": schema_editor.quote_name(TABLE)})
    MigrationRecorder(connection).migration_qs.filter(app="authtoken").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_token"),
    ]

    operations = [
        migrations.RunPython(drop_drf_tokens, migrations.RunPython.noop, elidable=True),
    ]
