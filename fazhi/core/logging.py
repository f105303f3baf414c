"""A logging filter that masks ID numbers and phone numbers in every record (message, arguments, traceback).

Wired on the handlers in settings.LOGGING, so it sees records of every logger, Django's included. It masks
anything shaped like a resident ID number (18 characters, or the old 15-digit form) or a mainland phone number
(mobile 1[3-9]xxxxxxxxx, landline 0xxx-xxxxxxx), wherever it sits in the text — also inside URLs such as
``/cases/?party=150202198001011234``.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote, unquote_plus

from fazhi.core.masking import mask_address, mask_id_number, mask_phone

# Not preceded/followed by another digit (or a letter for the ID form), so case numbers and amounts stay intact.
_ID_RE = re.compile(r"(?<![0-9A-Za-z])(\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])")
_MOBILE_RE = re.compile(r"(?<!\d)((?:\+?86[ -]?)?1[3-9]\d[ -]?\d{4}[ -]?\d{4})(?!\d)")
_LANDLINE_RE = re.compile(r"(?<!\d)(0\d{2,3}-\d{7,8})(?!\d)")


def mask_text(text: str) -> str:
    """`text` with every ID-number-like and phone-like substring masked (150202********123X, 138****5678).

    A request line carries its query percent-encoded (`?party=%2B86%20138…`, `138%201234%205678`): when the decoded
    text holds an identifier the raw one hides, the decoded text is masked and logged instead.
    """
    if not text:
        return text
    if "%" in text or ("+" in text and "=" in text):
        decoded = unquote_plus(text) if "=" in text else unquote(text)
        if decoded != text and _found(decoded) > _found(text):
            return _masked(decoded)
    return _masked(text)


def _found(text: str) -> int:
    return sum(len(pattern.findall(text)) for pattern in (_ID_RE, _MOBILE_RE, _LANDLINE_RE))


def _masked(text: str) -> str:
    text = _ID_RE.sub(lambda m: mask_id_number(m.group(1)), text)
    text = _MOBILE_RE.sub(lambda m: mask_phone(m.group(1)), text)
    return _LANDLINE_RE.sub(lambda m: mask_phone(m.group(1)), text)


def mask_value(value: object) -> str:
    """One personal-data value masked by its shape (django-auditlog's mask_callable for Party's fields)."""
    s = "" if value is None else str(value)
    if not s or s == "None":
        return s
    if re.fullmatch(r"\d{17}[\dXx]|\d{15}", s.strip()):
        return mask_id_number(s)
    if re.fullmatch(r"[\d\s+()-]{7,}", s.strip()):
        return mask_phone(s)
    return mask_address(s)


class PIIMaskingFilter(logging.Filter):
    """Replace the record's message (and rendered traceback) by its masked form; never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: leave it for the handler to report
            return True
        masked = mask_text(message)
        if masked != message or record.args:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_text(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_text(record.stack_info)
        return True
