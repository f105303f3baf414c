"""Excel import of historical cases, one implementation for every line: check every row, then write all or nothing.

A line declares what is its own — its columns, how one row is checked and what it becomes (detail, parties, the
clocks an open case had started) — by subclassing `LineImport`; everything else lives here once:

- reading: the first worksheet of an .xlsx (openpyxl read-only, formulas visible), refusing files that are too
  large, not .xlsx (CSV or text in any encoding, .xls, Word renamed, zip bombs) or too long, with Chinese reasons;
- checking: the header found among the first rows (Chinese label or English key), then every row read through a
  `RowReader` that reports each problem as (row, column, value, reason) — formula and error cells, dates, amounts,
  counts, choices, ID numbers, regions of the organisation's subtree, numbers repeated in the file or on record;
- the report: every problem, a summary, and the rejected rows as a downloadable workbook;
- writing: only a clean file, in one transaction (a failure halfway leaves nothing); historical numbers kept (and
  the organisation's sequence for that year raised past them) or allocated gap-free from the runner's sequence as
  one block; one timeline event `imported` (历史数据导入) per case; the change record of every row written; and
  for open cases exactly the clocks the runner would have started on their recorded dates.

Historical steps are not replayed through the runner: replaying would issue documents today under numbers of a past
year and invent events nobody took.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, IntegrityError, models, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import scopes_of
from fazhi.accounts.models import Organisation
from fazhi.audit.context import get_request_id
from fazhi.cases.models import Case, CaseEvent, NumberSequence, Party
from fazhi.cases.numbering import format_number
from fazhi.cases.registry import procedure_for
from fazhi.cases.runner import PartyInput
from fazhi.core.logging import mask_text
from fazhi.core.models import Region
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.core.validators import validate_id_number, validate_uscc

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a case register
MAX_ERRORS = 100_000  # an entirely wrong 50,000-row file would list ~750,000; the first 100,000 say enough
HEADER_SCAN_ROWS = 20  # a title row or two above the header is common
WRITE_CHUNK = 1000
EARLIEST = date(1990, 1, 1)
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})
NAME_SEPARATORS = re.compile(r"[、，,;；/]+")

Source = bytes | str | Path | BinaryIO

# --- columns and choices --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


def norm_header(value: Any) -> str:
    """A header cell without spaces and without a trailing `*` or （必填）/（选填）."""
    text = re.sub(r"\s+", "", str(value or "")).replace("／", "/").replace("\u3000", "")
    return re.sub(r"(\*|＊|[（(]必填[)）]|[（(]选填[)）])$", "", text.lstrip("*＊"))


def choice_map(cls, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Chinese label or English key (any case) → key, for a TextChoices class; `extra` adds spellings."""
    found = {str(c.label): c.value for c in cls if c.value} | {c.value.lower(): c.value for c in cls if c.value}
    return found | (extra or {})


# --- the report -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row number Excel shows; None for a problem of the whole file
    column: str
    value: str
    message: str


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
    outcome: str = ""  # "" = still open
    state: str = ""


@dataclass
class ImportReport:
    """What an import found and did: every problem, the rows read, and the cases written."""

    file_name: str = ""
    errors: list[RowError] = field(default_factory=list)
    rows: list[Any] = field(default_factory=list)
    created: int = 0
    dry_run: bool = False
    truncated: bool = False  # more than MAX_ERRORS problems; only the first are listed
    validate_seconds: float = 0.0
    write_seconds: float = 0.0
    noun: str = ""  # what the rows are, for the summary: 历史行政复议案件
    outcome_labels: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, column: str, value: Any, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        # The problem list is shown, kept in the session and downloaded: ID numbers and phones in it stay masked.
        self.errors.append(RowError(row, column, mask_text(display(value)), message))

    def by_outcome(self) -> dict[str, int]:
        """Rows per outcome key ("" = still open)."""
        return dict(Counter(r.outcome for r in self.rows))

    def summary(self) -> str:
        if not self.ok:
            more = _("（仅列出前%(n)s条）") % {"n": MAX_ERRORS} if self.truncated else ""
            return _("发现%(n)s个问题%(more)s，未导入任何数据。") % {"n": len(self.errors), "more": more}
        open_label = _("未办结")
        parts = "，".join(
            f"{self.outcome_labels.get(k, open_label) if k else open_label} {n}"
            for k, n in sorted(self.by_outcome().items())
        )
        if self.dry_run:
            return _("检查通过：共%(n)s行，可以导入（%(parts)s）。未写入数据。") % {"n": len(self.rows), "parts": parts}
        return _("已导入%(n)s件%(noun)s（%(parts)s）。") % {"n": self.created, "noun": self.noun, "parts": parts}

    def to_xlsx(self) -> bytes:
        """The rejected-row report as a workbook: 行号, 列, 值, 问题."""
        rows = ([e.row if e.row is not None else "", e.column, e.value, e.message] for e in self.errors)
        return xlsx_bytes(_("导入问题清单"), [_("行号"), _("列"), _("值"), _("问题")], rows)


def display(value: Any) -> str:
    """A cell value as the problem list quotes it."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]


class ImportForbidden(Exception):
    """The user may not import this line's cases into this organisation."""


# --- reading the file -------------------------------------------------------------------------------------------


def read_bytes(source: Source, report: ImportReport) -> bytes | None:
    """The file's bytes, or None after reporting why it cannot be read (too large, missing)."""
    try:
        if isinstance(source, bytes | bytearray):
            data = bytes(source)
        elif isinstance(source, str | Path):
            path = Path(source)
            if path.stat().st_size > MAX_BYTES:
                report.add(None, "", report.file_name, too_large())
                return None
            data = path.read_bytes()
        else:
            if hasattr(source, "seek"):
                source.seek(0)
            data = source.read(MAX_BYTES + 1)
    except OSError:
        report.add(None, "", report.file_name, _("无法读取该文件。"))
        return None
    if len(data) > MAX_BYTES:
        report.add(None, "", report.file_name, too_large())
        return None
    return data


def too_large() -> str:
    return _("文件超过%(mb)sMB，请分成多个文件导入。") % {"mb": MAX_BYTES // (1024 * 1024)}


def not_xlsx_reason(data: bytes) -> str | None:
    """Why these bytes are not an .xlsx workbook, in words for the user; None when they may be one."""
    if not data.strip():
        return _("文件为空。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _("这是旧版 Excel（.xls）文件或设置了密码的文件，请在 Excel/WPS 中取消密码并另存为 .xlsx 格式后再导入。")
    if not data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        # Excel's "Unicode text" is UTF-16 with a byte-order mark; other systems' "Excel" exports are often HTML
        encodings = ("utf-16",) if head.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig", "gb18030")
        for encoding in encodings:
            try:
                text = head.decode(encoding, errors="ignore" if encoding == "utf-16" else "strict")
            except UnicodeDecodeError:
                continue
            if re.match(r"\s*<(!doctype\s+html|html|table|\?xml)", text, re.IGNORECASE):
                return _("这是网页（HTML）或 XML 文件，不是 .xlsx 文件，请在 Excel/WPS 中另存为 .xlsx 格式再导入。")
            if "," in text or "\t" in text or "\n" in text:
                return _("这是 CSV 或文本文件，不是 Excel（.xlsx）文件，请在 Excel/WPS 中另存为 .xlsx 格式后再导入。")
        return _("文件不是 Excel（.xlsx）格式，请使用模板填写后以 .xlsx 格式保存再导入。")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            if sum(i.file_size for i in z.infolist()) > MAX_UNPACKED_BYTES:
                return _("文件解压后过大，无法导入。")
    except (zipfile.BadZipFile, ValueError, OSError):
        return _("文件已损坏或不是 Excel（.xlsx）文件。")
    if "xl/workbook.xml" not in names:
        return _("文件不是 Excel（.xlsx）工作簿（可能是 Word 或其他格式的文件改了扩展名）。")
    return None


def open_rows(data: bytes, report: ImportReport) -> tuple[Iterable[tuple[int, tuple]], Any] | None:
    """The first worksheet's rows as (Excel row number, values), and the workbook (to close)."""
    from openpyxl import load_workbook

    reason = not_xlsx_reason(data)
    if reason:
        report.add(None, "", report.file_name, reason)
        return None
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds (KeyError, ValueError, InvalidFileException…) on odd files
        log.info("unreadable workbook %s", report.file_name, exc_info=True)
        report.add(None, "", report.file_name, _("文件已损坏或不是 Excel（.xlsx）文件，无法读取。"))
        return None
    if not wb.worksheets:
        wb.close()
        report.add(None, "", report.file_name, _("工作簿中没有工作表。"))
        return None
    ws = wb.worksheets[0]
    ws.reset_dimensions()  # dimensions written by other tools are often wrong; read to the real end
    return ((i, row) for i, row in enumerate(ws.iter_rows(values_only=True), start=1)), wb


def blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# --- cell values --------------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_FORMAT_MESSAGE = "日期格式不正确，请填写如 2023-03-15、2023/3/15 或 2023年3月15日。"
AMOUNT_MESSAGE = "金额应为数字（单位：元），如 3000 或 1250.50。"

REJECTED = object()  # a cell already reported (formula, error value): no further checks on it


class CellError(ValueError):
    """A cell's value cannot be used; the message says why."""


def text_of(value: Any) -> str:
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


def parse_date(value: Any, epoch: datetime) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        m = _COMPACT_DATE_RE.match(text_of(value))
        if m:
            return _ymd(*m.groups())
        if 1 <= value < 80000:  # an Excel serial day number in a cell formatted as a number
            from openpyxl.utils.datetime import from_excel

            result = from_excel(value, epoch)
            return result.date() if isinstance(result, datetime) else result
        raise CellError(_(DATE_FORMAT_MESSAGE))
    text = text_of(value)
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        raise CellError(_(DATE_FORMAT_MESSAGE))
    return _ymd(*m.groups()[:3])


def _ymd(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise CellError(_("日期不存在（请核对年、月、日）。")) from None


def parse_amount(value: Any) -> Decimal | None:
    """Yuan, ≥ 0, at most two decimals; `5,000元` and `￥1250.50` are read too."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("金额应为数字。"))
    try:
        if isinstance(value, float):
            amount = Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        elif isinstance(value, int | Decimal):
            amount = Decimal(value)
        else:
            amount = Decimal(re.sub(r"[\s,，¥￥]|元$", "", text_of(value)))
    except (InvalidOperation, ValueError):
        raise CellError(_(AMOUNT_MESSAGE)) from None
    if not amount.is_finite():
        raise CellError(_(AMOUNT_MESSAGE))
    if amount < 0:
        raise CellError(_("金额不能为负数。"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise CellError(_("金额最多保留两位小数。"))
    if amount >= Decimal(10) ** 12:
        raise CellError(_("金额过大，请核对（单位：元）。"))
    return amount


def parse_count(value: Any, maximum: int) -> int | None:
    """A whole number from 0 to `maximum` (`3人`, `3年` are read too)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("应为整数。"))
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = re.sub(r"\s|[人年名个]$", "", text_of(value))
    if not text.isdigit() or not text.isascii():
        raise CellError(_("应为不小于0的整数。"))
    n = int(text)
    if n > maximum:
        raise CellError(_("数值过大（不超过%(n)s），请核对。") % {"n": maximum})
    return n


def normalise_number(text: str) -> str:
    """A case number with its brackets written the GB/T 9704 way (包复[2023]5号 → 包复〔2023〕5号), no spaces."""
    text = re.sub(r"\s+", "", text)
    m = re.match(r"^(.*?)([\[［【(（﹝〔])(\d{4})([\]］】)）﹞〕])(.*)$", text)
    if not m:
        return text
    return f"{m.group(1)}〔{m.group(3)}〕{m.group(5)}"


def split_names(text: str) -> list[str]:
    """Party names written in one cell: 张三、李四 (also ， , ; / between names)."""
    return [n.strip() for n in NAME_SEPARATORS.split(text) if n.strip()]


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

    def bad(self, key: str, value: Any, message: str) -> None:
        self.report.add(self.n, self.headers[key], value, message)

    def flagged(self) -> set[str]:
        """The columns of this row already reported."""
        if len(self.report.errors) == self.errors_before:
            return set()
        keys = {h: k for k, h in self.headers.items()}
        return {keys[e.column] for e in self.report.errors[self.errors_before :] if e.column in keys}

    def cell(self, key: str) -> Any:
        """The raw value, or REJECTED after reporting a formula or an error value."""
        value = self.cells.get(key)
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("="):
                self.bad(key, value, _("请勿在单元格中使用公式，请粘贴为数值后再导入。"))
                return REJECTED
            if stripped in EXCEL_ERRORS:
                self.bad(key, value, _("单元格是错误值，请修正后再导入。"))
                return REJECTED
        elif value is not None and not isinstance(value, int | float | Decimal | datetime | date | bool):
            self.bad(key, "", _("请勿在单元格中使用公式，请粘贴为数值后再导入。"))  # array and table formulas
            return REJECTED
        return value

    def peek(self, key: str) -> str:
        """The cell as text, without any check (for rules about what was filled in)."""
        return text_of(self.cells.get(key))

    def given(self, key: str) -> bool:
        """Whether the cell holds anything at all (even something rejected)."""
        return bool(self.peek(key))

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
        value = self.raw_text(key)
        if not value:
            return default
        found = options.get(value) or options.get(value.lower())
        if found is None:
            labels = "、".join(dict.fromkeys(k for k in options if not k.isascii()))
            self.bad(key, value, _("不是有效的选项，可选：%(options)s") % {"options": labels})
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
        return self.parsed(key, parse_amount)

    def count(self, key: str, maximum: int) -> int | None:
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

    def not_after(self, key: str, later: date | None, earlier: date | None, earlier_name: str) -> None:
        """Report `key` (holding `later`) when it is before `earlier`."""
        if later and earlier and later < earlier:
            self.bad(key, later, _("%(this)s不能早于%(that)s。") % {"this": self.headers[key], "that": earlier_name})

    def forbid(self, keys: Sequence[str], why: str) -> None:
        """Report each of `keys` that is filled in although the row's result leaves no place for it."""
        for key in keys:
            if self.given(key) and key not in self.flagged():
                self.bad(key, self.peek(key), why)

    def need(self, key: str, present: bool, why: str) -> None:
        """Report an empty `key` that the row's result requires (unless its cell was already reported)."""
        if not present and key not in self.flagged():
            self.bad(key, "", why)


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


# --- the line's declaration, and the flow every line shares -----------------------------------------------------


class LineImport:
    """One line's import: subclasses set the class attributes and implement `check_row`, `title`, `detail`."""

    line: ClassVar[str]
    noun: ClassVar[str]  # 历史行政复议案件
    columns: ClassVar[tuple[Column, ...]]
    outcome_labels: ClassVar[dict[str, str]]
    roles: ClassVar[frozenset[str]] = frozenset({"registrar", "section_head"})
    kinds: ClassVar[frozenset[str]]  # organisation kinds a superuser may import into
    subtree: ClassVar[bool] = False  # members import into organisations of `kinds` in their subtree, not only their own
    forbidden_message: ClassVar[str]
    write_chunk: int = WRITE_CHUNK

    def __init__(self) -> None:
        self.header = {c.key: c.header for c in self.columns}
        self.header_lookup = {norm_header(name): c.key for c in self.columns for name in (c.header, *c.aliases)}

    # -- hooks ------------------------------------------------------------------------------------------------

    def context(self, organisation: Organisation, actor) -> ImportContext:
        return ImportContext(organisation, actor)

    def check_row(self, reader: RowReader, ctx: ImportContext) -> CaseRow | None:
        """The row's value when every cell and every rule holds; otherwise None (the reader reported why)."""
        raise NotImplementedError

    def title(self, row: Any) -> str:
        raise NotImplementedError

    def detail(self, row: Any, case: Case, prepared: Any) -> models.Model:
        """The line's detail record of the row's case (unsaved)."""
        raise NotImplementedError

    def parties(self, row: Any) -> Iterable[PartyInput]:
        return ()

    def prepare(self, rows: list[Any]) -> Any:
        """Lookups the detail records need, done once per import inside the transaction."""
        return None

    def replay(self, row: Any) -> list[tuple[str, date]]:
        """The steps of an open case whose clocks the runner would have started: (event, date), in order."""
        return [(procedure_for(self.line).initial_event, row.received_on)]

    def event_on(self, row: Any) -> date:
        return row.closed_on or row.accepted_on or row.received_on

    def build_case(self, row: Any, number: str) -> Case:
        """The Case of one row in its final recorded state (unsaved)."""
        return Case(
            line=self.line,
            number=number,
            organisation=row.organisation,
            region_id=row.region,
            title=self.title(row)[:200],
            state=row.state,
            outcome=row.outcome,
            received_on=row.received_on,
            accepted_on=row.accepted_on,
            closed_on=row.closed_on,
        )

    # -- who may import where ---------------------------------------------------------------------------------

    def can_import(self, user, organisation: Organisation) -> bool:
        """The line's importing roles whose scope covers the organisation's region."""
        if getattr(user, "is_superuser", False) and user.is_active:
            return organisation.kind in self.kinds or not self.subtree
        if self.subtree and organisation.kind not in self.kinds:
            return False
        return any(
            s.role in self.roles and self.line in s.lines and organisation.region_id.startswith(s.prefix)
            for s in scopes_of(user)
        )

    def importable_organisations(self, user):
        """The organisations the user may import into: their own, or (subtree lines) those of `kinds` below them."""
        qs = Organisation.objects.select_related("region").order_by("region_id", "name")
        if getattr(user, "is_superuser", False) and user.is_active:
            return qs.filter(kind__in=self.kinds)
        scopes = [s for s in scopes_of(user) if s.role in self.roles and self.line in s.lines]
        if not self.subtree:
            return qs.filter(pk__in=[s.organisation_id for s in scopes])
        if not scopes:
            return qs.none()
        within = Q()
        for s in scopes:
            within |= Q(region__code__startswith=s.prefix)
        return qs.filter(within, kind__in=self.kinds)

    # -- the flow -----------------------------------------------------------------------------------------------

    def run(
        self, source: Source, *, organisation: Organisation, actor, file_name: str = "", dry_run: bool = False
    ) -> ImportReport:
        """Validate the file; when it is clean (and not a dry run) write every row in one transaction."""
        if not self.can_import(actor, organisation):
            raise ImportForbidden(self.forbidden_message)
        report = self.validate(source, organisation=organisation, actor=actor, file_name=file_name)
        report.dry_run = dry_run
        if report.ok and not dry_run:
            started = time.perf_counter()
            try:
                report.created = self.write(report, actor=actor)
            except IntegrityError:
                log.warning("import of %s hit a uniqueness conflict", report.file_name, exc_info=True)
                report.add(
                    None,
                    "",
                    report.file_name,
                    _("写入时发现案号与已有案件重复（可能有人同时登记了案件），未导入任何数据，请重新导入。"),
                )
            except DatabaseError:
                log.exception("import of %s failed while writing", report.file_name)
                report.add(None, "", report.file_name, _("写入数据库失败，未导入任何数据，请稍后重试或联系管理员。"))
            report.write_seconds = time.perf_counter() - started
        return report

    def validate(self, source: Source, *, organisation: Organisation, actor=None, file_name: str = "") -> ImportReport:
        """Read and check every row; the report lists every problem, and holds the rows when there are none."""
        started = time.perf_counter()
        report = ImportReport(
            file_name=file_name or (Path(source).name if isinstance(source, str | Path) else ""),
            noun=self.noun,
            outcome_labels=self.outcome_labels,
        )
        data = read_bytes(source, report)
        opened = open_rows(data, report) if data is not None else None
        if opened is None:
            report.validate_seconds = time.perf_counter() - started
            return report
        rows, wb = opened
        try:
            self._check_rows(rows, wb.epoch, self.context(organisation, actor), report)
        except Exception:  # a sheet whose XML breaks half-way: say so, never a 500
            log.warning("import of %s failed while reading", report.file_name, exc_info=True)
            report.rows = []
            report.add(
                None, "", report.file_name, _("文件内容无法读取（可能已损坏），请在 Excel/WPS 中打开后重新保存再导入。")
            )
        finally:
            wb.close()
        if report.errors:
            report.rows = []
        report.validate_seconds = time.perf_counter() - started
        return report

    def _check_rows(self, rows, epoch, ctx: ImportContext, report: ImportReport) -> None:
        header_row, columns = self._find_header(rows, report)
        if columns is None:
            return
        today = timezone.localdate()
        width = max(columns) + 1
        count = 0
        for number, values in rows:
            if number > 2 * MAX_ROWS:
                report.add(None, "", "", _("表格行数过多（含大量空行），请删除多余的行后再导入。"))
                report.rows = []
                return
            if len(values) < width:
                values = (*values, *([None] * (width - len(values))))
            cells = {key: values[i] for i, key in columns.items()}
            if blank(cells.values()):
                continue  # blank and merged-away rows
            count += 1
            if count > MAX_ROWS:
                report.add(None, "", "", _("数据超过%(n)s行，请分成多个文件导入。") % {"n": MAX_ROWS})
                report.rows = []
                return
            row = self.check_row(RowReader(number, cells, self.header, epoch, today, report), ctx)
            if row is not None:
                report.rows.append(row)
        if count == 0:
            report.add(header_row, "", "", _("表头下方没有数据行。"))
            return
        self._check_numbers_on_record(ctx, report)

    def _find_header(self, rows, report: ImportReport) -> tuple[int | None, dict[int, str] | None]:
        """Locate the header among the first rows; report missing required columns by name."""
        first_nonblank: int | None = None
        for number, values in rows:
            if number > HEADER_SCAN_ROWS:
                break
            if blank(values):
                continue
            first_nonblank = first_nonblank or number
            found: dict[int, str] = {}
            for i, v in enumerate(values):
                key = self.header_lookup.get(norm_header(v)) if v is not None else None
                if key:
                    found[i] = key
            if len(found) < 2:
                continue
            seen: dict[str, int] = {}
            for i, key in found.items():
                if key in seen:
                    report.add(number, self.header[key], values[i], _("该列重复出现，请只保留一列。"))
                seen[key] = i
            for c in self.columns:
                if c.required and c.key not in seen:
                    report.add(number, c.header, "", _("缺少必填列：%(name)s") % {"name": c.header})
            return number, (None if report.errors else {i: k for k, i in seen.items()})
        if first_nonblank is None:
            report.add(None, "", report.file_name, _("工作簿为空，没有任何数据。"))
            return None, None
        missing = "、".join(c.header for c in self.columns if c.required)
        report.add(
            first_nonblank,
            "",
            "",
            _("未找到表头，缺少必填列：%(names)s（请使用导入模板的表头）。") % {"names": missing},
        )
        return None, None

    def _check_numbers_on_record(self, ctx: ImportContext, report: ImportReport) -> None:
        """Kept numbers must not exist in their organisation already."""
        by_org: dict[int, list[str]] = {}
        for org_id, number in ctx.numbers:
            by_org.setdefault(org_id, []).append(number)
        taken: list[tuple[int, str]] = []
        for org_id, numbers in by_org.items():
            for i in range(0, len(numbers), 500):
                found = Case.objects.filter(organisation_id=org_id, number__in=numbers[i : i + 500])
                taken += [(org_id, n) for n in found.values_list("number", flat=True)]
        for key in sorted(taken, key=ctx.numbers.__getitem__):
            report.add(ctx.numbers[key], self.header["number"], key[1], _("本机构已有该案号的案件。"))
        if taken:
            report.errors.sort(key=lambda e: (e.row is not None, e.row or 0))

    # -- writing --------------------------------------------------------------------------------------------------

    def write(self, report: ImportReport, *, actor) -> int:
        """Write every row of a clean report in one transaction; any failure rolls all of it back."""
        rows = report.rows
        chunk = self.write_chunk
        with transaction.atomic():
            numbers = allocate_numbers(rows, self.line)
            prepared = self.prepare(rows)
            for start in range(0, len(rows), chunk):
                self._write_chunk(rows[start : start + chunk], numbers, prepared, actor, report.file_name)
        return len(rows)

    def _write_chunk(self, chunk: list, numbers: dict[int, str], prepared: Any, actor, file_name: str) -> None:
        from fazhi.cases.clocks import apply_clocks as _apply_clocks
        from fazhi.cases.runner import facts_of

        cases = [self.build_case(r, numbers[r.row]) for r in chunk]
        Case.objects.bulk_create(cases)
        details, parties, events = [], [], []
        label = _("历史数据导入")
        request_id = get_request_id() or ""
        for case, r in zip(cases, chunk, strict=True):
            details.append(self.detail(r, case, prepared))
            parties += [Party(case=case, **p.__dict__) for p in self.parties(r)]
            events.append(
                CaseEvent(
                    case=case,
                    code="imported",
                    label=label,
                    on=self.event_on(r),
                    actor=actor,
                    from_state="",
                    to_state=case.state,
                    data={"file": file_name, "row": r.row},
                    request_id=request_id,
                )
            )
        if details:
            type(details[0])._default_manager.bulk_create(details)
        Party.objects.bulk_create(parties)
        CaseEvent.objects.bulk_create(events)
        log_created([*cases, *details, *parties], actor)
        from fazhi.indicators.rollups import record_new

        record_new([c.pk for c in cases])  # the figures follow in the same transaction
        open_cases = [(c, r) for c, r in zip(cases, chunk, strict=True) if not r.outcome]
        if open_cases:
            from fazhi.core.calendar import work_calendar

            proc, calendar = procedure_for(self.line), work_calendar()
            for case, r in open_cases:
                facts = facts_of(case)
                for event, on in self.replay(r):
                    _apply_clocks(case, proc, event, on, facts, calendar)


def allocate_numbers(rows: list[CaseRow], line: str) -> dict[int, str]:
    """Row → number: kept numbers as given; the others from each organisation's gap-free sequence, one block per year.

    A kept number in the organisation's own form (包复〔2023〕17号) raises that year's sequence to at least 17.
    """
    proc = procedure_for(line)
    result = {r.row: r.number for r in rows if r.number}
    by_org: dict[int, list[CaseRow]] = {}
    for r in rows:
        by_org.setdefault(r.organisation.pk, []).append(r)
    for org_rows in by_org.values():
        organisation = org_rows[0].organisation
        prefix = organisation.short_name + proc.number_code
        own = re.compile(rf"^{re.escape(prefix)}〔(\d{{4}})〕(\d+)号$")
        highest: dict[int, int] = {}
        needed: dict[int, list[CaseRow]] = {}
        for r in org_rows:
            m = own.match(r.number) if r.number else None
            if m:
                year, n = int(m.group(1)), int(m.group(2))
                highest[year] = max(highest.get(year, 0), n)
            elif not r.number:
                needed.setdefault(r.received_on.year, []).append(r)
        for year in sorted(set(highest) | set(needed)):
            key = {"organisation_id": organisation.pk, "series": line, "year": year}
            if not NumberSequence.objects.filter(**key).exists():
                try:
                    with transaction.atomic():
                        NumberSequence.objects.create(**key)
                except IntegrityError:
                    pass  # another writer created it first; the UPDATE below waits for its lock
            todo = needed.get(year, [])
            NumberSequence.objects.filter(**key).update(
                last=Greatest(F("last"), Value(highest.get(year, 0))) + len(todo)
            )
            last = NumberSequence.objects.filter(**key).values_list("last", flat=True).get()
            for i, r in enumerate(todo):
                result[r.row] = format_number(prefix, year, last - len(todo) + 1 + i)
    return result


# --- the change record -------------------------------------------------------------------------------------------


def log_created(objects: list, actor) -> None:
    """The change record (django-auditlog) of rows that bulk_create wrote without signals.

    Each entry is what auditlog's own post_save receiver would write for a created row of a registered model
    (fields differing from their defaults, as strings); the values are read through a per-model plan because
    auditlog's generic diff costs more than the insert itself.
    """
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.contrib.contenttypes.models import ContentType

    cid = get_request_id()
    roles = {r.value: str(r.label) for r in Party.Role}  # str(party) without a gettext call per row
    plans: dict[type, tuple[Any, Any] | None] = {}
    entries = []
    for obj in objects:
        model = type(obj)
        if model not in plans:
            plans[model] = (
                (ContentType.objects.get_for_model(model), _diff_plan(obj)) if auditlog.contains(model) else None
            )
        plan = plans[model]
        if plan is None:
            continue
        content_type, diff = plan
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=(f"{roles[obj.role]} {obj.name}" if model is Party else str(obj))[:2000],
                action=LogEntry.Action.CREATE,
                changes=diff(obj),
                actor=actor,
                cid=cid,
            )
        )
    LogEntry.objects.bulk_create(entries)


def _diff_plan(sample):
    """A function giving auditlog's creation diff of an instance of `sample`'s model."""
    from auditlog.diff import get_field_value, get_fields_in_model, model_instance_diff
    from auditlog.registry import auditlog
    from django.utils.encoding import smart_str

    opts = auditlog.get_model_fields(type(sample))
    if getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False) or opts["mask_fields"]:
        return lambda obj: model_instance_diff(None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
    fields = [
        f
        for f in get_fields_in_model(sample)
        if (not opts["include_fields"] or f.name in opts["include_fields"])
        and f.name not in opts["exclude_fields"]
        and getattr(f, "concrete", True)  # reverse one-to-ones (case.mediation, case.legal_aid) are not columns
    ]
    readers = []
    for f in fields:
        default = get_field_value(None, f)
        if isinstance(f, models.DateTimeField | models.JSONField):
            readers.append((f.name, default, lambda obj, f=f: get_field_value(obj, f)))
        elif (f.one_to_one or f.many_to_one) and hasattr(f, "rel_class"):
            attname = f.get_attname()
            readers.append((f.name, default, lambda obj, a=attname: smart_str(getattr(obj, a), strings_only=True)))
        else:
            readers.append((f.name, default, lambda obj, n=f.name: str(getattr(obj, n))))

    def diff(obj) -> dict | None:
        changes = {}
        for name, default, read in readers:
            value = read(obj)
            if value != default:
                changes[name] = (str(default), str(value))
        return changes or None

    return diff


# --- the command line ------------------------------------------------------------------------------------------


class ImportCommand(BaseCommand):
    """`manage.py import_<line> FILE --organisation NAME --user USERNAME [--dry-run] [--report OUT.xlsx]`.

    Prints the summary, or every problem and exits with status 1.
    """

    importer: LineImport

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .xlsx file")
        parser.add_argument("--organisation", required=True, help="the importing organisation's exact name")
        parser.add_argument("--region", default="", help="its 12-digit region code, when the name is not unique")
        parser.add_argument("--user", required=True, help="username of the user importing (an importing role)")
        parser.add_argument("--dry-run", action="store_true", help="check the file only; write nothing")
        parser.add_argument("--report", default="", help="write the list of problems to this .xlsx file")

    def handle(self, *args, **options):
        from auditlog.context import set_actor

        from fazhi.accounts.models import User

        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"找不到文件：{path}")
        orgs = Organisation.objects.filter(name=options["organisation"])
        if options["region"]:
            orgs = orgs.filter(region_id=options["region"])
        found = list(orgs.select_related("region")[:10])
        if not found:
            raise CommandError(f"找不到机构：{options['organisation']}")
        if len(found) > 1:
            codes = "、".join(o.region_id for o in found)
            raise CommandError(f"有多个同名机构（区划代码 {codes}），请用 --region 指定。")
        try:
            user = User.objects.get(username=options["user"], is_active=True)
        except User.DoesNotExist:
            raise CommandError(f"找不到用户：{options['user']}") from None
        try:
            with set_actor(user):
                report = self.importer.run(
                    path, organisation=found[0], actor=user, file_name=path.name, dry_run=options["dry_run"]
                )
        except ImportForbidden as forbidden:
            raise CommandError(str(forbidden)) from None
        if report.ok:
            self.stdout.write(report.summary())
            timing = f"检查 {report.validate_seconds:.2f} 秒"
            if report.write_seconds:
                timing += f"，写入 {report.write_seconds:.2f} 秒"
            self.stdout.write(f"{timing}（{len(report.rows)} 行）。")
            return
        for e in report.errors:
            where = f"第{e.row}行" if e.row is not None else "文件"
            column = f" [{e.column}]" if e.column else ""
            value = f" “{e.value}”" if e.value else ""
            self.stderr.write(f"{where}{column}{value}：{e.message}")
        if options["report"]:
            Path(options["report"]).write_bytes(report.to_xlsx())
            self.stderr.write(f"问题清单已写入 {options['report']}")
        self.stderr.write(report.summary())
        raise SystemExit(1)
