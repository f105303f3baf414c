"""Decisions carry their agency's region and their entry's field and kind (the figures count one table)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Decision = apps.get_model("lenient", "Decision")
    Organisation = apps.get_model("accounts", "Organisation")
    ListEntry = apps.get_model("lenient", "ListEntry")
    Decision.objects.update(
        region_id=Subquery(Organisation.objects.filter(pk=OuterRef("agency_id")).values("region_id")[:1]),
        domain=Subquery(ListEntry.objects.filter(pk=OuterRef("entry_id")).values("domain")[:1]),
        kind=Subquery(ListEntry.objects.filter(pk=OuterRef("entry_id")).values("kind")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
                ("lenient", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="decision",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="行政区划",
            ),
        ),
        migrations.AddField(
            model_name="decision",
            name="domain",
            field=models.CharField(choices=[('market_regulation', '市场监管'), ('ecology_environment', '生态环境'), ('transport', '交通运输'), ('urban_management', '城市管理'), ('culture_tourism', '文化旅游'), ('emergency_management', '应急管理'), ('taxation', '税务'), ('natural_resources', '自然资源'), ('health', '卫生健康'), ('housing_construction', '住房城乡建设'), ('human_resources', '人力资源社会保障'), ('public_security', '公安'), ('agriculture', '农业农村')], default="", max_length=30, verbose_name="领域"),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="decision",
            name="kind",
            field=models.CharField(choices=[('no_penalty', '不予处罚'), ('reduced', '减轻处罚'), ('lighter', '从轻处罚')], default="", max_length=20, verbose_name="类型"),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="decision",
            name="region",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="core.region",
                verbose_name="行政区划",
            ),
        ),
        migrations.AddIndex(
            model_name="decision",
            index=models.Index(fields=["region", "decided_on"], name="lenient_decision_region_day"),
        ),
    ]
