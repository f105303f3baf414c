"""Excel import of historical cases, one implementation for every line: check every row, then write all or nothing.

A line declares what is its own — its columns, how one row is checked and what it becomes (detail, parties, the
clocks an open case had started) — by subclassing `LineImport` (`line.py`); everything else lives here once:

- `reading`: the first worksheet of an .xlsx (python-calamine; openpyxl read-only, formulas visible, for a sheet
  with formula or error cells), refusing files that are too large, not .xlsx (CSV or text in any encoding, .xls,
  Word renamed, zip bombs) or too long, with Chinese reasons; the header found among the first rows (Chinese label
  or English key); how a cell's date, amount or count is read;
- `checking`: every row read through a `RowReader` that reports each problem as (row, column, value, reason) —
  formula and error cells, dates, amounts, counts, choices, ID numbers, regions of the organisation's subtree,
  numbers repeated in the file or on record;
- `reporting`: every problem, a summary, and the rejected rows as a downloadable workbook;
- `writing`: only a clean file, in one transaction, with the numbers, events, clocks and rollups a case needs;
- `command`: the `import_<line>` management command; the page is `fazhi.cases.import_views`.

This package is the importer's public face: lines import from here, not from the modules.
"""

from fazhi.cases.imports.checking import CaseRow, ImportContext, RowReader, choice_map
from fazhi.cases.imports.command import ImportCommand
from fazhi.cases.imports.line import ImportForbidden, LineImport
from fazhi.cases.imports.reading import MAX_BYTES, MAX_ROWS, Column, split_names, too_large
from fazhi.cases.imports.reporting import ImportReport, RowError
from fazhi.cases.imports.writing import WRITE_CHUNK

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "WRITE_CHUNK",
    "CaseRow",
    "Column",
    "ImportCommand",
    "ImportContext",
    "ImportForbidden",
    "ImportReport",
    "LineImport",
    "RowError",
    "RowReader",
    "choice_map",
    "split_names",
    "too_large",
]
