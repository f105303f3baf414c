"""Party's ID number, phone and address encrypted at rest, with blind indexes for ID number and phone.

The schema step widens the three columns to text (a Fernet token is ~100-300 characters) and adds the indexes;
the data step encrypts the rows already there, in batches, with plain SQL (the historical model's fields would try
to decrypt the clear values). Running it twice changes nothing: values that are already tokens are skipped.
"""

from django.db import migrations

import fazhi.core.crypto
import fazhi.core.validators

BATCH = 2000


def _rows(connection, last_id):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, id_number, phone, address FROM cases_party WHERE id > %s ORDER BY id LIMIT %s",
            [last_id, BATCH],
        )
        return cursor.fetchall()


def encrypt_rows(apps, schema_editor):
    from fazhi.core.crypto import blind_index, decrypt, encrypt, is_token

    connection = schema_editor.connection
    last_id = 0
    while rows := _rows(connection, last_id):
        last_id = rows[-1][0]
        updates = []
        for pk, *stored in rows:
            stored = [v or "" for v in stored]
            if all(not v or is_token(v) for v in stored):
                continue  # already encrypted (a second run)
            clear = [decrypt(v) if is_token(v) else v for v in stored]
            updates.append(
                [*(encrypt(v) for v in clear), blind_index("id_number", clear[0]), blind_index("phone", clear[1]), pk]
            )
        if updates:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "UPDATE cases_party SET id_number = %s, phone = %s, address = %s, "
                    "id_number_index = %s, phone_index = %s WHERE id = %s",
                    updates,
                )


def decrypt_rows(apps, schema_editor):
    """Back to clear text (only to migrate backwards; needs the keys)."""
    from fazhi.core.crypto import decrypt, is_token

    connection = schema_editor.connection
    last_id = 0
    while rows := _rows(connection, last_id):
        last_id = rows[-1][0]
        updates = [
            [*(decrypt(v) if v and is_token(v) else (v or "") for v in (id_number, phone, address)), pk]
            for pk, id_number, phone, address in rows
        ]
        with connection.cursor() as cursor:
            cursor.executemany("UPDATE cases_party SET id_number = %s, phone = %s, address = %s WHERE id = %s", updates)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_deadline_advisory"),
    ]

    operations = [
        migrations.AlterField(
            model_name="party",
            name="id_number",
            field=fazhi.core.crypto.EncryptedCharField(
                blank=True,
                max_length=18,
                validators=[fazhi.core.validators.id_number_validator],
                verbose_name="身份证号",
            ),
        ),
        migrations.AlterField(
            model_name="party",
            name="phone",
            field=fazhi.core.crypto.EncryptedCharField(blank=True, max_length=30, verbose_name="联系电话"),
        ),
        migrations.AlterField(
            model_name="party",
            name="address",
            field=fazhi.core.crypto.EncryptedCharField(blank=True, max_length=200, verbose_name="地址"),
        ),
        migrations.AddField(
            model_name="party",
            name="id_number_index",
            field=fazhi.core.crypto.BlindIndexField(
                blank=True,
                db_index=True,
                default="",
                editable=False,
                kind="id_number",
                max_length=64,
                source="id_number",
                verbose_name="身份证号索引",
            ),
        ),
        migrations.AddField(
            model_name="party",
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
