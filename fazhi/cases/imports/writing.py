"""Writing a clean import through the kernel's one write path for past cases (`fazhi.cases.history`).

Each row becomes a `PastCase`: its case, detail and parties as the line builds them, and the steps that lead to what
the register records — for an open case the steps whose clocks the runner would have started (the line's
`replay`), for a closed one the shortest path the procedure declares to its outcome (`history.steps_to`). The state,
outcome and dates come from those steps, never from the row. The timeline gets one event, `imported` (历史数据导入),
by the importing user naming file and row: who took each step is not on record, and a replay through the runner
would issue documents today under numbers of a past year. A closed case keeps no clocks (its intermediate steps are
not on record); an open one keeps exactly those the runner would have started on its recorded dates.

Only a clean file is written, in one transaction (a failure halfway leaves nothing): kept numbers are kept (and the
organisation's sequence for that year raised past them), the others allocated gap-free as one block; the change
record of every row written; the rollups told in the same transaction. A row whose steps the procedure does not
allow becomes a row error, and nothing is written.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from fazhi.cases.history import (
    HistoryError,
    HistoryErrors,
    PastCase,
    Step,
    Summary,
    history_check_many,
    history_write_many,
    steps_to,
)
from fazhi.cases.imports.reporting import ImportReport
from fazhi.cases.models import Case
from fazhi.cases.registry import procedure_for

if TYPE_CHECKING:
    from fazhi.cases.imports.line import LineImport

WRITE_CHUNK = 4000  # cases per batch at most (`fazhi.cases.copying.batches`: the first 500, then doubling)


def write_rows(importer: LineImport, report: ImportReport, *, actor) -> int:
    """Write every row of a clean report in one transaction; any failure rolls all of it back.

    Returns the number of cases written; 0 with the report's row errors when a row's history is not allowed.

    The cyclic garbage collector is paused meanwhile: the write allocates several objects per row, all of them live
    until it ends, and each full collection would walk all of them again for nothing.
    """
    with paused_gc():
        return _write_rows(importer, report, actor=actor)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (reference counting still frees what is dropped); restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write_rows(importer: LineImport, report: ImportReport, *, actor) -> int:
    rows = report.rows
    with transaction.atomic():
        prepared = importer.prepare(rows)
        label = _("历史数据导入")
        pasts, built, problems = [], [], []
        for r in rows:
            summary = Summary("imported", label, importer.event_on(r), actor, {"file": report.file_name, "row": r.row})
            try:
                pasts.append(past_case(importer, r, prepared, summary))
                built.append(r.row)
            except HistoryError as exc:
                problems.append((r.row, str(exc)))
        if problems:  # the other rows' steps are checked too, so the user sees every problem at once
            problems += [(built[i], message) for i, message in history_check_many(pasts)]
        else:
            try:  # walks every case (on one calendar) before it writes any
                history_write_many(pasts, chunk=importer.write_chunk, record_changes_by=actor)
            except HistoryErrors as exc:
                problems = [(built[i], message) for i, message in exc.failures]
        if problems:
            for row, message in sorted(problems, key=lambda p: p[0]):
                report.add(row, "", "", message)
            report.rows = []
            return 0
    return len(rows)


def past_case(importer: LineImport, row: Any, prepared: Any, summary: Summary) -> PastCase:
    """One row as a past case: what the line builds, and the steps to what the register records."""
    case: Case = importer.build_case(row, row.number)
    detail = importer.detail(row, case, prepared)
    if row.outcome:
        steps = steps_to(
            importer.line,
            detail,
            received_on=row.received_on,
            accepted_on=row.accepted_on,
            closed_on=row.closed_on,
            outcome=row.outcome,
        )
    else:
        initial = procedure_for(importer.line).initial_event
        steps = [Step(code, on) for code, on in importer.replay(row) if code != initial]
    return PastCase(
        case,
        detail,
        parties=list(importer.parties(row)),
        steps=steps,
        summary=summary,
        clocks=not row.outcome,
    )
