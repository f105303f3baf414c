"""Case numbers are gap-free per organisation, line and year, also with many concurrent writers."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection, transaction

from fazhi.cases.models import Case
from fazhi.cases.numbering import format_number, number_next
from fazhi.cases.tests.concurrency import run_threads
from fazhi.cases.tests.factories import open_reconsideration, org


def test_official_numbers_use_hexagonal_brackets_and_no_leading_zeros():
    assert format_number("包复", 2024, 17) == "包复〔2024〕17号"


@pytest.mark.django_db
def test_a_rolled_back_case_gives_its_number_back(city_clerk):
    open_reconsideration(city_clerk)
    with pytest.raises(RuntimeError), transaction.atomic():
        open_reconsideration(city_clerk)
        raise RuntimeError("the clerk's save failed after numbering")
    third = open_reconsideration(city_clerk)
    assert third.number == "包复〔2024〕2号"


@pytest.mark.django_db(transaction=True)
def test_numbers_are_only_taken_inside_a_transaction(baotou):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        number_next(organisation_id=org("包头市司法局").pk, series="x", year=2024)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_leave_no_gap_and_no_duplicate(baotou):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL row locks; SQLite has one writer at a time, so it cannot show concurrency")
    clerk = baotou["city_clerk"]
    writers, per_writer = 8, 12

    def write(worker: int) -> None:
        for i in range(per_writer):
            if i % 4 == 3:  # every fourth attempt fails after taking a number, and must give it back
                try:
                    with transaction.atomic():
                        open_reconsideration(clerk, received_on=date(2024, 6, 3))
                        raise ValueError("simulated failure")
                except ValueError:
                    pass
            else:
                open_reconsideration(clerk, received_on=date(2024, 6, 3))

    run_threads(writers, write)
    numbers = sorted(int(n.split("〕")[1].rstrip("号")) for n in Case.objects.values_list("number", flat=True))
    expected = writers * per_writer * 3 // 4
    assert numbers == list(range(1, expected + 1))
