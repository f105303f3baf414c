"""A county grain beside the case-region grain: city-wide reads sum a tenth of the rows."""

from django.db import migrations, models
from django.db.models import Sum
from django.db.models.functions import Concat, Substr
from django.db.models import Value


def add_county_rows(apps, schema_editor):
    Rollup = apps.get_model("indicators", "Rollup")
    grouped = (
        Rollup.objects.filter(grain="case")
        .annotate(county=Concat(Substr("region_code", 1, 6), Value("000000")))
        .values("line", "measure", "month", "county")
        .annotate(n=Sum("count"), s=Sum("amount"))
        .order_by()
    )
    Rollup.objects.bulk_create(
        [
            Rollup(
                grain="county", line=r["line"], measure=r["measure"], month=r["month"], region_code=r["county"],
                count=r["n"], amount=r["s"],
            )
            for r in grouped
        ],
        batch_size=2000,
    )


def drop_county_rows(apps, schema_editor):
    apps.get_model("indicators", "Rollup").objects.filter(grain="county").delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0002_month_grain")]

    operations = [
        migrations.RemoveConstraint(model_name="rollup", name="rollup_unique"),
        migrations.RemoveIndex(model_name="rollup", name="rollup_line_month"),
        migrations.AddField(
            model_name="rollup",
            name="grain",
            field=models.CharField(
                choices=[("case", "case region"), ("county", "county")], default="case", max_length=6
            ),
        ),
        migrations.AddConstraint(
            model_name="rollup",
            constraint=models.UniqueConstraint(
                fields=("grain", "line", "measure", "month", "region_code"), name="rollup_unique"
            ),
        ),
        migrations.AddIndex(
            model_name="rollup", index=models.Index(fields=["line", "grain", "month"], name="rollup_line_grain_month")
        ),
        migrations.RunPython(add_county_rows, drop_county_rows),
    ]
