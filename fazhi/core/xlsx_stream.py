"""An .xlsx workbook written while it is sent: the first bytes leave before the last row is read.

openpyxl (even write-only) builds the whole sheet before `save` zips it, so a 100,000-row export kept the user
waiting half a minute with nothing on screen. Here the standard library's `zipfile` writes to an unseekable sink
(data descriptors after each entry, which every spreadsheet program reads), the sheet's XML is written a chunk of
rows at a time, and each chunk's compressed bytes are yielded at once: memory holds one chunk, and the browser's
download bar shows progress from the first second. Only what a list needs is written (one sheet, a bold frozen
header, text as inline strings, numbers, dates as dates), which is why this is a small hand-written module rather
than a dependency (stream-zip would only replace the zipfile part). Cells are made formula-safe as everywhere
(`fazhi.core.spreadsheets.safe_cell`).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from fazhi.core.spreadsheets import safe_cell

EPOCH = date(1899, 12, 30)  # Excel's day 0 (1900 date system, with its leap-year quirk already folded in)
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
# cellXfs: 0 plain, 1 date (yyyy-mm-dd), 2 bold (the header)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="等线"/></font><font><b/><sz val="11"/><name val="等线"/></font>'
    "</fonts>"
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(sheet: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(sheet[:31], {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets>'
        "</workbook>"
    )


def _sheet_head(widths: Sequence[int]) -> str:
    cols = "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, 1))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
        f"{f'<cols>{cols}</cols>' if cols else ''}<sheetData>"
    )


def _cell(value: Any, style: int = 0) -> str:
    value = safe_cell(value)
    bold = f' s="{style}"' if style else ""
    if value is None or value == "":
        return "<c/>"
    if isinstance(value, bool):
        return f'<c t="b"{bold}><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f"<c{bold}><v>{value}</v></c>"
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return f'<c s="1"><v>{(value - EPOCH).days}</v></c>'
    text = escape(ILLEGAL_XML.sub("", str(value)))
    return f'<c t="inlineStr"{bold}><is><t xml:space="preserve">{text}</t></is></c>'


def _row(values: Iterable[Any], style: int = 0) -> str:
    return "<row>" + "".join(_cell(v, style) for v in values) + "</row>"


class _Sink(io.RawIOBase):
    """An unseekable file that keeps what is written until it is taken (zipfile then writes data descriptors)."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:  # type: ignore[override]
        self._parts.append(bytes(b))
        return len(b)

    def take(self) -> bytes:
        out = b"".join(self._parts)
        self._parts.clear()
        return out


def stream_xlsx(
    sheet: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    widths: Sequence[int] = (),
    chunk: int = 2000,
) -> Iterator[bytes]:
    """The workbook's bytes, piece by piece: the fixed parts, then the sheet a `chunk` of rows at a time."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", _workbook(sheet))
        zf.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        zf.writestr("xl/styles.xml", STYLES)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write((_sheet_head(widths) + _row(header, style=2)).encode())
            pending: list[str] = []
            for row in rows:
                pending.append(_row(row))
                if len(pending) >= chunk:
                    part.write("".join(pending).encode())
                    pending.clear()
                    yield sink.take()
            part.write(("".join(pending) + "</sheetData></worksheet>").encode())
    yield sink.take()
