"""Enterprises (credit codes validated with their check digit), notary service relations in force over a period,
outreach events counted distinct: the services and the figures over hand-made records."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from fazhi.business import figures, services
from fazhi.business.choices import EventKind
from fazhi.business.demo import demo_uscc
from fazhi.business.models import Enterprise, OutreachEvent
from fazhi.business.tests.factories import DONGHE, KUNDULUN, enterprise, park, relation

pytestmark = pytest.mark.django_db
YEAR = (date(2024, 1, 1), date(2024, 12, 31))


def _event(held_on, region=DONGHE, park_=None, enterprises=(), lectures=1, kind=EventKind.LECTURE):
    return services.event_record(
        actor=None,
        held_on=held_on,
        region_code=region,
        park=park_,
        enterprises=enterprises,
        topic="新公司法",
        kind=kind,
        lecture_count=lectures,
        audience=40,
        organisation=None,
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91150202MA0000011", "应为18位"),  # 17 characters
        ("91150202MA00000I1X", "应为18位"),  # I is not in the character set
        ("91150202MA0000010X", "校验位错误"),  # a wrong check character
    ],
)
def test_a_bad_uscc_is_refused_in_chinese(baotou, code, message):
    with pytest.raises(ValidationError) as refused:
        services.enterprise_register(actor=None, name="某公司", uscc=code, region_code=DONGHE, organisation=None)
    assert message in refused.value.message_dict["uscc"][0]
    assert not Enterprise.objects.exists()


def test_a_valid_code_is_stored_upper_case_and_once(baotou):
    code = demo_uscc(DONGHE, 7)
    made = services.enterprise_register(
        actor=None, name="某公司", uscc=f" {code.lower()} ", region_code=DONGHE, organisation=None
    )
    assert made.uscc == code
    with pytest.raises(ValidationError, match="已登记"):
        services.enterprise_register(actor=None, name="另一家", uscc=code, region_code=DONGHE, organisation=None)


def test_relations_count_the_enterprises_in_force_during_the_period_once(baotou):
    a, b, c, d, e = (enterprise(n) for n in range(5))
    relation(a, date(2023, 5, 1))  # from 2023, still in force
    relation(a, date(2024, 2, 1))  # the same enterprise with a second relation: counted once
    relation(b, date(2023, 5, 1), date(2024, 1, 1))  # ended on the period's first day: in force that day
    relation(c, date(2023, 5, 1), date(2023, 12, 31))  # ended before the period
    relation(d, date(2025, 1, 1))  # begins after it
    relation(e, date(2024, 12, 31), region=KUNDULUN)  # begins on its last day, in another county
    found = figures.enterprises_with_notary_service_relations_records("1502", *YEAR)
    assert set(found) == {a, b, e}
    assert figures.figure("enterprises_with_notary_service_relations", "1502", *YEAR) == 3
    assert figures.figure("enterprises_with_notary_service_relations", "150202", *YEAR) == 2


def test_an_ending_before_the_start_is_refused(baotou):
    with pytest.raises(ValidationError, match="不能早于开始日期"):
        relation(enterprise(1), date(2024, 5, 1), date(2024, 4, 30))


def test_parks_enterprises_and_lectures_are_counted_as_the_seed_counts_them(baotou):
    east, west = park("东园"), park("西园")
    other = park("昆区园", region=KUNDULUN)
    a, b, c = (enterprise(n) for n in range(3))
    _event(date(2024, 3, 1), park_=east, enterprises=[a, b], lectures=3)
    _event(date(2024, 4, 1), park_=east, enterprises=[b, a, a], lectures=2)  # the same park and enterprises again
    _event(date(2024, 5, 1), park_=west, enterprises=[c], lectures=0, kind=EventKind.VISIT)
    _event(date(2024, 6, 1), enterprises=[c], lectures=1)  # at an enterprise, no park
    _event(date(2024, 7, 1), region=KUNDULUN, park_=other, enterprises=[], lectures=4)
    _event(date(2023, 12, 31), park_=west, enterprises=[a], lectures=5)  # the year before
    assert figures.figure("industrial_parks_visited", "1502", *YEAR) == 3
    assert figures.figure("industrial_parks_visited", "150202", *YEAR) == 2
    assert figures.figure("enterprises_visited", "1502", *YEAR) == 3
    assert figures.enterprises_visited_records("1502", *YEAR).count() == 3
    assert figures.figure("lectures", "1502", *YEAR) == 10
    assert figures.figure("lectures", "150202", *YEAR) == 6
    assert set(figures.lectures_records("1502", *YEAR)) == set(
        OutreachEvent.objects.filter(lecture_count__gt=0, held_on__year=2024)
    )


def test_an_event_refuses_a_park_of_another_region_and_a_lecture_without_lectures(baotou):
    with pytest.raises(ValidationError, match="园区不在所选行政区划内"):
        _event(date(2024, 3, 1), park_=park("昆区园", region=KUNDULUN))
    with pytest.raises(ValidationError, match="至少为1"):
        _event(date(2024, 3, 1), lectures=0)
    with pytest.raises(ValidationError, match="活动日期"):
        _event(date(2099, 3, 1))
    assert not OutreachEvent.objects.exists()


def test_a_stale_event_edit_is_refused_and_nothing_changes(baotou):
    event = _event(date(2024, 3, 1), lectures=2)
    services.event_update(
        actor=None,
        event=event,
        version=1,
        held_on=event.held_on,
        park=None,
        enterprises=[],
        topic="改",
        kind=EventKind.LECTURE,
        lecture_count=3,
        audience=10,
    )
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.event_update(
            actor=None,
            event=event,
            version=1,
            held_on=event.held_on,
            park=None,
            enterprises=[],
            topic="再改",
            kind=EventKind.LECTURE,
            lecture_count=9,
            audience=10,
        )
    event.refresh_from_db()
    assert (event.topic, event.lecture_count, event.version) == ("改", 3, 2)
