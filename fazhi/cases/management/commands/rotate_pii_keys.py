"""Re-encrypt every encrypted personal-data value with the newest key; with --reindex, recompute blind indexes.

Key rotation, step by step (docs/security.md):
1. put the new key first in FAZHI_PII_KEYS, keep the old ones after it, restart;
2. ``python manage.py rotate_pii_keys`` — every value is re-encrypted under the new key (MultiFernet.rotate);
3. remove the old keys from FAZHI_PII_KEYS, restart.
Index key rotation: set the new FAZHI_PII_INDEX_KEY, restart, and run ``rotate_pii_keys --reindex`` at once
(until it finishes, searches by ID number or phone find nothing for rows not yet reindexed).

Uploaded files (fazhi.core.sealed) are covered too: a sealed file's key is re-wrapped under the newest key (the
content is not rewritten), a file stored in clear before sealing existed is sealed.
Every model with an encrypted field is covered (found through the field class, so a new line's model is too).
Rows are read and written in batches of plain SQL, one transaction per batch; values already under the newest
key are left alone, so a run that was interrupted, or a second run, is safe and cheap.
"""

from __future__ import annotations

import os

from django.apps import apps
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from fazhi.core.crypto import (
    BlindIndexField,
    EncryptedMixin,
    blind_index,
    decrypt,
    encrypt,
    is_current,
    is_token,
    rotate,
)
from fazhi.core.sealed import SealedFileError, SealedFileSystemStorage, seal_in_place


def encrypted_models():
    """(model, encrypted fields, blind-index fields) of every installed model that has encrypted fields."""
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedMixin)]
        indexes = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if fields or indexes:
            yield model, fields, indexes


def _batches(model, columns: list[str], size: int):
    """The rows of `model` (primary key first, then `columns`), in primary-key order, `size` at a time."""
    qn = connection.ops.quote_name
    pk = qn(model._meta.pk.column)
    select = f"SELECT {pk}, {', '.join(qn(c) for c in columns)} FROM {qn(model._meta.db_table)}"
    rows: list = []
    while True:
        with connection.cursor() as cursor:
            if rows:
                cursor.execute(f"{select} WHERE {pk} > %s ORDER BY {pk} LIMIT %s", [rows[-1][0], size])
            else:
                cursor.execute(f"{select} ORDER BY {pk} LIMIT %s", [size])
            rows = cursor.fetchall()
        if not rows:
            return
        yield rows


def _update(model, columns: list[str], updates: list[list]) -> None:
    if not updates:
        return
    qn = connection.ops.quote_name
    sql = (
        f"UPDATE {qn(model._meta.db_table)} SET {', '.join(f'{qn(c)} = %s' for c in columns)} "
        f"WHERE {qn(model._meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, updates)


def rotate_model(model, fields, size: int) -> tuple[int, int]:
    """Re-encrypt `fields` of every row of `model` under the newest key; (values rewritten, values already current)."""
    columns = [f.column for f in fields]
    rewritten = current = 0
    for rows in _batches(model, columns, size):
        updates = []
        for pk, *values in rows:
            new = []
            for v in values:
                if not v:
                    new.append(v)
                elif not is_token(v):  # written in clear behind the ORM's back (raw SQL): encrypt it now
                    new.append(encrypt(v))
                elif is_current(v):
                    new.append(v)
                    current += 1
                else:
                    new.append(rotate(v))
            if new != list(values):
                rewritten += sum(1 for a, b in zip(new, values, strict=True) if a != b)
                updates.append([*new, pk])
        with transaction.atomic():
            _update(model, columns, updates)
    return rewritten, current


def reindex_model(model, indexes, size: int) -> int:
    """Recompute every blind index of `model` with the current index key; the number of indexes changed."""
    sources = [model._meta.get_field(f.source) for f in indexes]
    columns = [f.column for f in indexes]
    changed = 0
    for rows in _batches(model, [s.column for s in sources] + columns, size):
        updates = []
        for pk, *values in rows:
            stored, old = values[: len(sources)], values[len(sources) :]
            clear = [
                decrypt(v) if isinstance(s, EncryptedMixin) and v and is_token(v) else (v or "")
                for s, v in zip(sources, stored, strict=True)
            ]
            new = [blind_index(f.kind, c) for f, c in zip(indexes, clear, strict=True)]
            if new != list(old):
                changed += sum(1 for a, b in zip(new, old, strict=True) if a != b)
                updates.append([*new, pk])
        with transaction.atomic():
            _update(model, columns, updates)
    return changed


def rotate_totp_keys(size: int) -> int:
    """TOTP secrets (fazhi.accounts.totp_secrets) under the newest key, clear ones from before encrypted: the same
    rotation as the encrypted fields', on django-otp's plain `key` column."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    rewritten, _current = rotate_model(TOTPDevice, [TOTPDevice._meta.get_field("key")], size)
    return rewritten


class Command(BaseCommand):
    help = "Re-encrypt personal data under the newest FAZHI_PII_KEYS key; --reindex recomputes the blind indexes."

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=1000, help="rows per batch (one transaction each)")
        parser.add_argument(
            "--reindex", action="store_true", help="also recompute blind indexes (after changing FAZHI_PII_INDEX_KEY)"
        )

    def handle(self, *args, batch_size: int, reindex: bool, **options):
        for model, fields, indexes in encrypted_models():
            label = model._meta.label
            if fields:
                rewritten, current = rotate_model(model, fields, batch_size)
                self.stdout.write(f"{label}: 已用最新密钥重新加密 {rewritten} 项，{current} 项已是最新密钥。")
            if reindex and indexes:
                changed = reindex_model(model, indexes, batch_size)
                self.stdout.write(f"{label}: 已重算 {changed} 项检索索引。")
        self.stdout.write(f"动态验证码设备：已用最新密钥重新加密 {rotate_totp_keys(batch_size)} 项。")
        changed = total = 0
        unreadable: list[str] = []
        storage = default_storage
        if isinstance(storage, SealedFileSystemStorage) and os.path.isdir(storage.location):
            for path in storage.sealed_files():  # uploads: a sealed file's key re-wrapped, a clear one sealed
                total += 1
                try:
                    changed += seal_in_place(path)
                except SealedFileError:
                    unreadable.append(os.path.relpath(path, storage.location))
        self.stdout.write(f"上传文件：{changed} 个已用最新密钥加密，共 {total} 个。")
        if unreadable:  # the others are done; these need the retired key back before it is dropped for good
            raise CommandError(
                f"{len(unreadable)} 个上传文件的密钥无法用 FAZHI_PII_KEYS 中的任何密钥解密（请恢复旧密钥后重新运行）："
                + "、".join(unreadable[:20])
            )
