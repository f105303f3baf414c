"""How a clerk writes a number, read the same way everywhere: the historical import's cells and the case pages'
step fields share these parsers, so "5年", "3人", "28,000元", "￥1,250.50" and full-width digits (５年) are
accepted by both, and both answer in the same words.

Pure functions of a value: no Django models, no files. Moved here from `fazhi.cases.imports.reading` (which
re-exports them) so that `fazhi.cases.fields` can use them without importing the import's file readers.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

AMOUNT_MESSAGE = "金额应为数字（单位：元），如 3000 或 1250.50。"
INTEGER_MESSAGE = "应为整数，如 5 或 5年。"
COUNT_SUFFIX = re.compile(r"[人年名个日天件次份]$")  # a unit written after a whole number: 5年, 3人, 10天
AMOUNT_NOISE = re.compile(r"[\s,，¥￥]|元$|人民币")


class CellError(ValueError):
    """A value cannot be used; the message says why, in the clerk's words."""


def text_of(value: Any) -> str:
    """A cell's or a box's value as the clerk's text: full-width spaces trimmed, 是/否, 5.0 as 5, a date part."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.replace("\u3000", " ").strip()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    return str(value).strip()


def _narrow(text: str) -> str:
    """Full-width digits, commas and signs as their ASCII forms (５，０００ → 5,000); other characters unchanged."""
    return unicodedata.normalize("NFKC", text)


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def parse_whole(value: Any) -> int:
    """A whole number as written: `5`, `5年`, `3 人`, `５年`, 5.0; CellError otherwise (negative numbers are read,
    the caller bounds them)."""
    if isinstance(value, bool):
        raise CellError(_(INTEGER_MESSAGE))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value
    text = COUNT_SUFFIX.sub("", re.sub(r"\s", "", _narrow(text_of(value))))
    if not re.fullmatch(r"-?[0-9]+", text):
        raise CellError(_(INTEGER_MESSAGE))
    return int(text)


def parse_count(value: Any, maximum: int) -> int | None:
    """A whole number from 0 to `maximum` (`3人`, `3年` are read too); None for an empty cell."""
    if blank(value):
        return None
    n = parse_whole(value)
    if n < 0:
        raise CellError(_("应为不小于0的整数。"))
    if n > maximum:
        raise CellError(_("数值过大（不超过%(n)s），请核对。") % {"n": maximum})
    return n


def parse_decimal(value: Any) -> Decimal:
    """A number of yuan as written: `28000`, `28,000元`, `￥1,250.50`, `人民币3000元`; CellError otherwise (the
    sign is kept, the caller bounds it). 万元 is not read: 2.8万 would silently become 2.8."""
    if isinstance(value, bool):
        raise CellError(_(AMOUNT_MESSAGE))
    try:
        if isinstance(value, float):
            amount = Decimal(repr(value))
        elif isinstance(value, int | Decimal):
            amount = Decimal(value)
        else:
            amount = Decimal(AMOUNT_NOISE.sub("", _narrow(text_of(value))))
    except (InvalidOperation, ValueError):
        raise CellError(_(AMOUNT_MESSAGE)) from None
    if not amount.is_finite():
        raise CellError(_(AMOUNT_MESSAGE))
    return amount


def parse_amount(value: Any) -> Decimal | None:
    """Yuan, ≥ 0, at most two decimals; `5,000元` and `￥1250.50` are read too; None for an empty cell."""
    if blank(value):
        return None
    amount = parse_decimal(value)
    if isinstance(value, float):  # a spreadsheet's binary float: 1250.5000000001 is 1250.50
        amount = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if amount < 0:
        raise CellError(_("金额不能为负数。"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise CellError(_("金额最多保留两位小数。"))
    if amount >= Decimal(10) ** 12:
        raise CellError(_("金额过大，请核对（单位：元）。"))
    return amount
