"""Display masking for personal information (身份证号、电话、姓名、地址).

All maskers accept ``None`` or ``""`` and return ``""``. They are meant for
display/logging only and never validate their input.
"""

from __future__ import annotations

import math
import re

__all__ = ["mask_address", "mask_id_number", "mask_name", "mask_phone"]

MASK_CHAR = "*"

_MOBILE_RE = re.compile(r"^(?P<prefix>(?:\+|00)?86)?(?P<number>1\d{10})$")


def _clean(value: object) -> str:
    if value is None:
        return ""
    return str(value).strip()


def _keep_last4(part: str) -> str:
    """Mask all but the last 4 characters; mask everything if too short.

    At least 3 characters must be hidden, otherwise the whole part is
    masked (showing 4 of 5 digits would reveal almost the whole number).
    """
    if len(part) < 7:
        return MASK_CHAR * len(part)
    return MASK_CHAR * (len(part) - 4) + part[-4:]


def mask_id_number(value: str | None) -> str:
    """Keep the first 6 and last 4 characters.

    ``"15020219800101123X"`` -> ``"150202********123X"``. Values of 10
    characters or fewer are fully masked.
    """
    s = _clean(value).upper()
    if not s:
        return ""
    if len(s) <= 10:
        return MASK_CHAR * len(s)
    return s[:6] + MASK_CHAR * (len(s) - 10) + s[-4:]


def mask_phone(value: str | None) -> str:
    """Mask a mobile or landline number.

    * Mobile: ``"13812345678"`` -> ``"138****5678"`` (an optional ``+86``,
      ``86`` or ``0086`` prefix and embedded spaces/dashes are tolerated;
      the prefix is kept).
    * Landline with area code: ``"0472-1234567"`` -> ``"0472-***4567"``
      (area code kept, last 4 digits kept).
    * Anything else: last 4 characters kept when at least 7 long,
      otherwise fully masked.
    """
    s = _clean(value)
    if not s:
        return ""
    compact = re.sub(r"[\s-]", "", s)
    m = _MOBILE_RE.match(compact)
    if m:
        number = m.group("number")
        prefix = m.group("prefix") or ""
        if prefix:
            prefix += " "
        return f"{prefix}{number[:3]}{MASK_CHAR * 4}{number[-4:]}"
    if "-" in s:
        area, rest = s.split("-", 1)
        return f"{area}-{_keep_last4(rest)}"
    return _keep_last4(s)


def mask_name(value: str | None) -> str:
    """Keep the first character: ``"张三丰"`` -> ``"张**"``, ``"张三"`` -> ``"张*"``.

    A single-character value is fully masked.
    """
    s = _clean(value)
    if not s:
        return ""
    if len(s) == 1:
        return MASK_CHAR
    return s[0] + MASK_CHAR * (len(s) - 1)


def mask_address(value: str | None) -> str:
    """Keep up to the first 9 characters, then a fixed ``"****"``.

    The number of stars is fixed so the length of the address is not
    revealed. Addresses of 9 characters or fewer keep only about the first
    half (never the whole address), so some part is always hidden.
    """
    s = _clean(value)
    if not s:
        return ""
    keep = 9 if len(s) > 9 else min(math.ceil(len(s) / 2), len(s) - 1)
    return s[:keep] + MASK_CHAR * 4
