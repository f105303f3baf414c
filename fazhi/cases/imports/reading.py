"""Reading an import file: the bytes (size, zip-bomb and format checks), its first worksheet's rows, the header.

Also how one cell's value is read (dates, amounts, counts, case numbers, names), each refusing with a Chinese reason.
Every problem goes to the `ImportReport`; nothing here knows a line.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900

from fazhi.cases.imports.reporting import ImportReport

# the cell parsers are shared with the case pages' step fields (fazhi.cases.fields); re-exported for the import
from fazhi.cases.parsing import AMOUNT_MESSAGE, CellError, parse_amount, parse_count, text_of  # noqa: F401

log = logging.getLogger(__name__)

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 50_000
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx that unpacks beyond this is a zip bomb, not a case register
HEADER_SCAN_ROWS = 20  # a title row or two above the header is common
NAME_SEPARATORS = re.compile(r"[、，,;；/]+")

Source = bytes | str | Path | BinaryIO

# --- columns ----------------------------------------------------------------------------------------------------


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


class _Opened:
    """What `open_rows` hands back besides the rows: the workbook's date epoch, and how to close it."""

    def __init__(self, epoch: datetime, close: Any) -> None:
        self.epoch, self.close = epoch, close


def open_rows(
    data: bytes, report: ImportReport, *, last_row: int | None = None
) -> tuple[Iterable[tuple[int, tuple]], Any] | None:
    """The first worksheet's rows as (Excel row number, values), and the workbook (its `epoch`; `close()` it).

    Read by python-calamine (Rust, ~10× openpyxl) unless the sheet holds what calamine cannot show: formula cells
    (it gives their cached value) and error cells (it gives ""), which must be refused cell by cell, or cells so far
    apart that calamine's dense grid would not fit in memory (it aborts the process). `_calamine_can_read` looks
    for those in the sheet's XML; such a file is read by openpyxl (read-only, formulas visible) as before.
    `last_row` is the furthest row number calamine may be given (default twice the kernel's MAX_ROWS); an import
    with a larger row limit of its own says so.
    """
    reason = not_xlsx_reason(data)
    if reason:
        report.add(None, "", report.file_name, reason)
        return None
    fast = _calamine_rows(data, last_row)
    if fast is not None:
        return fast
    return _openpyxl_rows(data, report)


def _openpyxl_rows(data: bytes, report: ImportReport) -> tuple[Iterable[tuple[int, tuple]], Any] | None:
    from openpyxl import load_workbook

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


# --- the fast path: python-calamine -------------------------------------------------------------------------------

_WORKSHEET_TYPE = "/relationships/worksheet"
_FORMULA = re.compile(rb"f[\s>/]")  # <f>, <f t="shared" …/>, <x:f>: checked for the "<" or ":" before it
_ERROR_CELL = re.compile(rb"""t=["']e["']""")
# a cell reference at column BA or beyond, or at row 100,000 or beyond (the number is then compared with the limit)
_FAR_CELL = re.compile(rb"""r=["'](?:(?:[A-Z]{3}|[B-Z][A-Z])\d|[A-Z]{0,3}(\d{6,}))""")
_SCAN_CHUNK = 4 << 20


def _first_worksheet(z: zipfile.ZipFile) -> tuple[int, str, bool] | None:
    """(its index among the workbook's sheets, its part's name, whether dates count from 1904), or None."""
    from xml.etree import ElementTree

    try:
        if (
            z.getinfo("xl/workbook.xml").file_size > 1 << 20
            or z.getinfo("xl/_rels/workbook.xml.rels").file_size > 1 << 20
        ):
            return None
        book = ElementTree.fromstring(z.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile, OSError, ValueError):
        return None
    targets = {r.get("Id"): r for r in rels if r.tag.endswith("Relationship")}
    date1904 = any(e.tag.endswith("}workbookPr") and e.get("date1904", "").lower() in ("1", "true") for e in book)
    sheets = [e for e in book.iter() if e.tag.endswith("}sheet")]
    for index, sheet in enumerate(sheets):
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        rel = targets.get(rid)
        if rel is None:
            return None
        if not (rel.get("Type") or "").endswith(_WORKSHEET_TYPE):
            continue  # a chart sheet: openpyxl's worksheets[0] skips it too
        target = rel.get("Target") or ""
        name = target.lstrip("/") if target.startswith("/") else "xl/" + target
        return index, name, date1904
    return None


def _calamine_can_read(z: zipfile.ZipFile, part: str, last_row: int | None = None) -> bool:
    """Whether the sheet's XML has no formula, no error cell, and no cell beyond column AZ or row `last_row`
    (default 2×MAX_ROWS).

    A streaming scan of the inflated XML with three searches, each on a literal prefix (re's fast path): far
    cheaper than parsing it (~0.2 s per search for 100,000 rows of 18 columns as openpyxl writes them).
    """
    limit = 2 * MAX_ROWS if last_row is None else last_row
    try:
        with z.open(part) as f:
            tail = b""
            while chunk := f.read(_SCAN_CHUNK):
                text = tail + chunk
                for m in _FORMULA.finditer(text):
                    if m.start() > 0 and text[m.start() - 1] in b"<:":
                        return False
                if _ERROR_CELL.search(text):
                    return False
                for m in _FAR_CELL.finditer(text):
                    if m.group(1) is None or int(m.group(1)) > limit:
                        return False
                tail = text[-32:]  # a mark cut in two by the chunk's end is whole in the next text
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return False
    return True


def _calamine_rows(data: bytes, last_row: int | None = None) -> tuple[Iterable[tuple[int, tuple]], _Opened] | None:
    """The rows read by python-calamine, or None when the file needs openpyxl (see `open_rows`)."""
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            first = _first_worksheet(z)
            if first is None or not _calamine_can_read(z, first[1], last_row):
                return None
        index, _part, date1904 = first
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheet = wb.get_sheet_by_index(index)
    except Exception:  # anything calamine cannot read, openpyxl reads (or reports) as before
        log.info("calamine could not read the workbook; reading it with openpyxl", exc_info=True)
        return None
    epoch = CALENDAR_MAC_1904 if date1904 else CALENDAR_WINDOWS_1900
    return _numbered(sheet), _Opened(epoch, wb.close)


def _numbered(sheet: Any) -> Iterable[tuple[int, tuple]]:
    """calamine's rows as openpyxl gives them: numbered as Excel numbers them (calamine's `iter_rows` starts at the
    sheet's first row, blank rows above the data included; only the blank columns to the left are left out, which
    changes no column's key), None for an empty cell, whole numbers as int (an .xlsx stores every number as a
    float; openpyxl reads "12" as 12)."""
    if sheet.start is None:
        return
    for number, row in enumerate(sheet.iter_rows(), start=1):
        yield number, tuple([None if v == "" else int(v) if type(v) is float and v.is_integer() else v for v in row])


def blank(values: Iterable[Any]) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# --- the header ---------------------------------------------------------------------------------------------------


def find_header(
    rows: Iterable[tuple[int, tuple]], columns: Sequence[Column], lookup: dict[str, str], report: ImportReport
) -> tuple[int | None, dict[int, str] | None]:
    """Locate the header among the first rows (column index → key); report missing required columns by name.

    `lookup` maps each normalised header spelling (`norm_header`) to its column's key.
    """
    header = {c.key: c.header for c in columns}
    first_nonblank: int | None = None
    for number, values in rows:
        if number > HEADER_SCAN_ROWS:
            break
        if blank(values):
            continue
        first_nonblank = first_nonblank or number
        found: dict[int, str] = {}
        for i, v in enumerate(values):
            key = lookup.get(norm_header(v)) if v is not None else None
            if key:
                found[i] = key
        if len(found) < 2:
            continue
        seen: dict[str, int] = {}
        for i, key in found.items():
            if key in seen:
                report.add(number, header[key], values[i], _("该列重复出现，请只保留一列。"))
            seen[key] = i
        for c in columns:
            if c.required and c.key not in seen:
                report.add(number, c.header, "", _("缺少必填列：%(name)s") % {"name": c.header})
        return number, (None if report.errors else {i: k for k, i in seen.items()})
    if first_nonblank is None:
        report.add(None, "", report.file_name, _("工作簿为空，没有任何数据。"))
        return None, None
    missing = "、".join(c.header for c in columns if c.required)
    report.add(
        first_nonblank,
        "",
        "",
        _("未找到表头，缺少必填列：%(names)s（请使用导入模板的表头）。") % {"names": missing},
    )
    return None, None


# --- cell values --------------------------------------------------------------------------------------------------

_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
DATE_FORMAT_MESSAGE = "日期格式不正确，请填写如 2023-03-15、2023/3/15 或 2023年3月15日。"


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
