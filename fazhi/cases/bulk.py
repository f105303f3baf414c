"""What the history writer needs to write many cases at once: fast INSERTs, numbers in blocks, the change record.

INSERTs: ids reserved up front, one prepared statement executed for many rows.

`bulk_create` assembles and sends a multi-row statement per ~70 rows on SQLite (its parameter limit); at the volume
of the demo replay (~85,000 cases, ~600,000 rows) that assembly costs more than the rows themselves (measured here:
~15,000 rows/s against ~50,000 rows/s for `executemany`). Ids are reserved from the database before the rows are
written, so the caller knows every primary key (for foreign keys and the change record) and concurrent writers never
collide: on PostgreSQL `nextval` of the table's own sequence; on SQLite past the table's largest id ever issued,
which is safe because this project's SQLite transactions are IMMEDIATE (settings: `transaction_mode`), so the
transaction asking holds the database's write lock until it commits.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.db import connection, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from fazhi.audit.context import get_request_id
from fazhi.cases.models import Case, NumberSequence, Party
from fazhi.cases.numbering import format_number
from fazhi.cases.registry import procedure_for
from fazhi.core.crypto import BlindIndexField, EncryptedMixin

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
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, column, n]
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
    now, alias, pk_name = timezone.now(), connection.alias, model._meta.pk.attname if model._meta.pk else "id"
    for obj, pk in zip(objs, reserve_ids(model, len(objs)), strict=True):
        setattr(obj, pk_name, pk)
        obj._state.adding, obj._state.db = False, alias
    fields = model._meta.concrete_fields
    for f in fields:
        if getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
            for obj in objs:
                setattr(obj, f.attname, now)
        elif isinstance(f, BlindIndexField):  # the index of the clear value, as pre_save computes it
            for obj in objs:
                f.pre_save(obj, True)
    values = attrgetter(*(f.attname for f in fields))
    insert_rows(model, list(fields), [list(values(obj)) for obj in objs])


def _converter(f: Any, conn: BaseDatabaseWrapper) -> Callable[[Any], Any] | None:
    """How a value of field `f` reaches the driver: as it is, prepared per value, or once per distinct value."""
    personal = isinstance(f, EncryptedMixin)  # (not narrowing f: it is a model field)
    if personal:  # personal data: encrypted per value, never memoised

        def prepare(value: Any) -> Any:
            return f.get_db_prep_save(value, conn)

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


def insert_rows(model: type[models.Model], fields: Sequence[Any], rows: list[list[Any]]) -> None:
    """INSERT plain rows (values in the order of `fields`, model fields of `model`); `rows` are converted in place.

    Personal data is encrypted per value by its field; other values are prepared by their field, memoised because
    dates, amounts and labels repeat across rows.
    """
    if not rows:
        return
    conn = transaction.get_connection()  # the connection itself: the default proxy costs a lookup per value
    converters = [(i, c) for i, c in enumerate(_converter(f, conn) for f in fields) if c is not None]
    for row in rows:
        for i, convert in converters:
            row[i] = convert(row[i])
    qn = connection.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


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
    (fields differing from their defaults, as strings); the values are read through a per-model plan because
    auditlog's generic diff costs more than the insert itself.
    """
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog
    from django.contrib.contenttypes.models import ContentType

    cid = get_request_id()
    roles = {r.value: str(r.label) for r in Party.Role}  # str(party) without a gettext call per row
    plans: dict[type, tuple[Any, Any] | None] = {}
    entries = []
    for obj in objects:
        model = type(obj)
        if model not in plans:
            plans[model] = (
                (ContentType.objects.get_for_model(model), _diff_plan(obj)) if auditlog.contains(model) else None
            )
        plan = plans[model]
        if plan is None:
            continue
        content_type, diff = plan
        entries.append(
            LogEntry(
                content_type=content_type,
                object_pk=str(obj.pk),
                object_id=obj.pk,
                object_repr=(f"{roles[obj.role]} {obj.name}" if model is Party else str(obj))[:2000],
                action=LogEntry.Action.CREATE,
                changes=diff(obj),
                actor=actor,
                cid=cid,
            )
        )
    LogEntry.objects.bulk_create(entries)


def _diff_plan(sample):
    """A function giving auditlog's creation diff of an instance of `sample`'s model."""
    from auditlog.diff import get_field_value, get_fields_in_model, model_instance_diff
    from auditlog.registry import auditlog
    from django.utils.encoding import smart_str

    opts = auditlog.get_model_fields(type(sample))
    if getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False) or opts["mask_fields"]:
        return lambda obj: model_instance_diff(None, obj, use_json_for_changes=settings.AUDITLOG_STORE_JSON_CHANGES)
    fields = [
        f
        for f in get_fields_in_model(sample)
        if (not opts["include_fields"] or f.name in opts["include_fields"])
        and f.name not in opts["exclude_fields"]
        and getattr(f, "concrete", True)  # reverse one-to-ones (case.mediation, case.legal_aid) are not columns
    ]
    readers = []
    for f in fields:
        default = get_field_value(None, f)
        if isinstance(f, models.DateTimeField | models.JSONField):
            readers.append((f.name, default, lambda obj, f=f: get_field_value(obj, f)))
        elif (f.one_to_one or f.many_to_one) and hasattr(f, "rel_class"):
            attname = f.get_attname()
            readers.append((f.name, default, lambda obj, a=attname: smart_str(getattr(obj, a), strings_only=True)))
        else:
            readers.append((f.name, default, lambda obj, n=f.name: str(getattr(obj, n))))

    def diff(obj) -> dict | None:
        changes = {}
        for name, default, read in readers:
            value = read(obj)
            if value != default:
                changes[name] = (str(default), str(value))
        return changes or None

    return diff
