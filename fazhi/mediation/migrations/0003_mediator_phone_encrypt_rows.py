"""A mediator's phone encrypted at rest: the rows already there (the schema changed in 0002).

The helper of ``manage.py rotate_pii_keys`` encrypts the values (plain SQL in batches; values that are already tokens
are left alone, so a second run changes nothing). Backwards, the values are decrypted (the keys are needed) before
0002 narrows the column again.
"""

from django.db import migrations

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
        ("mediation", "0002_mediator_phone_encrypted"),
        ("cases", "0004_party_encrypted"),  # the rotate_pii_keys helper this migration calls lives in cases
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
