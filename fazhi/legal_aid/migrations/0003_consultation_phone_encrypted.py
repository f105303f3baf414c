"""A consultation's caller phone encrypted at rest, with a blind index to find consultations by phone.

The schema step widens the column to text (a Fernet token is ~100 characters) and adds the index; the data step
encrypts the rows already there with the helpers of ``manage.py rotate_pii_keys`` (plain SQL in batches: a value
not yet a token is encrypted, one already a token is left alone), then computes the blind indexes. Running it again
changes nothing. Backwards, the values are decrypted first (the keys are needed), then the column narrows again.
"""

from django.db import migrations

import fazhi.core.crypto

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
        ("legal_aid", "0002_duty_lawyer_channel"),
        ("cases", "0004_party_encrypted"),  # the rotate_pii_keys helpers this migration calls live in cases
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
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
