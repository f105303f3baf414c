from django.db import migrations, models


class Migration(migrations.Migration):
    """A line's cases of a region subtree (code prefix: the pattern operator class on PostgreSQL; the operator
    classes are PostgreSQL's only, other databases get a plain index) with their ids, read index-only."""

    dependencies = [("cases", "0007_open_cases_index")]

    operations = [
        migrations.AddIndex(
            model_name="case",
            index=models.Index(
                fields=["line", "region", "id"],
                name="case_line_region_prefix_id",
                opclasses=["varchar_ops", "varchar_pattern_ops", "int8_ops"],
            ),
        ),
    ]
