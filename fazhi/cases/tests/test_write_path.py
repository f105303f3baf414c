"""The write path under load (issue 12, item 1): concurrent intake keeps numbers gap-free, concurrent steps keep the
rollups equal to a rebuild, the change records are auditlog's own, and a step or an intake costs a fixed, small
number of queries.

The concurrent tests need real row locks and one connection per thread (PostgreSQL); SQLite serialises writers on
one database lock and the in-memory test database cannot show what they show, so they skip there.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.db import connection, transaction

from fazhi.cases.locking import lock_case
from fazhi.cases.models import Case, Deadline, NumberSequence, Party
from fazhi.cases.runner import PartyInput, TransitionError, case_open, case_transition
from fazhi.cases.tests.concurrency import run_threads
from fazhi.cases.tests.factories import open_reconsideration, org
from fazhi.indicators.models import Rollup, RollupDelta
from fazhi.indicators.registry import Period
from fazhi.indicators.rollups import fold, rebuild

RECEIVED = date(2024, 6, 3)
NEEDS_PG = "needs PostgreSQL row locks and a connection per thread; SQLite runs one writer at a time"


def serial(number: str) -> int:
    return int(number.split("〕")[1].rstrip("号"))


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_numbers_stay_gap_free_and_unique_through_failures(baotou):
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
    clerk = baotou["city_clerk"]
    writers, per_writer = 8, 10

    def write(worker: int) -> None:
        for i in range(per_writer):
            if i % 5 == 1:  # fails inside case_open, before the number is taken: a malformed ID number
                with pytest.raises(Exception, match="身份证"):
                    case_open(
                        line="reconsideration",
                        organisation=org("包头市人民政府行政复议办公室"),
                        title="不服罚款决定",
                        received_on=RECEIVED,
                        actor=clerk,
                        parties=(PartyInput(role="applicant", name="张三", id_number="123"),),
                    )
            elif i % 5 == 3:  # fails after case_open, its number taken: the caller's transaction rolls back
                with pytest.raises(ValueError), transaction.atomic():
                    open_reconsideration(clerk, received_on=RECEIVED, title=f"回滚 {worker}-{i}")
                    raise ValueError("simulated failure after intake")
            else:
                open_reconsideration(clerk, received_on=RECEIVED, title=f"案件 {worker}-{i}")

    run_threads(writers, write)

    committed = writers * per_writer * 3 // 5
    cases = list(Case.objects.filter(line="reconsideration"))
    assert sorted(serial(c.number) for c in cases) == list(range(1, committed + 1))  # no gap, no duplicate
    assert NumberSequence.objects.get(series="reconsideration", year=RECEIVED.year).last == committed
    assert not Case.objects.filter(title__startswith="回滚").exists()
    assert not Case.objects.filter(number__startswith="~").exists()  # no provisional number survives
    # one creation record per committed case, with its final number, attributed to the clerk
    records = LogEntry.objects.get_for_objects(Case.objects.all()).filter(action=LogEntry.Action.CREATE)
    assert records.count() == committed
    by_case = {int(r.object_pk): r for r in records}
    for case in cases:
        record = by_case[case.pk]
        assert record.changes_dict["number"] == ["None", case.number]
        assert record.object_repr == str(case) and record.actor_id == clerk.pk
    assert Party.objects.count() == committed and Deadline.objects.count() == committed


def rollup_table() -> dict[tuple, tuple]:
    return {
        (r.grain, r.line, r.measure, r.month, r.region_code): (r.count, r.amount)
        for r in Rollup.objects.all()
        if r.count or r.amount
    }


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_rollups_equal_a_rebuild_after_a_burst_of_concurrent_steps(baotou):
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
    clerk, head = baotou["city_clerk"], baotou["city_head"]
    cases = [open_reconsideration(clerk, received_on=date(2024, 10, 8), title=f"案件 {i}") for i in range(24)]
    walk = (
        ("accept", clerk, {"procedure_type": "ordinary"}),
        ("hear_parties", clerk, {"method": "电话", "record": "听取了意见"}),
        ("decide", head, {"decision": "upheld", "reasons": "事实清楚"}),
    )
    taken: list[str] = []

    def steps(worker: int) -> None:
        # every worker walks its own cases and races the next worker on a shared one (the loser's step is refused)
        mine = [*cases[worker::4], cases[(worker + 1) % 4]]
        for case in mine:
            for code, actor, data in walk:
                try:
                    case_transition(case=case, code=code, actor=actor, on=date(2024, 10, 9), data=data)
                    taken.append(code)
                except TransitionError:
                    pass

    run_threads(4, steps)

    assert len(taken) == len(cases) * len(walk)  # each case walked once, whoever won each step
    assert set(Case.objects.values_list("state", flat=True)) == {"decided"}
    fold()
    assert not RollupDelta.objects.exists()
    folded = rollup_table()
    rebuild()
    assert folded == rollup_table()
    assert folded  # the walk counted something: the comparison is not of two empty tables


@pytest.mark.django_db
def test_step_records_are_auditlogs_own(city_clerk, city_head):
    """The records the runner writes from the values in hand read as django-auditlog's, with request id and actor."""
    from fazhi.audit.context import request_id

    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    token = request_id.set("req-write-path-1")
    try:
        case_transition(
            case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
        )
    finally:
        request_id.reset(token)
    step = LogEntry.objects.filter(cid="req-write-path-1").order_by("id")
    assert [(r.content_type.model, r.action) for r in step] == [
        ("case", LogEntry.Action.UPDATE),
        ("deadline", LogEntry.Action.UPDATE),
        ("deadline", LogEntry.Action.CREATE),
        ("deadline", LogEntry.Action.CREATE),
    ]
    moved = step[0]
    assert moved.changes_dict == {
        "state": ["received", "accepted"],
        "accepted_on": ["None", "2024-10-09"],
        "version": ["1", "2"],
    }
    assert moved.actor_id == city_clerk.pk and moved.object_id == case.pk and moved.object_repr == str(case)
    assert step[1].changes_dict == {"state": ["running", "met"], "stopped_on": ["None", "2024-10-09"]}
    party = LogEntry.objects.get_for_model(Party).get()
    assert party.changes_dict["id_number"][1] != "11010519491231002X"  # masked as auditlog masks it


@pytest.mark.django_db
def test_a_step_with_nothing_to_change_on_the_detail_writes_no_detail_record(city_clerk):
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    before = LogEntry.objects.count()
    case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
    )
    models = set(LogEntry.objects.order_by("id")[before:].values_list("content_type__model", flat=True))
    assert "reconsiderationdetail" not in models  # procedure_type was already ordinary: no change, no record


@pytest.fixture
def kernel_only(monkeypatch):
    """Count the kernel's own queries: the layers' listeners (rollup deltas, measured by indicators' tests) off, the
    calendar already built (core's cache, measured by core's tests)."""
    from fazhi.cases import hooks, runner
    from fazhi.core.calendar import work_calendar

    calendar = work_calendar()
    monkeypatch.setattr(runner, "work_calendar", lambda: calendar)
    monkeypatch.setattr(hooks, "_open", [])
    monkeypatch.setattr(hooks, "_step", [])


@pytest.mark.django_db
def test_case_open_query_count(city_clerk, kernel_only, django_assert_num_queries):
    """case_open: savepoint; case, detail, parties (one INSERT), event, clocks (one INSERT) — on PostgreSQL all
    five in one statement (`core.compiled.insert_together`, prepared once per session and shape); the number (one
    statement on PostgreSQL, an UPDATE more elsewhere); every change record in one INSERT; release."""
    office = org("包头市人民政府行政复议办公室")
    parties = (
        PartyInput(role="applicant", name="张三"),
        PartyInput(role="respondent", name="某局", kind="organisation"),
    )

    def intake(title: str) -> Case:
        return case_open(
            line="reconsideration",
            organisation=office,
            title=title,
            received_on=RECEIVED,
            actor=city_clerk,
            parties=parties,
            detail={"act_description": "罚款"},
        )

    intake("第一件")  # this year's number row, content types, the user's memberships
    before = LogEntry.objects.count()
    with django_assert_num_queries(5 if connection.vendor == "postgresql" else 10) as captured:
        case = intake("第二件")
    assert serial(case.number) == 2
    if connection.vendor == "postgresql":  # the one statement, prepared by the first intake of this shape
        sent = [q["sql"] for q in captured.captured_queries]
        assert sum(q.startswith("EXECUTE fazhi_w_") for q in sent) == 1 and not any(
            q.startswith("WITH r AS") for q in sent
        )
    assert LogEntry.objects.count() - before == 5  # case, detail, two parties, the clock
    stored = Case.objects.get(pk=case.pk)  # what was written is what the caller holds
    assert (stored.number, stored.title, stored.version, stored.created_at) == (
        case.number,
        "第二件",
        1,
        case.created_at,
    )
    assert stored.reconsideration.act_description == "罚款" and case.reconsideration.pk == stored.reconsideration.pk
    assert stored.events.get().code == "received" and not case._state.adding
    # each change record names the row it records (the ids the one statement gave back, set on each instance)
    logged = {(e.content_type.model, e.object_id) for e in LogEntry.objects.order_by("-id")[:5]}
    assert logged == {
        ("case", case.pk),
        ("reconsiderationdetail", stored.reconsideration.pk),
        *(("party", pk) for pk in stored.parties.values_list("pk", flat=True)),
        ("deadline", stored.deadlines.get().pk),
    }


@pytest.mark.django_db
def test_step_query_count(city_clerk, kernel_only, django_assert_num_queries):
    """One step (accept): savepoint; the case locked with its organisation, detail, event codes and open clocks in
    one read; the case UPDATE (changed columns); the event; one UPDATE and one INSERT of clocks; the document's
    number and row; every change record in one INSERT; release."""
    first, case = (open_reconsideration(city_clerk, received_on=date(2024, 10, 8)) for _ in range(2))
    accept = {"procedure_type": "ordinary"}
    case_transition(case=first, code="accept", actor=city_clerk, on=date(2024, 10, 9), data=accept)  # the doc series
    with django_assert_num_queries(10):
        case_transition(
            case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
        )
    case.refresh_from_db()
    assert case.state == "accepted" and case.documents.count() == 1 and case.deadlines.count() == 3


def _loaded(obj) -> dict:
    return {k: v for k, v in obj.__dict__.items() if k not in ("_state", "_step_reads")}


@pytest.mark.django_db
def test_lock_case_compiled_for_a_scope_reads_what_the_scoped_queryset_reads(city_clerk, kundulun_clerk, auditor):
    """lock_case(pk, user=…) (compiled once per scope) gives the case lock_case(pk, within=case_list(user=…)) gives:
    its columns, organisation, detail, no other line's detail, event codes and open clocks; outside the scope, an
    unknown id or one out of the id column's range is Case.DoesNotExist."""
    from fazhi.cases import selectors
    from fazhi.cases.locking import lock_case

    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
    )
    for _ in range(2):  # compiled on the first call, reused on the second
        with transaction.atomic():
            queried = lock_case(case.pk, within=selectors.case_list(user=city_clerk))
            compiled = lock_case(case.pk, user=city_clerk)
        assert _loaded(compiled) == _loaded(queried) and compiled.version == 2
        assert _loaded(compiled.organisation) == _loaded(queried.organisation)
        assert _loaded(compiled.reconsideration) == _loaded(queried.reconsideration)
        assert type(compiled).mediation.is_cached(compiled) and type(compiled).legal_aid.is_cached(compiled)
        (codes, clocks, every), (codes_q, clocks_q, every_q) = compiled._step_reads, queried._step_reads
        assert codes == codes_q == {"received", "accept"}
        assert {k: _loaded(d) for k, d in clocks.items()} == {k: _loaded(d) for k, d in clocks_q.items()}
        assert set(clocks) == {"copy_to_respondent", "decision"}
        # every clock, the stopped acceptance review too (the tallies count from them); the open ones are the same
        assert [(d.clock, d.state) for d in every] == [(d.clock, d.state) for d in every_q]
        assert {d.clock for d in every} == {"acceptance_review", "copy_to_respondent", "decision"}
        assert all(any(d is c for c in every) for d in clocks.values())
    with transaction.atomic():
        for pk, user in (
            (case.pk, kundulun_clerk),
            (case.pk + 1000, city_clerk),
            (2**70, city_clerk),
            (case.pk, auditor),
        ):  # auditor: no case file
            with pytest.raises(Case.DoesNotExist):
                lock_case(pk, user=user)


@pytest.mark.django_db
def test_the_runner_tells_the_rollups_the_cases_line(city_clerk, monkeypatch):
    """Intake and step hand the rollup listeners the case's line (no look-up of the lines of the cases), and the
    deltas they write still equal a rebuild."""
    from fazhi.indicators import rollups

    def no_lookup(ids):
        raise AssertionError("the runner had the line in hand")

    monkeypatch.setattr(rollups, "lines_of", no_lookup)
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    case_transition(
        case=case, code="accept", actor=city_clerk, on=date(2024, 10, 9), data={"procedure_type": "ordinary"}
    )
    assert RollupDelta.objects.filter(measure="accepted").count() == 1
    fold()
    folded = sorted(Rollup.objects.values_list("grain", "line", "measure", "month", "region_code", "count", "amount"))
    rebuild()
    assert folded == sorted(
        Rollup.objects.values_list("grain", "line", "measure", "month", "region_code", "count", "amount")
    )


@pytest.mark.django_db
def test_the_runner_hands_the_tallies_the_cases_clocks(city_clerk, monkeypatch):
    """Intake and steps give the tallies counted from a case's clocks (超期案件) every clock in hand — the lock read
    them, the step keeps the list — so no tally reads them back; a clock stopped late and one left running late
    both count, and the deltas still equal a rebuild."""
    from fazhi.indicators import rollups
    from fazhi.reconsideration import indicators

    def no_read(*args):
        raise AssertionError("the runner had the clocks in hand")

    monkeypatch.setattr(indicators, "rows_among", no_read)
    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    steps = (
        ("accept", city_clerk, date(2024, 10, 25), {"procedure_type": "ordinary"}),  # the 5-WD review stopped late
        ("hear_parties", city_clerk, date(2024, 11, 1), {"method": "电话", "record": "双方陈述了意见"}),
    )
    for code, actor, on, data in steps:
        case_transition(case=case, code=code, actor=actor, on=on, data=data)
    states = dict(Deadline.objects.filter(case=case).values_list("clock", "state"))
    assert states["acceptance_review"] == "missed" and states["decision"] == "running"  # due 2024-12: late now
    assert RollupDelta.objects.filter(measure__startswith="overdue:").exists()
    fold()

    def nonzero() -> list[tuple]:  # a fold keeps the groups a case left (count 0); a rebuild writes none
        return sorted(
            Rollup.objects.exclude(count=0).values_list("grain", "line", "measure", "month", "region_code", "count")
        )

    folded = nonzero()
    assert any(row[2] == "overdue:running" for row in folded)  # the decision clock, still running late
    monkeypatch.undo()  # the rebuild counts by reading
    rebuild()
    assert folded == nonzero()
    assert rollups.registry()["reconsideration"].computed([Period.year(2024, "1502")], only=frozenset({"overdue"})) == [
        {"overdue": 1}
    ]


@pytest.mark.django_db
def test_acting_as_inside_a_request_context_attributes_without_leaking_receivers(city_clerk):
    """Inside auditlog's middleware context acting_as swaps the actor; it connects no receiver of its own (a nested
    set_actor leaked one per request)."""
    from auditlog.context import set_actor
    from django.db.models.signals import pre_save

    from fazhi.audit.context import acting_as

    case = open_reconsideration(city_clerk, received_on=date(2024, 10, 8))
    connected = len(pre_save.receivers)
    for _ in range(3):
        with set_actor(None, remote_addr="10.0.0.7"), acting_as(city_clerk):  # as a token-authenticated request
            case.title = f"{case.title}。"
            case.save()
    assert len(pre_save.receivers) == connected
    entry = LogEntry.objects.get_for_object(case).filter(action=LogEntry.Action.UPDATE).latest("id")
    assert entry.actor_id == city_clerk.pk and entry.remote_addr == "10.0.0.7"


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_lock_that_waited_for_another_step_reads_that_steps_clocks_and_events(baotou):
    """A step that waits for the case's lock while another step commits must see that step's event and clocks, not
    only its new state: PostgreSQL re-checks the locked row but answers the rest from the statement's snapshot."""
    if connection.vendor != "postgresql":
        pytest.skip(NEEDS_PG)
    clerk = baotou["city_clerk"]
    case = open_reconsideration(clerk, received_on=date(2024, 10, 8))
    holding, release = threading.Event(), threading.Event()
    seen: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                data = {"procedure_type": "ordinary"}
                case_transition(case=case, code="accept", actor=clerk, on=date(2024, 10, 9), data=data)
                holding.set()
                assert release.wait(60)
        finally:
            connection.close()

    def second() -> None:
        try:
            assert holding.wait(60)
            with transaction.atomic():
                locked = lock_case(case.pk)
                seen["state"], seen["version"] = locked.state, locked.version
                codes, clocks, _ = locked._step_reads  # type: ignore[attr-defined]
                seen["codes"], seen["clocks"] = codes, set(clocks)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    assert holding.wait(60)
    for _ in range(600):  # until the second transaction waits on the first one's row lock
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
            if cursor.fetchone()[0]:
                break
        threading.Event().wait(0.05)
    else:
        pytest.fail("the second lock never waited")
    release.set()
    for t in threads:
        t.join(timeout=60)
    fresh = Case.objects.get(pk=case.pk)
    running = set(fresh.deadlines.filter(state__in=Deadline.OPEN_STATES).values_list("clock", flat=True))
    assert seen["state"] == "accepted" and seen["version"] == fresh.version
    assert "accept" in seen["codes"]  # type: ignore[operator]
    assert seen["clocks"] == running and running
