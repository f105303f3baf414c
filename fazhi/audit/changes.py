"""Change records written from the values in hand, in one insert per transaction (django-auditlog's LogEntry).

django-auditlog's receivers write one entry per save() and, before an update, re-read the row to diff against it
(one SELECT and one INSERT per saved row). The case kernel knows both states already: it holds the row it locked
at the start of the step and the values it is about to write. So it saves its own rows inside `unaudited()` and
records them here:

    with recording_changes() as changes:
        before = snapshot(case)            # the locked row, as read
        ...                                # move it, save(update_fields=...) inside unaudited()
        changes.updated(before, case, fields)
    # one LogEntry bulk insert when the block ends without an error

Each entry is made as auditlog makes it: the diff by auditlog's own `model_instance_diff` (same `changes` format,
masks, include/exclude fields), the content type, object pk/id/repr, serialized and additional data and the
correlation id (our request id) as `LogEntryManager.log_create` sets them, and the actor and client address by
auditlog's own pre_save receivers of `set_actor` (sent here, since `bulk_create` sends no signal). So the audit
browser, the bulk writer and every reader see what auditlog would have written. auditlog's receivers stay on for
every row not recorded here (admin edits, other apps' models).

Hand-written rather than a library because django-auditlog (3.x) has no batched or diff-from-memory mode; this
module only batches what auditlog itself computes.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

from auditlog.cid import get_cid
from auditlog.context import disable_auditlog
from auditlog.diff import get_field_value, get_mask_function, model_instance_diff, track_field
from auditlog.models import LogEntry
from auditlog.registry import auditlog
from auditlog.signals import post_log, pre_log
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.signals import setting_changed
from django.db import connections, models, router
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils.encoding import smart_str

__all__ = ["ChangeRecords", "recording_changes", "snapshot", "unaudited"]

unaudited = disable_auditlog  # auditlog's own switch: its receivers skip saves made inside (rows recorded here)


def _fk_strings() -> bool:
    return bool(getattr(settings, "AUDITLOG_USE_FK_STRING_REPRESENTATION", False))  # auditlog.conf sets its default


def _json_changes() -> bool:
    return bool(getattr(settings, "AUDITLOG_STORE_JSON_CHANGES", False))  # auditlog.conf sets its default


M = TypeVar("M", bound=models.Model)


def snapshot(obj: M) -> M:
    """A copy of `obj` as it is now (the "before" of an update): JSON values are replaced, never mutated, by the
    kernel, so a shallow copy keeps them."""
    return copy.copy(obj)


class ChangeRecords:
    """The change records of one transaction, kept in memory until `flush()`.

    A creation is diffed when flushed, so a row inserted and then completed in the same transaction (a case and
    its number) is recorded once, as committed; an update is diffed when recorded (the row may change again).
    """

    def __init__(self) -> None:
        self._pending: list[tuple[models.Model, int, models.Model | None, dict | None]] = []

    def __len__(self) -> int:
        return len(self._pending)

    def created(self, obj: models.Model) -> None:
        if auditlog.contains(type(obj)):
            self._pending.append((obj, LogEntry.Action.CREATE, None, None))

    def created_all(self, objs: Iterable[models.Model]) -> None:
        for obj in objs:
            self.created(obj)

    def updated(self, old: models.Model, new: models.Model, fields: Iterable[str] | None = None) -> None:
        """`old` is the row as read (see `snapshot`), `new` as saved; `fields` the update_fields of the save."""
        if not auditlog.contains(type(new)):
            return
        changes = instance_diff(old, new, list(fields) if fields is not None else None)
        if changes:
            self._pending.append((new, LogEntry.Action.UPDATE, old, changes))

    def _entry(self, instance: models.Model, action: int, changes: dict | None) -> LogEntry | None:
        """The entry `LogEntryManager.log_create` would make (after auditlog's pre_log check), unsaved."""
        results = pre_log.send(type(instance), instance=instance, action=action)
        if any(item[1] is False for item in results):
            return None
        if action == LogEntry.Action.CREATE:
            changes = instance_diff(None, instance)
        if not changes:
            return None
        pk = instance.pk
        values: dict[str, Any] = {
            "content_type": ContentType.objects.get_for_model(instance),
            "object_pk": pk,
            "object_repr": smart_str(instance),
            "serialized_data": LogEntry.objects._get_serialized_data_or_none(instance),
            "action": action,
            "changes": changes,
            "cid": get_cid(),
        }
        if isinstance(pk, int):
            values["object_id"] = pk
        get_additional_data = getattr(instance, "get_additional_data", None)
        if callable(get_additional_data):
            values["additional_data"] = get_additional_data()
        return LogEntry(**values)

    def flush(self) -> list[LogEntry]:
        """Insert every pending entry in one statement; the actor and address as auditlog's `set_actor` sets them."""
        made = [(self._entry(obj, action, changes), obj, old) for obj, action, old, changes in self._pending]
        self._pending.clear()
        done = [(entry, obj, old) for entry, obj, old in made if entry is not None]
        if not done:
            return []
        using = router.db_for_write(LogEntry)
        for entry, _obj, _old in done:  # auditlog's set_actor receivers (and any other) fill actor, remote_addr, …
            pre_save.send(sender=LogEntry, instance=entry, raw=False, using=using, update_fields=None)
        entries = [entry for entry, _obj, _old in done]
        _insert(entries, using)
        for entry, obj, old in done:
            post_log.send(
                type(obj),
                instance=obj,
                instance_old=old,
                action=entry.action,
                error=None,
                pre_log_results=[],
                changes=entry.changes,
                log_entry=entry,
                log_created=True,
                use_json_for_changes=_json_changes(),
            )
        return entries


def instance_diff(old: models.Model | None, new: models.Model, fields_to_check: list[str] | None = None) -> dict | None:
    """auditlog's `model_instance_diff(old, new, fields_to_check)` (`old` None: a creation), the same result by a
    plan made once per model (`_DiffPlan`): auditlog lists the model's fields, filters them and looks up its
    settings on every call, which was the largest part of recording a case's creation. JSON change storage
    (AUDITLOG_STORE_JSON_CHANGES) goes to auditlog itself."""
    if _json_changes():
        return model_instance_diff(old, new, fields_to_check=fields_to_check, use_json_for_changes=True)
    model = type(new)
    plan = _diff_plans.get(model)
    if plan is None or plan.fk_strings != _fk_strings():
        plan = _diff_plans[model] = _DiffPlan.of(model)
    return plan.diff(old, new, fields_to_check)


class _DiffPlan:
    """How auditlog's `model_instance_diff` diffs one model, worked out once: the fields it compares (tracked,
    included, not excluded) and how `get_field_value` reads each, and its masked fields."""

    def __init__(self, model: type[models.Model], fk_strings: bool) -> None:
        opts = auditlog.get_model_fields(model)
        include, exclude = set(opts["include_fields"]), set(opts["exclude_fields"])

        def kept(fields: Iterable[Any]) -> list[Any]:
            return [f for f in fields if (not include or f.name in include) and f.name not in exclude]

        self.fk_strings = fk_strings
        # a creation compares auditlog's get_fields_in_model (reverse relations too); an update the concrete fields
        self.created = [(f.name, self._reader(f)) for f in kept(get_fields_in_model_cached(model))]
        self.updated = [(f, f.name, self._reader(f)) for f in kept(model._meta.fields)]
        self.masked = set(opts["mask_fields"])
        self.mask = get_mask_function(opts.get("mask_callable")) if self.masked else None

    @classmethod
    def of(cls, model: type[models.Model]) -> _DiffPlan:
        return cls(model, bool(_fk_strings()))

    def _reader(self, f: Any) -> Any:
        """`get_field_value(obj, f)` for a present instance; auditlog's own where it does more than read."""
        concrete = getattr(f, "concrete", False)
        if not concrete or isinstance(f, models.DateTimeField | models.JSONField):
            return lambda obj: get_field_value(obj, f)
        if not self.fk_strings and (f.one_to_one or f.many_to_one) and hasattr(f, "rel_class"):
            attname = f.get_attname()
            return lambda obj: smart_str(getattr(obj, attname), strings_only=True)
        name = f.name

        def read(obj: Any) -> Any:
            value = getattr(obj, name)
            if type(value) is str:
                return value
            value = smart_str(value)
            return str(value) if type(value).__name__ == "__proxy__" else value

        return read

    def diff(self, old: models.Model | None, new: models.Model, fields_to_check: list[str] | None) -> dict | None:
        changes: dict[str, tuple[str, str]] = {}
        if old is None:
            for name, read in self.created:
                value = read(new)
                if value != "None":  # auditlog's value of a field of no instance: its default lookup fails, "None"
                    changes[name] = ("None", smart_str(value))
        else:
            wanted = set(fields_to_check or ())
            for f, name, read in self.updated:
                if wanted and name not in wanted and not (isinstance(f, models.ForeignKey) and f.attname in wanted):
                    continue
                was, value = read(old), read(new)
                if was != value:
                    changes[name] = (smart_str(was), smart_str(value))
        if self.mask is not None:
            for name in self.masked.intersection(changes):
                was, value = changes[name]
                changes[name] = (self.mask(smart_str(was)), self.mask(smart_str(value)))
        return changes or None


def get_fields_in_model_cached(model: type[models.Model]) -> list[Any]:
    return [f for f in model._meta.get_fields() if track_field(f)]


_diff_plans: dict[type, _DiffPlan] = {}


@receiver(setting_changed)
def _forget_diff_plans(*, setting: str, **kwargs: Any) -> None:
    if setting.startswith("AUDITLOG_") or setting == "DATABASES":
        _diff_plans.clear()
        _insert_sql.clear()


def _insert(entries: list[LogEntry], using: str) -> None:
    """One INSERT of the entries. On PostgreSQL the rows travel as one JSON document unpacked by the server
    (`jsonb_to_recordset`): bulk_create's UNNEST arrays cost more client CPU to encode than the rest of the record
    (a request waits for the CPU on a loaded machine); the columns, their types and the values are the model's. The
    entries get no pk back there (nothing reads it); elsewhere `bulk_create`."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        LogEntry.objects.using(using).bulk_create(entries)
        return
    fields = [f for f in LogEntry._meta.concrete_fields if not f.primary_key]
    rows = []
    for entry in entries:
        row = {}
        for f in fields:
            value = f.pre_save(entry, True)
            row[f.column] = value.isoformat() if isinstance(value, datetime) else value
        rows.append(row)
    sql = _insert_sql.get(using)
    if sql is None:  # the statement depends on the model and the database only: built once
        qn = connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in fields)
        record = ", ".join(f"{qn(f.column)} {f.db_type(connection)}" for f in fields)
        sql = _insert_sql[using] = (
            f"INSERT INTO {qn(LogEntry._meta.db_table)} ({columns}) "  # names and types from the model
            f"SELECT {columns} FROM jsonb_to_recordset(%s::jsonb) AS r({record})"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [json.dumps(rows, ensure_ascii=False)])


_insert_sql: dict[str, str] = {}  # per database alias (forgotten with the diff plans when the settings change)


@contextmanager
def recording_changes() -> Iterator[ChangeRecords]:
    """Collect change records; insert them when the block ends without an error (inside the caller's
    transaction: an error rolls back the rows and writes no record)."""
    records = ChangeRecords()
    yield records
    records.flush()
