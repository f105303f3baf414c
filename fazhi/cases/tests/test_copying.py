"""The overlapped history write (fazhi.cases.copying): what the producer thread builds is what is written, and any
failure — building, walking or copying — leaves nothing."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from auditlog.diff import model_instance_diff
from auditlog.models import LogEntry
from django.db import DatabaseError, connection
from django.utils import translation

from fazhi.cases import copying
from fazhi.cases.copying import HistoryCopier, batches, overlapped
from fazhi.cases.history import HistoryErrors, PastCase, Step, history_write_many
from fazhi.cases.models import Case, CaseEvent, Deadline, NumberSequence, Party
from fazhi.cases.runner import PartyInput
from fazhi.cases.tests.test_history import RECEIVED, application, decided

pytestmark = pytest.mark.django_db


def producers() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "fazhi-bulk-producer"]


def test_batches_start_small_and_double_up_to_the_chunk():
    assert list(batches(5, 2)) == [(0, 2), (2, 4), (4, 5)]
    sizes = [b - a for a, b in batches(10_000, 4000)]
    assert sizes == [500, 1000, 2000, 4000, 2500] and sum(sizes) == 10_000
    assert list(batches(0, 4000)) == []


def test_every_case_of_every_batch_is_written_with_its_rows(city_clerk):
    pasts = [decided(parties=[PartyInput(role="applicant", name=f"申请人{i}", phone="13800138000")]) for i in range(7)]
    before = NumberSequence.objects.filter(year=RECEIVED.year).values_list("last", flat=True).first() or 0
    cases = history_write_many(pasts, chunk=2, record_changes_by=city_clerk)
    ids = [c.pk for c in cases]
    assert Case.objects.filter(pk__in=ids, state="decided").count() == 7
    assert Party.objects.filter(case_id__in=ids).count() == 7
    assert Party.objects.filter(case_id__in=ids, phone_index__gt="").count() == 7  # blind index of the clear value
    assert Party.objects.get(case=cases[3]).phone == "13800138000"  # encrypted, read back
    # the clocks' ids are taken per batch, in the connection's thread: each clock is a row of its own case
    deadlines = Deadline.objects.filter(case_id__in=ids)
    assert deadlines.count() == sum(len(p.deadlines) for p in pasts) > 0
    assert {d.pk for p in pasts for d in p.deadlines} == set(deadlines.values_list("pk", flat=True))
    assert CaseEvent.objects.filter(case_id__in=ids).count() == sum(len(p.events) for p in pasts)
    numbers = sorted(int(c.number.split("〕")[1].rstrip("号")) for c in cases)
    assert numbers == list(range(before + 1, before + 8))  # gap-free, in one block
    entries = LogEntry.objects.filter(actor=city_clerk, cid__isnull=True, action=LogEntry.Action.CREATE)
    assert entries.exclude(content_type__model="deadline").count() == 7 * 3  # case, detail, party
    # every clock written has its change record, as the runner's clocks have theirs (fields as auditlog diffs them)
    clock_entries = entries.filter(content_type__model="deadline")
    assert sorted(int(pk) for pk in clock_entries.values_list("object_pk", flat=True)) == sorted(
        deadlines.values_list("pk", flat=True)
    )
    d = deadlines.first()
    assert clock_entries.get(object_pk=str(d.pk)).changes["clock"] == ["None", d.clock]
    written = pasts[0].deadlines[0]
    expected = {name: list(pair) for name, pair in model_instance_diff(None, written).items()}  # (JSON: lists)
    assert clock_entries.get(object_pk=str(written.pk)).changes == expected


def test_a_case_refused_in_a_later_batch_rolls_back_the_batches_already_sent():
    bad = Step("decide", RECEIVED + timedelta(days=3), data={"decision": "revoked"})  # not accepted yet
    case, detail = application()
    pasts = [decided() for _ in range(4)] + [PastCase(case, detail, steps=[bad]), decided()]
    with pytest.raises(HistoryErrors) as raised:
        history_write_many(pasts, chunk=1)
    assert [i for i, _m in raised.value.failures] == [4]
    assert not Case.objects.exists() and not CaseEvent.objects.exists()
    assert not producers()


def test_a_failure_while_building_a_batch_is_raised_and_rolls_back_everything(monkeypatch):
    build = HistoryCopier.build
    built: list[int] = []

    def failing(self, part):
        built.append(len(part))
        if len(built) == 3:
            raise DatabaseError("磁盘已满")
        return build(self, part)

    monkeypatch.setattr(HistoryCopier, "build", failing)
    with pytest.raises(DatabaseError, match="磁盘已满"):
        history_write_many([decided() for _ in range(6)], chunk=2)
    assert built == [2, 2, 2]
    assert not Case.objects.exists() and not Party.objects.exists()
    assert not producers()


def test_a_failure_while_copying_stops_the_producer(monkeypatch):
    built: list[int] = []
    build = HistoryCopier.build

    def counting(self, part):
        built.append(len(part))
        return build(self, part)

    def failing(self, batch):
        raise DatabaseError("连接中断")

    monkeypatch.setattr(HistoryCopier, "build", counting)
    monkeypatch.setattr(HistoryCopier, "send", failing)
    with pytest.raises(DatabaseError, match="连接中断"):
        history_write_many([decided() for _ in range(20)], chunk=1)
    assert not producers()
    assert len(built) <= 1 + copying.DEPTH + 1  # the producer stopped: it never built the other batches
    assert not Case.objects.exists()


def test_the_producer_thread_may_not_query():
    def querying():
        yield 1
        Case.objects.count()  # in the producer: its own connection, outside the transaction
        yield 2

    sent: list[int] = []
    if connection.vendor != "postgresql":  # built and sent in turn, in this thread: nothing to guard
        overlapped(querying(), sent.append)
        assert sent == [1, 2]
        return
    with pytest.raises(RuntimeError, match="a query in the thread building rows"):
        overlapped(querying(), sent.append)
    assert sent == [1]


def test_the_producer_builds_in_the_callers_language(city_clerk):
    with translation.override("en"):
        english = history_write_many([decided()], record_changes_by=city_clerk)[0]
    chinese = history_write_many([decided()], record_changes_by=city_clerk)[0]
    decisions = CaseEvent.objects.filter(code="decide")  # labelled by the walk, in the producer
    assert decisions.get(case=chinese).label == "作出行政复议决定"
    assert decisions.get(case=english).label != "作出行政复议决定"
    with translation.override("en"):
        expected = str(english.__class__.objects.get(pk=english.pk))
    assert LogEntry.objects.get(object_pk=str(english.pk), content_type__model="case").object_repr == expected
