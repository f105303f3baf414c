"""Gap-free numbers per organisation, series and year (包复〔2024〕17号), safe under concurrent writers."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F

from fazhi.cases.models import NumberSequence


def number_next(*, organisation_id: int, series: str, year: int) -> int:
    """Take the next number of a series inside the caller's transaction.

    The UPDATE takes a row lock that the caller's transaction holds until it commits or rolls back, so a second
    writer waits, and a rolled-back case gives its number back: the series has no gaps.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("number_next must run inside the transaction that uses the number")
    key = {"organisation_id": organisation_id, "series": series, "year": year}
    if not NumberSequence.objects.filter(**key).exists():
        try:
            with transaction.atomic():
                NumberSequence.objects.create(**key)
        except IntegrityError:
            pass  # another writer created the row first; the UPDATE below waits for it
    NumberSequence.objects.filter(**key).update(last=F("last") + 1)
    return NumberSequence.objects.filter(**key).values_list("last", flat=True).get()


def format_number(prefix: str, year: int, n: int) -> str:
    """An official number in GB/T 9704 style: hexagonal brackets, no leading zeros, no 第."""
    return f"{prefix}〔{year}〕{n}号"
