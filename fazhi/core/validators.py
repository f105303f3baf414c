"""Validators for Chinese identification numbers.

* Citizen ID number (公民身份号码), GB 11643-1999, check character per
  ISO 7064 MOD 11-2.
* Unified Social Credit Code (统一社会信用代码), GB 32100-2015, with the
  optional GB 11714 organisation-code check exposed as a non-raising helper.

The module is deliberately framework-light: the only Django dependencies are
``ValidationError`` and ``gettext_lazy``, so ``validate_id_number`` and
``validate_uscc`` can be used directly as validators on Django form fields,
model fields and DRF serializer fields.
"""

from __future__ import annotations

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

__all__ = [
    "id_number_birth_date",
    "id_number_check_char",
    "id_number_sex",
    "normalize_id_number",
    "normalize_uscc",
    "uscc_check_char",
    "uscc_org_code_ok",
    "validate_id_number",
    "validate_uscc",
]

# ---------------------------------------------------------------------------
# Citizen ID number (GB 11643-1999)
# ---------------------------------------------------------------------------

# W_i = 2^(17-i) mod 11, i = 0..16
ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
# Indexed by S mod 11. Note the table has 11 entries (the final "2" matters).
ID_CHECK_TABLE = "10X98765432"

ID_MIN_BIRTH_DATE = datetime.date(1900, 1, 1)

_ID18_RE = re.compile(r"^\d{17}[\dX]$")
_ID15_RE = re.compile(r"^\d{15}$")
_DIGITS17_RE = re.compile(r"^\d{17}$")

ID_FORMAT_MESSAGE = _("身份证号码应为18位（最后一位可为X）。")
ID_BIRTH_DATE_MESSAGE = _("身份证号码中的出生日期无效。")
ID_CHECKSUM_MESSAGE = _("身份证号码校验位错误，请核对号码是否输入有误。")


def _today() -> datetime.date:
    """Current date; a separate function so tests can patch it."""
    return datetime.date.today()


def id_number_check_char(first17: str) -> str:
    """Return the ISO 7064 MOD 11-2 check character for 17 leading digits.

    Raises ``ValueError`` if ``first17`` is not exactly 17 ASCII digits.
    """
    if not isinstance(first17, str) or not _DIGITS17_RE.match(first17):
        raise ValueError("first17 must be exactly 17 digits")
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_TABLE[total % 11]


def normalize_id_number(value: str | None) -> str:
    """Normalise an ID number for storage and comparison.

    Strips surrounding whitespace, upper-cases a trailing ``x`` and converts a
    legacy 15-digit number to 18 digits (``"19"`` is inserted after the
    6-digit address code and the check character is appended). Anything else
    is returned stripped/upper-cased but otherwise unchanged; use
    :func:`validate_id_number` to reject malformed input.
    """
    if value is None:
        return ""
    value = str(value).strip().upper()
    if _ID15_RE.match(value):
        first17 = value[:6] + "19" + value[6:]
        value = first17 + id_number_check_char(first17)
    return value


def _parse_birth_date(number: str) -> datetime.date | None:
    """Parse YYYYMMDD at positions 7-14 of a normalised 18-char number."""
    try:
        return datetime.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def _normalized_id_or_error(value: str | None) -> str:
    number = normalize_id_number(value)
    if not _ID18_RE.match(number):
        raise ValidationError(ID_FORMAT_MESSAGE, code="id_number_format")
    return number


def validate_id_number(value: str | None) -> str:
    """Validate a citizen ID number and return its normalised 18-char form.

    Raises ``django.core.exceptions.ValidationError`` with one of the codes
    ``id_number_format``, ``id_number_birth_date`` or ``id_number_checksum``.
    The checksum message intentionally does not reveal the expected check
    character.
    """
    number = _normalized_id_or_error(value)
    birth = _parse_birth_date(number)
    if birth is None or birth < ID_MIN_BIRTH_DATE or birth > _today():
        raise ValidationError(ID_BIRTH_DATE_MESSAGE, code="id_number_birth_date")
    if id_number_check_char(number[:17]) != number[17]:
        raise ValidationError(ID_CHECKSUM_MESSAGE, code="id_number_checksum")
    return number


def id_number_birth_date(value: str | None) -> datetime.date:
    """Return the birth date encoded in an ID number (15 or 18 digits).

    Only the format and the calendar date are checked here (not the
    checksum nor the plausible date range); raises ``ValidationError`` with
    code ``id_number_format`` or ``id_number_birth_date``.
    """
    number = _normalized_id_or_error(value)
    birth = _parse_birth_date(number)
    if birth is None:
        raise ValidationError(ID_BIRTH_DATE_MESSAGE, code="id_number_birth_date")
    return birth


def id_number_sex(value: str | None) -> str:
    """Return ``"male"`` or ``"female"`` from the sequence code (odd = male).

    Raises ``ValidationError`` (code ``id_number_format``) on malformed input.
    """
    number = _normalized_id_or_error(value)
    return "male" if int(number[16]) % 2 else "female"


# ---------------------------------------------------------------------------
# Unified Social Credit Code (GB 32100-2015)
# ---------------------------------------------------------------------------

# 31 characters, values 0..30; no I, O, S, V, Z.
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUES = {c: i for i, c in enumerate(USCC_CHARSET)}
# W_i = 3^i mod 31, i = 0..16
USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))

_USCC_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$")

# GB 11714 organisation code (positions 9-17 of a USCC).
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CODE_RE = re.compile(r"^[0-9A-Z]{8}[0-9X]$")

USCC_FORMAT_MESSAGE = _("统一社会信用代码应为18位数字或大写字母（不含I、O、S、V、Z）。")
USCC_CHECKSUM_MESSAGE = _("统一社会信用代码校验位错误，请核对代码是否输入有误。")


def normalize_uscc(value: str | None) -> str:
    """Strip surrounding whitespace and upper-case a USCC."""
    if value is None:
        return ""
    return str(value).strip().upper()


def uscc_check_char(first17: str) -> str:
    """Return the GB 32100 check character for the first 17 characters.

    Raises ``ValueError`` if ``first17`` is not 17 characters of the USCC
    character set.
    """
    if not isinstance(first17, str) or len(first17) != 17 or any(c not in _USCC_VALUES for c in first17):
        raise ValueError("first17 must be 17 characters from the USCC charset")
    total = sum(_USCC_VALUES[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    # The outer "% 31" maps 31 -> 0 when total is divisible by 31.
    return USCC_CHARSET[(31 - total % 31) % 31]


def validate_uscc(value: str | None) -> str:
    """Validate a USCC and return its normalised form.

    Raises ``django.core.exceptions.ValidationError`` with code
    ``uscc_format`` or ``uscc_checksum``. The GB 11714 organisation-code
    check is *not* enforced here; see :func:`uscc_org_code_ok`.
    """
    code = normalize_uscc(value)
    if not _USCC_RE.match(code):
        raise ValidationError(USCC_FORMAT_MESSAGE, code="uscc_format")
    if uscc_check_char(code[:17]) != code[17]:
        raise ValidationError(USCC_CHECKSUM_MESSAGE, code="uscc_checksum")
    return code


def _org_code_value(c: str) -> int:
    # 0-9 -> 0-9, A-Z -> 10-35 (note: differs from the USCC charset values).
    return int(c) if c.isdigit() else ord(c) - ord("A") + 10


def uscc_org_code_ok(value: str | None) -> bool:
    """Return whether positions 9-17 carry a valid GB 11714 check character.

    Warning helper only: some system-generated codes (e.g. for 个体工商户)
    do not embed a meaningful organisation code, so callers should surface a
    ``False`` result as a warning rather than reject the value. Returns
    ``False`` for input that is not a well-formed USCC.
    """
    code = normalize_uscc(value)
    if not _USCC_RE.match(code):
        return False
    org = code[8:17]
    if not _ORG_CODE_RE.match(org):
        return False
    total = sum(_org_code_value(c) * w for c, w in zip(org[:8], ORG_CODE_WEIGHTS, strict=True))
    r = 11 - total % 11
    expected = {10: "X", 11: "0"}.get(r, str(r))
    return org[8] == expected


def id_number_validator(value: str) -> None:
    """Model/form field validator form of `validate_id_number` (Django validators return nothing)."""
    validate_id_number(value)


def uscc_validator(value: str) -> None:
    """Model/form field validator form of `validate_uscc`."""
    validate_uscc(value)
