"""A consultation's caller phone encrypted at rest: the rows already there (the schema changed in 0003).

The helpers of ``manage.py rotate_pii_keys`` encrypt the values (plain SQL in batches: a value not yet a token is
encrypted, one already a token is left alone), then compute the blind indexes. Running it again changes nothing.
Backwards, the values are decrypted (the keys are needed) before 0003 narrows the column again.
"""

from django.db import migrations

BATCH = 2000


def encrypt_rows(apps, schema_editor):
    from fazhi.cases.management.commands.rotate_pii_keys import reindex_model, rotate_model

    model = apps.get_model("legal_aid", "Consultation")
    rotate_model(model, [model._meta.get_field("phone")], BATCH)
    reindex_model(model, [model._meta.get_field("phone_index")], BATCH)


def decrypt_rows(apps, schema_editor):
    """Back to clear text (only to migrate backwards; needs the keys)."""
    from fazhi.core.crypto import decrypt, is_token

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, phone FROM legal_aid_consultation WHERE phone <> ''")
        updates = [[decrypt(phone), pk] for pk, phone in cursor.fetchall() if is_token(phone)]
        cursor.executemany("UPDATE legal_aid_consultation SET phone = %s WHERE id = %s", updates)


class Migration(migrations.Migration):
    dependencies = [
        ("legal_aid", "0003_consultation_phone_encrypted"),
        ("cases", "0004_party_encrypted"),  # the rotate_pii_keys helpers this migration calls live in cases
    ]

    operations = [
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
