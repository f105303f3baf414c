"""A mediator's phone encrypted at rest (personal data like a party's; no blind index, nobody searches by it).

The schema step widens the column to text (a Fernet token is ~100 characters); the data step encrypts the rows
already there with the helper of ``manage.py rotate_pii_keys`` (plain SQL in batches; values that are already tokens
are left alone, so a second run changes nothing). Backwards, the values are decrypted first (the keys are needed),
then the column narrows again.
"""

from django.db import migrations

import fazhi.core.crypto

BATCH = 2000


def encrypt_rows(apps, schema_editor):
    from fazhi.cases.management.commands.rotate_pii_keys import rotate_model

    model = apps.get_model("mediation", "Mediator")
    rotate_model(model, [model._meta.get_field("phone")], BATCH)


def decrypt_rows(apps, schema_editor):
    """Back to clear text (only to migrate backwards; needs the keys)."""
    from fazhi.core.crypto import decrypt, is_token

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, phone FROM mediation_mediator WHERE phone <> ''")
        updates = [[decrypt(phone), pk] for pk, phone in cursor.fetchall() if is_token(phone)]
        cursor.executemany("UPDATE mediation_mediator SET phone = %s WHERE id = %s", updates)


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0001_initial"),
        ("cases", "0004_party_encrypted"),  # the rotate_pii_keys helper this migration calls lives in cases
    ]

    operations = [
        migrations.AlterField(
            model_name="mediator",
            name="phone",
            field=fazhi.core.crypto.EncryptedCharField(blank=True, max_length=30, verbose_name="电话"),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
