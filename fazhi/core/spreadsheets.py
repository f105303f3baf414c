"""Writing spreadsheets safely: cells that a spreadsheet would run as a formula are neutralised (CWE-1236)."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """A value fit for a cell: text starting like a formula gets a leading apostrophe-quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    if isinstance(value, datetime):
        return value.replace(tzinfo=None)
    return value


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """A one-sheet workbook written in streaming mode, so memory stays flat for long lists."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    bold = Font(bold=True)
    header_cells = []
    for text in header:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for row in rows:
        ws.append([safe_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
