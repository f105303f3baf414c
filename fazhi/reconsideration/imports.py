"""Excel import of historical 行政复议 cases: every row validated first, then the whole file written or nothing.

Flow: `validate_workbook` reads the first sheet (openpyxl read-only, formulas visible), checks each row alone and
then against the file and the database, and collects every problem as (row, column, value, reason). Only a file
without problems reaches `write_rows`, which writes all of it in one transaction.

Each row becomes one Case in its final recorded state, with its parties and reconsideration detail and exactly one
timeline event `imported` (历史数据导入). Historical steps are not replayed through the runner: replaying would
issue 受理通知书/决定书 today under numbers of a past year and invent events nobody took. Numbers:
a row's own 案号 is kept (unique in the organisation, checked in the file and the database); rows without one take
the next numbers of the same gap-free sequence the runner uses (allocated as one block inside the transaction, so
a rollback gives them all back). A kept number in this organisation's own format (包复〔2023〕17号) raises the
sequence of its year to at least that number, so cases registered later never collide with imported ones.
Closed cases get no clocks; open cases get exactly the clocks the runner would have started for their recorded
steps (收到 and, if accepted, 受理) on their recorded dates.
"""

from __future__ import annotations

import io
import logging
import re
import time
import zipfile
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import scopes_of
from fazhi.accounts.models import Organisation
from fazhi.audit.context import get_request_id
from fazhi.cases.models import Case, CaseEvent, NumberSequence, Party
from fazhi.cases.numbering import format_number
from fazhi.cases.registry import procedure_for
from fazhi.core.lines import Line
from fazhi.core.models import Region
from fazhi.core.spreadsheets import xlsx_bytes
from fazhi.core.validators import validate_id_number, validate_uscc
from fazhi.reconsideration.choices import ActType, Decision, Outcome, ProcedureType
from fazhi.reconsideration.models import ReconsiderationDetail

log = logging.getLogger(__name__)

LINE = Line.RECONSIDERATION.value
MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a case register
MAX_ERRORS = 100_000  # an entirely wrong 50,000-row file would list ~750,000; the first 100,000 say enough
HEADER_SCAN_ROWS = 20  # a title row or two above the header is common
WRITE_CHUNK = 1000
IMPORT_ROLES = frozenset({"registrar", "section_head"})
EARLIEST = date(1990, 1, 1)

# --- columns ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


COLUMNS = (
    Column("number", "案号", aliases=("复议案号", "文号")),
    Column("received_on", "收到日期", required=True, aliases=("收到申请日期", "申请日期")),
    Column("applicant", "申请人", required=True, aliases=("申请人姓名", "申请人名称")),
    Column("applicant_kind", "申请人类型"),
    Column(
        "id_code",
        "身份证号 / 统一社会信用代码",
        aliases=("身份证号/统一社会信用代码", "身份证号", "统一社会信用代码", "证件号码"),
    ),
    Column("phone", "联系电话", aliases=("电话",)),
    Column("respondent", "被申请人", required=True),
    Column("act_type", "行政行为类型"),
    Column("act_description", "被申请的行政行为", aliases=("行政行为",)),
    Column("accepted_on", "受理日期"),
    Column("procedure_type", "审理程序"),
    Column("outcome", "结果", aliases=("办理结果", "结案方式")),
    Column("closed_on", "办结日期", aliases=("结案日期",)),
    Column("amount", "涉案金额", aliases=("涉案金额（元）", "涉案金额(元)")),
    Column("region", "行政区划代码", aliases=("区划代码",)),
)
HEADER = {c.key: c.header for c in COLUMNS}


def _norm_header(value: Any) -> str:
    text = re.sub(r"\s+", "", str(value or "")).replace("／", "/").replace("\u3000", "")
    return re.sub(r"(\*|＊|[（(]必填[)）]|[（(]选填[)）])$", "", text.lstrip("*＊"))


_HEADER_LOOKUP = {_norm_header(name): c.key for c in COLUMNS for name in (c.header, *c.aliases)}


def _choices(cls, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Chinese label or English key (any case) → key."""
    found = {str(c.label): c.value for c in cls} | {c.value.lower(): c.value for c in cls}
    return found | (extra or {})


KIND_CHOICES = _choices(Party.Kind, {"个人": "person", "法人": "organisation", "其他组织": "organisation"})
ACT_CHOICES = _choices(ActType)
PROCEDURE_CHOICES = _choices(ProcedureType, {"普通": "ordinary", "简易": "simplified"})
OUTCOME_CHOICES = _choices(Outcome)
DECISIONS = frozenset(d.value for d in Decision)
BEFORE_ACCEPTANCE = frozenset({Outcome.NOT_ACCEPTED.value, Outcome.ABANDONED.value})
STATE_OF_OUTCOME = {
    Outcome.NOT_ACCEPTED.value: "not_accepted",
    Outcome.ABANDONED.value: "abandoned",
    Outcome.MEDIATION_STATEMENT.value: "mediated",
    Outcome.SETTLED_WITHDRAWN.value: "terminated",
    Outcome.WITHDRAWN.value: "terminated",
    Outcome.TERMINATED.value: "terminated",
} | {d: "decided" for d in DECISIONS}
EXCEL_ERRORS = frozenset({"#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"})

# --- the report -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowError:
    row: int | None  # the row number Excel shows; None for a problem of the whole file
    column: str
    value: str
    message: str


@dataclass(slots=True)
class ImportRow:
    row: int
    number: str
    received_on: date
    applicant: str
    applicant_kind: str
    id_number: str
    uscc: str
    phone: str
    respondent: str
    act_type: str
    act_description: str
    accepted_on: date | None
    procedure_type: str
    outcome: str
    closed_on: date | None
    amount: Decimal | None
    region: str

    @property
    def state(self) -> str:
        if self.outcome:
            return STATE_OF_OUTCOME[self.outcome]
        return "accepted" if self.accepted_on else "received"


@dataclass
class ImportReport:
    """What an import found and did: every problem, the rows read, and the cases written."""

    file_name: str = ""
    errors: list[RowError] = field(default_factory=list)
    rows: list[ImportRow] = field(default_factory=list)
    created: int = 0
    dry_run: bool = False
    truncated: bool = False  # more than MAX_ERRORS problems; only the first are listed
    validate_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, row: int | None, column: str, value: Any, message: str) -> None:
        if len(self.errors) >= MAX_ERRORS:
            self.truncated = True
            return
        self.errors.append(RowError(row, column, _display(value), message))

    def by_outcome(self) -> dict[str, int]:
        """Rows per outcome key ("" = still open)."""
        return dict(Counter(r.outcome for r in self.rows))

    def summary(self) -> str:
        if not self.ok:
            more = _("（仅列出前%(n)s条）") % {"n": MAX_ERRORS} if self.truncated else ""
            return _("发现%(n)s个问题%(more)s，未导入任何数据。") % {"n": len(self.errors), "more": more}
        counts = Counter(r.outcome for r in self.rows)
        labels = {o.value: str(o.label) for o in Outcome}
        parts = "，".join(f"{labels.get(k, _('未办结')) if k else _('未办结')} {n}" for k, n in sorted(counts.items()))
        if self.dry_run:
            return _("检查通过：共%(n)s行，可以导入（%(parts)s）。未写入数据。") % {"n": len(self.rows), "parts": parts}
        return _("已导入%(n)s件历史行政复议案件（%(parts)s）。") % {"n": self.created, "parts": parts}

    def to_xlsx(self) -> bytes:
        """The rejected-row report as a workbook: 行号, 列, 值, 问题."""
        rows = ([e.row if e.row is not None else "", e.column, e.value, e.message] for e in self.errors)
        return xlsx_bytes(_("导入问题清单"), [_("行号"), _("列"), _("值"), _("问题")], rows)


def _display(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]


# --- who may import where ----------------------------------------------------------------------------------


class ImportForbidden(Exception):
    """The user may not import reconsideration cases into this organisation."""


def can_import(user, organisation: Organisation) -> bool:
    """Registrars and section heads of the reconsideration line whose scope covers the organisation's region."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(
        s.role in IMPORT_ROLES and LINE in s.lines and organisation.region_id.startswith(s.prefix)
        for s in scopes_of(user)
    )


def importable_organisations(user):
    """The organisations the user holds an importing role in for the reconsideration line."""
    qs = Organisation.objects.select_related("region").order_by("region_id", "name")
    if getattr(user, "is_superuser", False) and user.is_active:
        return qs.filter(kind=Organisation.Kind.RECONSIDERATION_OFFICE)
    ids = [s.organisation_id for s in scopes_of(user) if s.role in IMPORT_ROLES and LINE in s.lines]
    return qs.filter(pk__in=ids)


# --- reading the file ---------------------------------------------------------------------------------------


def _read_bytes(source: bytes | str | Path | BinaryIO, report: ImportReport) -> bytes | None:
    """The file's bytes, or None after reporting why it cannot be read (too large, missing)."""
    try:
        if isinstance(source, bytes | bytearray):
            data = bytes(source)
        elif isinstance(source, str | Path):
            path = Path(source)
            if path.stat().st_size > MAX_BYTES:
                report.add(None, "", report.file_name, _too_large())
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
        report.add(None, "", report.file_name, _too_large())
        return None
    return data


def _too_large() -> str:
    return _("文件超过%(mb)sMB，请分成多个文件导入。") % {"mb": MAX_BYTES // (1024 * 1024)}


def _not_xlsx_reason(data: bytes) -> str | None:
    """Why these bytes are not an .xlsx workbook, in words for the user; None when they may be one."""
    if not data.strip():
        return _("文件为空。")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return _("这是旧版 Excel（.xls）文件或设置了密码的文件，请在 Excel/WPS 中取消密码并另存为 .xlsx 格式后再导入。")
    if not data.startswith(b"PK\x03\x04"):
        head = data[:4096]
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = head.decode(encoding)
            except UnicodeDecodeError:
                continue
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


def _rows_of(data: bytes, report: ImportReport) -> tuple[Iterable[tuple[int, tuple]], Any] | None:
    """The first worksheet's rows as (Excel row number, values), and the workbook (to close)."""
    from openpyxl import load_workbook

    reason = _not_xlsx_reason(data)
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


def _blank(values: tuple) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# --- cell values ------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PHONE_RE = re.compile(r"^[0-9+\-()（）\s#转]{3,30}$")
_BRACKETS = str.maketrans({"[": "〔", "]": "〕", "［": "〔", "］": "〕", "【": "〔", "】": "〕", "(": "〔", ")": "〕"})
_BRACKETS_FW = str.maketrans({"（": "〔", "）": "〕", "﹝": "〔", "﹞": "〕"})


REJECTED = object()  # a cell already reported (formula, error value): no further checks on it


class CellError(ValueError):
    """A cell's value cannot be used; the message says why."""


def _text(value: Any) -> str:
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


def _date(value: Any, epoch: datetime) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        m = _COMPACT_DATE_RE.match(_text(value))
        if m:
            return _ymd(*m.groups())
        if 1 <= value < 80000:  # an Excel serial day number in a cell formatted as a number
            from openpyxl.utils.datetime import from_excel

            result = from_excel(value, epoch)
            return result.date() if isinstance(result, datetime) else result
        raise CellError(_("日期格式不正确，请填写如 2023-03-15、2023/3/15 或 2023年3月15日。"))
    text = _text(value)
    m = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
    if not m:
        raise CellError(_("日期格式不正确，请填写如 2023-03-15、2023/3/15 或 2023年3月15日。"))
    return _ymd(*m.groups()[:3])


def _ymd(y: str, m: str, d: str) -> date:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        raise CellError(_("日期不存在（请核对年、月、日）。")) from None


def _amount(value: Any) -> Decimal | None:
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
            text = re.sub(r"[\s,，¥￥]|元$", "", _text(value))
            amount = Decimal(text)
    except (InvalidOperation, ValueError):
        raise CellError(_("金额应为数字（单位：元），如 3000 或 1250.50。")) from None
    if not amount.is_finite():
        raise CellError(_("金额应为数字（单位：元），如 3000 或 1250.50。"))
    if amount < 0:
        raise CellError(_("金额不能为负数。"))
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise CellError(_("金额最多保留两位小数。"))
    if amount >= Decimal(10) ** 12:
        raise CellError(_("金额过大，请核对（单位：元）。"))
    return amount


def normalise_number(text: str) -> str:
    """A case number with its brackets written the GB/T 9704 way (包复[2023]5号 → 包复〔2023〕5号), no spaces."""
    text = re.sub(r"\s+", "", text)
    m = re.match(r"^(.*?)([\[［【(（﹝〔])(\d{4})([\]］】)）﹞〕])(.*)$", text)
    if not m:
        return text
    return f"{m.group(1)}〔{m.group(3)}〕{m.group(5)}"


# --- validation ---------------------------------------------------------------------------------------------


def validate_workbook(
    source: bytes | str | Path | BinaryIO, *, organisation: Organisation, file_name: str = ""
) -> ImportReport:
    """Read and check every row; the report lists every problem, and holds the rows when there are none."""
    started = time.perf_counter()
    report = ImportReport(file_name=file_name or (Path(source).name if isinstance(source, str | Path) else ""))
    data = _read_bytes(source, report)
    opened = _rows_of(data, report) if data is not None else None
    if opened is None:
        report.validate_seconds = time.perf_counter() - started
        return report
    rows, wb = opened
    try:
        _validate_rows(rows, wb.epoch, organisation, report)
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


def _validate_rows(rows, epoch, organisation: Organisation, report: ImportReport) -> None:
    header_row, columns = _find_header(rows, report)
    if columns is None:
        return
    today = timezone.localdate()
    context = _Context(organisation)
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
        if _blank(tuple(cells.values())):
            continue  # blank and merged-away rows
        count += 1
        if count > MAX_ROWS:
            report.add(None, "", "", _("数据超过%(n)s行，请分成多个文件导入。") % {"n": MAX_ROWS})
            report.rows = []
            return
        row = _validate_row(number, cells, epoch, today, context, report)
        if row is not None:
            report.rows.append(row)
    if count == 0:
        report.add(header_row, "", "", _("表头下方没有数据行。"))
        return
    _check_numbers(context, organisation, report)


def _find_header(rows, report: ImportReport) -> tuple[int | None, dict[int, str] | None]:
    """Locate the header among the first rows; report missing required columns by name."""
    first_nonblank: int | None = None
    for number, values in rows:
        if number > HEADER_SCAN_ROWS:
            break
        if _blank(values):
            continue
        first_nonblank = first_nonblank or number
        found: dict[int, str] = {}
        for i, v in enumerate(values):
            key = _HEADER_LOOKUP.get(_norm_header(v)) if v is not None else None
            if key:
                found[i] = key
        if len(found) < 2:
            continue
        seen: dict[str, int] = {}
        for i, key in found.items():
            if key in seen:
                report.add(number, HEADER[key], values[i], _("该列重复出现，请只保留一列。"))
            seen[key] = i
        for c in COLUMNS:
            if c.required and c.key not in seen:
                report.add(number, c.header, "", _("缺少必填列：%(name)s") % {"name": c.header})
        return number, (None if report.errors else {i: k for k, i in seen.items()})
    if first_nonblank is None:
        report.add(None, "", report.file_name, _("工作簿为空，没有任何数据。"))
        return None, None
    missing = "、".join(c.header for c in COLUMNS if c.required)
    report.add(
        first_nonblank, "", "", _("未找到表头，缺少必填列：%(names)s（请使用导入模板的表头）。") % {"names": missing}
    )
    return None, None


class _Context:
    """What the rows are checked against: the organisation's regions, and the numbers seen so far."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation
        self.prefix = organisation.region.prefix
        self.regions = set(Region.objects.filter(code__startswith=self.prefix).values_list("code", flat=True))
        self.numbers: dict[str, int] = {}  # normalised number → first row


def _validate_row(
    n: int, cells: dict[str, Any], epoch, today: date, ctx: _Context, report: ImportReport
) -> ImportRow | None:
    errors_before = len(report.errors)

    def bad(key: str, value: Any, message: str) -> None:
        report.add(n, HEADER[key], value, message)

    def cell(key: str) -> Any:
        value = cells.get(key)
        if isinstance(value, str):
            stripped = value.strip()
            if stripped.startswith("="):
                bad(key, value, _("请勿在单元格中使用公式，请粘贴为数值后再导入。"))
                return REJECTED
            if stripped in EXCEL_ERRORS:
                bad(key, value, _("单元格是错误值，请修正后再导入。"))
                return REJECTED
        elif value is not None and not isinstance(value, int | float | Decimal | datetime | date | bool):
            bad(key, "", _("请勿在单元格中使用公式，请粘贴为数值后再导入。"))  # array and table formulas
            return REJECTED
        return value

    def text(key: str, max_length: int, required: bool = False) -> str:
        raw = cell(key)
        if raw is REJECTED:
            return ""
        value = _text(raw)
        if required and not value:
            bad(key, "", _("%(name)s不能为空。") % {"name": HEADER[key]})
        elif len(value) > max_length:
            bad(key, value, _("内容过长（最多%(n)s个字）。") % {"n": max_length})
            return value[:max_length]
        return value

    def choice(key: str, options: dict[str, str], default: str) -> str:
        raw = cell(key)
        value = "" if raw is REJECTED else _text(raw)
        if not value:
            return default
        found = options.get(value) or options.get(value.lower())
        if found is None:
            labels = "、".join(dict.fromkeys(k for k in options if not k.isascii()))
            bad(key, value, _("不是有效的选项，可选：%(options)s") % {"options": labels})
            return default
        return found

    def day(key: str, required: bool = False) -> date | None:
        raw = cell(key)
        if raw is REJECTED:
            return None
        try:
            value = _date(raw, epoch)
        except CellError as e:
            bad(key, raw, str(e))
            return None
        if value is None:
            if required and key in cells:
                bad(key, "", _("%(name)s不能为空。") % {"name": HEADER[key]})
            return None
        if value > today:
            bad(key, raw, _("日期不能晚于今天。"))
        elif value < EARLIEST:
            bad(key, raw, _("日期早于1990年，请核对。"))
        return value

    raw_number = text("number", 40)
    number = normalise_number(raw_number) if raw_number else ""
    received_on = day("received_on", required=True)
    applicant = text("applicant", 100, required=True)
    kind = choice("applicant_kind", KIND_CHOICES, Party.Kind.PERSON.value)
    id_number = uscc = ""
    raw_code = cell("id_code")
    if raw_code is REJECTED:
        pass
    elif isinstance(raw_code, int | float) and not isinstance(raw_code, bool):
        bad("id_code", raw_code, _("证件号码请以文本格式填写（数字格式会丢失末尾几位）。"))
    elif _text(raw_code):
        try:
            if kind == Party.Kind.ORGANISATION:
                uscc = validate_uscc(_text(raw_code))
            else:
                id_number = validate_id_number(_text(raw_code))
        except ValidationError as e:
            bad("id_code", raw_code, "；".join(str(m) for m in e.messages))
    phone = text("phone", 30)
    if phone and not _PHONE_RE.match(phone):
        bad("phone", phone, _("联系电话格式不正确。"))
    respondent = text("respondent", 100, required=True)
    act_type = choice("act_type", ACT_CHOICES, ActType.OTHER.value)
    act_description = text("act_description", 300)
    accepted_on = day("accepted_on")
    procedure_raw = _text(cells.get("procedure_type"))
    procedure_type = choice("procedure_type", PROCEDURE_CHOICES, ProcedureType.ORDINARY.value)
    outcome = choice("outcome", OUTCOME_CHOICES, "")
    closed_on = day("closed_on")
    amount = None
    raw_amount = cell("amount")
    try:
        amount = None if raw_amount is REJECTED else _amount(raw_amount)
    except CellError as e:
        bad("amount", raw_amount, str(e))
    region = ctx.organisation.region_id
    raw_region = cell("region")
    raw_region = "" if raw_region is REJECTED else _text(raw_region)
    if raw_region:
        code = raw_region + "0" * (12 - len(raw_region)) if raw_region.isdigit() and len(raw_region) in (6, 9) else ""
        code = code or raw_region
        if code in ctx.regions:
            region = code
        elif re.fullmatch(r"\d{12}", code) and Region.objects.filter(code=code).exists():
            bad("region", raw_region, _("该行政区划不在本机构（%(org)s）辖区内。") % {"org": ctx.organisation.name})
        else:
            bad("region", raw_region, _("行政区划代码不存在，应为12位国家统计用区划代码。"))

    # Consistency between the dates and the result, checked only between cells that are themselves fine.
    flagged = _columns_with_errors(report, errors_before, n)
    outcome_given = bool(_text(cells.get("outcome")))
    if received_on and accepted_on and accepted_on < received_on:
        bad("accepted_on", accepted_on, _("受理日期不能早于收到日期。"))
    if outcome_given and not closed_on and "closed_on" not in flagged:
        bad("closed_on", "", _("填写了结果的，须填写办结日期。"))
    if closed_on and not outcome_given:
        bad("outcome", "", _("填写了办结日期的，须填写结果。"))
    if outcome in BEFORE_ACCEPTANCE:
        label = OUTCOME_LABELS[outcome]
        if accepted_on:
            bad("accepted_on", accepted_on, _("结果为“%(o)s”的案件未经受理，不应填写受理日期。") % {"o": label})
        if procedure_raw:
            bad("procedure_type", procedure_raw, _("结果为“%(o)s”的案件未经受理，不适用审理程序。") % {"o": label})
        if closed_on and received_on and closed_on < received_on:
            bad("closed_on", closed_on, _("办结日期不能早于收到日期。"))
    elif outcome:
        if not accepted_on and "accepted_on" not in flagged:
            label = OUTCOME_LABELS[outcome]
            bad("accepted_on", "", _("结果为“%(o)s”的案件须经受理，请填写受理日期。") % {"o": label})
        if closed_on and accepted_on and closed_on < accepted_on:
            bad("closed_on", closed_on, _("办结日期不能早于受理日期。"))
    elif procedure_raw and not accepted_on and not outcome_given and not flagged & {"accepted_on", "procedure_type"}:
        bad("procedure_type", procedure_raw, _("未受理的案件不适用审理程序，请填写受理日期或留空。"))
    if number:
        first = ctx.numbers.get(number)
        if first is not None:
            bad("number", raw_number, _("与第%(row)s行案号重复。") % {"row": first})
        else:
            ctx.numbers[number] = n

    if len(report.errors) > errors_before or report.truncated:
        return None
    assert received_on is not None
    return ImportRow(
        row=n,
        number=number,
        received_on=received_on,
        applicant=applicant,
        applicant_kind=kind,
        id_number=id_number,
        uscc=uscc,
        phone=phone,
        respondent=respondent,
        act_type=act_type,
        act_description=act_description,
        accepted_on=accepted_on,
        procedure_type=procedure_type,
        outcome=outcome,
        closed_on=closed_on,
        amount=amount,
        region=region,
    )


OUTCOME_LABELS = {o.value: str(o.label) for o in Outcome}


def _columns_with_errors(report: ImportReport, since: int, row: int) -> set[str]:
    return {HEADER_KEYS[e.column] for e in report.errors[since:] if e.row == row and e.column in HEADER_KEYS}


HEADER_KEYS = {c.header: c.key for c in COLUMNS}


def _check_numbers(ctx: _Context, organisation: Organisation, report: ImportReport) -> None:
    """Kept numbers must not exist in the organisation already."""
    numbers = list(ctx.numbers)
    taken: set[str] = set()
    for i in range(0, len(numbers), 500):
        taken |= set(
            Case.objects.filter(organisation=organisation, number__in=numbers[i : i + 500]).values_list(
                "number", flat=True
            )
        )
    for number in sorted(taken, key=ctx.numbers.__getitem__):
        report.add(ctx.numbers[number], HEADER["number"], number, _("本机构已有该案号的案件。"))
    if taken:
        report.errors.sort(key=lambda e: (e.row is not None, e.row or 0))


# --- writing ------------------------------------------------------------------------------------------------


def import_reconsideration(
    source: bytes | str | Path | BinaryIO,
    *,
    organisation: Organisation,
    actor,
    file_name: str = "",
    dry_run: bool = False,
) -> ImportReport:
    """Validate the file; when it is clean (and not a dry run) write every row in one transaction."""
    if not can_import(actor, organisation):
        raise ImportForbidden(_("您无权向该机构导入行政复议案件（需为该机构的登记员或科室负责人）。"))
    report = validate_workbook(source, organisation=organisation, file_name=file_name)
    report.dry_run = dry_run
    if report.ok and not dry_run:
        started = time.perf_counter()
        try:
            report.created = write_rows(report, organisation=organisation, actor=actor)
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


def write_rows(report: ImportReport, *, organisation: Organisation, actor) -> int:
    """Write every row of a clean report in one transaction; any failure rolls all of it back."""
    rows = report.rows
    with transaction.atomic():
        numbers = _allocate_numbers(rows, organisation)
        agencies = _respondent_agencies(rows, organisation)
        for start in range(0, len(rows), WRITE_CHUNK):
            chunk = rows[start : start + WRITE_CHUNK]
            _write_chunk(chunk, numbers, agencies, organisation, actor, report.file_name)
    return len(rows)


def _allocate_numbers(rows: list[ImportRow], organisation: Organisation) -> dict[int, str]:
    """Row → number: kept numbers as given; the others from the gap-free sequence, one block per year."""
    proc = procedure_for(LINE)
    prefix = organisation.short_name + proc.number_code
    own = re.compile(rf"^{re.escape(prefix)}〔(\d{{4}})〕(\d+)号$")
    highest: dict[int, int] = {}
    for r in rows:
        m = own.match(r.number) if r.number else None
        if m:
            year, n = int(m.group(1)), int(m.group(2))
            highest[year] = max(highest.get(year, 0), n)
    needed: dict[int, list[ImportRow]] = {}
    for r in rows:
        if not r.number:
            needed.setdefault(r.received_on.year, []).append(r)
    result = {r.row: r.number for r in rows if r.number}
    for year in sorted(set(highest) | set(needed)):
        key = {"organisation_id": organisation.pk, "series": LINE, "year": year}
        if not NumberSequence.objects.filter(**key).exists():
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(**key)
            except IntegrityError:
                pass  # another writer created it first; the UPDATE below waits for its lock
        todo = needed.get(year, [])
        NumberSequence.objects.filter(**key).update(last=Greatest(F("last"), Value(highest.get(year, 0))) + len(todo))
        last = NumberSequence.objects.filter(**key).values_list("last", flat=True).get()
        for i, r in enumerate(todo):
            result[r.row] = format_number(prefix, year, last - len(todo) + 1 + i)
    return result


def _respondent_agencies(rows: list[ImportRow], organisation: Organisation) -> dict[str, Organisation]:
    """Respondent names that match exactly one organisation on record, linked for the per-agency analysis."""
    names = {r.respondent for r in rows}
    found: dict[str, list[Organisation]] = {}
    for o in Organisation.objects.filter(name__in=names):
        found.setdefault(o.name, []).append(o)
    return {name: orgs[0] for name, orgs in found.items() if len(orgs) == 1}


def build_case(row: ImportRow, number: str, organisation: Organisation) -> Case:
    """The Case of one row in its final recorded state (unsaved)."""
    title = f"{row.applicant}不服{row.respondent}{row.act_description}"[:200]
    return Case(
        line=LINE,
        number=number,
        organisation=organisation,
        region_id=row.region,
        title=title,
        state=row.state,
        outcome=row.outcome,
        received_on=row.received_on,
        accepted_on=row.accepted_on,
        closed_on=row.closed_on,
    )


def _write_chunk(
    chunk: list[ImportRow],
    numbers: dict[int, str],
    agencies: dict[str, Organisation],
    organisation: Organisation,
    actor,
    file_name: str,
) -> None:
    from fazhi.cases.runner import _apply_clocks  # the runner's own clock rules; see the module docstring

    cases = [build_case(r, numbers[r.row], organisation) for r in chunk]
    Case.objects.bulk_create(cases)
    details, parties, events = [], [], []
    label = _("历史数据导入")
    request_id = get_request_id() or ""
    for case, r in zip(cases, chunk, strict=True):
        details.append(
            ReconsiderationDetail(
                case=case,
                respondent_agency=agencies.get(r.respondent),
                act_type=r.act_type,
                act_description=r.act_description,
                amount=r.amount,
                procedure_type=r.procedure_type,
                decision=r.outcome if r.outcome in DECISIONS else "",
            )
        )
        parties.append(
            Party(
                case=case,
                role=Party.Role.APPLICANT,
                kind=r.applicant_kind,
                name=r.applicant,
                id_number=r.id_number,
                uscc=r.uscc,
                phone=r.phone,
            )
        )
        parties.append(Party(case=case, role=Party.Role.RESPONDENT, kind=Party.Kind.ORGANISATION, name=r.respondent))
        events.append(
            CaseEvent(
                case=case,
                code="imported",
                label=label,
                on=r.closed_on or r.accepted_on or r.received_on,
                actor=actor,
                from_state="",
                to_state=case.state,
                data={"file": file_name, "row": r.row},
                request_id=request_id,
            )
        )
    ReconsiderationDetail.objects.bulk_create(details)
    Party.objects.bulk_create(parties)
    CaseEvent.objects.bulk_create(events)
    _log_created([*cases, *parties], actor)
    open_cases = [(c, r) for c, r in zip(cases, chunk, strict=True) if not r.outcome]
    if open_cases:
        from fazhi.cases.runner import facts_of
        from fazhi.core.calendar import work_calendar

        proc, calendar = procedure_for(LINE), work_calendar()
        for case, r in open_cases:
            facts = facts_of(case)
            _apply_clocks(case, proc, proc.initial_event, r.received_on, facts, calendar)
            if r.accepted_on:
                _apply_clocks(case, proc, "accept", r.accepted_on, facts, calendar)


def _log_created(objects: list, actor) -> None:
    """The change record (django-auditlog) of rows that bulk_create wrote without signals.

    Each entry is what auditlog's own post_save receiver would write for a created row (fields differing from
    their defaults, as strings); the values are read through a per-model plan because auditlog's generic diff
    costs more than the insert itself.
    """
    from auditlog.models import LogEntry
    from django.contrib.contenttypes.models import ContentType

    cid = get_request_id()
    roles = {r.value: str(r.label) for r in Party.Role}  # str(party) without a gettext call per row
    plans: dict[type, tuple[Any, Any]] = {}
    entries = []
    for obj in objects:
        model = type(obj)
        if model not in plans:
            plans[model] = (ContentType.objects.get_for_model(model), _diff_plan(obj))
        content_type, diff = plans[model]
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
    from django.db import models as m
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
        if isinstance(f, m.DateTimeField | m.JSONField):
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
