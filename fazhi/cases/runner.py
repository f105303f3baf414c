"""The one runner that executes any line's declared procedure, each step in one transaction.

A step checks the case version (optimistic lock), the state, the actor's role and the required data; then it
moves the case, appends a CaseEvent, starts, stops, pauses, resumes or extends the clocks the procedure ties to
the step, and writes the audit trail. Any failure rolls all of it back: the case stays as it was.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.accounts.access import step_roles
from fazhi.audit.changes import ChangeRecords, recording_changes, snapshot, unaudited
from fazhi.audit.context import acting_as
from fazhi.cases.clocks import advance_clocks, apply_clocks, extend_clock, touches_clocks
from fazhi.cases.errors import ConflictError, StateConflict, TransitionError, TransitionForbidden
from fazhi.cases.events import append_event, new_event
from fazhi.cases.fields import EARLIEST_DATE
from fazhi.cases.hooks import cases_opened, issue_document, step_taken, step_watched
from fazhi.cases.locking import lock_case
from fazhi.cases.models import Case, CaseEvent, Deadline, Party
from fazhi.cases.numbering import number_case, provisional_number
from fazhi.cases.procedure import SYSTEM, Transition
from fazhi.cases.registry import procedure_for, procedures
from fazhi.cases.steps import SYSTEM_NOTE_KEYS, step_check, step_data, step_move, step_view
from fazhi.core.calendar import work_calendar
from fazhi.core.compiled import insert_together

__all__ = ["ConflictError", "PartyInput", "TransitionError", "TransitionForbidden", "case_open", "case_transition"]


@dataclass(frozen=True)
class PartyInput:
    role: str
    name: str
    kind: str = "person"
    id_number: str = ""
    uscc: str = ""
    phone: str = ""
    address: str = ""


def case_open(
    *,
    line: str,
    organisation,
    title: str,
    received_on: date,
    actor,
    region=None,
    channel: str = "walk_in",
    parties: tuple[PartyInput, ...] = (),
    data: dict[str, Any] | None = None,
    detail: dict[str, Any] | None = None,
) -> Case:
    """Register a new case: gap-free number, initial state, line detail, the intake event and its clocks."""
    proc = procedure_for(line)
    region = region or organisation.region
    if not proc.intake_roles & _intake_roles(actor, line, organisation):
        raise TransitionForbidden(_("您无权在此机构登记该类案件。"))
    if not EARLIEST_DATE <= received_on <= timezone.localdate():  # pages, API and import alike (history: history.py)
        raise TransitionError(_("收到日期应在 %(a)s 至今天之间。") % {"a": EARLIEST_DATE.isoformat()})
    with transaction.atomic(), acting_as(actor), recording_changes() as changes:
        # Everything is made in memory first, then written (one statement on PostgreSQL: `_write_new`), then
        # recorded from the values in hand (fazhi.audit.changes, diffed at the end: with its number). The number
        # last (number_case): the series row stays locked only for the transaction's last statements.
        case = Case(
            line=line,
            number=provisional_number(),
            organisation=organisation,
            region=region,
            title=title,
            channel=channel,
            state=proc.initial_state,
            received_on=received_on,
        )
        rows: list[Model] = []
        if proc.detail:
            model = Case._meta.get_field(proc.detail).related_model
            assert model is not None and not isinstance(model, str)
            instance = model(case=case, **(detail or {}))
            instance.full_clean(exclude=["case"])
            rows.append(instance)
        people = [case.parties.model(case=case, **p.__dict__) for p in parties]
        for party in people:
            party.full_clean(exclude=["case"])
        event = new_event(case, proc.initial_event, _("收到申请"), received_on, actor, "", proc.initial_state, "", data)
        facts = {**(data or {}), **facts_of(case)}
        clocks = (
            advance_clocks(case, {}, proc, proc.initial_event, received_on, facts, work_calendar())
            if touches_clocks(proc, proc.initial_event)
            else []
        )
        _write_new(case, rows, people, event, clocks)
        for row in (case, *rows, *people, *clocks):
            changes.created(row)
        cases_opened([case.pk], lines=[line], clocks={case.pk: (case.region_id, clocks)})  # all it has
        number_case(case, prefix=organisation.short_name + proc.number_code, series=line, year=received_on.year)
    return case


def _write_new(case: Case, rows: list[Model], people: list[Party], event: CaseEvent, clocks: list[Deadline]) -> None:
    """INSERT a new case and its rows: on PostgreSQL in one statement (`insert_together`: one round trip instead
    of five, and no ORM statement compiled); elsewhere as the ORM writes them. No audit receiver runs: the caller
    records the rows itself."""
    if transaction.get_connection().vendor == "postgresql":
        insert_together(case, [*rows, *people, event, *clocks])
        return
    with unaudited():
        case.save()
        for row in rows:
            row.save()
    Party.objects.bulk_create(people)
    event.save(force_insert=True)
    for clock in clocks:  # started with the case's id, which it had none of then
        clock.case_id = case.pk
    Deadline.objects.bulk_create(clocks)


def facts_of(case: Case) -> dict[str, Any]:
    """The facts the line's procedure declares, read from its detail model (typed as the model stores them)."""
    proc = case.procedure
    if not proc.detail:
        return {}
    detail = getattr(case, proc.detail, None)
    return {f: getattr(detail, f) for f in proc.facts} if detail is not None else {}


def _intake_roles(actor, line: str, organisation) -> set[str]:
    """Roles for registering a case into `organisation`'s number series: only its own members may."""
    if actor is None:
        return {SYSTEM}
    return step_roles(actor, line=line, organisation_id=organisation.pk)


def _step_roles(actor, case: Case, t: Transition) -> set[str]:
    if actor is None:
        return {SYSTEM}
    return step_roles(actor, line=case.line, organisation_id=case.organisation_id, supervisory=t.supervisory)


def available_transitions(case: Case, actor, taken: Collection[str] | None = None) -> list[Transition]:
    """The steps this user may take on this case now (what the workbench shows as buttons); a step the case takes
    at most once (`Transition.single`) is not offered again. `taken`: the codes of the case's events, if in hand."""
    open_steps = [
        t
        for t in case.procedure.available(case.state, facts_of(case))
        if SYSTEM not in t.roles and t.allows_role(_step_roles(actor, case, t))
    ]
    if any(t.single for t in open_steps) and taken is None:
        taken = set(case.events.values_list("code", flat=True))
    return [t for t in open_steps if not (t.single and t.code in (taken or ()))]


def case_transition(
    *,
    case: Case,
    code: str,
    actor,
    on: date | None = None,
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    locked: bool = False,
) -> Case:
    """Take step `code` on `case` as `actor` (None = the system, for deemed transitions).

    Empty values in `data` count as not given. The system's own note of a deemed step (which clock lapsed, under
    which article) is recorded on the event beside the step's data.

    `locked=True`: the caller read `case` with `lock_case` in the transaction it has open (a view that checks
    visibility and the step's input on the locked row: one read instead of two); the step then runs in that
    transaction, and any error leaves it to be rolled back. Otherwise the runner opens the transaction and locks.
    """
    data = {k: v for k, v in (data or {}).items() if v not in (None, "")}
    note = {k: data.pop(k) for k in SYSTEM_NOTE_KEYS & data.keys()} if actor is None else {}
    on = on or timezone.localdate()
    if locked and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("case_transition(locked=True) needs the transaction in which lock_case read the case")
    with transaction.atomic(savepoint=not locked), acting_as(actor):
        target = case if locked else lock_case(case.pk)
        with recording_changes() as changes:
            # measured after the lock, so the rollup delta is this step's alone; the line in hand saves a look-up
            # the case's clocks, as the lock read them and as the step leaves them (`_take_step` keeps the list)
            held = {target.pk: (target.region_id, target.__dict__["_step_reads"][2])}
            with step_watched([target.pk], lines=[target.line], clocks=held):
                issue = _take_step(target, code, actor, on, data, note, expected_version, changes)
            if issue is not None:  # numbered last: the series row stays locked only until commit
                issue_document(**issue)
    return target


def _take_step(
    locked: Case,
    code: str,
    actor,
    on: date,
    raw: dict[str, Any],
    note: dict[str, Any],
    expected_version: int | None,
    changes: ChangeRecords,
) -> dict[str, Any] | None:
    """Check the step against the procedure, then move the locked case, its detail, timeline and clocks; return
    the document to issue, if the step issues one."""
    if expected_version is not None and locked.version != expected_version:
        raise ConflictError(
            _("该案件已被他人修改（当前版本 %(now)s，您打开时为 %(was)s），请刷新后重试，您填写的内容未保存。")
            % {"now": locked.version, "was": expected_version}
        )
    proc = locked.procedure
    t = proc.transition(code)
    if t is None:
        raise TransitionError(_("未知的操作：%(code)s") % {"code": code})
    if locked.state not in t.sources:
        raise StateConflict(
            _("案件当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": locked.get_state_display(), "action": t.label}
        )
    if not t.allows_role(_step_roles(actor, locked, t)):
        raise TransitionForbidden(_("您没有执行“%(action)s”的权限。") % {"action": t.label})
    data = step_data(proc, t, raw)
    facts = facts_of(locked)
    # read with the lock (lock_case); `clocks` (all of them) kept current below for the rollups, the rest stale after
    codes, open_clocks, clocks = locked.__dict__.pop("_step_reads")
    if t.checks:  # checks may ask which steps the case has been through (e.g. a hearing before a decision)
        facts["events"] = codes
    step_check(locked, t, on, data, facts, event_codes=codes)
    from_state = locked.state
    before = snapshot(locked)
    updates = step_move(locked, t, on, data)
    locked.version += 1
    fields = [f.attname for f in _CASE_FIELDS if getattr(before, f.attname) != getattr(locked, f.attname)]
    with unaudited():  # recorded from the values in hand (fazhi.audit.changes)
        locked.save(update_fields=fields)
    changes.updated(before, locked, fields)
    if updates:
        detail = getattr(locked, proc.detail)
        detail_before = snapshot(detail)
        for k, v in updates.items():
            setattr(detail, k, v)
        try:
            detail.full_clean(exclude=["case"])
        except ValidationError as exc:  # a malformed amount or date in the step's data
            labels = proc.field_labels
            raise TransitionError(
                "；".join(f"{labels.get(k, k)}：{'、'.join(v)}" for k, v in exc.message_dict.items())
            ) from None
        detail_fields = [
            f.attname
            for f in detail._meta.concrete_fields
            if getattr(detail_before, f.attname) != getattr(detail, f.attname)
        ]
        if detail_fields:
            with unaudited():
                detail.save(update_fields=detail_fields)
            changes.updated(detail_before, detail, detail_fields)
        facts |= updates
    event = append_event(locked, t.code, str(t.label), on, actor, from_state, locked.state, t.basis, data | note)
    calendar = work_calendar()
    if t.extends:
        extend_clock(locked, proc.clock_map[t.extends], data, calendar, open_clocks, changes)
    touched = apply_clocks(
        locked, proc, t.code, on, step_view(t, facts, data), calendar, changes, open_clocks=open_clocks
    )
    clocks += [d for d in touched if all(d is not c for c in clocks)]  # the started ones (the rest moved in place)
    step_taken(locked, event)
    if t.document:
        return {"case": locked, "kind": t.document, "actor": actor, "on": on, "data": data, "event": event}
    return None


_CASE_FIELDS = [f for f in Case._meta.concrete_fields if not f.primary_key]


def apply_due_transitions(today: date | None = None) -> int:
    """Take every automatic transition whose clock lapsed before `today`; safe to run again after a crash.

    The transition is dated the day the period expired (e.g. deemed acceptance, 行政复议法 art. 30 ¶3). A case
    already moved on, or a clock already stopped, is skipped, so a second run applies nothing twice.
    """
    today = today or timezone.localdate()
    # the parties' own periods (advisory clocks) that ran out unused are closed as lapsed, not late
    Deadline.objects.filter(advisory=True, state=Deadline.State.RUNNING, due_on__lt=today).update(
        state=Deadline.State.LAPSED, stopped_on=F("due_on")
    )
    applied = 0
    for line, proc in procedures().items():
        for rule in proc.auto:
            t = proc.transition(rule.transition)
            assert t is not None
            lapsed = Deadline.objects.filter(
                case__line=line,
                clock=rule.clock,
                state=Deadline.State.RUNNING,
                due_on__lt=today,
                case__state__in=t.sources,
            ).select_related("case")
            for deadline in lapsed:
                with transaction.atomic():
                    fresh = Deadline.objects.select_for_update().get(pk=deadline.pk)
                    if fresh.state != Deadline.State.RUNNING:
                        continue
                    try:
                        case_transition(
                            case=deadline.case,
                            code=t.code,
                            actor=None,
                            on=fresh.due_on,
                            data={"auto": True, "clock": rule.clock, "basis": rule.basis},
                        )
                    except TransitionError:
                        continue  # the case moved on meanwhile
                    applied += 1
    return applied
