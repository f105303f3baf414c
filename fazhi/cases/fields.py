"""The data a procedure step accepts, declared once per line: label, type and bounds of each key.

A line's `Procedure.fields` maps every data key its steps may name to a `Field`; a step lists the keys it takes
(`required`, `optional`). The runner parses posted values through these declarations, so the page, the API, the
import and commands apply the same rules, and the OpenAPI schema is generated from the same place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fazhi.cases.parsing import CellError, parse_decimal, parse_whole

Label = str | Promise

ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
EARLIEST_DATE = date(1949, 10, 1)
LATEST_DATE = date(2099, 12, 31)
DECIMAL_LIMIT = 10**12  # a decimal this large in either direction is refused
TRUE_WORDS = frozenset({"true", "1", "on", "yes", "是"})
FALSE_WORDS = frozenset({"false", "0", "off", "no", "否"})


class FieldKind(StrEnum):
    TEXT = "text"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    BOOLEAN = "boolean"


class FieldError(ValueError):
    """A posted value that does not fit its declaration; the message (with the field's label) is for the user."""

    def __init__(self, label: Label, reason: str) -> None:
        super().__init__(f"{label}：{reason}")
        self.reason = reason  # what is wrong, without the label (an API names the key instead)


@dataclass(frozen=True)
class Field:
    """One data key of a line's steps: what it is called, what it holds, within which bounds."""

    label: Label
    kind: FieldKind = FieldKind.TEXT
    max_length: int = 2000  # text
    minimum: int | Decimal | None = None  # integer, decimal
    maximum: int | Decimal | None = None
    decimal_places: int = 2  # decimal: a sum in yuan is kept to the fen

    @property
    def input_type(self) -> str:
        return {
            FieldKind.DATE: "date",
            FieldKind.INTEGER: "number",
            FieldKind.DECIMAL: "number",
            FieldKind.BOOLEAN: "checkbox",
        }.get(self.kind, "text")

    def parse(self, value: Any) -> Any:
        """The value in its stored form (JSON: str, int, bool; dates as YYYY-MM-DD), or FieldError."""
        parser = {
            FieldKind.TEXT: self._text,
            FieldKind.DATE: self._date,
            FieldKind.INTEGER: self._integer,
            FieldKind.DECIMAL: self._decimal,
            FieldKind.BOOLEAN: self._boolean,
        }[self.kind]
        return parser(value)

    def _fail(self, message: str) -> FieldError:
        return FieldError(self.label, message)

    def _text(self, value: Any) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | Decimal):
            raise self._fail(_("应为文字。"))
        text = str(value).strip()
        if len(text) > self.max_length:
            raise self._fail(_("不得超过%(n)s个字。") % {"n": self.max_length})
        if "\x00" in text:
            raise self._fail(_("含有无效字符。"))
        return text

    def _date(self, value: Any) -> str:
        try:
            if isinstance(value, date):
                day = value
            elif isinstance(value, str) and ISO_DAY.fullmatch(value.strip()):
                day = date.fromisoformat(value.strip())
            else:  # not 20240101, 2024-W01-1 or full-width digits, which fromisoformat would take
                raise ValueError(value)
        except ValueError:
            raise self._fail(_("应为 YYYY-MM-DD 格式的日期。")) from None
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise self._fail(
                _("日期应在 %(a)s 至 %(b)s 之间。") % {"a": EARLIEST_DATE.isoformat(), "b": LATEST_DATE.isoformat()}
            )
        return day.isoformat()

    def _bounded(self, number: int | Decimal) -> None:
        if self.minimum is not None and number < self.minimum:
            raise self._fail(_("不得小于%(n)s。") % {"n": self.minimum})
        if self.maximum is not None and number > self.maximum:
            raise self._fail(_("不得大于%(n)s。") % {"n": self.maximum})

    def _integer(self, value: Any) -> int:
        # read as the historical import reads a cell (fazhi.cases.parsing): 5年, 3人, ５ are 5, 3, 5
        try:
            number = parse_whole(value)
        except CellError as exc:
            raise self._fail(str(exc)) from None
        self._bounded(number)
        return number

    def _decimal(self, value: Any) -> str:
        # read as the import reads an amount: 28,000元, ￥1,250.50
        try:
            number = parse_decimal(value)
        except CellError as exc:
            raise self._fail(str(exc)) from None
        if abs(number) >= DECIMAL_LIMIT:
            raise self._fail(_("应为数字（数值过大，请核对）。"))
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise self._fail(_("最多保留%(n)s位小数。") % {"n": self.decimal_places})
        self._bounded(number)
        return str(number)

    def _boolean(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise self._fail(_("应为“是”或“否”。"))


def text(label: Label, max_length: int = 2000) -> Field:
    return Field(label, FieldKind.TEXT, max_length=max_length)


def day(label: Label) -> Field:
    return Field(label, FieldKind.DATE)


def integer(label: Label, minimum: int | None = None, maximum: int | None = None) -> Field:
    return Field(label, FieldKind.INTEGER, minimum=minimum, maximum=maximum)


def amount(label: Label) -> Field:
    """A sum of money in yuan: not negative."""
    return Field(label, FieldKind.DECIMAL, minimum=Decimal(0))


def boolean(label: Label) -> Field:
    return Field(label, FieldKind.BOOLEAN)
