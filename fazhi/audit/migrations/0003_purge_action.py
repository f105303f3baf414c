from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_access_context")]

    operations = [
        migrations.AlterField(
            model_name="accessrecord",
            name="action",
            field=models.CharField(
                choices=[
                    ("view", "查看"),
                    ("export", "导出"),
                    ("reveal", "查看完整个人信息"),
                    ("download", "下载"),
                    ("purge", "清理过期审计记录"),
                ],
                max_length=10,
                verbose_name="操作",
            ),
        ),
    ]
