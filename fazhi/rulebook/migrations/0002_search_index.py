"""The full-text index over NormativeDocument.search_tokens (filled in by the search work: FTS5 / GIN)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("rulebook", "0001_initial")]

    operations: list = []
