"""Checking one row: a `RowReader` reads each cell with its problems reported against row, column and value.

What a row is checked against (the organisation's regions, the numbers already seen in the file or on record) is
the `ImportContext`; what a clean row becomes on the Case is a `CaseRow`, which each line extends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from fazhi.accounts.models import Organisation
from fazhi.cases.imports.reading import CellError, normalise_number, parse_amount, parse_count, parse_date, text_of
from fazhi.cases.imports.reporting import ImportReport
from fazhi.cases.models import Case
from fazhi.core.models import Region
from fazhi.core.validators import validate_id_number, validate_uscc

EARLIEST = date(1990, 1, 1)
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
PLAIN_VALUES = (int, float, Decimal, datetime, date, bool)  # what a cell holds, besides text, when it is no formula
REJECTED = object()  # a cell already reported (formula, error value): no further checks on it


def choice_map(cls, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Chinese label or English key (any case) → key, for a TextChoices class; `extra` adds spellings."""
    found = {str(c.label): c.value for c in cls if c.value} | {c.value.lower(): c.value for c in cls if c.value}
    return found | (extra or {})


@dataclass(kw_only=True, slots=True)
class CaseRow:
    """What every line's row becomes on the Case itself; lines add their own fields."""

    row: int
    number: str  # the kept 案号 ("" = allocate one)
    organisation: Organisation
    region: str
    received_on: date
    accepted_on: date | None = None
    closed_on: date | None = None
    outcome: str = ""  # "" = still open; the state comes from the steps the procedure declares (cases.history)


class RowReader:
    """One data row's cells, each read with its problems reported against the row, column and value."""

    def __init__(
        self, n: int, cells: dict[str, Any], headers: dict[str, str], epoch, today: date, report: ImportReport
    ) -> None:
        self.n, self.cells, self.headers, self.epoch, self.today, self.report = n, cells, headers, epoch, today, report
        self.errors_before = len(report.errors)

    @property
    def ok(self) -> bool:
        """No problem found in this row so far (and the report still lists every problem)."""
        return len(self.report.errors) == self.errors_before and not self.report.truncated

    def bad(self, key: str, value: Any, message: str | Promise) -> None:
        """Report a problem of this row's `key` cell; `message` may be lazy (rendered only when a row is bad)."""
        self.report.add(self.n, self.headers[key], value, str(message))

    def flagged(self) -> set[str]:
        """The columns of this row already reported."""
        if len(self.report.errors) == self.errors_before:
            return set()
        keys = {h: k for k, h in self.headers.items()}
        return {keys[e.column] for e in self.report.errors[self.errors_before :] if e.column in keys}

    def cell(self, key: str) -> Any:
        """The raw value, or REJECTED after reporting a formula or an error value."""
        value = self.cells.get(key)
        if value is None:
            return None
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("="):
                self.bad(key, value, _("请勿在单元格中使用公式，请粘贴为数值后再导入。"))
                return REJECTED
            if stripped in EXCEL_ERRORS:
                self.bad(key, value, _("单元格是错误值，请修正后再导入。"))
                return REJECTED
        elif not isinstance(value, PLAIN_VALUES):
            self.bad(key, "", _("请勿在单元格中使用公式，请粘贴为数值后再导入。"))  # array and table formulas
            return REJECTED
        return value

    def peek(self, key: str) -> str:
        """The cell as text, without any check (for rules about what was filled in)."""
        return text_of(self.cells.get(key))

    def given(self, key: str) -> bool:
        """Whether the cell holds anything at all (even something rejected)."""
        raw = self.cells.get(key)
        return raw is not None and bool(text_of(raw))

    def raw_text(self, key: str) -> str:
        raw = self.cell(key)
        return "" if raw is REJECTED else text_of(raw)

    def text(self, key: str, max_length: int, required: bool = False) -> str:
        raw = self.cell(key)
        if raw is REJECTED:
            return ""
        value = text_of(raw)
        if required and not value:
            self.bad(key, "", _("%(name)s不能为空。") % {"name": self.headers[key]})
        elif len(value) > max_length:
            self.bad(key, value, _("内容过长（最多%(n)s个字）。") % {"n": max_length})
            return value[:max_length]
        return value

    def choice(self, key: str, options: dict[str, str], default: str = "") -> str:
        raw = self.cells.get(key)
        if raw is None or raw == "":
            return default
        if type(raw) is str:  # fast path: the cell is exactly one of the options' spellings (a set lookup)
            found = _plain_options(options).get(raw)
            if found is not None:
                return found
        return self._choice(key, options, default)

    def _choice(self, key: str, options: dict[str, str], default: str) -> str:
        value = self.raw_text(key)
        if not value:
            return default
        found = options.get(value) or options.get(value.lower())
        if found is None:
            # ／ between the options: an option may itself hold a 、 (请求支付劳动报酬、工伤赔偿)
            labels = "／".join(dict.fromkeys(k for k in options if not k.isascii()))
            self.bad(key, value, _("不是可填的选项。可填：%(options)s") % {"options": labels})
            return default
        return found

    def yes_no(self, key: str) -> bool:
        return self.choice(key, YES_NO, "no") == "yes"

    def parsed(self, key: str, parse: Callable[[Any], Any]) -> Any:
        raw = self.cell(key)
        if raw is REJECTED:
            return None
        try:
            return parse(raw)
        except CellError as e:
            self.bad(key, raw, str(e))
            return None

    def day(self, key: str, required: bool = False) -> date | None:
        """A date not later than today nor earlier than 1990."""
        raw = self.cells.get(key)
        if isinstance(raw, date):  # fast path: a date cell within the bounds (what parse_date returns)
            value = raw.date() if isinstance(raw, datetime) else raw
            if EARLIEST <= value <= self.today:
                return value
        return self._day(key, required)

    def _day(self, key: str, required: bool) -> date | None:
        raw = self.cell(key)
        if raw is REJECTED:
            return None
        try:
            value = parse_date(raw, self.epoch)
        except CellError as e:
            self.bad(key, raw, str(e))
            return None
        if value is None:
            if required and key in self.cells:
                self.bad(key, "", _("%(name)s不能为空。") % {"name": self.headers[key]})
            return None
        if value > self.today:
            self.bad(key, raw, _("日期不能晚于今天。"))
        elif value < EARLIEST:
            self.bad(key, raw, _("日期早于1990年，请核对。"))
        return value

    def case_number(self, key: str = "number") -> str:
        """The row's own 案号 with its brackets normalised ("" when empty: one is allocated)."""
        raw = self.text(key, 40)
        return normalise_number(raw) if raw else ""

    def amount(self, key: str) -> Decimal | None:
        raw = self.cells.get(key)
        if raw is None:
            return None
        if type(raw) is int and 0 <= raw < AMOUNT_LIMIT:  # fast path: a whole number of yuan (as parse_amount)
            return Decimal(raw)
        return self.parsed(key, parse_amount)

    def count(self, key: str, maximum: int) -> int | None:
        raw = self.cells.get(key)
        if raw is None:
            return None
        if type(raw) is int and 0 <= raw <= maximum:  # fast path: a whole number in range (as parse_count)
            return raw
        if type(raw) is float and raw.is_integer() and 0 <= raw <= maximum:
            return int(raw)
        return self.parsed(key, lambda raw: parse_count(raw, maximum))

    def identity(self, key: str, *, organisation: bool = False) -> str:
        """A citizen ID number (or, for an organisation, its USCC), check character verified; "" when empty."""
        raw = self.cell(key)
        if raw is REJECTED:
            return ""
        if isinstance(raw, int | float) and not isinstance(raw, bool):
            self.bad(key, raw, _("证件号码请以文本格式填写（数字格式会丢失末尾几位）。"))
            return ""
        if not text_of(raw):
            return ""
        try:
            return validate_uscc(text_of(raw)) if organisation else validate_id_number(text_of(raw))
        except ValidationError as e:
            self.bad(key, raw, "；".join(str(m) for m in e.messages))
            return ""

    def not_after(self, key: str, later: date | None, earlier: date | None, earlier_name: str | Promise) -> None:
        """Report `key` (holding `later`) when it is before `earlier`."""
        if later and earlier and later < earlier:
            self.bad(key, later, _("%(this)s不能早于%(that)s。") % {"this": self.headers[key], "that": earlier_name})

    def forbid(self, keys: Sequence[str], why: str | Promise) -> None:
        """Report each of `keys` that is filled in although the row's result leaves no place for it."""
        for key in keys:
            if self.given(key) and key not in self.flagged():
                self.bad(key, self.peek(key), why)

    def need(self, key: str, present: bool, why: str | Promise) -> None:
        """Report an empty `key` that the row's result requires (unless its cell was already reported)."""
        if not present and key not in self.flagged():
            self.bad(key, "", why)


AMOUNT_LIMIT = 10**12  # parse_amount refuses amounts from here on


def _plain_options(options: dict[str, str]) -> dict[str, str]:
    """The spellings of `options` that a cell holding exactly that text may take without any other check: text as
    `text_of` leaves it, neither a formula nor an Excel error value (the cell checks would pass them and the
    lookup find them). Computed once per options dict (they are module constants)."""
    found = _PLAIN_OPTIONS.get(id(options))
    if found is None or found[0] is not options:
        plain = {k: v for k, v in options.items() if k and k == text_of(k) and k[0] != "=" and k not in EXCEL_ERRORS}
        found = _PLAIN_OPTIONS[id(options)] = (options, plain)
    return found[1]


_PLAIN_OPTIONS: dict[int, tuple[dict[str, str], dict[str, str]]] = {}

YES_NO = {"是": "yes", "否": "no", "有": "yes", "无": "no", "yes": "yes", "no": "no", "y": "yes", "n": "no"}
YES_NO |= {"true": "yes", "false": "no", "1": "yes", "0": "no"}


# --- what rows are checked against -----------------------------------------------------------------------------


class ImportContext:
    """The organisation chosen, the importing user, each organisation's regions, and the numbers seen so far."""

    def __init__(self, organisation: Organisation, actor=None) -> None:
        self.organisation = organisation
        self.actor = actor
        self.numbers: dict[tuple[int, str], int] = {}  # (organisation, normalised number) → first row
        self._regions: dict[str, set[str]] = {}

    def regions_of(self, organisation: Organisation) -> set[str]:
        prefix = organisation.region.prefix
        if prefix not in self._regions:
            self._regions[prefix] = set(Region.objects.filter(code__startswith=prefix).values_list("code", flat=True))
        return self._regions[prefix]

    def region(self, reader: RowReader, key: str, organisation: Organisation) -> str:
        """The row's 12-digit region: in the organisation's subtree; the organisation's own when empty."""
        raw = reader.raw_text(key)
        if not raw:
            return organisation.region_id
        code = raw + "0" * (12 - len(raw)) if raw.isdigit() and len(raw) in (6, 9) else raw
        if code in self.regions_of(organisation):
            return code
        if re.fullmatch(r"\d{12}", code) and Region.objects.filter(code=code).exists():
            reader.bad(key, raw, _("该行政区划不在本机构（%(org)s）辖区内。") % {"org": organisation.name})
        else:
            reader.bad(key, raw, _("行政区划代码不存在，应为12位国家统计用区划代码。"))
        return organisation.region_id

    def claim_number(self, reader: RowReader, key: str, number: str, organisation: Organisation) -> None:
        """Record a kept number (called last, so a repeated number is the row's last problem)."""
        if not number:
            return
        first = self.numbers.get((organisation.pk, number))
        if first is not None:
            reader.bad(key, number, _("与第%(row)s行案号重复。") % {"row": first})
        else:
            self.numbers[(organisation.pk, number)] = reader.n


def check_numbers_on_record(ctx: ImportContext, report: ImportReport, column: str) -> None:
    """Kept numbers must not exist in their organisation already (`column`: the number column's header)."""
    by_org: dict[int, list[str]] = {}
    for org_id, number in ctx.numbers:
        by_org.setdefault(org_id, []).append(number)
    taken: list[tuple[int, str]] = []
    for org_id, numbers in by_org.items():
        for i in range(0, len(numbers), 500):
            found = Case.objects.filter(organisation_id=org_id, number__in=numbers[i : i + 500])
            taken += [(org_id, n) for n in found.values_list("number", flat=True)]
    for key in sorted(taken, key=ctx.numbers.__getitem__):
        report.add(ctx.numbers[key], column, key[1], _("本机构已有该案号的案件。"))
    if taken:
        report.errors.sort(key=lambda e: (e.row is not None, e.row or 0))
