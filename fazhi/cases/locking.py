"""The case read once for a step, locked, with what the step reads of it (one statement), in the caller's scope.

Split from the runner: the statement, its per-scope compiled form (`fazhi.core.compiled`) and the re-read after a
lock that waited are about reading the case safely and cheaply, not about the procedure.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.core.signals import setting_changed
from django.db import transaction
from django.db.models import IntegerField, QuerySet, TextField
from django.db.models.expressions import RawSQL
from django.dispatch import receiver

from fazhi.accounts.access import record_reads, scope_key
from fazhi.cases.clocks import clocks_column, clocks_from_json, open_by_key
from fazhi.cases.models import Case, CaseEvent
from fazhi.cases.registry import procedures
from fazhi.core.calendar import TOKEN_COLUMN, calendar_token_read
from fazhi.core.compiled import CompiledQuery

__all__ = ["lock_case"]


def lock_case(pk: int, within: QuerySet[Case] | None = None, *, user=None) -> Case:
    """The case read once for a step, locked (SELECT … FOR UPDATE of its row) with what the step reads of it: its
    organisation (documents' numbers), its line's detail (the facts), its events' codes (checks, steps taken once)
    and its clocks (the open ones the step moves, and all of them for the tallies counted from a case's clocks), in
    one statement. Call it inside the step's transaction; `within` is the caller's scope
    (e.g. `selectors.case_list(user=…)`): a case outside it is Case.DoesNotExist.

    `user` instead of `within`: the scope of `Case.objects.visible_to(user)` (what `selectors.case_list` lists),
    with the statement compiled once per scope (`_LockStatement`): building this ORM query cost a step more CPU
    than anything else it did. Reads of a line that logs them are recorded as `visible_to` records them."""
    if user is not None:
        if within is not None:
            raise TypeError("lock_case: pass `within` or `user`, not both")
        statement = _LockStatement.of(user)
        case = statement.run(pk)
        if _waited(case):
            case = statement.run(pk)
        record_reads(user, [case])
        return _take_reads(case)
    qs = _lock_query(Case.objects.all() if within is None else within)
    case = qs.get(pk=pk)
    return _take_reads(qs.get(pk=pk) if _waited(case) else case)


def _waited(case: Case) -> bool:
    """Whether the lock waited for another step that then committed (PostgreSQL): the case row is then the newest,
    but the statement's subqueries and joined detail still show the case as the statement first saw it. The case
    row is locked by now, so reading it again costs no wait and brings the newest of all."""
    seen = case.__dict__.pop("step_seen_version", None)
    return seen is not None and seen != case.version


def _lock_query(qs: QuerySet[Case]) -> QuerySet[Case]:
    connection = transaction.get_connection()
    table = connection.ops.quote_name(Case._meta.db_table)
    event_table = connection.ops.quote_name(CaseEvent._meta.db_table)
    if connection.vendor == "postgresql":
        codes = f"(SELECT COALESCE(json_agg(e.code), '[]')::text FROM {event_table} e WHERE e.case_id = {table}.id)"
    else:
        codes = f"(SELECT json_group_array(e.code) FROM {event_table} e WHERE e.case_id = {table}.id)"
    clocks = clocks_column(connection.vendor, table)
    qs = (
        qs.select_for_update(of=("self",))
        .select_related(None)  # only what the step reads: not the list's region and assignee
        .select_related("organisation__region", *_detail_names())  # the region: a document names its government
        .annotate(step_event_codes=RawSQL(codes, [], output_field=TextField()))
        .annotate(step_clocks=RawSQL(clocks, [], output_field=TextField()))
        # the work calendar's version token: the step's check of the calendar, without a query of its own
        .annotate(step_calendar_token=RawSQL(TOKEN_COLUMN, [], output_field=IntegerField()))
    )
    if connection.vendor == "postgresql":
        # A lock that waits returns the newest row but keeps the statement's snapshot for everything else (READ
        # COMMITTED re-check): the version that snapshot saw tells `_waited` whether to read again.
        seen = f"(SELECT v.version FROM {table} v WHERE v.id = {table}.id)"
        qs = qs.annotate(step_seen_version=RawSQL(seen, [], output_field=IntegerField()))
    return qs


def _take_reads(case: Case) -> Case:
    connection = transaction.get_connection()
    reads = case.__dict__
    calendar_token_read(reads.pop("step_calendar_token"))
    clocks = clocks_from_json(reads.pop("step_clocks"), connection.alias)
    case._step_reads = (  # type: ignore[attr-defined]  # taken once by the step (_take_step)
        frozenset(json.loads(reads.pop("step_event_codes") or "[]")),
        open_by_key(clocks),  # the same instances: what the step does to them, the list sees
        clocks,
    )
    return case


_PK = -7_406_315_209  # the case id's place in a compiled lock statement (no case has a negative id)
_LOCK_STATEMENTS_KEPT = 256


@dataclass(frozen=True)
class _LockStatement:
    """`lock_case`'s query for one scope, compiled once (fazhi.core.compiled) and run with the case id. The
    statement depends only on the database, the scope (`access.scope_key`) and the lines' detail models, which
    form the cache key, and on the case id, the one value swapped in."""

    query: CompiledQuery | None  # None: the scope reaches no case (an auditor's: visible_to is none())

    @classmethod
    def of(cls, user) -> _LockStatement:
        connection = transaction.get_connection()
        key = (connection.alias, connection.vendor, scope_key(user), tuple(_detail_names()))
        found = _lock_statements.get(key)
        if found is None:
            qs = _lock_query(Case.objects.visible_to(user)).filter(pk=_PK).order_by().using(connection.alias)
            found = cls(None if qs.query.is_empty() else CompiledQuery.of(qs, [_PK]))
            if len(_lock_statements) >= _LOCK_STATEMENTS_KEPT:
                _lock_statements.clear()
            _lock_statements[key] = found
        return found

    def run(self, pk: int) -> Case:
        connection = transaction.get_connection()
        low, high = connection.ops.integer_field_range(Case._meta.pk.get_internal_type())
        if not ((low is None or pk >= low) and (high is None or pk <= high)):
            raise Case.DoesNotExist("Case matching query does not exist.")  # as the ORM answers an id out of range
        found = [] if self.query is None else self.query.run([pk], connection.alias)
        if not found:
            raise Case.DoesNotExist("Case matching query does not exist.")
        return found[0]


_lock_statements: dict[tuple, _LockStatement] = {}


@receiver(setting_changed)
def _forget_lock_statements(*, setting: str, **kwargs: Any) -> None:
    """Tests that change the databases or the lines get freshly compiled statements."""
    if setting in {"DATABASES", "INSTALLED_APPS"}:
        _lock_statements.clear()


def _detail_names() -> list[str]:
    return sorted({p.detail for p in procedures().values() if p.detail})
