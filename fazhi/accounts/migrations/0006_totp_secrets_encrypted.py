"""TOTP secrets encrypted at rest (fazhi.accounts.totp_secrets): widen the column on PostgreSQL, encrypt old keys."""

from django.db import migrations

from fazhi.core.crypto import decrypt, encrypt, is_token


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":  # SQLite does not enforce a varchar's length
        schema_editor.execute('ALTER TABLE otp_totp_totpdevice ALTER COLUMN "key" TYPE varchar(255)')


def narrow(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute('ALTER TABLE otp_totp_totpdevice ALTER COLUMN "key" TYPE varchar(80)')


def encrypt_keys(apps, schema_editor):
    device = apps.get_model("otp_totp", "TOTPDevice")
    for pk, key in device.objects.values_list("pk", "key"):
        if key and not is_token(key):
            device.objects.filter(pk=pk).update(key=encrypt(key))


def decrypt_keys(apps, schema_editor):
    device = apps.get_model("otp_totp", "TOTPDevice")
    for pk, key in device.objects.values_list("pk", "key"):
        if key and is_token(key):
            device.objects.filter(pk=pk).update(key=decrypt(key))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_kinds_and_roles_from_lines"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.RunPython(widen, narrow),
        migrations.RunPython(encrypt_keys, decrypt_keys),
    ]
