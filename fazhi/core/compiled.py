"""ORM queries compiled to SQL once and run many times with new values, for the hot reads of every API request.

Django compiles a queryset anew each time it is evaluated and has no prepared-query API; for a query with joins,
annotations and a scope filter the compiling costs the request far more CPU than PostgreSQL takes to run it
(2.4 ms against 0.1 ms for the runner's locked read of a case). `CompiledQuery.of(qs, marks)` compiles a queryset
built with marker values where the varying values go; `run(values)` executes the SQL with the values swapped in
and builds model instances as Django's ModelIterable builds them (its columns, related populators and
converters). Hand-written because no maintained library does this (django-cachalot caches results, not SQL);
callers key the compiled statements on everything the SQL depends on besides the swapped values.
"""

from __future__ import annotations

import functools
import hashlib
import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections, models, router
from django.db.models.query import get_related_populators


@dataclass(frozen=True)
class CompiledQuery:
    model: type[models.Model]
    compiler: Any  # the SQLCompiler that compiled it: its select, klass_info and annotation columns
    sql: str
    params: tuple
    slots: tuple[int, ...]  # where each marker's value goes in params
    converters: tuple

    @classmethod
    def of(cls, qs: models.QuerySet, marks: Sequence[Any]) -> CompiledQuery:
        """Compile `qs`, in which each of `marks` (values no real query uses) stands once for a varying value."""
        compiler = qs.query.get_compiler(using=qs.db)
        sql, params = compiler.as_sql()
        slots = []
        for mark in marks:
            at = [i for i, p in enumerate(params) if p == mark]
            if len(at) != 1:
                raise ValueError(f"marker {mark!r} appears {len(at)} times in the compiled parameters")
            slots.append(at[0])
        fields = [s[0] for s in compiler.select[0 : compiler.col_count]]
        converters = tuple(compiler.get_converters(fields).items())
        return cls(qs.model, compiler, sql, tuple(params), tuple(slots), converters)

    def run(self, values: Sequence[Any], using: str) -> list[Any]:
        """The model instances (with their select_related objects and annotations) for these values."""
        connection = connections[using]
        params = list(self.params)
        for slot, value in zip(self.slots, values, strict=True):
            params[slot] = value
        with connection.cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = [list(row) for row in cursor.fetchall()]
        if not rows:
            return []
        klass_info, select = self.compiler.klass_info, self.compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [f[0].target.attname for f in select[start:end]]
        populators = get_related_populators(klass_info, select, using)  # type: ignore[call-arg]  # stubs: Django 6
        annotations = self.compiler.annotation_col_map.items()
        objects = []
        for row in rows:
            for pos, (funcs, expression) in self.converters:
                for func in funcs:
                    row[pos] = func(row[pos], expression, connection)
            obj = self.model.from_db(using, names, row[start:end])
            for populator in populators:
                populator.populate(row, obj)
            for name, pos in annotations:
                setattr(obj, name, row[pos])
            objects.append(obj)
        return objects


_SLOT = "fazhi-prepared-slot-{}-3f9c1d"  # stands for a value while the constants are written into the SQL


@dataclass(frozen=True)
class Prepared:
    """A statement PostgreSQL parses and plans once per session: `PREPARE name (types) AS …` the first time a
    session runs it, then `EXECUTE name(values)`.

    For long statements a step runs every time (the rollup contributions: kilobytes of SQL with dozens of
    constants): psycopg re-parses a statement longer than 4 KB or with more than 50 parameters on every execution
    (its parse cache skips them) and the server plans it anew, while an EXECUTE is a few dozen bytes. The
    constants are written into the statement once (`of`, quoted by the driver), only the varying values are
    parameters. A prepared statement belongs to the session and survives a rolled-back transaction (PREPARE is
    not transactional), so the names prepared are remembered per driver connection; a new connection prepares
    again. PostgreSQL only: callers keep their plain statement for other databases.
    """

    name: str
    sql: str  # with $1, $2, … for the values
    types: tuple[str, ...]  # the values' PostgreSQL types, in order

    @classmethod
    def of(cls, using: str, sql: str, params: Sequence[Any], slots: Sequence[tuple[Any, str]]) -> Prepared:
        """`sql` with `params` (%s placeholders, as Django compiles), in which each marker of `slots` ((marker,
        PostgreSQL type), in the order of the values `run` takes) stands for a value; every other parameter is a
        constant, written into the statement."""
        connection = connections[using]
        if connection.vendor != "postgresql":
            raise NotImplementedError("Prepared statements are PostgreSQL's")
        tokens = {id(mark): _SLOT.format(i) for i, (mark, _type) in enumerate(slots, start=1)}
        if any(isinstance(mark, int | float | str | bool) for mark, _type in slots):
            raise TypeError("Prepared.of: a slot's marker must be an object of its own (object()), not a value")
        bound = [tokens.get(id(p), p) for p in params]
        text = connection.ops.compose_sql(sql, bound)  # type: ignore[attr-defined]  # PostgreSQL's operations
        for i in range(1, len(slots) + 1):
            quoted = f"'{_SLOT.format(i)}'"
            if quoted not in text:
                raise ValueError(f"slot {i} does not appear in the statement")
            text = text.replace(quoted, f"${i}")
        digest = hashlib.sha1(f"{text}|{[t for _m, t in slots]}".encode()).hexdigest()[:20]
        return cls(f"fazhi_{digest}", text, tuple(t for _m, t in slots))

    def execute(self, cursor, values: Sequence[Any]) -> None:
        """Run it on a cursor of its database (Django's), preparing it first if this session has not."""
        raw = cursor.db.connection
        names = _prepared_names.get(raw)
        if names is None:
            names = _prepared_names[raw] = set()
        if self.name not in names:
            types = f" ({', '.join(self.types)})" if self.types else ""
            cursor.execute(f"PREPARE {self.name}{types} AS {self.sql}")
            names.add(self.name)
        marks = ", ".join(["%s"] * len(values))
        cursor.execute(f"EXECUTE {self.name}({marks})" if values else f"EXECUTE {self.name}", list(values))


_prepared_names: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()  # per driver connection


def plan_once(sender: Any, connection: Any, **kwargs: Any) -> None:
    """A new PostgreSQL session plans its prepared statements once (`connection_created`, connected in core's
    AppConfig.ready). By default the server plans each EXECUTE again for its values for five runs, then keeps a
    generic plan only if it looks no dearer; the rollup statement's `id = ANY($1)` never looked so, and was planned
    anew on every step (0.57 ms of planning for 0.15 ms of work). Only server-prepared statements are affected: ours
    (`Prepared`) and PL/pgSQL's (the triggers); Django's own queries are sent with their values. The generic plan
    reads the planner's statistics, which autovacuum keeps (benchmarks `ANALYZE` before measuring)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET plan_cache_mode = force_generic_plan")


def insert_together(root: models.Model, children: Sequence[models.Model]) -> None:
    """INSERT a new row and the new rows under it (each with a foreign key to it) in one statement, on PostgreSQL:
    data-modifying CTEs, the children's key read from the root's RETURNING. Sets every primary key, the children's
    key to the root and each instance's saved state, as `save()` / `bulk_create` leave them.

    Intake writes a case with its detail, parties, event and clocks: five INSERTs, each compiled by the ORM
    (a third of intake's CPU) and each a round trip. The values are the ORM's own (`pre_save` — auto_now_add, blind
    indexes —, then `get_db_prep_save` — encryption, JSON); no model signals are sent, as `bulk_create` sends none
    (callers record changes themselves: fazhi.audit.changes). Hand-written: Django has no multi-table insert.
    """
    connection = connections[router.db_for_write(type(root))]
    if connection.vendor != "postgresql":
        raise NotImplementedError("insert_together is PostgreSQL's (data-modifying WITH)")
    qn = connection.ops.quote_name
    root_meta = root._meta
    parts, params = [], []
    groups: dict[type[models.Model], list[models.Model]] = {}
    for child in children:
        groups.setdefault(type(child), []).append(child)

    def columns(obj_model: type[models.Model]) -> list[Any]:
        return [
            f for f in obj_model._meta.local_concrete_fields if not (f.primary_key and isinstance(f, models.AutoField))
        ]

    def values(obj: models.Model, fields: list[Any], key: Any = None) -> str:
        marks = []
        for f in fields:
            if f is key:
                marks.append("(SELECT r.id FROM r)")
                continue
            marks.append("%s")
            params.append(f.get_db_prep_save(f.pre_save(obj, True), connection))
        return f"({', '.join(marks)})"

    fields = columns(type(root))
    pk = qn(str(root_meta.pk.column))
    parts.append(
        f"r AS (INSERT INTO {qn(root_meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES {values(root, fields)} RETURNING {pk} AS id)"
    )
    keys = {}
    for i, (model, objs) in enumerate(groups.items()):
        fields = columns(model)
        key = next(f for f in fields if f.is_relation and f.related_model is type(root))
        keys[model] = key
        rows = ", ".join(values(obj, fields, key) for obj in objs)
        parts.append(
            f"c{i} AS (INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
            f"VALUES {rows} RETURNING {qn(str(model._meta.pk.column))} AS id)"
        )
    returned = ", ".join(f"ARRAY(SELECT c{i}.id FROM c{i} ORDER BY c{i}.id)" for i in range(len(groups)))
    sql = f"WITH {', '.join(parts)} SELECT (SELECT r.id FROM r){', ' + returned if returned else ''}"
    with connection.cursor() as cursor:
        _together(sql).execute(cursor, params)
        row = cursor.fetchone()
    root.pk = row[0]
    _saved(root, connection.alias)
    for (model, objs), ids in zip(groups.items(), row[1:], strict=True):
        attname = keys[model].attname
        for obj, pk_value in zip(objs, ids, strict=True):
            obj.__dict__[attname] = root.pk  # not through the descriptor: it would drop the cached root
            if obj._meta.pk.attname != attname:
                obj.pk = pk_value
            _saved(obj, connection.alias)


@functools.lru_cache(maxsize=256)
def _together(sql: str) -> Prepared:
    """`insert_together`'s statement, prepared once per session and shape (an intake with one party and two clocks
    writes the same text every time): its sixty-odd values made the server parse and plan a five-table WITH on each
    intake, and psycopg re-parse it (its cache skips statements of more than 50 parameters). The parameters' types
    are the columns' (PostgreSQL infers them from the INSERTs)."""
    numbered = iter(range(1, sql.count("%s") + 1))
    text = re.sub("%s", lambda _m: f"${next(numbered)}", sql)
    digest = hashlib.sha1(text.encode()).hexdigest()[:20]
    return Prepared(f"fazhi_w_{digest}", text, ())


def _saved(obj: models.Model, using: str) -> None:
    obj._state.adding = False
    obj._state.db = using
