from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="accessrecord",
            name="case_number",
            field=models.CharField(blank=True, db_index=True, max_length=60, verbose_name="案号"),
        ),
        migrations.AddField(
            model_name="accessrecord",
            name="user_agent",
            field=models.CharField(blank=True, max_length=300, verbose_name="浏览器标识"),
        ),
        migrations.AddIndex(
            model_name="accessrecord",
            index=models.Index(fields=["user", "at"], name="access_user_at"),
        ),
        migrations.AddIndex(
            model_name="accessrecord",
            index=models.Index(fields=["object_type", "object_id"], name="access_object"),
        ),
    ]
