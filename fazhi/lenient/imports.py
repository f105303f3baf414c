"""The Excel upload of lenient-penalty decisions: read the sheet with the kernel importer, check and write through
`services.decisions_report` (the API's path too).

The file rules are every import's (`fazhi.cases.imports`: .xlsx only, the header among the first rows, formula and
error cells refused, the problem list as a workbook), with larger bounds: agencies report tens of thousands of
decisions a month, so a file may hold up to `MAX_ROWS` rows and `MAX_BYTES` bytes.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

from django.utils.translation import gettext as _

from fazhi.cases.import_views import template_xlsx as kernel_template
from fazhi.cases.imports import ImportReport, reading
from fazhi.lenient import access
from fazhi.lenient.choices import Channel, PartyKind
from fazhi.lenient.models import ListEntry
from fazhi.lenient.services import COLUMNS, HEADERS, LOOKUP, Outcome, decisions_report

MAX_ROWS = 200_000
MAX_BYTES = 24 * 1024 * 1024  # ~100,000 rows of the template's six columns take ~3 MB; room for wide files


def too_large() -> str:
    return _("文件超过%(mb)sMB，请分成多个文件导入。") % {"mb": MAX_BYTES // (1024 * 1024)}


def _read(source: Any, report: ImportReport) -> bytes | None:
    if isinstance(source, bytes | bytearray):
        data = bytes(source)
    else:
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        report.add(None, "", report.file_name, too_large())
        return None
    return data


def _open(data: bytes, report: ImportReport):
    """The kernel's reader (`reading.open_rows`: calamine, or openpyxl for a sheet calamine cannot show), told this
    import's row bound: a 100,000-row file is past the kernel's default, and would otherwise be read by openpyxl."""
    return reading.open_rows(data, report, last_row=MAX_ROWS + reading.HEADER_SCAN_ROWS)


def _cells(rows: Iterator[tuple[int, tuple]], columns: dict[int, str], report: ImportReport):
    width = max(columns) + 1
    count = 0
    for n, values in rows:
        if len(values) < width:
            values = (*values, *([None] * (width - len(values))))
        cells = {key: values[i] for i, key in columns.items()}
        if reading.blank(cells.values()):
            continue
        count += 1
        if count > MAX_ROWS:
            report.add(None, "", "", _("数据超过%(n)s行，请分成多个文件导入。") % {"n": MAX_ROWS})
            return
        yield n, cells


def upload(source: Any, *, actor, file_name: str = "", dry_run: bool = False) -> Outcome:
    """Read an uploaded workbook and report its decisions: all written, or nothing and every problem listed."""
    problems = ImportReport(file_name=file_name, noun=_("免罚轻罚决定"))
    data = _read(source, problems)
    opened = _open(data, problems) if data is not None else None
    if opened is None:
        return Outcome(problems, dry_run=dry_run)
    rows, wb = opened
    try:
        _header_row, columns = reading.find_header(rows, COLUMNS, LOOKUP, problems)
        if columns is None:
            return Outcome(problems, dry_run=dry_run)
        headers = {key: HEADERS[key] for key in columns.values()}
        return decisions_report(
            _cells(rows, columns, problems),
            actor=actor,
            channel=Channel.UPLOAD,
            headers=headers,
            epoch=wb.epoch,
            file_name=file_name,
            problems=problems,
            dry_run=dry_run,
        )
    finally:
        wb.close()


def template_xlsx(user) -> bytes:
    """The template with drop-downs: the user's agencies, the list's entry codes, the party kinds."""
    options = {
        "agency": [a.name for a in access.reporting_agencies(user)[:500]],
        "entry": list(ListEntry.objects.order_by("code").values_list("code", flat=True)[:2000]),
        "party_kind": [str(label) for label in PartyKind.labels],
    }
    importer = SimpleNamespace(columns=COLUMNS)  # the kernel's template reads only the importer's columns
    return kernel_template(importer, options, _("免罚轻罚决定报送"))  # type: ignore[arg-type]
