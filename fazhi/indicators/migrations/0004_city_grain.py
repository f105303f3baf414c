"""A city grain beside the county grain: a city-wide page sums a tenth of the county rows."""

from django.db import migrations, models
from django.db.models import Sum, Value
from django.db.models.functions import Concat, Substr


def add_city_rows(apps, schema_editor):
    Rollup = apps.get_model("indicators", "Rollup")
    grouped = (
        Rollup.objects.filter(grain="county")
        .annotate(city=Concat(Substr("region_code", 1, 4), Value("00000000")))
        .values("line", "measure", "month", "city")
        .annotate(n=Sum("count"), s=Sum("amount"))
        .order_by()
    )
    Rollup.objects.bulk_create(
        [
            Rollup(
                grain="city", line=r["line"], measure=r["measure"], month=r["month"], region_code=r["city"],
                count=r["n"], amount=r["s"],
            )
            for r in grouped.iterator(chunk_size=2000)
        ],
        batch_size=2000,
    )


def drop_city_rows(apps, schema_editor):
    apps.get_model("indicators", "Rollup").objects.filter(grain="city").delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0003_rollup_grain")]

    operations = [
        migrations.AlterField(
            model_name="rollup",
            name="grain",
            field=models.CharField(
                choices=[("case", "case region"), ("county", "county"), ("city", "city")], default="case", max_length=6
            ),
        ),
        migrations.RunPython(add_city_rows, drop_city_rows),
    ]
