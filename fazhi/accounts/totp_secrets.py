"""TOTP secrets encrypted at rest (issue 13): django-otp's TOTPDevice keeps its key in clear hex; ours is a token.

The `key` column of `otp_totp_totpdevice` holds the secret encrypted with the personal-data keys
(`fazhi.core.crypto`, rotatable by `rotate_pii_keys`). Two small hooks make the third-party model work with it,
installed by `AccountsConfig.ready()`:

- before a device is saved, a clear hex key (django-otp's default, a demo key, an old row) is encrypted;
- `TOTPDevice.bin_key`, the one accessor django-otp reads the secret through (verification, the otpauth URL, the
  admin's QR code), decrypts it; a clear key from before still reads, until the migration or a rotation seals it.

Why hooks and not our own device model: every consumer of django-otp (its verification by persistent id, its
admin, `devices_for_user`) loads TOTPDevice itself; a proxy or a copy of the model would leave those reading the
token as hex. The column is widened on PostgreSQL (accounts migration 0006) since a token is longer than 80 chars.
"""

from __future__ import annotations

from binascii import unhexlify

from django.db.models.signals import pre_save

from fazhi.core.crypto import decrypt, encrypt, is_token


def clear_key(stored: str) -> str:
    """The hex secret of a stored key (a token, or clear hex from before)."""
    return decrypt(stored) if stored and is_token(stored) else stored


def _bin_key(device) -> bytes:
    return unhexlify(clear_key(device.key).encode())


def _seal_key(sender, instance, **kwargs) -> None:
    if instance.key and not is_token(instance.key):
        instance.key = encrypt(instance.key)


def install() -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.bin_key = property(_bin_key, doc="The secret key as bytes, decrypted from the stored token.")
    pre_save.connect(_seal_key, sender=TOTPDevice, dispatch_uid="fazhi.accounts.seal_totp_key")
