"""A consultation's caller phone encrypted at rest, with a blind index to find consultations by phone: the schema.

The column widens to text (a Fernet token is ~100 characters) and the index is added here; the rows already there are
encrypted by the next migration, in its own transaction (on PostgreSQL, the index this one creates at its end could not
be built after updates of the same transaction).
"""

from django.db import migrations

import fazhi.core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("legal_aid", "0002_duty_lawyer_channel"),
    ]

    operations = [
        migrations.AlterField(
            model_name="consultation",
            name="phone",
            field=fazhi.core.crypto.EncryptedCharField(blank=True, max_length=30, verbose_name="联系电话"),
        ),
        migrations.AddField(
            model_name="consultation",
            name="phone_index",
            field=fazhi.core.crypto.BlindIndexField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                kind="phone",
                max_length=64,
                source="phone",
                verbose_name="联系电话索引",
            ),
        ),
    ]
