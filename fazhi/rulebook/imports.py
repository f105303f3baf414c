"""Import of an existing catalogue of documents (规章规范性文件目录) from Excel: the whole file or nothing.

The reading and cell checks are the kernel importer's (`fazhi.cases.imports`: .xlsx only, the header found among
the first rows, formula and error cells refused, a problem list of (row, column, value, reason) downloadable as a
workbook). What is the rule book's own: the columns below (Chinese headers; kinds, statuses and yes/no in Chinese),
and the write — each row goes through `services.document_register` with `source=imported`, so a catalogue row is
checked by exactly the rules a page registration is (文号 unique within the region, dates in order); every row's
problems are listed, and one bad row writes nothing (one transaction, rolled back).

Imported documents were issued before the registry kept them: no legality review case is asked of them — except a
normative document published on or after the day the registry went live (`services.review_from`), which names its
review's 案号 in the "合法性审核案号" column and passes the gate a page registration does. A 文号 is compared
normalised (包府发[2020]9号 is 包府发〔2020〕9号), within the file and against the registry. They all belong to
the importing bureau's region.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.models import Organisation
from fazhi.cases.fields import EARLIEST_DATE
from fazhi.cases.imports import MAX_ROWS, Column, ImportReport, RowReader, choice_map
from fazhi.cases.imports.reading import Source, blank, find_header, norm_header, open_rows, parse_date, read_bytes
from fazhi.cases.models import Case
from fazhi.rulebook import services
from fazhi.rulebook.choices import APPLIED, DocumentKind, Status
from fazhi.rulebook.choices import Source as Origin

COLUMNS = (
    Column("kind", "类别", required=True),
    Column("title", "标题", required=True, aliases=("文件名称", "名称")),
    Column("number", "文号", aliases=("发文字号",)),
    Column("issuer", "制定机关", required=True, aliases=("发文机关",)),
    Column("adopted_on", "通过日期"),
    Column("published_on", "公布日期", required=True, aliases=("发布日期",)),
    Column("effective_on", "施行日期", required=True, aliases=("生效日期",)),
    Column("provisional", "暂行或试行"),
    Column("status", "状态", aliases=("效力状态",)),
    Column("status_changed_on", "状态变更日期", aliases=("废止日期", "失效日期")),
    Column("filed_on", "备案日期"),
    Column("review_case", "合法性审核案号", aliases=("审核案号",)),
    Column("text", "全文"),
)
HEADERS = {c.key: c.header for c in COLUMNS}
LOOKUP = {norm_header(name): c.key for c in COLUMNS for name in (c.header, *c.aliases)}
KINDS = choice_map(
    DocumentKind,
    {
        "法规": DocumentKind.LOCAL_REGULATION,
        "规章": DocumentKind.GOVERNMENT_RULE,
        "规范性文件": DocumentKind.NORMATIVE_DOCUMENT,
    },
)
STATUSES = choice_map(Status, {"现行有效": Status.IN_FORCE, "废止": Status.REPEALED, "已失效": Status.INVALID})
YES_NO = {"是": "yes", "否": "no", "yes": "yes", "no": "no"}
OPTIONS = {
    "类别": [str(label) for label in DocumentKind.labels],
    "暂行或试行": ["是", "否"],
    "状态": [str(label) for label in Status.labels],
}


@dataclass
class Row:
    n: int
    fields: dict[str, Any]


def _date(reader: RowReader, key: str, epoch, *, required: bool = False, latest: date) -> date | None:
    value = reader.parsed(key, lambda raw: parse_date(raw, epoch))
    if value is None:
        if required and not reader.given(key):
            reader.bad(key, "", _("%(name)s不能为空。") % {"name": HEADERS[key]})
        return None
    if value < EARLIEST_DATE:
        reader.bad(key, reader.peek(key), _("日期早于1949年10月1日，请核对。"))
    elif value > latest:
        reader.bad(key, reader.peek(key), _("日期不能晚于%(d)s。") % {"d": latest.isoformat()})
    return value


def _check_row(reader: RowReader, epoch, today: date) -> Row | None:
    provisional = reader.choice("provisional", YES_NO, "")
    status = reader.choice("status", STATUSES, Status.IN_FORCE)
    fields = {
        "kind": reader.choice("kind", KINDS, ""),
        "title": reader.text("title", 300, required=True),
        "number": reader.text("number", 100),
        "issuer": reader.text("issuer", 200, required=True),
        "adopted_on": _date(reader, "adopted_on", epoch, latest=today),
        "published_on": _date(reader, "published_on", epoch, required=True, latest=today),
        "effective_on": _date(reader, "effective_on", epoch, required=True, latest=today + timedelta(days=366)),
        "provisional": {"yes": True, "no": False}.get(provisional),
        "status": status,
        "status_changed_on": _date(reader, "status_changed_on", epoch, latest=today),
        "filed_on": _date(reader, "filed_on", epoch, latest=today),
        "text": reader.text("text", 200_000),
        "review_case": reader.text("review_case", 60),
    }
    if not fields["kind"] and "kind" not in reader.flagged():
        reader.bad("kind", "", _("类别不能为空。可填：%(o)s") % {"o": "／".join(OPTIONS["类别"])})
    if status not in APPLIED and fields["status_changed_on"] is None and "status_changed_on" in reader.headers:
        reader.bad("status_changed_on", "", _("状态为%(s)s时须填写状态变更日期。") % {"s": Status(status).label})
    elif status not in APPLIED and "status_changed_on" not in reader.headers:
        reader.bad("status", reader.peek("status"), _("状态为已废止、失效或已修改时，须有“状态变更日期”列。"))
    return Row(reader.n, fields) if reader.ok else None


def validate(source: Source, *, file_name: str = "") -> ImportReport:
    """Read and check every row's cells; the report lists every problem and holds the rows that passed."""
    report = ImportReport(file_name=file_name, noun=_("规章规范性文件"))
    data = read_bytes(source, report)
    opened = open_rows(data, report) if data is not None else None
    if opened is None:
        return report
    rows, wb = opened
    try:
        header_row, columns = find_header(rows, COLUMNS, LOOKUP, report)
        if columns is None:
            return report
        headers = {key: HEADERS[key] for key in columns.values()}
        today = timezone.localdate()
        width = max(columns) + 1
        seen: dict[str, int] = {}
        for n, values in rows:
            values = (*values, *([None] * (width - len(values))))
            cells = {key: values[i] for i, key in columns.items()}
            if blank(cells.values()):
                continue
            if len(report.rows) + len({e.row for e in report.errors}) > MAX_ROWS:
                report.add(None, "", "", _("数据超过%(n)s行，请分成多个文件导入。") % {"n": MAX_ROWS})
                break
            reader = RowReader(n, cells, headers, wb.epoch, today, report)
            row = _check_row(reader, wb.epoch, today)
            number = reader.peek("number") if "number" in headers else ""
            if number:
                key = services.clean_number(str(number))
                if key in seen:
                    report.add(n, HEADERS["number"], number, _("与第%(r)s行文号重复。") % {"r": seen[key]})
                    row = None
                seen.setdefault(key, n)
            if row is not None:
                report.rows.append(row)
        if not report.rows and not report.errors:
            report.add(header_row, "", "", _("表头下方没有数据行。"))
    except Exception:  # a sheet whose XML breaks half-way: say so, never a 500
        report.add(None, "", file_name, _("文件内容无法读取（可能已损坏），请在 Excel/WPS 中打开后重新保存再导入。"))
    finally:
        wb.close()
    return report  # with the rows that passed their cell checks, even when others failed (`run` writes them)


def run(
    source: Source, *, organisation: Organisation, actor, file_name: str = "", dry_run: bool = False
) -> ImportReport:
    """Check, then write every row through the registry's service in one transaction: all rows or none."""
    report = validate(source, file_name=file_name)
    report.dry_run = dry_run
    if not report.rows:
        return report
    # the rows that passed their cell checks go through the service even when others failed, so the problem
    # list also holds what only the registry's rules find (文号 on record, dates out of order); then rolled back
    with transaction.atomic():
        for row in report.rows:
            fields = dict(row.fields)
            case_number = fields.pop("review_case", "") or ""
            cases = Case.objects.visible_to(actor) if getattr(actor, "is_authenticated", False) else Case.objects
            case = cases.filter(number=case_number.strip()).first() if case_number.strip() else None
            if case_number.strip() and case is None:
                report.add(row.n, HEADERS["review_case"], case_number, _("未找到该合法性审核案件，请核对案号。"))
                continue
            try:
                with transaction.atomic():
                    services.document_register(
                        actor=actor,
                        region_id=organisation.region_id,
                        organisation=organisation,
                        source=Origin.IMPORTED,
                        review_case=case,
                        **fields,
                    )
            except ValidationError as exc:
                for field, messages in exc.message_dict.items() if hasattr(exc, "error_dict") else [("", exc.messages)]:
                    for message in messages:
                        report.add(row.n, HEADERS.get(field, ""), row.fields.get(field, ""), message)
            else:
                report.created += 1
        if dry_run or report.errors:
            transaction.set_rollback(True)
            if report.errors:
                report.created = 0
    if report.errors:
        report.rows = []
    return report


def summary(report: ImportReport) -> str:
    """One sentence on what the import found or did."""
    if not report.ok:
        return report.summary()
    if report.dry_run:
        return _("检查通过：共%(n)s行，可以导入。未写入数据。") % {"n": len(report.rows)}
    return _("已导入%(n)s件规章规范性文件。") % {"n": report.created}


def template_xlsx() -> bytes:
    """The template: the headers (required ones marked) on the first sheet, what each column takes on the second."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("规章规范性文件目录")
    ws.append([f"{c.header}（必填）" if c.required else c.header for c in COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    notes = wb.create_sheet(_("填写说明"))
    notes.append([_("列"), _("填写说明")])
    explained = {
        "类别": _("可填：") + "／".join(OPTIONS["类别"]),
        "暂行或试行": _("可填：是／否；不填时按标题中是否含“暂行”“试行”判断。"),
        "状态": _("可填：") + "／".join(OPTIONS["状态"]) + _("；不填为有效。"),
        "状态变更日期": _("状态为已废止、失效或已修改时必填。"),
        "公布日期": _("日期如 2024-03-01、2024/3/1 或 2024年3月1日。"),
        "文号": _("同一地区内不得重复；〔〕与[]、()视为同一文号。"),
        "合法性审核案号": _("上线后公布的行政规范性文件必填：已办结、经审核可以发布的合法性审核案件的案号。"),
    }
    for column in COLUMNS:
        notes.append([column.header, str(explained.get(column.header, ""))])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
