"""Writing past cases in bulk with the client's work and the database's overlapped (`history_write_many`).

Writing an import is two kinds of work one after the other: the client builds each table's rows (instances, values
prepared and personal data encrypted, the change records) and the server ingests them (parsing, index upkeep,
foreign-key checks). On PostgreSQL they run on different processes, so they can run at once: a producer thread
builds the rows of the next batch while the connection's thread copies the last one (`overlapped`), and the write
takes about the longer of the two rather than their sum.

Everything stays in the caller's one transaction on the one connection: the producer runs no query (ids, numbers
and content types are taken before it starts; its rows are values only), and every statement is sent by the
connection's thread. A failure in the producer is raised in the connection's thread, which rolls the transaction
back; a failure while copying stops the producer. On SQLite, whose engine runs in this process, the batches are
built and written in turn: there is nothing to overlap.
"""

from __future__ import annotations

import contextvars
import queue
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connection, models, transaction
from django.utils import timezone, translation

from fazhi.cases.bulk import (
    ChangeRecords,
    StaleStatistics,
    assign_ids,
    copy_rows,
    light_instance,
    model_rows,
    prepare_rows,
    reserve_ids,
)
from fazhi.cases.hooks import cases_opened
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.core.crypto import blind_index, blind_indexes

T = TypeVar("T")

DEPTH = 2  # batches built ahead of the copying: one being copied, one ready, one being built

EVENT_COLUMNS = ("case", "code", "label", "on", "at", "actor", "from_state", "to_state", "basis", "data", "request_id")


def overlapped(batches: Iterable[T], send: Callable[[T], None], *, depth: int = DEPTH) -> None:
    """`send` each batch in this thread while a producer thread builds the next ones from `batches`.

    The producer runs in a copy of this thread's context (the request id) with its language active. An exception
    raised while building is raised here (with its traceback); one raised by `send` stops the producer before it
    builds another batch. Only on PostgreSQL; elsewhere the batches are built and sent in turn.
    """
    if connection.vendor != "postgresql":
        for batch in batches:
            send(batch)
        return
    ready: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()
    language = translation.get_language()

    def hand_over(item: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.05)
                return True
            except queue.Full:
                continue
        return False

    def produce() -> None:
        try:
            # this thread's own connection is never the transaction's: a query here would be a bug, so it raises
            with translation.override(language), connection.execute_wrapper(_no_query):
                for batch in batches:
                    if not hand_over(("batch", batch)):
                        return
            hand_over(("done", None))
        except BaseException as exc:
            hand_over(("error", exc))

    producer = threading.Thread(
        target=contextvars.copy_context().run, args=(produce,), name="fazhi-bulk-producer", daemon=True
    )
    producer.start()
    try:
        while True:
            kind, item = ready.get()
            if kind == "done":
                return
            if kind == "error":
                raise item
            send(item)
    finally:
        stop.set()
        producer.join()


FIRST_BATCH = 500  # cases in the first batch, which the database waits for; each next one twice the last, up to `chunk`


def batches(n: int, chunk: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each batch of `n` cases: the first small, since the database has nothing to do while it is
    built, then doubling up to `chunk` (fewer statements: each COPY and each rollup call has its own cost)."""
    start, size = 0, max(1, min(chunk, FIRST_BATCH))
    while start < n:
        yield start, min(n, start + size)
        start, size = start + size, min(chunk, size * 2)


def _no_query(execute: Any, sql: str, *args: Any) -> Any:
    raise RuntimeError(f"a query in the thread building rows, outside the write's transaction: {sql[:80]}")


@dataclass
class Batch:
    """The rows of one chunk of past cases, each table's prepared for `copy_rows`, parents first."""

    tables: list[tuple[type[models.Model], list[Any], list[list[Any]]]] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    lines: set[str] = field(default_factory=set)
    deadlines: list[Deadline] = field(default_factory=list)  # their ids are taken when the batch is sent
    clocks: dict[int, tuple[str, list[Deadline]]] = field(default_factory=dict)  # every clock of each case


PARTY_FIELDS = Party._meta.concrete_fields
PARTY_ATTNAMES = [f.attname for f in PARTY_FIELDS]


def _party_plan(sample: Any) -> list[tuple[str, Any, Any]]:
    """How each Party column is filled from a party input like `sample` (a `PartyInput`): its own value when it has
    the attribute, else the column's default; the id, the case, the blind indexes of the clear values."""
    indexed = {f.attname: f for f in blind_indexes(Party).values()}
    given = {f.attname for f in PARTY_FIELDS if hasattr(sample, f.attname)}
    plan: list[tuple[str, Any, Any]] = []
    for f in PARTY_FIELDS:
        if f.primary_key:
            plan.append(("pk", None, None))
        elif f.attname == "case_id":
            plan.append(("case", None, None))
        elif f.attname in indexed:
            plan.append(("index", indexed[f.attname].kind, indexed[f.attname].source))
        elif f.attname in given:
            plan.append(("input", f.attname, None))
        else:
            plan.append(("default", f.get_default, None))
    return plan


class HistoryCopier:
    """Writes walked and numbered past cases (`history.PastCase`) in batches, overlapped (`overlapped`)."""

    def __init__(
        self, pasts: Sequence[Any], *, changes_by: Any, request_id: str, tell: Callable[..., None] = cases_opened
    ) -> None:
        """`tell(case_ids, lines=…, clocks=…)`: the listeners of cases written, called after each batch
        (`cases_opened`), told the cases' lines and every clock of each (a tally counts them without a read)."""
        self.pasts, self.changes_by, self.request_id, self.tell = pasts, changes_by, request_id, tell
        self.conn = transaction.get_connection()  # the rows are prepared for it, in whichever thread
        self.alias = connection.alias
        # every id up front (one query per table), so the producer never asks the database
        assign_ids(Case, [p.case for p in pasts])
        details: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for p in pasts:
            if p.detail is not None:
                details[type(p.detail)].append(p.detail)
        for model, objs in details.items():
            assign_ids(model, objs)
        self.party_ids = iter(reserve_ids(Party, sum(len(p.parties) for p in pasts)))
        self.party_plans: dict[type, list[tuple[str, Any, Any]]] = {}
        self.records = (
            ChangeRecords(changes_by, request_id or None, {Case, Party, Deadline, *details}, self.conn)
            if changes_by is not None
            else None
        )
        self.statistics = StaleStatistics(Case)

    def write(
        self,
        chunk: int,
        *,
        walk: Callable[[Sequence[Any]], list[tuple[int, str]]] | None = None,
        refuse: Callable[[list[tuple[int, str]]], Exception] = ValueError,
    ) -> None:
        """Write the cases in batches. `walk(part)`: take each batch's steps in memory first (in the producer: the
        case's state and its clocks come from them), giving (index in part, message) of each case refused; once
        one is refused nothing more is built, every other case is still walked, and `refuse(failures)` (indexes in
        all the cases) is raised, which rolls back what was sent."""
        overlapped(self._batches(chunk, walk, refuse), self.send)

    def _batches(self, chunk: int, walk: Any, refuse: Any) -> Iterator[Batch]:
        failures: list[tuple[int, str]] = []
        for a, b in batches(len(self.pasts), chunk):
            part = self.pasts[a:b]
            if walk is not None:
                failures += [(a + i, message) for i, message in walk(part)]
            if not failures:
                yield self.build(part)
        if failures:
            raise refuse(failures)

    # --- in the producer: no query --------------------------------------------------------------------------

    def build(self, part: Sequence[Any]) -> Batch:
        batch = Batch(case_ids=[p.case.pk for p in part], lines={p.case.line for p in part})
        self._add(batch, Case, *model_rows(Case, [p.case for p in part]))
        details: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        for p in part:
            if p.detail is not None:
                # every detail has a `case`; set through the relation (not case_id), so the cached case is kept and
                # the change record's str(detail) does not fetch it again
                p.detail.case = p.case
                details[type(p.detail)].append(p.detail)
        for model, objs in details.items():
            self._add(batch, model, *model_rows(model, objs))
        party_rows = [self._party_row(next(self.party_ids), p.case, i) for p in part for i in p.parties]
        # the change record reads the clear values: taken before prepare_rows encrypts the personal data in place
        parties = []
        if self.records is not None:
            parties = [light_instance(Party, dict(zip(PARTY_ATTNAMES, r, strict=True)), self.alias) for r in party_rows]
        self._add(batch, Party, PARTY_FIELDS, party_rows)
        now, request_id = timezone.now(), self.request_id
        self._add(
            batch,
            CaseEvent,
            [CaseEvent._meta.get_field(n) for n in EVENT_COLUMNS],
            [[p.case.pk, *e[:3], now, *e[3:], request_id] for p in part for e in p.events],
        )
        for p in part:
            for d in p.deadlines:
                d.case_id = p.case.pk
                batch.deadlines.append(d)
            batch.clocks[p.case.pk] = (p.case.region_id, p.deadlines)
        self._add(batch, Deadline, *model_rows(Deadline, batch.deadlines))
        if self.records is not None:
            from auditlog.models import LogEntry

            objects: Iterator[models.Model] = (
                o for group in ([p.case for p in part], *details.values(), parties) for o in group
            )
            batch.tables.append((LogEntry, self.records.fields, self.records.rows(objects)))
        return batch

    def _add(self, batch: Batch, model: type[models.Model], fields: Sequence[Any], rows: list[list[Any]]) -> None:
        if rows:
            prepare_rows(fields, rows, self.conn)
            batch.tables.append((model, list(fields), rows))

    def _party_row(self, pk: int, case: Case, party: Any) -> list[Any]:
        """A Party row as save() would prepare it: the input's values, defaults, the blind indexes of clear values."""
        plan = self.party_plans.get(type(party))
        if plan is None:
            plan = self.party_plans[type(party)] = _party_plan(party)
        row: list[Any] = []
        for how, a, b in plan:
            if how == "input":
                row.append(getattr(party, a))
            elif how == "pk":
                row.append(pk)
            elif how == "case":
                row.append(case.pk)
            elif how == "index":
                row.append(blind_index(a, getattr(party, b)))
            else:
                row.append(a())
        return row

    # --- in the connection's thread ---------------------------------------------------------------------------

    def send(self, batch: Batch) -> None:
        if batch.deadlines:  # the clocks are known once walked, in the producer: their ids are taken here
            assign_ids(Deadline, batch.deadlines)
            rows = next(rows for model, _fields, rows in batch.tables if model is Deadline)
            at = [f.attname for f in Deadline._meta.concrete_fields].index(Deadline._meta.pk.attname)
            for row, d in zip(rows, batch.deadlines, strict=True):
                row[at] = d.pk
        for model, fields, rows in batch.tables:
            copy_rows(model, fields, rows)
        if batch.deadlines and self.records is not None:  # the clocks' change records, as the runner writes them
            from auditlog.models import LogEntry

            copy_rows(LogEntry, self.records.fields, self.records.rows(batch.deadlines))
        # the rollups follow in the same transaction, told the lines and the clocks (a query fewer each per chunk)
        self.tell(batch.case_ids, lines=batch.lines, clocks=batch.clocks)
        self.statistics.wrote(len(batch.case_ids))
