"""A line's import declaration (`LineImport`), and the flow every line shares: who may import, check, then write.

A line subclasses `LineImport` with what is its own — its columns, how one row is checked and what it becomes
(detail, parties, the clocks an open case had started); reading, checking, the report and writing are shared.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from django.db import DatabaseError, IntegrityError, models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import is_active_superuser, scopes_of
from fazhi.accounts.models import Organisation
from fazhi.cases.bulk import new_instance
from fazhi.cases.imports import reading
from fazhi.cases.imports.checking import CaseRow, ImportContext, RowReader, check_numbers_on_record
from fazhi.cases.imports.reading import Column, Source, blank, find_header, norm_header, open_rows, read_bytes
from fazhi.cases.imports.reporting import ImportReport
from fazhi.cases.imports.writing import WRITE_CHUNK, write_rows
from fazhi.cases.models import Case
from fazhi.cases.registry import procedure_for
from fazhi.cases.runner import PartyInput

log = logging.getLogger(__name__)


class ImportForbidden(Exception):
    """The user may not import this line's cases into this organisation."""


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
        """The Case of one row (unsaved); the walk of its steps sets its state, outcome and dates (cases.history)."""
        return new_instance(
            Case,
            line=self.line,
            number=number,
            organisation=row.organisation,
            region_id=row.region,
            title=self.title(row)[:200],
            outcome=row.outcome,
            received_on=row.received_on,
            accepted_on=row.accepted_on,
            closed_on=row.closed_on,
        )

    # -- who may import where ---------------------------------------------------------------------------------

    def can_import(self, user, organisation: Organisation) -> bool:
        """Whether `organisation` is one the user may import into (page, command and API alike)."""
        return self.importable_organisations(user).filter(pk=organisation.pk).exists()

    def importable_organisations(self, user):
        """The organisations the user may import into: their own, or (subtree lines) those of `kinds` below them."""
        qs = Organisation.objects.select_related("region").order_by("region_id", "name")
        if is_active_superuser(user):
            return qs.filter(kind__in=self.kinds)
        scopes = [s for s in scopes_of(user) if s.role in self.roles and self.line in s.lines]
        if not self.subtree:
            return qs.filter(pk__in=[s.organisation_id for s in scopes])
        if not scopes:
            return qs.none()
        within = Q()  # a subtree line (mediation: a 司法所 keys in its committees' registers) declares it
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
        header_row, columns = find_header(rows, self.columns, self.header_lookup, report)
        if columns is None:
            return
        today = timezone.localdate()
        width = max(columns) + 1
        count = 0
        for number, values in rows:
            if number > 2 * reading.MAX_ROWS:
                report.add(None, "", "", _("表格行数过多（含大量空行），请删除多余的行后再导入。"))
                report.rows = []
                return
            if len(values) < width:
                values = (*values, *([None] * (width - len(values))))
            cells = {key: values[i] for i, key in columns.items()}
            if blank(cells.values()):
                continue  # blank and merged-away rows
            count += 1
            if count > reading.MAX_ROWS:  # read here, so a test may lower it
                report.add(None, "", "", _("数据超过%(n)s行，请分成多个文件导入。") % {"n": reading.MAX_ROWS})
                report.rows = []
                return
            row = self.check_row(RowReader(number, cells, self.header, epoch, today, report), ctx)
            if row is not None:
                report.rows.append(row)
        if count == 0:
            report.add(header_row, "", "", _("表头下方没有数据行。"))
            return
        check_numbers_on_record(ctx, report, self.header["number"])

    def write(self, report: ImportReport, *, actor) -> int:
        """Write every row of a clean report in one transaction (fazhi.cases.imports.writing)."""
        return write_rows(self, report, actor=actor)
