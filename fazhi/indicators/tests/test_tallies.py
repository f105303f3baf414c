"""Tallies (`Computed` figures counted ahead into the rollups) equal a recount of their rows after the writers'
changes — steps that start, stop and miss clocks, consultations and suits saved, edited and deleted, bulk writes —
after the fold and after a rebuild."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

import pytest

from fazhi.cases.models import Case, Deadline
from fazhi.cases.tests.factories import org
from fazhi.indicators import rollups
from fazhi.indicators.models import Rollup
from fazhi.indicators.registry import Computed, Period, registry
from fazhi.indicators.tallies import record_rows
from fazhi.indicators.tests.test_rollups import random_history
from fazhi.legal_aid.models import Consultation, HardshipStandardRecord
from fazhi.reconsideration.models import Litigation

pytestmark = pytest.mark.django_db
D = date
TALLIED = {"reconsideration": ("overdue", "lost_litigation"), "legal_aid": ("consultations", "duty_lawyer_help")}
PREFIXES = ("1502", "150202", "150203", "150202001")


def periods() -> list[Period]:
    years = [Period.year(y, p) for y in (2023, 2024, 2025) for p in PREFIXES]
    so_far = [Period(D(y, 1, 1), D(y, m, 30), p) for y in (2023, 2024) for m in (4, 6, 9) for p in PREFIXES[:2]]
    return [*years, *so_far, Period(D(2024, 3, 1), D(2024, 8, 31), "1502")]  # whole months, not from January


def recount(line: str, period: Period) -> dict[str, object]:
    li = registry()[line]
    return {i.key: i.fn(period, li) for i in li.indicators if isinstance(i, Computed) and i.key in TALLIED[line]}


def assert_tallies_equal_a_recount() -> int:
    """Every tallied figure, every period, from the tallies (batched) and by its own `fn`; returns the non-zero."""
    nonzero = 0
    for line, keys in TALLIED.items():
        ps = periods()
        batched = registry()[line].computed(ps, only=frozenset(keys))
        for period, values in zip(ps, batched, strict=True):
            assert values == recount(line, period), (line, period)
            nonzero += sum(bool(v) for v in values.values())
    return nonzero


def tally_rows() -> set[tuple]:
    measures = {m for li in registry().values() for t in li.tallies for m in t.measures}
    return {
        row
        for row in Rollup.objects.filter(measure__in=measures).values_list(
            "grain", "line", "measure", "month", "region_code", "count"
        )
        if row[-1]
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_the_steps_keep_the_overdue_tally_as_a_recount_and_a_rebuild_count_it(baotou, seed):
    HardshipStandardRecord.objects.create(
        region_id="150200000000", effective_from=date(2023, 1, 1), monthly_income_per_capita=Decimal("1500")
    )
    random_history(random.Random(seed), baotou)
    late = Deadline.objects.filter(case__line="reconsideration", state__in=["running", "missed"], advisory=False)
    assert late.exists()  # the histories leave clocks running past their due dates
    assert assert_tallies_equal_a_recount()
    rollups.fold()
    assert assert_tallies_equal_a_recount()
    folded = tally_rows()
    rollups.rebuild()
    assert tally_rows() == folded and folded
    assert assert_tallies_equal_a_recount()


def test_a_tally_from_the_clocks_in_hand_equals_its_count(baotou):
    """`from_clocks` (an intake's clocks, held in hand) counts what `count` reads, case by case and all together,
    whatever the clocks' states; a caller holding only some of the cases' clocks gets the read."""
    random_history(random.Random(3), baotou)
    tally = next(t for t in registry()["reconsideration"].tallies if t.from_clocks is not None)
    held = {
        c.pk: (c.region_id, list(c.deadlines.all()))
        for c in Case.objects.filter(line="reconsideration").prefetch_related("deadlines")
    }
    states = {d.state for _, clocks in held.values() for d in clocks}
    assert {"running", "missed", "met"} <= states
    assert sum(tally.counted([i], held).total() > 0 for i in held) > 3
    for i in held:
        assert tally.counted([i], held) == tally.count([i]), i
    ids = sorted(held)
    assert tally.counted(ids, held) == tally.count(ids)
    partial = {i: held[i] for i in ids[1:]}  # one case's clocks not held: counted by reading, not by guessing
    assert tally.counted(ids, partial) == tally.count(ids)


def test_a_case_is_counted_once_a_year_whatever_its_late_clocks(baotou):
    """Two clocks stopped late in 2024 and one still running late: one overdue case in 2024; in 2023 (the running
    clock due in 2023, the stopped ones not yet stopped) one too; moving the case to another county moves it."""
    case = Case.objects.create(
        line="reconsideration", number="T1", organisation=org("包头市人民政府行政复议办公室"),
        region_id="150202001000", title="t", received_on=D(2023, 3, 1),
    )  # fmt: skip
    clock = {"clock": "decision", "label": "审理期限", "basis": "第62条", "amount": 60, "unit": "CD"}
    with rollups.tracking([case.pk]):
        Deadline.objects.create(case=case, **clock, started_on=D(2023, 3, 1), due_on=D(2023, 5, 1))
        for stopped in (D(2024, 2, 1), D(2024, 6, 1)):
            Deadline.objects.create(
                case=case, **clock, started_on=D(2023, 3, 1), due_on=D(2023, 12, 1), state="missed",
                stopped_on=stopped,
            )  # fmt: skip
    li = registry()["reconsideration"]
    y23, y24 = Period.year(2023, "150202"), Period.year(2024, "150202")
    assert (
        [v["overdue"] for v in li.computed([y23, y24])]
        == [1, 1]
        == [recount(li.line, p)["overdue"] for p in (y23, y24)]
    )
    with rollups.tracking([case.pk]):  # the running clock stops in time: 2024 still counts the missed ones
        Deadline.objects.filter(case=case, state="running").update(state="met", stopped_on=D(2023, 4, 1))
    assert [v["overdue"] for v in li.computed([y23, y24])] == [0, 1]
    with rollups.tracking([case.pk]):
        Case.objects.filter(pk=case.pk).update(region_id="150203001000")
    assert [v["overdue"] for v in li.computed([y24, Period.year(2024, "150203")])] == [0, 1]
    assert assert_tallies_equal_a_recount()


def test_consultations_and_suits_saved_edited_deleted_and_written_in_bulk(baotou, city_clerk):
    centre = org("包头市法律援助中心")

    def consultation(**kw) -> Consultation:
        fields = {"organisation": centre, "region_id": "150202001000", "channel": "walk_in", "on": D(2024, 5, 6)}
        return Consultation(summary="咨询", handled_by=city_clerk, **{**fields, **kw})

    a = consultation()
    a.save()
    b = consultation(channel="duty_lawyer", on=D(2023, 12, 31))
    b.save()
    a.channel, a.on = "duty_lawyer", D(2025, 1, 1)  # another figure, another year
    a.save()
    b.region_id = "150203001000"
    b.save(update_fields=["region"])
    a.region_id = "150203001000"
    a.save(update_fields=["region_id"])  # the attname is watched too
    b.summary = "改摘要"
    b.save(update_fields=["summary"])  # no watched field: no read, no delta
    many = Consultation.objects.bulk_create(
        [consultation(channel=c) for _ in range(3) for c in ("online", "duty_lawyer")]
    )
    record_rows(Consultation, [c.pk for c in many])
    many[0].delete()

    case = Case.objects.create(
        line="reconsideration", number="T2", organisation=org("包头市人民政府行政复议办公室"),
        region_id="150202001000", title="t", received_on=D(2024, 1, 5), closed_on=D(2024, 3, 1),
    )  # fmt: skip
    suit = Litigation.objects.create(
        case=case, filed_on=D(2024, 3, 20), court="法院", result="lost", judged_on=D(2024, 9, 1)
    )
    Litigation.objects.create(
        case=case, filed_on=D(2024, 3, 20), court="法院", result="upheld", judged_on=D(2024, 9, 1)
    )
    suit.judged_on = D(2025, 2, 1)
    suit.save()
    other = Litigation.objects.create(
        case=case, filed_on=D(2024, 3, 20), court="法院", result="pending", judged_on=None
    )
    other.result, other.judged_on = "lost", D(2024, 11, 30)
    other.save()
    bulk = Litigation.objects.bulk_create(
        Litigation(case=case, filed_on=D(2024, 3, 20), court="法院", result="lost", judged_on=D(2024, 7, d))
        for d in (1, 2)
    )
    record_rows(Litigation, [s.pk for s in bulk])
    bulk[0].delete()

    assert assert_tallies_equal_a_recount()
    rollups.fold()
    assert assert_tallies_equal_a_recount()
    folded = tally_rows()
    rollups.rebuild()
    assert tally_rows() == folded and folded
    assert assert_tallies_equal_a_recount()


def test_the_year_so_far_counts_a_case_late_both_ways_once(baotou):
    """A clock stopped late in February and another running late from mid-August: the case is overdue in every
    period from January (by the stop, then by both: counted once), and in the next year still (running)."""
    case = Case.objects.create(
        line="reconsideration", number="T3", organisation=org("包头市人民政府行政复议办公室"),
        region_id="150202001000", title="t", received_on=D(2024, 1, 5),
    )  # fmt: skip
    clock = {"clock": "decision", "label": "审理期限", "basis": "第62条", "amount": 60, "unit": "CD"}
    with rollups.tracking([case.pk]):
        Deadline.objects.create(
            case=case, **clock, started_on=D(2024, 1, 5), due_on=D(2024, 2, 1), state="missed",
            stopped_on=D(2024, 2, 10),
        )  # fmt: skip
        Deadline.objects.create(case=case, **clock, started_on=D(2024, 6, 1), due_on=D(2024, 8, 15))
    li = registry()["reconsideration"]
    ps = [Period(D(2024, 1, 1), end, "150202") for end in (D(2024, 1, 31), D(2024, 6, 30), D(2024, 9, 30))]
    ps.append(Period.year(2025, "1502"))
    assert [v["overdue"] for v in li.computed(ps)] == [0, 1, 1, 1] == [recount(li.line, p)["overdue"] for p in ps]
    assert assert_tallies_equal_a_recount()
