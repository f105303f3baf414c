"""Gap-free numbers per organisation, series and year (包复〔2024〕17号), safe under concurrent writers."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from fazhi.cases.models import NumberSequence


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
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(organisation_id=organisation_id, series=series, year=year)
            except IntegrityError:
                pass  # another writer created the row first; the UPDATE below waits for its lock
            cursor.execute(sql, params)
            row = cursor.fetchone()
    return int(row[0])


def format_number(prefix: str, year: int, n: int) -> str:
    """An official number in GB/T 9704 style: hexagonal brackets, no leading zeros, no 第."""
    return f"{prefix}〔{year}〕{n}号"
