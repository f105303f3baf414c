"""Personal data at rest: Fernet encryption with rotatable keys, and an HMAC blind index for exact lookup.

* ``encrypt`` / ``decrypt`` use ``MultiFernet`` over ``settings.FAZHI_PII_KEYS`` (newest first): new values are
  encrypted with the first key, old values still decrypt with any listed key, ``rotate`` re-encrypts a token with
  the first key (``manage.py rotate_pii_keys``).
* ``blind_index`` is HMAC-SHA256 under a separate key (``settings.FAZHI_PII_INDEX_KEY``) over the normalised value,
  so "cases of the person with ID number X" is an indexed equality query without the value in clear.
* ``EncryptedCharField`` / ``EncryptedTextField`` store ciphertext, read back clear; only ``isnull`` and
  ``exact ""`` lookups are accepted (a ciphertext never equals another: look up through the blind index).
* ``BlindIndexField`` computes its value from a sibling field in ``pre_save``, so ``save()`` and ``bulk_create``
  keep it right without the caller doing anything.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core import checks
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models.lookups import Exact

# ---------------------------------------------------------------------------------------------------------------
# !!! DEVELOPMENT KEYS — PUBLIC, IN THE SOURCE CODE, PROTECT NOTHING !!!
# They let `make run` and the tests work out of the box. A production server MUST set FAZHI_PII_KEYS and
# FAZHI_PII_INDEX_KEY in its environment; `manage.py check --deploy` fails (fazhi.E001/E002) while DEBUG is off
# and either default is still in use. Generate keys with:
#   python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"
# ---------------------------------------------------------------------------------------------------------------
DEVELOPMENT_KEY = "ZmF6aGktZGV2ZWxvcG1lbnQta2V5LU5PVC1TRUNSRVQ="  # base64("fazhi-development-key-NOT-SECRET")
DEVELOPMENT_INDEX_KEY = "fazhi-development-index-key-NOT-SECRET"

__all__ = [
    "BlindIndexField",
    "DecryptionError",
    "EncryptedCharField",
    "EncryptedMixin",
    "EncryptedTextField",
    "blind_index",
    "decrypt",
    "encrypt",
    "is_current",
    "is_token",
    "normalise_id_number",
    "normalise_phone",
    "rotate",
]


class DecryptionError(ImproperlyConfigured):
    """A stored value does not decrypt with any configured key (a key was dropped before rotation finished)."""


def _keys() -> tuple[str, ...]:
    keys = getattr(settings, "FAZHI_PII_KEYS", None) or [DEVELOPMENT_KEY]
    if isinstance(keys, str):
        keys = [k for k in keys.split(",") if k.strip()]
    return tuple(k.strip() for k in keys)


@lru_cache(maxsize=8)
def _multi(keys: tuple[str, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FAZHI_PII_KEYS: every key must be 32 url-safe base64-encoded bytes (Fernet.generate_key())."
        ) from exc


def fernet() -> MultiFernet:
    """The MultiFernet of the current settings (cached per key list, so overriding settings in tests works)."""
    return _multi(_keys())


def encrypt(value: str | None) -> str:
    """The Fernet token of `value` under the newest key; empty stays empty (an absent value is not a secret)."""
    if value is None or value == "":
        return value  # type: ignore[return-value]
    return fernet().encrypt(str(value).encode()).decode("ascii")


def decrypt(token: str | None) -> str:
    """The clear value of a token written by `encrypt`."""
    if token is None or token == "":
        return token  # type: ignore[return-value]
    try:
        return fernet().decrypt(token.encode("ascii")).decode()
    except (InvalidToken, UnicodeEncodeError) as exc:
        # Never put the token or any part of a value into the message: it ends up in logs.
        raise DecryptionError(
            "A personal-data value does not decrypt with any key in FAZHI_PII_KEYS; "
            "restore the retired key and run `manage.py rotate_pii_keys`."
        ) from exc


def rotate(token: str) -> str:
    """The same value re-encrypted under the newest key (a no-op for empty values)."""
    if not token:
        return token
    try:
        return fernet().rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("A personal-data value does not decrypt with any key in FAZHI_PII_KEYS.") from exc


@lru_cache(maxsize=8)
def _single(key: str) -> Fernet:
    return Fernet(key)


def is_current(token: str) -> bool:
    """Whether `token` is already encrypted under the newest key (rotation leaves it alone)."""
    try:
        _single(_keys()[0]).decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return False
    return True


def is_token(value: str) -> bool:
    """Whether `value` looks like a Fernet token (version byte 0x80 → "gAAAAA"); clear values never do."""
    return value.startswith("gAAAAA") and len(value) >= 100


# --- blind index -----------------------------------------------------------------------------------------------

_NON_DIGIT = re.compile(r"[^0-9]")  # not \D: that would keep full-width digits


def normalise_id_number(value: str | None) -> str:
    """ID numbers compare upper-cased without spaces (a trailing x and X are the same check character); full-width
    characters typed with a Chinese input method compare as their ASCII forms (NFKC)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", value or "")).upper()


def normalise_phone(value: str | None) -> str:
    """Phones compare as ASCII digits only (full-width digits folded by NFKC); a +86 / 0086 country prefix before
    a mobile number is dropped."""
    digits = _NON_DIGIT.sub("", unicodedata.normalize("NFKC", value or ""))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 11 and digits[len(prefix)] == "1":
            return digits[len(prefix) :]
    return digits


NORMALISERS = {"id_number": normalise_id_number, "phone": normalise_phone}


def _index_key() -> bytes:
    return str(getattr(settings, "FAZHI_PII_INDEX_KEY", "") or DEVELOPMENT_INDEX_KEY).encode()


def blind_index(kind: str, value: str | None) -> str:
    """HMAC-SHA256 (hex) of the normalised value, separated by kind; "" for an empty value.

    The kind is part of the MAC input, so an ID number's index never equals a phone's: one search box may look in
    both columns.
    """
    normalised = NORMALISERS[kind](value)
    if not normalised:
        return ""
    return hmac.new(_index_key(), f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


# --- model fields ----------------------------------------------------------------------------------------------


class _EmptyOnlyExact(Exact):
    """`field=""` works (empty values are stored empty); equality with a real value cannot, ciphertexts differ."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: look it up through its blind index "
                f"(e.g. Party.objects.with_id_number(...)), not by value."
            )
        return super().get_prep_lookup()


class EncryptedMixin:
    """Encrypts in get_prep_value (save, bulk_create, update), decrypts in from_db_value; a text column in the DB.

    `max_length` and validators still apply to the clear value (model and form clean); the column holds a Fernet
    token, about 100 characters for an 18-character ID number.
    """

    def get_internal_type(self) -> str:
        return "TextField"

    def db_type(self, connection):
        return models.TextField().db_type(connection)

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)  # type: ignore[misc]
        return encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)  # type: ignore[misc]
        if lookup_name == "exact":
            return _EmptyOnlyExact
        raise FieldError(
            f"Lookup '{lookup_name}' is not supported on the encrypted field {self.name!r}: "  # type: ignore[attr-defined]
            "use its blind index for exact matches."
        )

    def get_transform(self, name):
        return None


class EncryptedCharField(EncryptedMixin, models.CharField):
    """A CharField (max_length checks the clear value) stored encrypted."""


class EncryptedTextField(EncryptedMixin, models.TextField):
    """A TextField stored encrypted."""


class BlindIndexField(models.CharField):
    """The blind index of a sibling field, recomputed from it on every save and bulk_create (`pre_save`)."""

    def __init__(self, *args, source: str, kind: str, **kwargs):
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(source=self.source, kind=self.kind)
        if not self.db_index:  # indexed by default (above): say so when it is not, or a migration re-adds it
            kwargs["db_index"] = False
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = blind_index(self.kind, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def blind_indexes(model) -> dict[str, BlindIndexField]:
    """{source field name: its BlindIndexField} of a model."""
    return {f.source: f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)}


class BlindIndexQuerySet(models.QuerySet):
    """`update(phone=…)` keeps the phone's blind index right, as save() does (pre_save runs only on save)."""

    def update(self, **kwargs) -> int:
        for source, field in blind_indexes(self.model).items():
            if source in kwargs and field.name not in kwargs and isinstance(kwargs[source], str | None):
                kwargs[field.name] = blind_index(field.kind, kwargs[source])
        return super().update(**kwargs)


class BlindIndexedModel(models.Model):
    """A model with blind indexes: save(update_fields=["phone"]) also writes the phone's index."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        fields = kwargs.get("update_fields")
        if fields is not None:
            fields = set(fields)
            kwargs["update_fields"] = fields | {f.name for src, f in blind_indexes(type(self)).items() if src in fields}
        super().save(*args, **kwargs)


# A pseudonymous search token: the blind index of a value instead of the value, so a list's links (pages, export),
# the browser history and the access records never carry an ID number or phone in clear.
SEARCH_TOKEN_PREFIX = "~"
_SEARCH_TOKEN_RE = re.compile(r"~[0-9a-f]{64}")


def search_token(kind: str, value: str | None) -> str:
    """The token standing for a full value in a URL; a token stays itself; "" when there is no value."""
    value = (value or "").strip()
    if not value or _SEARCH_TOKEN_RE.fullmatch(value):
        return value
    digest = blind_index(kind, value)
    return SEARCH_TOKEN_PREFIX + digest if digest else ""


def token_digest(value: str | None) -> str | None:
    """The blind index a search token carries, or None when `value` is not a token."""
    value = (value or "").strip()
    return value[len(SEARCH_TOKEN_PREFIX) :] if _SEARCH_TOKEN_RE.fullmatch(value) else None


# --- checks ----------------------------------------------------------------------------------------------------


@checks.register(checks.Tags.security, deploy=True)
def check_pii_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """With DEBUG off, the public development keys must not protect real personal data."""
    errors: list[checks.CheckMessage] = []
    if settings.DEBUG:
        return errors
    if DEVELOPMENT_KEY in _keys():
        errors.append(
            checks.Error(
                "FAZHI_PII_KEYS still contains the public development key: personal data is not protected.",
                hint="Set FAZHI_PII_KEYS (comma-separated Fernet keys, newest first) in the environment, "
                "then run `manage.py rotate_pii_keys`.",
                id="fazhi.E001",
            )
        )
    if _index_key() == DEVELOPMENT_INDEX_KEY.encode():
        errors.append(
            checks.Error(
                "FAZHI_PII_INDEX_KEY is the public development key: ID numbers can be found by brute force.",
                hint="Set FAZHI_PII_INDEX_KEY (a long random string) in the environment, "
                "then run `manage.py rotate_pii_keys --reindex`.",
                id="fazhi.E002",
            )
        )
    return errors
