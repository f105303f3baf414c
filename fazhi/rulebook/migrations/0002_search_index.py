"""The full-text index over NormativeDocument.search_tokens (fazhi.rulebook.search says why this design).

SQLite: an FTS5 table `rulebook_search` (rowid = the document's id; columns title and body, the two lines of
search_tokens) kept by triggers, so every write of search_tokens, by any path, updates it in the same transaction.
PostgreSQL: a stored generated column `search_vector`, to_tsvector('simple', …) of the two lines of search_tokens
weighted A and D, with a GIN index; the search filters and ranks on it.
Any other database gets nothing here (and the search raises there).
"""

from django.db import migrations

TABLE = "rulebook_normativedocument"
HEAD = "substr({s}, 1, instr({s} || char(10), char(10)) - 1)"  # the first line: title and 文号 words
BODY = "substr({s}, instr({s} || char(10), char(10)) + 1)"  # the rest: the text's words


def _columns(row: str) -> str:
    s = f"{row}.search_tokens"
    return f"{HEAD.format(s=s)}, {BODY.format(s=s)}"


SQLITE_FORWARD = [
    "CREATE VIRTUAL TABLE rulebook_search USING fts5(title, body, tokenize = 'unicode61')",
    f"INSERT INTO rulebook_search (rowid, title, body) SELECT id, {_columns(TABLE)} FROM {TABLE}",
    f"""CREATE TRIGGER rulebook_search_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO rulebook_search (rowid, title, body) VALUES (new.id, {_columns("new")});
    END""",
    f"""CREATE TRIGGER rulebook_search_update AFTER UPDATE OF search_tokens ON {TABLE} BEGIN
        DELETE FROM rulebook_search WHERE rowid = old.id;
        INSERT INTO rulebook_search (rowid, title, body) VALUES (new.id, {_columns("new")});
    END""",
    f"""CREATE TRIGGER rulebook_search_delete AFTER DELETE ON {TABLE} BEGIN
        DELETE FROM rulebook_search WHERE rowid = old.id;
    END""",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS rulebook_search_insert",
    "DROP TRIGGER IF EXISTS rulebook_search_update",
    "DROP TRIGGER IF EXISTS rulebook_search_delete",
    "DROP TABLE IF EXISTS rulebook_search",
]
# PostgreSQL: the weighted vector is stored (a generated column the model does not declare: the database keeps it
# from search_tokens on every write), so ranking reads it instead of parsing every matched document again.
POSTGRESQL_FORWARD = [
    f"""ALTER TABLE {TABLE} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, split_part(search_tokens, E'\\n', 1)), 'A')
        || setweight(to_tsvector('simple'::regconfig, split_part(search_tokens, E'\\n', 2)), 'D')
    ) STORED""",
    f"CREATE INDEX rulebook_search_gin ON {TABLE} USING GIN (search_vector)",
]
POSTGRESQL_BACKWARD = ["DROP INDEX IF EXISTS rulebook_search_gin", f"ALTER TABLE {TABLE} DROP COLUMN search_vector"]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor) -> None:
        for sql in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRESQL_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRESQL_BACKWARD}),
            elidable=False,
        )
    ]
