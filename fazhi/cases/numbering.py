"""Gap-free numbers per organisation, series and year (包复〔2024〕17号), safe under concurrent writers."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction

from fazhi.cases.models import Case, NumberSequence


def number_next(*, organisation_id: int, series: str, year: int) -> int:
    """Take the next number of a series inside the caller's transaction.

    The UPDATE takes a row lock that the caller's transaction holds until it commits or rolls back, so a second
    writer waits, and a rolled-back case gives its number back: the series has no gaps. One statement in the
    common case (UPDATE … RETURNING, on PostgreSQL and SQLite ≥ 3.35 alike); the row is created on first use.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("number_next must run inside the transaction that uses the number")
    table = connection.ops.quote_name(NumberSequence._meta.db_table)
    sql = (
        f"UPDATE {table} SET last = last + 1 "  # table name from the model; values are bound parameters
        "WHERE organisation_id = %s AND series = %s AND year = %s RETURNING last"
    )
    params = [organisation_id, series, year]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
        if row is None:
            _create_sequence(organisation_id, series, year)
            cursor.execute(sql, params)
            row = cursor.fetchone()
    return int(row[0])


def number_case(case, *, prefix: str, series: str, year: int) -> str:
    """Take the next number of a series for a case already inserted (with `provisional_number()`), and set it.

    Intake inserts the case and everything under it first and numbers it last, so the series row is locked only
    for the last statements of the transaction (number, change records, commit) instead of all of them; a
    rolled-back intake still gives its number back. On PostgreSQL one statement takes the number and writes it on
    the case (a data-modifying CTE); elsewhere `number_next` then an UPDATE.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("number_case must run inside the transaction that inserted the case")
    head, tail = _number_parts(prefix, year)
    qn = connection.ops.quote_name
    if connection.vendor == "postgresql":
        sql = (
            f"WITH n AS (UPDATE {qn(NumberSequence._meta.db_table)} SET last = last + 1 "
            "WHERE organisation_id = %s AND series = %s AND year = %s RETURNING last) "
            f"UPDATE {qn(Case._meta.db_table)} SET number = %s || n.last || %s FROM n "
            f"WHERE {qn(Case._meta.db_table)}.id = %s RETURNING n.last"
        )
        params = [case.organisation_id, series, year, head, tail, case.pk]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
            if row is None:  # the series' first number this year: create its row, then take the number
                _create_sequence(case.organisation_id, series, year)
                cursor.execute(sql, params)
                row = cursor.fetchone()
        case.number = f"{head}{row[0]}{tail}"
        return case.number
    n = number_next(organisation_id=case.organisation_id, series=series, year=year)
    case.number = f"{head}{n}{tail}"
    Case.objects.filter(pk=case.pk).update(number=case.number)
    return case.number


def provisional_number() -> str:
    """A placeholder number, unique (the organisation's numbers are), that `number_case` replaces before commit."""
    return "~" + uuid.uuid4().hex


def _create_sequence(organisation_id: int, series: str, year: int) -> None:
    try:
        with transaction.atomic():
            NumberSequence.objects.create(organisation_id=organisation_id, series=series, year=year)
    except IntegrityError:
        pass  # another writer created the row first; the caller's UPDATE waits for its lock


def _number_parts(prefix: str, year: int) -> tuple[str, str]:
    """What comes before and after the serial number in `format_number`."""
    return f"{prefix}〔{year}〕", "号"


def format_number(prefix: str, year: int, n: int) -> str:
    """An official number in GB/T 9704 style: hexagonal brackets, no leading zeros, no 第."""
    head, tail = _number_parts(prefix, year)
    return f"{head}{n}{tail}"
