"""Writing a clean import: cases in their recorded state, numbers, one `imported` event each, clocks and rollups.

Only a clean file is written, in one transaction (a failure halfway leaves nothing); historical numbers are kept
(and the organisation's sequence for that year raised past them) or allocated gap-free from the runner's sequence
as one block; one timeline event `imported` (历史数据导入) per case; the change record of every row written; for open
cases exactly the clocks the runner would have started on their recorded dates; and the layers above the kernel
(the rollups) are told of the new cases through `fazhi.cases.hooks`, in the same transaction.

Historical steps are not replayed through the runner: replaying would issue documents today under numbers of a past
year and invent events nobody took.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import F, Value
from django.db.models.functions import Greatest
from django.utils.translation import gettext as _

from fazhi.audit.context import get_request_id
from fazhi.cases.clocks import apply_clocks
from fazhi.cases.hooks import cases_opened
from fazhi.cases.imports.checking import CaseRow
from fazhi.cases.imports.reporting import ImportReport
from fazhi.cases.models import Case, CaseEvent, NumberSequence, Party
from fazhi.cases.numbering import format_number
from fazhi.cases.registry import procedure_for
from fazhi.cases.runner import facts_of
from fazhi.core.calendar import work_calendar

if TYPE_CHECKING:
    from fazhi.cases.imports.line import LineImport

WRITE_CHUNK = 1000


def write_rows(importer: LineImport, report: ImportReport, *, actor) -> int:
    """Write every row of a clean report in one transaction; any failure rolls all of it back."""
    rows = report.rows
    chunk = importer.write_chunk
    with transaction.atomic():
        numbers = allocate_numbers(rows, importer.line)
        prepared = importer.prepare(rows)
        for start in range(0, len(rows), chunk):
            _write_chunk(importer, rows[start : start + chunk], numbers, prepared, actor, report.file_name)
    return len(rows)


def _write_chunk(
    importer: LineImport, chunk: list, numbers: dict[int, str], prepared: Any, actor, file_name: str
) -> None:
    cases = [importer.build_case(r, numbers[r.row]) for r in chunk]
    Case.objects.bulk_create(cases)
    details, parties, events = [], [], []
    label = _("历史数据导入")
    request_id = get_request_id() or ""
    for case, r in zip(cases, chunk, strict=True):
        details.append(importer.detail(r, case, prepared))
        parties += [Party(case=case, **p.__dict__) for p in importer.parties(r)]
        events.append(
            CaseEvent(
                case=case,
                code="imported",
                label=label,
                on=importer.event_on(r),
                actor=actor,
                from_state="",
                to_state=case.state,
                data={"file": file_name, "row": r.row},
                request_id=request_id,
            )
        )
    if details:
        type(details[0])._default_manager.bulk_create(details)
    Party.objects.bulk_create(parties)
    CaseEvent.objects.bulk_create(events)
    log_created([*cases, *details, *parties], actor)
    cases_opened([c.pk for c in cases])  # the figures follow in the same transaction
    open_cases = [(c, r) for c, r in zip(cases, chunk, strict=True) if not r.outcome]
    if open_cases:
        proc, calendar = procedure_for(importer.line), work_calendar()
        for case, r in open_cases:
            facts = facts_of(case)
            for event, on in importer.replay(r):
                apply_clocks(case, proc, event, on, facts, calendar)


def allocate_numbers(rows: list[CaseRow], line: str) -> dict[int, str]:
    """Row → number: kept numbers as given; the others from each organisation's gap-free sequence, one block per year.

    A kept number in the organisation's own form (包复〔2023〕17号) raises that year's sequence to at least 17.
    """
    proc = procedure_for(line)
    result = {r.row: r.number for r in rows if r.number}
    by_org: dict[int, list[CaseRow]] = {}
    for r in rows:
        by_org.setdefault(r.organisation.pk, []).append(r)
    for org_rows in by_org.values():
        organisation = org_rows[0].organisation
        prefix = organisation.short_name + proc.number_code
        own = re.compile(rf"^{re.escape(prefix)}〔(\d{{4}})〕(\d+)号$")
        highest: dict[int, int] = {}
        needed: dict[int, list[CaseRow]] = {}
        for r in org_rows:
            m = own.match(r.number) if r.number else None
            if m:
                year, n = int(m.group(1)), int(m.group(2))
                highest[year] = max(highest.get(year, 0), n)
            elif not r.number:
                needed.setdefault(r.received_on.year, []).append(r)
        for year in sorted(set(highest) | set(needed)):
            key = {"organisation_id": organisation.pk, "series": line, "year": year}
            if not NumberSequence.objects.filter(**key).exists():
                try:
                    with transaction.atomic():
                        NumberSequence.objects.create(**key)
                except IntegrityError:
                    pass  # another writer created it first; the UPDATE below waits for its lock
            todo = needed.get(year, [])
            NumberSequence.objects.filter(**key).update(
                last=Greatest(F("last"), Value(highest.get(year, 0))) + len(todo)
            )
            last = NumberSequence.objects.filter(**key).values_list("last", flat=True).get()
            for i, r in enumerate(todo):
                result[r.row] = format_number(prefix, year, last - len(todo) + 1 + i)
    return result


# --- the change record -------------------------------------------------------------------------------------------


def log_created(objects: list, actor) -> None:
    """The change record (django-auditlog) of rows that bulk_create wrote without signals.

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
