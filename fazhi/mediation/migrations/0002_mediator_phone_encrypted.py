"""A mediator's phone encrypted at rest (personal data like a party's; no blind index, nobody searches by it): the
schema. The column widens to text (a Fernet token is ~100 characters); the next migration encrypts the rows already
there, in its own transaction (on PostgreSQL, a table cannot be altered after updates of the same transaction).
"""

from django.db import migrations

import fazhi.core.crypto


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="mediator",
            name="phone",
            field=fazhi.core.crypto.EncryptedCharField(blank=True, max_length=30, verbose_name="电话"),
        ),
    ]
