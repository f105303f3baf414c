"""Rollups move from a day grain to a month grain: existing rows are summed into their month, nothing is lost."""

from django.db import migrations, models
from django.db.models import Sum
from django.db.models.functions import TruncMonth


def to_months(apps, schema_editor):
    for name in ("Rollup", "RollupDelta"):
        model = apps.get_model("indicators", name)
        grouped = list(
            model.objects.annotate(m=TruncMonth("day"))
            .values("line", "measure", "m", "region_code")
            .annotate(n=Sum("count"), s=Sum("amount"))
            .order_by()
        )
        model.objects.all().delete()
        model.objects.bulk_create(
            [
                model(
                    line=r["line"], measure=r["measure"], day=r["m"], region_code=r["region_code"], count=r["n"],
                    amount=r["s"],
                )
                for r in grouped
                if r["n"] or r["s"]
            ],
            batch_size=2000,
        )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [
        migrations.RunPython(to_months, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="rollup", name="rollup_unique"),
        migrations.RemoveIndex(model_name="rollup", name="rollup_line_day"),
        migrations.RemoveIndex(model_name="rollupdelta", name="rollup_delta_line_day"),
        migrations.RenameField(model_name="rollup", old_name="day", new_name="month"),
        migrations.RenameField(model_name="rollupdelta", old_name="day", new_name="month"),
        migrations.AlterField(
            model_name="rollup", name="month", field=models.DateField(help_text="the first day of the month")
        ),
        migrations.AlterField(
            model_name="rollupdelta", name="month", field=models.DateField(help_text="the first day of the month")
        ),
        migrations.AddConstraint(
            model_name="rollup",
            constraint=models.UniqueConstraint(
                fields=("line", "measure", "month", "region_code"), name="rollup_unique"
            ),
        ),
        migrations.AddIndex(model_name="rollup", index=models.Index(fields=["line", "month"], name="rollup_line_month")),
        migrations.AddIndex(
            model_name="rollupdelta", index=models.Index(fields=["line", "month"], name="rollup_delta_line_month")
        ),
    ]
