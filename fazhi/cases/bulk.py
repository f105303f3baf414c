"""What the history writer needs to write many cases at once: fast INSERTs, numbers in blocks, the change record.

INSERTs: ids reserved up front, then on PostgreSQL one COPY per table and batch (psycopg's `Cursor.copy`), on
SQLite one prepared statement executed for many rows.

`bulk_create` assembles and sends a multi-row statement per ~70 rows on SQLite (its parameter limit); at the volume
of the demo replay (~85,000 cases, ~600,000 rows) that assembly costs more than the rows themselves (measured here:
~15,000 rows/s against ~50,000 rows/s for `executemany`). On PostgreSQL Django 5.2's `bulk_create` sends
`INSERT … SELECT * FROM UNNEST(arrays)`, and with Django's default client-side binding psycopg quotes every array
element through a regular expression: 12,000 change records took ~1.5 s that way; COPY takes a fraction of it.

Ids are reserved from the database before the rows are written, so the caller knows every primary key (for foreign
keys and the change record) and concurrent writers never collide: on PostgreSQL `nextval` of the table's own
sequence; on SQLite past the table's largest id ever issued, which is safe because this project's SQLite
transactions are IMMEDIATE (settings: `transaction_mode`), so the transaction asking holds the database's write lock
until it commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from json import dumps
from operator import attrgetter
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from fazhi.audit.context import get_request_id
from fazhi.cases.models import Case, NumberSequence
from fazhi.cases.numbering import format_number
from fazhi.cases.registry import procedure_for
from fazhi.core.crypto import BlindIndexField, EncryptedMixin

M = TypeVar("M", bound=models.Model)

PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "ForeignKey",
        "IntegerField",
        "OneToOneField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)  # values the drivers take as they are


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """`n` primary keys for new rows of `model`, never issued before and never issued again."""
    if n <= 0:
        return []
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("reserve_ids must run inside the transaction that writes the rows")
    table, pk = model._meta.db_table, model._meta.pk
    column = pk.column if pk is not None else None
    assert column, f"{model.__name__} has no primary key column"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # the sequence looked up once (MATERIALIZED): as an argument of nextval, pg_get_serial_sequence ran
            # per row and cost eight times the nextval calls (60,000 ids: 710 ms against 85 ms)
            cursor.execute(
                "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, %s)::regclass AS seq) "
                "SELECT nextval(s.seq) FROM s, generate_series(1, %s)",
                [table, column, n],
            )
            return [row[0] for row in cursor.fetchall()]
        if connection.vendor != "sqlite":
            raise NotImplementedError(f"reserve_ids: no strategy for {connection.vendor}")
        qn = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({qn(column)}), 0) FROM {qn(table)}")
        highest = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])  # AUTOINCREMENT's high mark
        row = cursor.fetchone()
        start = max(highest, row[0] if row else 0) + 1
    return list(range(start, start + n))


def insert_models(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """INSERT unsaved instances with reserved ids, as `save()` would prepare them (auto_now, blind indexes)."""
    if not objs:
        return
    assign_ids(model, objs)
    fields, rows = model_rows(model, objs)
    insert_rows(model, fields, rows)


def assign_ids(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Reserve a primary key for each unsaved instance and mark it saved in this database (its row follows)."""
    alias, pk_name = connection.alias, model._meta.pk.attname if model._meta.pk else "id"
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        setattr(obj, pk_name, pk)
        obj._state.adding, obj._state.db = False, alias


def model_rows(model: type[models.Model], objs: Sequence[models.Model]) -> tuple[list[Any], list[list[Any]]]:
    """The concrete fields and each instance's row of values, as `save()` prepares them (auto_now, blind indexes);
    the ids already assigned. No query: safe in a thread building rows for the connection's thread."""
    now = timezone.now()
    fields = model._meta.concrete_fields
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            for obj in objs:
                setattr(obj, f.attname, now)
        elif isinstance(f, BlindIndexField):  # the index of the clear value, as pre_save computes it
            for obj in objs:
                f.pre_save(obj, True)
    values = attrgetter(*(f.attname for f in fields))
    return list(fields), [list(values(obj)) for obj in objs]


def _converter(f: Any, conn: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """How a value of field `f` reaches the driver: as it is, prepared per value, or once per distinct value."""
    personal = isinstance(f, EncryptedMixin)  # (not narrowing f: it is a model field)
    if personal:  # personal data: encrypted per value, never memoised; empty stays empty, as `encrypt` keeps it

        def prepare(value: Any) -> Any:
            return value if value == "" or value is None else f.get_db_prep_save(value, conn)

        return prepare
    if f.get_internal_type() == "JSONField":  # unhashable; only the empty list and dict (no pauses yet) repeat
        empty: dict[type, Any] = {list: f.get_db_prep_save([], conn), dict: f.get_db_prep_save({}, conn)}

        def prepare_json(value: Any) -> Any:
            return empty[type(value)] if not value and type(value) in empty else f.get_db_prep_save(value, conn)

        return prepare_json
    if f.get_internal_type() in PLAIN:
        return None
    memo: dict[Any, Any] = {}

    def memoised(value: Any) -> Any:
        if value not in memo:
            memo[value] = f.get_db_prep_save(value, conn)
        return memo[value]

    return memoised


def insert_rows(
    model: type[models.Model], fields: Sequence[Any], rows: list[list[Any]], *, ready: Collection[str] = ()
) -> None:
    """INSERT plain rows (values in the order of `fields`, model fields of `model`); `rows` are converted in place.

    Personal data is encrypted per value by its field; other values are prepared by their field, memoised because
    dates, amounts and labels repeat across rows. `ready`: attnames whose values are already as the database takes
    them (a JSON column's text dumped by the caller, or None), passed through unconverted.
    """
    if rows:
        prepare_rows(fields, rows, transaction.get_connection(), ready=ready)
        copy_rows(model, fields, rows)


def prepare_rows(
    fields: Sequence[Any], rows: list[list[Any]], conn: BaseDatabaseWrapper, *, ready: Collection[str] = ()
) -> None:
    """Convert the rows in place as their fields prepare values for `conn` (see `insert_rows`). No query: a thread
    building rows passes the connection of the thread that will copy them."""
    converters = [
        (i, c)
        for i, c in enumerate(None if f.attname in ready else _converter(f, conn) for f in fields)
        if c is not None
    ]
    for row in rows:
        for i, convert in converters:
            row[i] = convert(row[i])


def copy_rows(model: type[models.Model], fields: Sequence[Any], rows: list[list[Any]]) -> None:
    """INSERT rows already prepared (`prepare_rows`): one COPY on PostgreSQL, one executemany on SQLite."""
    if not rows:
        return
    conn = transaction.get_connection()
    qn = connection.ops.quote_name
    table, columns = qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields)
    with connection.cursor() as cursor:
        if conn.vendor == "postgresql":  # COPY: the rows stream in one statement, each value dumped by psycopg
            # the driver's errors as Django's (IntegrityError…), as the cursor's execute() would raise them
            with conn.wrap_database_errors, cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})", rows)


class StaleStatistics:
    """ANALYZE a table whose rows a bulk write has doubled since its statistics were taken (PostgreSQL only).

    Queries later in the same transaction (the rollup listener's `id = ANY(…)` per chunk) are planned on the
    table's statistics; on a table the write has outgrown (a new installation, a truncated benchmark database) the
    planner takes it for tiny and scans every row of the line for each chunk: 0.9 s per 1,000 cases at 74,000,
    quadratic over an import. ANALYZE inside the transaction counts its own new rows; it takes the table's SHARE
    UPDATE EXCLUSIVE lock (autovacuum and another ANALYZE wait; reads and writes do not) until the transaction
    ends, and only when the write has doubled the table, so an import into a large table never runs it.
    """

    FIRST = 5_000  # rows: below this a scan per chunk costs less than ANALYZE

    def __init__(self, model: type[models.Model]) -> None:
        self.model, self.written, self.since = model, 0, 0
        self.known = -1  # the table's row estimate when the write began; read at the first chunk

    def wrote(self, n: int) -> None:
        if connection.vendor != "postgresql":
            return
        self.written += n
        if self.written < self.FIRST:
            return
        table = self.model._meta.db_table
        estimate = "SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = %s::regclass"
        with connection.cursor() as cursor:
            if self.known < 0:
                cursor.execute(estimate, [table])
                self.known = int(cursor.fetchone()[0])
            if self.written - self.since >= max(self.FIRST, self.known):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
                cursor.execute(estimate, [table])
                self.since, self.known = self.written, int(cursor.fetchone()[0])


# --- numbers ---------------------------------------------------------------------------------------------------


def allocate_numbers(cases: Sequence[Case]) -> None:
    """Number the cases without one: the next numbers of each organisation's series for the year of receipt, one
    block per series in the order given; a kept number in the organisation's own form (包复〔2023〕17号) raises that
    year's sequence to at least its number, so the runner continues after it."""
    series: dict[tuple[int, str, int], list[Case]] = defaultdict(list)
    highest: dict[tuple[int, str, int], int] = defaultdict(int)
    prefixes: dict[tuple[int, str, int], str] = {}
    for c in cases:
        proc = procedure_for(c.line)
        prefix = c.organisation.short_name + proc.number_code
        if c.number:
            year, n = _own_number(c.number, prefix)
            if year:
                highest[(c.organisation_id, c.line, year)] = max(highest[(c.organisation_id, c.line, year)], n)
                prefixes.setdefault((c.organisation_id, c.line, year), prefix)
            continue
        key = (c.organisation_id, c.line, c.received_on.year)
        series[key].append(c)
        prefixes[key] = prefix
    keys = sorted(set(series) | set(highest))
    if not keys:
        return
    existing = set(
        NumberSequence.objects.filter(organisation_id__in={k[0] for k in keys}).values_list(
            "organisation_id", "series", "year"
        )
    )
    NumberSequence.objects.bulk_create(
        [NumberSequence(organisation_id=o, series=s, year=y) for o, s, y in keys if (o, s, y) not in existing],
        ignore_conflicts=True,  # another writer created it first; the UPDATE below waits for its lock
    )
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    greatest = "GREATEST" if connection.vendor == "postgresql" else "MAX"
    sql = (
        f"UPDATE {table} SET last = {greatest}(last, %s) + %s "
        "WHERE organisation_id = %s AND series = %s AND year = %s RETURNING last"
    )
    with connection.cursor() as cursor:
        for key in keys:
            todo = series.get(key, [])
            cursor.execute(sql, [highest.get(key, 0), len(todo), *key])
            last = cursor.fetchone()[0]
            for n, c in enumerate(todo, start=last - len(todo) + 1):
                c.number = format_number(prefixes[key], key[2], n)


def _own_number(number: str, prefix: str) -> tuple[int, int]:
    """(year, n) of a number in the organisation's own form 包复〔2023〕17号, else (0, 0)."""
    if not number.startswith(prefix + "〔") or not number.endswith("号"):
        return 0, 0
    year, _sep, n = number[len(prefix) + 1 : -1].partition("〕")
    return (int(year), int(n)) if year.isdigit() and len(year) == 4 and n.isdigit() else (0, 0)


# --- the change record -------------------------------------------------------------------------------------------


def log_created(objects: list, actor) -> None:
    """The change record (django-auditlog) of rows written in bulk, without save() and its signals.

    Each entry is what auditlog's own post_save receiver would write for a created row of a registered model
    (fields differing from their defaults, as strings, masked fields masked); see `ChangeRecords`.
    """
    from auditlog.models import LogEntry

    records = ChangeRecords(actor, get_request_id(), {type(obj) for obj in objects}, transaction.get_connection())
    copy_rows(LogEntry, records.fields, records.rows(objects))


class ChangeRecords:
    """Builds change-record rows (auditlog `LogEntry`) for rows written in bulk, as auditlog's post_save would.

    The values are read through a per-model plan because auditlog's generic diff costs more than the insert itself.
    The entries are built as rows ready for `copy_rows`, not as LogEntry instances: building and `bulk_create`-ing
    10⁵ model instances costs several times the rows. The `changes` JSON is dumped here, once per entry, as Django's
    JSONField dumps it (`json.dumps` with the field's encoder), and written as text; through the field and
    psycopg's Jsonb adapter it cost a third of the change record.

    Made in the connection's thread (it reads the models' content types); `rows` runs no query, so a thread
    building the rows of the next batch may call it while the connection copies the last one.
    """

    def __init__(
        self, actor: Any, cid: str | None, models_: Collection[type[models.Model]], conn: BaseDatabaseWrapper
    ) -> None:
        from auditlog.models import LogEntry
        from auditlog.registry import auditlog
        from django.contrib.contenttypes.models import ContentType

        self.content_types = {m: ContentType.objects.get_for_model(m).pk for m in models_ if auditlog.contains(m)}
        self.plans: dict[type, tuple[int, Any, Any] | None] = {}
        self.known: dict[str, Any] = {
            "action": LogEntry.Action.CREATE,
            "actor_id": getattr(actor, "pk", actor),
            "cid": cid,
        }
        self.fields = [f for f in LogEntry._meta.concrete_fields if not f.primary_key]
        self.encoder = LogEntry._meta.get_field("changes").encoder  # type: ignore[attr-defined]
        self.blank = LogEntry()  # every other column as a LogEntry created without it would hold it (its defaults)
        self.at = {f.attname: i for i, f in enumerate(self.fields)}
        self.conn = conn
        # the other JSON columns stay as a blank LogEntry holds them (None), which the driver takes as NULL
        self.json_columns = {f.attname for f in self.fields if f.get_internal_type() == "JSONField"}
        assert all(getattr(self.blank, name) is None for name in self.json_columns - {"changes"}), "a JSON default"
        # the columns set per row take their values as the driver takes them; the others are the template's,
        # prepared once per batch instead of once per row
        per_row = ("content_type_id", "object_pk", "object_id", "object_repr")
        assert all(self.fields[self.at[n]].get_internal_type() in PLAIN for n in per_row), "a column to convert"

    def _plan(self, obj: models.Model) -> tuple[int, Any, Any] | None:
        model = type(obj)
        if model not in self.plans:
            pk = self.content_types.get(model)
            self.plans[model] = None if pk is None else (pk, _diff_plan(obj), _repr_plan(model))
        return self.plans[model]

    def rows(self, objects: Iterable[models.Model]) -> list[list[Any]]:
        """One row per object of a registered model (in `fields` order), stamped now, ready to copy."""
        known = self.known | {"timestamp": timezone.now()}
        template = [known[f.attname] if f.attname in known else getattr(self.blank, f.attname) for f in self.fields]
        prepare_rows(self.fields, [template], self.conn, ready=self.json_columns)
        at = self.at
        i_type, i_pk, i_id, i_repr, i_changes = (
            at[name] for name in ("content_type_id", "object_pk", "object_id", "object_repr", "changes")
        )
        encoder, plan_of, rows = self.encoder, self._plan, []
        for obj in objects:
            plan = plan_of(obj)
            if plan is None:
                continue
            content_type_id, diff, represent = plan
            row = template.copy()
            row[i_type], row[i_pk], row[i_id] = content_type_id, str(obj.pk), obj.pk
            row[i_repr] = represent(obj)[:2000]
            changes = diff(obj)
            row[i_changes] = None if changes is None else dumps(changes, cls=encoder)
            rows.append(row)
        return rows


def _repr_plan(model: type[models.Model]) -> Callable[[models.Model], str]:
    """`str(obj)` for instances of `model`, its choice fields' labels rendered once instead of per call.

    Django's `get_FOO_display` rebuilds a dict of every choice with its lazy label on each call (~0.5 ms for a line's
    dispute types, more than writing the row); `__str__` methods here use it. So each instance's `get_FOO_display`
    is shadowed, for the one `str()` call, by a lookup in labels rendered once (Django's rule: the label of the
    value, else the value itself), then removed again.
    """
    choice_fields = [f for f in model._meta.concrete_fields if f.choices]
    if not choice_fields:
        return str
    labels = [(f"get_{f.name}_display", f.attname, {k: str(v) for k, v in f.flatchoices}) for f in choice_fields]

    def represent(obj: models.Model) -> str:
        own = obj.__dict__
        for method, attname, names in labels:
            value = own.get(attname)
            label = names.get(value, value) if isinstance(value, str | int) else value
            own[method] = lambda label=label: label
        try:
            return str(obj)
        finally:
            for method, _attname, _names in labels:
                own.pop(method, None)

    return represent


def light_instance(model: type[models.Model], values: dict[str, Any], alias: str | None = None) -> models.Model:
    """A saved-looking instance of `model` with these attribute values, without `__init__` (as unpickling makes
    one): for the change record of rows written in bulk, where a full instance costs more than the row."""
    obj = model.__new__(model)
    obj.__dict__.update(values)
    obj._state = models.base.ModelState()
    obj._state.adding, obj._state.db = False, alias or connection.alias
    return obj


def new_instance(model: type[M], **values: Any) -> M:
    """An unsaved instance of `model`, as `model(**values)` builds it: the values by field name or attname (a
    related object by the relation's name, kept in its cache), every other field its default.

    For rows built in bulk (an import of 10⁵ rows builds a case and a detail per row): Django's keyword `__init__`
    walks every field and pops each keyword (~16 µs a case here); this sets the attributes from a per-model plan of
    defaults (~6 µs). No model built this way has init signals (asserted on first use per model, since their
    receivers would be skipped).
    """
    plan = _INSTANCE_PLANS.get(model)
    if plan is None:
        plan = _INSTANCE_PLANS[model] = _instance_plan(model)
    static, dynamic, relations, attnames = plan
    obj = model.__new__(model)
    obj._state = models.base.ModelState()  # adding, no database yet: as the constructor leaves it
    own = obj.__dict__
    own.update(static)
    for attname, default in dynamic:
        own[attname] = default()
    for name, value in values.items():
        relation = relations.get(name)
        if relation is not None:  # through the relation's descriptor, as the constructor sets it
            setattr(obj, name, value)
        elif name in attnames:
            own[name] = value
        else:
            raise TypeError(f"{model.__name__} has no field {name!r}")
    return obj


_INSTANCE_PLANS: dict[type, tuple[dict[str, Any], list[tuple[str, Callable[[], Any]]], dict[str, Any], set[str]]] = {}


def _instance_plan(model: type[models.Model]) -> tuple:
    from django.db.models.signals import post_init, pre_init

    assert not pre_init.has_listeners(model) and not post_init.has_listeners(model), (
        f"{model.__name__} has init signals"
    )
    static: dict[str, Any] = {}
    dynamic: list[tuple[str, Callable[[], Any]]] = []
    for f in model._meta.concrete_fields:
        if f.has_default() and callable(f.default):
            dynamic.append((f.attname, f.get_default))
        else:
            static[f.attname] = f.get_default()
    relations = {f.name: f for f in model._meta.concrete_fields if f.is_relation and (f.many_to_one or f.one_to_one)}
    return static, dynamic, relations, {f.attname for f in model._meta.concrete_fields}


def _diff_plan(sample):
    """A function giving auditlog's creation diff of an instance of `sample`'s model."""
    from auditlog.diff import get_field_value, get_fields_in_model, get_mask_function, model_instance_diff
    from auditlog.registry import auditlog
    from django.utils.encoding import smart_str

    opts = auditlog.get_model_fields(type(sample))
    if getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False):
        return lambda obj: model_instance_diff(None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
    masked = set(opts["mask_fields"])
    mask = get_mask_function(opts.get("mask_callable")) if masked else None
    fields = [
        f
        for f in get_fields_in_model(sample)
        if (not opts["include_fields"] or f.name in opts["include_fields"])
        and f.name not in opts["exclude_fields"]
        and getattr(f, "concrete", True)  # reverse one-to-ones (case.mediation, case.legal_aid) are not columns
    ]
    readers, keys, plain = [], [], []
    for f in fields:
        default = get_field_value(None, f)
        if isinstance(f, models.DateTimeField | models.JSONField):
            readers.append((f.name, default, lambda obj, f=f: get_field_value(obj, f)))
        elif (f.one_to_one or f.many_to_one) and hasattr(f, "rel_class"):
            keys.append((f.name, default, f.get_attname()))
        else:
            plain.append((f.name, default, f.name))
    # the foreign keys and the plain fields (most of them) each read in one attrgetter call; compared as auditlog
    # compares them: a key's value as smart_str(strings_only=True) gives it, a plain one as str(value)
    read_keys, key_names, key_defaults = _reader(keys)
    read_plain, names, defaults = _reader(plain)

    def diff(obj) -> dict | None:
        changes = {}
        for name, default, read in readers:
            value = read(obj)
            if value != default:
                changes[name] = (str(default), str(value))
        for name, default, value in zip(key_names, key_defaults, read_keys(obj), strict=True):
            if value is not None and type(value) is not int:
                value = smart_str(value, strings_only=True)
            if value != default:
                changes[name] = (str(default), str(value))
        for name, default, value in zip(names, defaults, read_plain(obj), strict=True):
            text = str(value)
            if text != default:
                changes[name] = (str(default), text)
        for name in masked.intersection(changes):  # as auditlog masks: both sides, by the model's mask callable
            old, new = changes[name]
            changes[name] = (mask(smart_str(old)), mask(smart_str(new)))
        return changes or None

    return diff


def _reader(fields: list[tuple[str, Any, str]]) -> tuple[Callable[[Any], tuple], tuple[str, ...], tuple[Any, ...]]:
    """For (name, default, attname) triples: a function reading every attname of an instance as one tuple (one
    attrgetter call), the names, the defaults."""
    names, defaults, attnames = (tuple(t[i] for t in fields) for i in range(3))
    if len(attnames) > 1:
        return attrgetter(*attnames), names, defaults
    if attnames:
        return (lambda obj, a=attnames[0]: (getattr(obj, a),)), names, defaults
    return (lambda obj: ()), names, defaults
